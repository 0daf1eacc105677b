"""The brief as a finished document: pagination, outline, links, metadata, fonts.

Each engine × each grouping over the demo brief, read back with poppler (pdftotext
-bbox-layout, pdffonts) and pypdf. The Word copy: ``test_word_copy.py``; the WeasyPrint
engine: ``test_weasyprint.py``.
"""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefer.brief.compile import compile_brief
from briefer.brief.build import build_brief
from briefer.brief.model import BriefOptions
from briefer.brief.navigation import headings
from briefer.brief.pdfmeta import PRODUCER

from .conftest import BODY_BOTTOM, BODY_TOP, CITATION, WORD_BOX, _poppler, outline_titles, pdf_words

CASES = [(e, g) for e in ("wkhtmltopdf", "qt") for g in ("theme", "actor")]
_LINE = re.compile(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                   r'(.*?)</line>', re.S)
#: A citation's first word: "[3]", or "[3" of "[3 · B2]" / "[3, p. 4]"; the Sources table's
#: entries are "[3]".


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
            words = " ".join(w.group(5) for w in WORD_BOX.finditer(m.group(5)))
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


def test_outline_has_every_section_and_judgment(case):
    pdf, brief = case
    titles = outline_titles(PdfReader(str(pdf)))
    for h in headings(brief):
        assert any(h.title in t for t in titles), f"no outline entry for {h.title!r}"
    for j in brief.judgments:
        assert any(t.startswith(f"KJ{j.number}:") for t in titles)
    assert len(brief.sections) > 3



def test_every_citation_links_to_its_source(case):
    pdf, brief = case
    reader = PdfReader(str(pdf))
    pages = pdf_words(pdf)
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


def test_sources_rows_compact_and_closing_note_whole(case):
    """Each source's reliability reason is printed under its row across the table (not in
    a column a dozen characters wide, which made rows 10-14 lines tall), and the short
    closing note is kept whole on one page (not two lines carried over to the last)."""
    pdf, brief = case
    pages = pdf_words(pdf)
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


def test_matrix_headers_wrap_between_words(case):
    """Each theme's header in the actors-by-theme matrix breaks between words (or at a
    hyphen): every word of a theme's name is whole in the header's text layer."""
    from briefer.brief.columns import words as header_words

    pdf, brief = case
    heading = next(h for h in headings(brief) if h.title == "Actors by theme")
    for words in pdf_words(pdf):
        found = [(top, text) for text, _x0, top, *_rest in words]
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


#: Resolution at which the matrix's 1px cell spacing shows as white between its rows.
_DPI = 288


def _shaded_runs(pdf: Path, page: int, x: float) -> list[tuple[float, float]]:
    """(top, bottom) in points of each run of paint down the page at ``x`` points across."""
    out = subprocess.run([_poppler("pdftoppm"), "-gray", "-r", str(_DPI), "-f", str(page),
                          "-l", str(page), "-x", str(round(x * _DPI / 72)), "-y", "0",
                          "-W", "1", "-H", str(round(842 * _DPI / 72)), str(pdf)],
                         check=True, capture_output=True).stdout
    magic, _size, _depth, pixels = out.split(b"\n", 3)
    assert magic == b"P5", magic
    runs, start = [], None
    for y, value in enumerate([*pixels, 255]):
        if value < 250 and start is None:
            start = y
        elif value >= 250 and start is not None:
            runs.append((start * 72 / _DPI, y * 72 / _DPI))
            start = None
    return runs


def test_no_matrix_row_split_across_pages(case):
    """Each row of the actors-by-theme matrix is drawn on one page: down the actor column
    (inside its cells' padding, left of the names), each run of shading after the column
    headings, to the Total row, holds a row's name. A row moved to the next page but with its
    shading begun at the foot of the page before (what WebKit does with a table row it keeps
    whole) leaves a run there that holds no name."""
    pdf, brief = case
    pages = pdf_words(pdf)
    start = next(i for i, words in enumerate(pages)
                 if any(t == "ACTOR" for t, *_ in words)
                 and any(t == "Actors" for t, *_ in words))
    head = next((y0 + y1) / 2 for t, _x0, y0, _x1, y1 in pages[start] if t == "ACTOR")
    first = brief.matrix.actors[0].split()[0]
    left = next(x0 for t, x0, y0, *_ in pages[start] if t == first and y0 > head)
    names = {w for name in [*brief.matrix.actors, "Total"] for w in name.split()}
    checked = 0
    for index in range(start, len(pages)):
        words = pages[index]
        top = head if index == start else BODY_TOP
        legend = [y for t, _x, y, *_ in words if t == "Number"]
        bottom = min(legend) if legend else BODY_BOTTOM
        for run_top, run_bottom in _shaded_runs(pdf, index + 1, left - 1.5):
            if run_bottom < top or run_top > bottom or run_bottom - run_top < 1 or (
                    index == start and run_top <= head <= run_bottom):
                continue
            held = [t for t, x0, y0, _x1, y1 in words
                    if abs(x0 - left) < 3 and run_top <= (y0 + y1) / 2 <= run_bottom]
            assert any(w in names for w in held), (
                f"page {index + 1}: shading at {run_top:.1f}–{run_bottom:.1f} pt in the "
                f"matrix's actor column holds no row's name ({held})")
            checked += 1
        if legend:
            break
    assert checked >= len(brief.matrix.actors) + 1      # each actor's row, and Total
