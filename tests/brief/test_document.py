"""The brief as a finished document: pagination, outline, links, metadata, fonts, Word copy.

Each engine × each grouping over the demo brief, read back with poppler (pdftotext
-bbox-layout, pdffonts) and pypdf; the Word copy read back with python-docx.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefer.brief.compile import compile_brief
from briefer.brief.build import build_brief
from briefer.brief.model import BriefOptions
from briefer.brief.navigation import headings
from briefer.brief.pdfmeta import PRODUCER
from briefer.brief.wkhtml import MARGINS_MM

from .conftest import _poppler, load_demo_or_stand_in, pdftotext

CASES = [(e, g) for e in ("wkhtmltopdf", "qt") for g in ("theme", "actor")]
_LINE = re.compile(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                   r'(.*?)</line>', re.S)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                   r'(.*?)</word>')
#: A citation's first word: "[3]", or "[3" of "[3 · B2]" / "[3, p. 4]"; the Sources table's
#: entries are "[3]".
CITATION = r"\[(\d+)(?:\]|,)?"
BODY_TOP, BODY_BOTTOM = 45.0, 842.0 - 40.0        # inside the stamped header and footer


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    from briefer.project import open_project

    path = tmp_path_factory.mktemp("demo") / "demo.briefer"
    with open_project(path) as project:
        load_demo_or_stand_in(project)
    return path


@pytest.fixture(scope="module")
def briefs(demo_path, tmp_path_factory):
    """(engine, grouping) → (pdf path, Brief), compiled once for the module."""
    import shutil

    folder = tmp_path_factory.mktemp("pdfs")
    from briefer.brief.compile import open_read_only

    made = {}
    for engine, group in CASES:
        if engine == "wkhtmltopdf" and shutil.which("wkhtmltopdf") is None:
            continue
        with open_read_only(demo_path) as project:
            options = BriefOptions(group_by=group)
            out = folder / f"{engine}-{group}.pdf"
            compile_brief(project, out, options, engine=engine)
            made[engine, group] = (out, build_brief(project, options))
    return made


@pytest.fixture(params=CASES, ids=[f"{e}-{g}" for e, g in CASES])
def case(request, briefs):
    if request.param not in briefs:
        pytest.skip("wkhtmltopdf is not installed")
    return briefs[request.param]


def body_lines(pdf: Path) -> list[list[tuple[float, str]]]:
    """Each page's text lines inside the body (top, text), in reading order."""
    out = subprocess.run([_poppler("pdftotext"), "-bbox-layout", "-enc", "UTF-8", str(pdf), "-"],
                         check=True, capture_output=True).stdout.decode()
    pages = []
    for chunk in out.split("<page ")[1:]:
        lines = []
        for m in _LINE.finditer(chunk):
            words = " ".join(w.group(5) for w in _WORD.finditer(m.group(5)))
            top = float(m.group(2))
            if BODY_TOP < top < BODY_BOTTOM and words.strip():
                lines.append((top, words))
        pages.append(lines)
    return pages


def _is_heading(text: str, brief) -> bool:
    return _heading(text, brief) is not None


def _heading(text: str, brief):
    """The heading (``navigation.headings``) a text line is, if it is one."""
    return next((h for h in headings(brief) if text.startswith(f"{h.number}. ")
                 and h.title.split()[0] in text), None)


def _flat(text: str) -> str:
    return " ".join(html.unescape(text).split())


def stranded_heading(lines: list[tuple[float, str]], brief) -> str | None:
    """The page's last heading when nothing under it is on the page but (part of) its
    section's italic note: a heading ending the page, whatever line comes last."""
    notes = {s.title: _flat(s.description) for s in brief.sections if s.kind != "actor"}
    lines = sorted(lines)
    for i in range(len(lines) - 1, -1, -1):
        h = _heading(_flat(lines[i][1]), brief)
        if h is None:
            continue
        after = _flat(" ".join(text for _, text in lines[i + 1:]))
        return lines[i][1] if notes.get(h.title, "").startswith(after) else None
    return None


