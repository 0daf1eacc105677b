"""The brief as a finished document: pagination, outline, links, metadata, fonts, Word copy.

Each engine × each grouping over the demo brief, read back with poppler (pdftotext
-bbox-layout, pdffonts) and pypdf; the Word copy read back with python-docx.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefer.brief.compile import compile_brief
from briefer.brief.model import BriefOptions, build_brief
from briefer.brief.navigation import headings
from briefer.brief.pdfmeta import PRODUCER

from .conftest import _poppler, load_demo_or_stand_in

CASES = [(e, g) for e in ("wkhtmltopdf", "qt") for g in ("theme", "actor")]
_LINE = re.compile(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                   r'(.*?)</line>', re.S)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                   r'(.*?)</word>')
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
    return any(text.startswith(f"{h.number}. ") and h.title.split()[0] in text
               for h in headings(brief))


@pytest.mark.xfail(reason="headings still strand at page feet in both engines (issue #12, open)",
                   strict=False)
def test_no_page_ends_with_a_heading(case):
    pdf, brief = case
    pages = body_lines(pdf)
    for number, lines in enumerate(pages[:-1], 1):
        last = max(lines)[1] if lines else ""
        assert not _is_heading(last, brief), f"page {number} ends with the heading {last!r}"


@pytest.mark.xfail(reason="Qt engine still paints lines twice at page bottoms (issue #12, open)",
                   strict=False)
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


@pytest.mark.xfail(reason="some [n] (wrapped or on Qt pages) are not found and get no link (open)",
                   strict=False)
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
            m = re.fullmatch(r"\[(\d+)\]", text)
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
            m = re.fullmatch(r"\[(\d+)\]", text)
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


@pytest.mark.xfail(reason="the engines' DejaVu Sans Bold is embedded but not marked subset (open)",
                   strict=False)
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


def test_contents_and_cited_pages_on_the_page(case):
    pdf, brief = case
    from .conftest import flat, pdftotext

    first = pdftotext(pdf, page=1)
    assert "CONTENTS" in first
    expected = {h.title: p for h, p in zip(headings(brief), [None] * 99)}
    assert re.search(r"Key judgments +1\b", first), first[:1500]
    assert re.search(r"Sources +\d+", first) and "Sources" in expected
    last = flat(pdftotext(pdf, layout=False))
    assert "CITED ON PAGES" in last


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
    assert matrix.rows[-1].cells[-1].text == str(sum(map(sum, brief.matrix.counts)))
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
    assert "pdfuaid" in root["/Metadata"].get_object().get_data().decode()
    assert len(_outline_titles(reader)) >= 5


def test_pdf_variant_needs_weasyprint(demo_path, tmp_path):
    run = subprocess.run([sys.executable, "-m", "briefer", "brief", "--project", str(demo_path),
                          "--engine", "qt", "--pdf-variant", "pdf/a-3b", "--out",
                          str(tmp_path / "a.pdf")], capture_output=True, text=True)
    assert run.returncode != 0 and "Traceback" not in run.stderr
    assert "Only the WeasyPrint engine writes PDF/A-3B" in run.stderr
