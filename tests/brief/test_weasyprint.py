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

from .conftest import _poppler, outline_titles, pdf_words, pdftotext
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
    from briefer.brief.weasy import _page_references, quick_page_references

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