def test_no_page_ends_with_a_heading(case):
    """No page's last heading is followed only by its section's note (the tester's Qt
    page 11: "12. Chinese & Taiwanese reaction THEME", its note, then a quarter page blank)."""
    pdf, brief = case
    pages = body_lines(pdf)
    for number, lines in enumerate(pages[:-1], 1):
        heading = stranded_heading(lines, brief)
        assert heading is None, f"page {number} ends with the heading {heading!r}"


def test_no_line_twice_in_the_text_layer(case):
    pdf, _ = case
    flat = [text for lines in body_lines(pdf) for _, text in lines]
    doubled = [a for a, b in zip(flat, flat[1:]) if a == b and len(a) > 12]
    assert not doubled, f"lines printed twice in a row: {doubled[:3]}"


def _outline_titles(reader) -> list[str]:
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)
    walk(reader.outline)
    return titles


def test_outline_has_every_section_and_judgment(case):
    pdf, brief = case
    titles = _outline_titles(PdfReader(str(pdf)))
    for h in headings(brief):
        assert any(h.title in t for t in titles), f"no outline entry for {h.title!r}"
    for j in brief.judgments:
        assert any(t.startswith(f"KJ{j.number}:") for t in titles)
    assert len(brief.sections) > 3



def test_every_citation_links_to_its_source(case):
    pdf, brief = case
    reader = PdfReader(str(pdf))
    out = subprocess.run([_poppler("pdftotext"), "-bbox", "-enc", "UTF-8", str(pdf), "-"],
                         check=True, capture_output=True).stdout.decode()
    pages = [[(m.group(5), *map(float, m.group(1, 2, 3, 4))) for m in _WORD.finditer(chunk)]
             for chunk in out.split("<page ")[1:]]
    # Where each source's entry is: the last "[n]" words (the Sources table).
    source_page = {}
    for index, words in enumerate(pages):
        for text, *_ in words:
            m = re.fullmatch(CITATION, text)
            if m:
                source_page[int(m.group(1))] = index
    links = []
    for index, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            if a.get("/Subtype") == "/Link":
                dest = a["/Dest"]
                links.append((index, [float(v) for v in a["/Rect"]],
                              reader.get_page_number(dest[0].get_object()) if hasattr(
                                  dest[0], "get_object") else int(dest[0])))
    cited = 0
    sources_page = min(source_page.values())
    for index, words in enumerate(pages[:sources_page + 1]):
        for text, x0, top, x1, bottom in words:
            m = re.fullmatch(CITATION, text)
            if not m or (index == sources_page and top > _sources_top(pages[index])):
                continue
            cited += 1
            x, y = (x0 + x1) / 2, 842 - (top + bottom) / 2
            hits = [d for p, r, d in links if p == index and r[0] <= x <= r[2]
                    and r[1] <= y <= r[3]]
            assert hits, f"[{m.group(1)}] on page {index + 1} is not a link"
            assert hits[0] == source_page[int(m.group(1))], f"[{m.group(1)}] links elsewhere"
    assert cited >= brief.quote_count


def _sources_top(words) -> float:
    for i, (text, _, top, *_rest) in enumerate(words):
        if text == "Sources" and i and re.fullmatch(r"\d+\.", words[i - 1][0]):
            return top
    return 1e9



def test_every_font_embedded(case):
    pdf, _ = case
    run = subprocess.run([_poppler("pdffonts"), str(pdf)], capture_output=True, text=True)
    assert run.returncode == 0 and run.stderr == "", run.stderr
    rows = run.stdout.splitlines()[2:]
    assert rows
    for row in rows:
        emb, sub = row.split()[-5:-3]
        assert (emb, sub) == ("yes", "yes"), f"not embedded and subset: {row}"


def test_metadata_matches(case):
    pdf, brief = case
    reader = PdfReader(str(pdf))
    info = reader.metadata
    assert info["/Title"] == brief.title and info["/Producer"] == PRODUCER
    assert info["/Author"] == brief.analyst
    assert reader.trailer["/Root"]["/Lang"] == brief.language
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert f"<pdf:Producer>{PRODUCER}</pdf:Producer>" in xmp
    assert brief.title.replace("&", "&amp;") in xmp
    assert "Qt " not in str(dict(info))


