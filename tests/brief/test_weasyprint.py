"""The optional WeasyPrint engine: a tagged PDF (PDF/UA when asked), its contents page and
running header, slow font subsetting named, and its absence from the standalone app."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefer.brief.build import build_brief
from briefer.brief.navigation import headings
from briefer.brief.pdfmeta import PRODUCER
from briefer.brief.wkhtml import MARGINS_MM

from .conftest import BODY_BOTTOM, CITATION, _poppler, outline_titles, pdf_words, pdftotext
from tests.briefer_cli import run_cli


def test_weasyprint_tagged_pdf_ua(demo_path, tmp_path):
    pytest.importorskip("weasyprint")
    out = tmp_path / "ua.pdf"
    run = run_cli("brief", "--project", demo_path, "--engine", "weasyprint", "--pdf-variant",
                  "pdf/ua-1", "--out", out, timeout=600)
    assert run.returncode == 0, run.stderr
    reader = PdfReader(str(out))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert "pdfuaid" in xmp
    assert len(outline_titles(reader)) >= 5
    # Briefer, not WeasyPrint, as the Producer, in both places; set by WeasyPrint's
    # finisher before it writes the file, so the PDF is its one revision (not re-read and
    # updated afterwards).
    assert reader.metadata["/Producer"] == PRODUCER, reader.metadata
    assert f'pdf:Producer="{PRODUCER}"' in xmp and "WeasyPrint" not in xmp
    assert out.read_bytes().count(b"%%EOF") == 1
    # Quotes are laid out as blocks, not tables (briefer.brief.weasy.paged_css): their
    # lines start where the table's spacer cells put them, 13.05 px (9.79 pt) in.
    from collections import Counter

    words = subprocess.run([_poppler("pdftotext"), "-bbox", str(out), "-"],
                           capture_output=True, text=True).stdout
    starts = Counter(round(float(x), 1) for x in re.findall(r'<word xMin="([\d.]+)"', words))
    assert starts.most_common(1)[0][0] == round(MARGINS_MM[3] * 72 / 25.4 + 9.789, 1), starts


@pytest.fixture(scope="module")
def weasy_pdf(demo_path, tmp_path_factory):
    """The demo brief through WeasyPrint, with no --pdf-variant (compiled once)."""
    pytest.importorskip("weasyprint")
    out = tmp_path_factory.mktemp("weasy") / "brief.pdf"
    run = run_cli("brief", "--project", demo_path, "--engine", "weasyprint", "--out", out,
                  timeout=600)
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
    words = [w[0] for w in pdf_words(pdf)[0]]
    assert brief.analyst.split()[-1] in words, words[:40]


def test_weasyprint_running_header(weasy_pdf):
    """On every page the running title stays on one line and the marking's badge is a
    line high, not a block filling the top margin."""
    pdf, brief = weasy_pdf
    for number, words in enumerate(pdf_words(pdf), 1):
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
    pages = pdf_words(pdf)
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
    run = run_cli("brief", "--project", demo_path, "--engine", "qt", "--pdf-variant",
                  "pdf/a-3b", "--out", tmp_path / "a.pdf")
    assert run.returncode != 0 and "Traceback" not in run.stderr
    assert "Only the WeasyPrint engine writes PDF/A-3B" in run.stderr


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