def _words(pdf: Path) -> list[list[tuple[str, float, float, float, float]]]:
    """Each page's words: (text, x0, top, x1, bottom)."""
    out = subprocess.run([_poppler("pdftotext"), "-bbox", "-enc", "UTF-8", str(pdf), "-"],
                         check=True, capture_output=True).stdout.decode()
    return [[(m.group(5), *map(float, m.group(1, 2, 3, 4))) for m in _WORD.finditer(chunk)]
            for chunk in out.split("<page ")[1:]]


def test_sources_rows_compact_and_closing_note_whole(case):
    """Each source's reliability reason is printed under its row across the table (not in
    a column a dozen characters wide, which made rows 10-14 lines tall), and the short
    closing note is kept whole on one page (not two lines carried over to the last)."""
    pdf, brief = case
    pages = _words(pdf)
    reasons = []
    for words in pages:
        for i, (text, x0, top, *_rest) in enumerate(words):
            if text == "Reliability" and i + 1 < len(words) and \
                    re.fullmatch(r"[A-F]:", words[i + 1][0]):
                line = [w for w in words if abs(w[2] - top) < 1 and w[1] >= x0]
                reasons.append(max(w[3] for w in line) - x0)
    assert len(reasons) == sum(1 for s in brief.sources if s.reliability_reason) > 0
    assert min(reasons) > 300, f"reliability reasons in a narrow column: {reasons}"
    first = [n for n, words in enumerate(pages) for i, w in enumerate(words)
             if w[0] == "Compiled" and words[i + 1][0] == "with"]
    last = [n for n, words in enumerate(pages) for i, w in enumerate(words)
            if w[0] == "sources." and words[i - 1][0] == "of"]
    assert len(first) == 1 and first == last[-1:] == [len(pages) - 1], (first, last)


def test_contents_and_cited_pages_on_the_page(case):
    """Page 1 lists the sections with the pages they start on (checked against where each
    heading is printed), and each source lists the pages that cite it."""
    pdf, brief = case
    from .conftest import flat, pdftotext

    first = pdftotext(pdf, page=1)
    assert "CONTENTS" in first
    printed_on = {}
    for number, lines in enumerate(body_lines(pdf), 1):
        for _, text in lines:
            for h in headings(brief):
                if text.startswith(f"{h.number}. ") and h.title.split()[0] in text:
                    printed_on.setdefault(h.title, number)
    checked = 0
    for h in headings(brief):
        listed = re.search(re.escape(h.title) + r" +(\d+)\b", first)
        if listed:
            assert int(listed.group(1)) == printed_on[h.title], (
                f"contents say {h.title!r} is on page {listed.group(1)}, "
                f"it is on {printed_on[h.title]}")
            checked += 1
    assert checked >= 5 and re.search(r"Sources +\d+", first), first[:1500]
    last = flat(pdftotext(pdf, layout=False))
    assert "CITED ON PAGES" in last
    after = last[last.rindex("Sources"):]     # the heading (pdftotext may read the table's
    #                                           header after its first rows)
    lists = re.findall(r"\b\d+ (\d+(?:–\s?\d+)?(?:, \d+(?:–\s?\d+)?)+)", after)
    assert len(lists) >= 3, after[:2000]            # the demo's sources are cited on pages


# -- the Word copy ------------------------------------------------------------------------
def test_word_copy_reads_back(demo_path, tmp_path):
    docx = pytest.importorskip("docx")
    out = tmp_path / "brief.docx"
    run = subprocess.run([sys.executable, "-m", "briefer", "brief", "--project", str(demo_path),
                          "--format", "docx", "--out", str(out)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == str(out)
    from briefer.brief.compile import open_read_only

    with open_read_only(demo_path) as project:
        brief = build_brief(project)
    doc = docx.Document(str(out))
    heads = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Head")]
    titles = [t for _, t in heads]
    for h in headings(brief):
        assert (("Heading 1", h.title) in heads), f"no Heading 1 {h.title!r}: {titles[:20]}"
    text = "\n".join(p.text for p in doc.paragraphs)
    for q in brief.quotes:
        assert " ".join(q.text.split())[:80] in " ".join(text.split()), q.text[:40]
    matrix = next(t for t in doc.tables if t.rows[0].cells[-1].text == "Total")
    assert [c.text for c in matrix.rows[0].cells[1:-1]] == brief.matrix.themes
    assert matrix.rows[-1].cells[-1].text == str(brief.matrix.total)     # quotes, not cells
    totals = [r.cells[-1].text for r in matrix.rows[1:-1]]
    assert totals == list(map(str, brief.matrix.actor_totals))
    header = doc.sections[0].header.paragraphs[0].text
    assert brief.marking in header
    assert "PAGE" in doc.sections[0].footer._element.xml
    east = doc.styles["Normal"].element.rPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rFonts")
    assert "CJK" in east.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")


def test_word_copy_refuses_a_pdf_name(demo_path, tmp_path):
    run = subprocess.run([sys.executable, "-m", "briefer", "brief", "--project", str(demo_path),
                          "--format", "docx", "--out", str(tmp_path / "x.pdf")],
                         capture_output=True, text=True)
    assert run.returncode != 0 and "Traceback" not in run.stderr
    assert "give it a .docx name" in run.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_weasyprint_tagged_pdf_ua(demo_path, tmp_path):
    pytest.importorskip("weasyprint")
    out = tmp_path / "ua.pdf"
    run = subprocess.run([sys.executable, "-m", "briefer", "brief", "--project", str(demo_path),
                          "--engine", "weasyprint", "--pdf-variant", "pdf/ua-1", "--out",
                          str(out)], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    reader = PdfReader(str(out))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert "pdfuaid" in xmp
    assert len(_outline_titles(reader)) >= 5
    # Briefer, not WeasyPrint, as the Producer, in both places; set by WeasyPrint's
    # finisher before it writes the file, so the PDF is its one revision (not re-read and
    # updated afterwards).
    assert reader.metadata["/Producer"] == PRODUCER, reader.metadata
    assert f'pdf:Producer="{PRODUCER}"' in xmp and "WeasyPrint" not in xmp
    assert out.read_bytes().count(b"%%EOF") == 1
    # Quotes are laid out as blocks, not tables (briefer.brief.weasy.paged_css): their
    # lines start where the table's spacer cells put them, 13.05 px (9.79 pt) in.
    from collections import Counter

    from briefer.brief.wkhtml import MARGINS_MM
    words = subprocess.run([_poppler("pdftotext"), "-bbox", str(out), "-"],
                           capture_output=True, text=True).stdout
    starts = Counter(round(float(x), 1) for x in re.findall(r'<word xMin="([\d.]+)"', words))
    assert starts.most_common(1)[0][0] == round(MARGINS_MM[3] * 72 / 25.4 + 9.789, 1), starts


@pytest.fixture(scope="module")
def weasy_pdf(demo_path, tmp_path_factory):
    """The demo brief through WeasyPrint, with no --pdf-variant (compiled once)."""
    pytest.importorskip("weasyprint")
    out = tmp_path_factory.mktemp("weasy") / "brief.pdf"
    run = subprocess.run([sys.executable, "-m", "briefer", "brief", "--project", str(demo_path),
                          "--engine", "weasyprint", "--out", str(out)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    from briefer.brief.compile import open_read_only

    with open_read_only(demo_path) as project:
        return out, build_brief(project)


def test_weasyprint_tagged_by_default(weasy_pdf):
    """`--engine weasyprint` is asked for to tag (its help says so): tagged without
    --pdf-variant too."""
    root = PdfReader(str(weasy_pdf[0])).trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root


def test_weasyprint_contents_and_cover(weasy_pdf):
    """Page 1's contents list has its page numbers (it was a CONTENTS label over nothing),
    and the cover's metadata cells keep apart ("R. Lindqvist2 Dec 2026 …" ran together)."""
    pdf, brief = weasy_pdf
    page1 = pdftotext(pdf, page=1)
    parts = [h.title for h in headings(brief) if h.kind == "part"]
    for title in parts:
        assert re.search(re.escape(title) + r" +\d+\b", page1), f"{title!r} without a page"
    words = [w[0] for w in _words(pdf)[0]]
    assert brief.analyst.split()[-1] in words, words[:40]


def test_weasyprint_running_header(weasy_pdf):
    """On every page the running title stays on one line and the marking's badge is a
    line high, not a block filling the top margin."""
    pdf, brief = weasy_pdf
    for number, words in enumerate(_words(pdf), 1):
        top = [w for w in words if w[4] < MARGINS_MM[0] * 72 / 25.4
               and w[0] not in brief.marking.split()]
        assert top and max(w[2] for w in top) - min(w[2] for w in top) < 2, \
            f"page {number}: the running title wraps: {top}"
    from PIL import Image

    subprocess.run([_poppler("pdftoppm"), "-r", "50", "-f", "1", "-l", "1", "-png",
                    "-singlefile", str(pdf), str(pdf.with_suffix(""))], check=True)
    image = Image.open(pdf.with_suffix(".png")).convert("RGB")
    margin = int(MARGINS_MM[0] / 25.4 * 50)             # the top margin, in pixels
    black = [y for y in range(margin) if sum(
        1 for x in range(image.width) if max(image.getpixel((x, y))) < 24) > 10]
    assert 0 < len(black) <= margin // 2, f"badge {len(black)} of {margin} px rows high"


def _weasy_citations(pdf: Path, brief) -> tuple[int, dict[int, set[int]], dict[int, set[int]],
                                                dict[int, int]]:
    """(index of the sources' first page, source → the pages whose text cites it, source →
    the pages its "Cited on pages" cell lists, source → the page of its entry), read from
    the words of a WeasyPrint brief."""
    pages = _words(pdf)
    number = next(h.number for h in headings(brief) if h.title == "Sources")
    start, heading = next((i, w[2]) for i, words in enumerate(pages)
                          for j, w in enumerate(words[:-1])
                          if w[0] == f"{number}." and words[j + 1][0] == "Sources")
    marked: dict[int, set[int]] = {}
    for index, words in enumerate(pages[:start + 1]):
        for text, _, top, *_ in words:              # "[3]", "[3" of "[3 · B2]", "[3]." too
            if (index < start or top < heading) and (
                    m := re.fullmatch(CITATION + r"[.,;:)]*", text)):
                marked.setdefault(int(m.group(1)), set()).add(index + 1)
    listed: dict[int, set[int]] = {}
    entry: dict[int, int] = {}
    for index in range(start, len(pages)):
        words = pages[index]
        column = next(w[1] for w in words if w[0] == "CITED")       # the header, on every page
        rows = [(w[2], int(w[0][1:-1])) for w in words
                if re.fullmatch(r"\[\d+\]", w[0]) and w[1] < column
                and (index > start or w[2] > heading)]
        colophon = next((w[2] for j, w in enumerate(words[:-1])
                         if w[0] == "Compiled" and words[j + 1][0] == "with"), BODY_BOTTOM)
        for k, (top, n) in enumerate(rows):
            entry[n] = index + 1
            end = rows[k + 1][0] if k + 1 < len(rows) else colophon
            cell = [w for w in words if w[1] >= column - 1 and top - 2 <= w[2] < end - 2]
            assert all(w[3] <= 595.28 - MARGINS_MM[1] * 72 / 25.4 + 0.5 for w in cell), \
                f"source {n}'s pages run past the table's edge: {cell}"
            cells = [w[0].rstrip(",") for w in cell]
            numbers: set[int] = set()
            for part in cells:
                first, _, last = part.partition("–")
                numbers.update(range(int(first), int(last or first) + 1))
            listed[n] = numbers
    return start, marked, listed, entry


def test_weasyprint_cited_on_pages(weasy_pdf):
    """Each source's "Cited on pages" cell lists the pages its [n] markers are printed on
    (the cell was empty), no number past the table's edge; each [n] links to its source's
    entry, and every page says "Page X of <all pages>"."""
    pdf, brief = weasy_pdf
    start, marked, listed, entry = _weasy_citations(pdf, brief)
    assert len(entry) == len(brief.sources) and len(marked) >= 3
    assert sum(len(p) for p in marked.values()) >= 6
    assert any(len(p) > 1 for p in listed.values()), listed
    for source in brief.sources:
        assert listed[source.number] == marked.get(source.number, set()), (
            f"source {source.number}: listed {sorted(listed[source.number])}, "
            f"cited on {sorted(marked.get(source.number, set()))}")
    reader = PdfReader(str(pdf))
    total = len(reader.pages)
    for index in range(total):
        assert f"Page {index + 1} of {total}" in pdftotext(pdf, page=index + 1)
    named = reader.named_destinations
    links = 0
    for index, page in enumerate(reader.pages[:start + 1]):
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            dest = a.get("/Dest")
            if a.get("/Subtype") != "/Link" or dest is None or not str(dest).startswith("src-"):
                continue
            links += 1
            assert reader.get_destination_page_number(named[str(dest)]) + 1 == \
                entry[int(str(dest)[4:])], f"{dest} on page {index + 1} links elsewhere"
    assert links >= sum(len(p) for p in marked.values())
    first = pdftotext(pdf, page=1)
    assert re.search(rf"Sources +{start + 1}\b", first), first[:1500]


@pytest.fixture
def weasy_renders(monkeypatch):
    """Each layout of a WeasyPrint brief, counted."""
    weasyprint = pytest.importorskip("weasyprint")
    renders = []
    original = weasyprint.HTML.render

    def render(self, *args, **kwargs):
        renders.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "render", render)
    return renders


@pytest.mark.parametrize("most_lines", [None, 1])
def test_weasyprint_lays_out_once_and_again_only_for_a_long_list(
        demo_path, tmp_path, monkeypatch, weasy_renders, most_lines):
    """The sources' lists of pages are written into the one layout of the brief (its cells
    hold placeholder lines for them); when a list needs more lines than were reserved (one
    line a cell here), the brief is laid out again with the lists in it: the same lists
    either way, and the page count right on every page."""
    from briefer.brief import weasy_pages
    from briefer.brief.compile import open_read_only, render_brief

    if most_lines:
        monkeypatch.setattr(weasy_pages, "MOST_LINES", most_lines)
    with open_read_only(demo_path) as project:
        brief = build_brief(project)
    out = tmp_path / "brief.pdf"
    result = render_brief(brief, out, engine="weasyprint", html_out=tmp_path / "brief.html")
    assert len(weasy_renders) == (2 if most_lines else 1)
    text = pdftotext(out)
    assert not re.search(r"@c\d+\.\d+#", text), "a placeholder left in the text"
    _, marked, listed, _ = _weasy_citations(out, brief)
    assert all(listed[s.number] == marked.get(s.number, set()) for s in brief.sources)
    assert any(len(p) > 1 for p in listed.values())
    for index in range(result.pages):
        assert f"Page {index + 1} of {result.pages}" in pdftotext(out, page=index + 1)
    copy = (tmp_path / "brief.html").read_text()     # the HTML copy has the lists too
    assert "@c1." not in copy and all(
        re.search(rf"<!--cite {s.number}-->(<span class=\"nowrap\">)?\d", copy)
        for s in brief.sources if marked.get(s.number))


def test_pdf_variant_needs_weasyprint(demo_path, tmp_path):
    run = subprocess.run([sys.executable, "-m", "briefer", "brief", "--project", str(demo_path),
                          "--engine", "qt", "--pdf-variant", "pdf/a-3b", "--out",
                          str(tmp_path / "a.pdf")], capture_output=True, text=True)
    assert run.returncode != 0 and "Traceback" not in run.stderr
    assert "Only the WeasyPrint engine writes PDF/A-3B" in run.stderr


def _squeezed(text: str) -> str:
    import html as _html

    return "".join(_html.unescape(text).split()).replace("\u00ad", "")


def test_no_quote_or_judgment_split_across_pages(case):
    """A quote block (its text to its attribution) and a key judgment (its text to its
    "Rests on:" list) start and end on one page: none in the demo is longer than a page."""
    pdf, brief = case
    pages = [_squeezed(" ".join(t for _, t in sorted(lines))) for lines in body_lines(pdf)]
    first = next(h for h in headings(brief) if h.title == brief.sections[0].title)
    mark = _squeezed(f"{first.number}. {first.title}")
    opening = next(i for i, text in enumerate(pages) if mark in text)   # after the KJ excerpts
    checked = 0
    for section in brief.sections:
        for entry in section.entries:
            words = entry.quote.text.split()
            if len(words) < 12:
                continue
            head, tail = _squeezed(" ".join(words[1:7])), _squeezed(" ".join(words[-5:-1]))
            starts = [i for i, text in enumerate(pages) if head in text and i >= opening]
            assert starts, f"quote not found: {entry.quote.text[:50]!r}"
            for i in starts:
                text = pages[i] if i > opening else pages[i][pages[i].index(mark):]
                if head not in text:              # only a key judgment's excerpt
                    continue
                assert tail in text[text.index(head):], \
                    f"quote {entry.quote.text[:40]!r} split after page {i + 1}"
                checked += 1
    for j in brief.judgments:
        words = j.text.split()
        head = _squeezed(" ".join(words[:6]))
        page = next(i for i, text in enumerate(pages) if head in text)
        rest = pages[page][pages[page].index(head):]
        assert _squeezed(" ".join(words[-4:])) in rest, f"KJ{j.number} split after page {page + 1}"
        if j.evidence:
            assert "Restson:" in rest, f"KJ{j.number}'s evidence starts on another page"
    assert checked >= brief.quote_count


def test_weasyprint_says_when_it_subsets_fonts_slowly(demo_path, tmp_path, monkeypatch):
    """Without HarfBuzz's subsetter WeasyPrint cuts the Noto CJK fonts down with fontTools
    (minutes for a big brief): the brief is written and says what to install."""
    pytest.importorskip("weasyprint")
    from weasyprint.text import ffi

    from briefer.brief.compile import open_read_only, render_brief
    from briefer.brief.weasy import fast_subsetting

    with open_read_only(demo_path) as project:
        brief = build_brief(project)
    if fast_subsetting():
        # Only the check is told HarfBuzz is missing: WeasyPrint itself keeps using it.
        monkeypatch.setattr(ffi, "harfbuzz_subset", None)
        assert not fast_subsetting()
    result = render_brief(brief, tmp_path / "ua.pdf", engine="weasyprint",
                          pdf_variant="pdf/ua-1")
    assert result.pages > 1
    assert result.notice and "libharfbuzz-subset0" in result.notice


def test_page_references_remembered_until_a_page_is_added():
    """The tagging's page references (pydyf's, rebuilt for each structure element) are
    built once a page: the same tuple as pydyf's own, and a new one when a page is added."""
    pydyf = pytest.importorskip("pydyf")
    from briefer.brief.weasy_tuning import _page_references, quick_page_references

    own = pydyf.PDF.__dict__["page_references"]
    pdf = pydyf.PDF()
    for _ in range(3):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    first = _page_references(pdf)
    assert first == own.fget(pdf) and len(first) == 3
    assert _page_references(pdf) is first               # not built again
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    assert _page_references(pdf) == own.fget(pdf) and len(_page_references(pdf)) == 4
    try:
        quick_page_references()
        quick_page_references()                          # once is enough, twice harmless
        assert pydyf.PDF.page_references.fget is _page_references
        assert pdf.page_references == own.fget(pdf)
    finally:
        pydyf.PDF.page_references = own


def test_cycle_collector_back_as_it_was():
    """WeasyPrint lays out with Python's cycle collector off (``weasy_tuning``):
    on again afterwards, even when the layout fails, and left off if it was off."""
    import gc

    from briefer.brief.weasy_tuning import no_cycle_collection

    assert gc.isenabled()
    with pytest.raises(RuntimeError), no_cycle_collection():
        assert not gc.isenabled()
        raise RuntimeError("layout failed")
    assert gc.isenabled()
    gc.disable()
    try:
        with no_cycle_collection():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_user_agent_sheet_gives_no_element_footnote_styles(tmp_path):
    """The brief's WeasyPrint user-agent style sheet leaves out the five rules that gave
    every element footnote and note pseudo-elements (found in WeasyPrint's own sheet, so a
    new WeasyPrint whose sheet differs is noticed), and keeps list markers."""
    weasyprint = pytest.importorskip("weasyprint")
    from weasyprint import html as ua

    from briefer.brief.weasy_tuning import brief_html, user_agent_text

    text = user_agent_text()
    assert brief_html()._ua_stylesheets is not weasyprint.HTML._ua_stylesheets
    assert "\n::footnote-call {" in ua.UA and "\n::marker {" in ua.UA
    assert "::footnote" not in text and "::note" not in text
    assert "\nli::marker, summary::marker {" in text and "\n::marker" not in text
    assert len(ua.UA) - len(text) < 400            # those rules, nothing else
    out = tmp_path / "list.pdf"
    brief_html()(string="<ul><li>First item</li></ul><p>Text</p>").write_pdf(out)
    assert "• First item" in pdftotext(out)


def test_weasyprint_missing_in_the_standalone_app(demo_path, tmp_path, monkeypatch):
    """briefer.spec leaves WeasyPrint out of the frozen app: asked for it, the app says the
    engine needs the source install (ImportError simulated), and writes nothing."""
    from briefer.brief.compile import EngineError, open_read_only, render_brief

    monkeypatch.setitem(sys.modules, "weasyprint", None)         # import raises ImportError
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    with open_read_only(demo_path) as project:
        brief = build_brief(project)
    out = tmp_path / "ua.pdf"
    with pytest.raises(EngineError, match=r"not part of this build of Briefer \(the standalone "
                                          r"app leaves it out.*needs the source install"):
        render_brief(brief, out, engine="weasyprint", pdf_variant="pdf/ua-1")
    assert list(tmp_path.iterdir()) == []


def test_spec_keeps_weasyprint_out_of_the_standalone_app():
    spec = (Path(__file__).resolve().parents[2] / "briefer.spec").read_text()
    excluded = spec[spec.index("excludes = "):]
    for name in ("weasyprint", "pydyf", "tinycss2", "cssselect2", "pyphen"):
        assert f'"{name}"' in excluded, name


def test_matrix_headers_wrap_between_words(case):
    """Each theme's header in the actors-by-theme matrix breaks between words (or at a
    hyphen): every word of a theme's name is whole in the header's text layer."""
    from briefer.brief.columns import words as header_words

    pdf, brief = case
    out = subprocess.run([_poppler("pdftotext"), "-bbox", "-enc", "UTF-8", str(pdf), "-"],
                         check=True, capture_output=True).stdout.decode()
    heading = next(h for h in headings(brief) if h.title == "Actors by theme")
    for chunk in out.split("<page ")[1:]:
        found = [(float(m.group(2)), m.group(5)) for m in _WORD.finditer(chunk)]
        texts = [t for _, t in found]
        at = next((i for i, t in enumerate(texts[:-1])
                   if t == f"{heading.number}." and texts[i + 1] == "Actors"), None)
        if at is not None:
            break
    else:
        raise AssertionError("no page with the matrix")
    top = next(y for y, t in found[at:] if t == "ACTOR")
    header = [t for y, t in found if top - 2 <= y <= top + 60]
    for theme in brief.matrix.themes:
        for word in header_words(theme):
            word = word.rstrip("-\u2013\u2014")
            if len(word) >= 4:
                assert any(word in t.replace("\u00ad", "") for t in header), \
                    f"{word!r} of {theme!r} broken in the matrix header: {header}"


BODY_AREA = (20 * 72 / 25.4, 842 - 18 * 72 / 25.4)     # the page's text area (margins)


def test_no_page_left_more_than_a_third_empty(case):
    """No break leaves a page more than a third empty: a block kept whole (a heading with
    what follows, a quote, a table's first rows) is small enough to move. Only the last
    page may end short (the brief ends there; no section forces a new page)."""
    pdf, _ = case
    out = subprocess.run([_poppler("pdftotext"), "-bbox-layout", "-enc", "UTF-8", str(pdf), "-"],
                         check=True, capture_output=True).stdout.decode()
    top, bottom = BODY_AREA
    pages = out.split("<page ")[1:]
    assert len(pages) > 3
    short = []
    for number, chunk in enumerate(pages[:-1], 1):
        ends = [float(m.group(4)) for m in _LINE.finditer(chunk)
                if BODY_TOP < float(m.group(2)) < BODY_BOTTOM]
        empty = (bottom - max(ends, default=top)) / (bottom - top)
        if empty > 1 / 3:
            short.append(f"page {number} {empty:.0%} empty")
    assert not short, short
