"""The Qt engine knows where its words land (``qt_positions``): no PDF is read back for the
outline, links and page numbers, and each source's cited pages are written into its row
before the pages are painted. Checked against what poppler reads from the pages."""

from __future__ import annotations

import re
import subprocess

import pytest

from briefer.brief.build import build_brief
from briefer.brief.compile import compile_brief, navigation_view
from briefer.brief.html import render_html
from briefer.brief.model import BriefOptions
from briefer.brief.navigation import headings, page_ranges, placeholder
from briefer.brief.wkhtml import MARGINS_MM

from .conftest import _poppler
from .test_document import body_lines

ENGINES = ["wkhtmltopdf", "qt"]
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                   r'(.*?)</word>')


def _words(pdf) -> list[list[tuple[str, float, float, float, float]]]:
    """Each page's words read back by poppler: (text, x0, top, x1, bottom)."""
    out = subprocess.run([_poppler("pdftotext"), "-bbox", "-enc", "UTF-8", str(pdf), "-"],
                         check=True, capture_output=True).stdout.decode()
    return [[(m.group(5), *map(float, m.group(1, 2, 3, 4))) for m in _WORD.finditer(chunk)]
            for chunk in out.split("<page ")[1:]]


@pytest.fixture(params=ENGINES)
def engine(request):
    if request.param == "wkhtmltopdf":
        request.getfixturevalue("wkhtmltopdf_exe")
    return request.param


def test_the_layout_says_where_poppler_reads_each_word(demo_project, tmp_path):
    """Every word the Qt engine reports (citations, placeholders, headings) is where poppler
    finds it on the painted page: same page, same text, the same box within a point; also
    after the sources' lists were written into their rows (laid out and read again from
    there on)."""
    from briefer.brief.qt_engine import html_to_pdf

    brief = build_brief(demo_project, BriefOptions())
    html = render_html(brief, nav=navigation_view(brief, None))
    lists = {placeholder("s", s.number): ", ".join(str(n) for n in range(1, 40, 3))
             for s in brief.sources}
    done = html_to_pdf(html, tmp_path / "raw.pdf", fill=lambda positions: lists)
    read = _words(tmp_path / "raw.pdf")
    assert done.pages == len(read) == len(done.positions.words) > 1
    kinds = set()
    for page, words in enumerate(done.positions.words):
        for word in words:
            if not re.match(r"\[\d|@[hs]\d|KJ\d|\d+\.$", word.text):
                continue            # a heading's title: poppler may cut words at hyphens
            near = [w for w in read[page] if w[0] == word.text and abs(w[1] - word.x0) < 1
                    and abs(w[3] - word.x1) < 1 and abs(w[2] - word.top) < 1
                    and abs(w[4] - word.bottom) < 1]
            assert near, f"{word} is not on page {page + 1}: " \
                         f"{[w for w in read[page] if w[0] == word.text]}"
            kinds.add(word.text[0] if word.text[0] in "[@" else word.text[-1])
    assert {"[", "@", "."} <= kinds, kinds
    text = subprocess.run([_poppler("pdftotext"), str(tmp_path / "raw.pdf"), "-"], check=True,
                          capture_output=True).stdout.decode()
    assert "@s" not in text and text.count("1, 4, 7, 10") >= len(brief.sources) > 3


def test_each_source_lists_the_pages_that_cite_it(demo_project, engine, tmp_path):
    """The "Cited on pages" cell of each source holds exactly the pages its citations are
    printed on (the Qt engine writes them into the row; wkhtmltopdf's are drawn there)."""
    out = tmp_path / "brief.pdf"
    brief = build_brief(demo_project, BriefOptions())
    compile_brief(demo_project, out, BriefOptions(), engine=engine)
    pages = _words(out)
    number = len(headings(brief))
    at = next((p, i) for p, words in enumerate(pages) for i, w in enumerate(words)
              if w[0] == f"{number}." and words[i + 1][0] == "Sources")
    citing: dict[int, set[int]] = {}
    for p, words in enumerate(pages[:at[0] + 1]):
        for w in words[:at[1]] if p == at[0] else words:
            m = re.match(r"^\[(\d+)(?:\]|,)?[.,;:)]*$", w[0])
            if m and 45 < w[2] < 800:
                citing.setdefault(int(m.group(1)), set()).add(p + 1)
    rows = []                       # (page, top, number) of each source's row
    for p, words in enumerate(pages[at[0]:], at[0]):
        start = at[1] if p == at[0] else 0
        rows += [(p, w[2], int(w[0][1:-1])) for w in words[start:]
                 if re.fullmatch(r"\[\d+\]", w[0])]
    header = next(w for p, words in enumerate(pages) for w in words if w[0] == "CITED")
    checked = 0
    for (p, top, n), after in zip(rows, rows[1:] + [(len(pages), 0.0, 0)]):
        end = after[1] - 2 if after[0] == p else min(                # the closing note
            [w[2] - 2 for w in pages[p] if w[0] == "Compiled" and w[2] > top] + [800.0])
        cell = [w for w in pages[p] if w[1] >= header[1] - 6 and top - 2 < w[2] < end]
        printed = " ".join(w[0] for w in sorted(cell, key=lambda w: (round(w[2]), w[1])))
        expected = page_ranges(sorted(citing.get(n, ())))
        assert printed == expected, f"source {n}: {printed!r}, cited on {expected!r}"
        checked += bool(expected)
    assert checked >= 3 and len(rows) == len(brief.sources)


@pytest.fixture
def long_quote_project(demo_project):
    """The demo with a quote of about two pages (one paragraph broken across pages)."""
    words = ("the ministry said sanctions export controls would tighten as negotiators met "
             "in Geneva while analysts expected a cautious response").split()
    text = " ".join(words[i % len(words)] for i in range(1300)) + "."
    doc = demo_project.documents.add("Intro.\n\n" + text + "\n\nEnd.", title="A long report",
                                     outlet="Outlet", date="2025-03-01", language="en")
    theme = demo_project.codebook.themes()[0]
    demo_project.quotes.add_text(doc, text, themes=[theme.name])
    return demo_project


def test_a_paragraph_broken_across_pages_is_once_in_the_text_layer(long_quote_project,
                                                                    tmp_path):
    """Qt paints a broken paragraph's last line of page n again, clipped out of sight, at
    the top of page n + 1; the pages where that happens are known from the layout and the
    stamp takes the line out of their text layer."""
    out = tmp_path / "brief.pdf"
    compile_brief(long_quote_project, out, BriefOptions(), engine="qt")
    flat = [text for lines in body_lines(out) for _, text in lines]
    doubled = [a for a, b in zip(flat, flat[1:]) if a == b and len(a) > 12]
    assert not doubled, f"lines printed twice in a row: {doubled[:3]}"
    body_top = MARGINS_MM[0] * 72 / 25.4
    hidden = [(p + 1, w[0]) for p, words in enumerate(_words(out)) for w in words
              if w[2] > 38 and w[2] + 0.8 * (w[4] - w[2]) < body_top - 2]
    assert not hidden, f"words in the top margin, clipped out of sight: {hidden[:5]}"


def test_filling_in_the_lists_may_shorten_the_brief(tmp_path):
    """A list written into its row may take fewer lines than its placeholder (an uncited
    source's "@s1#" becomes ""): a page can go, and where the words land is read again on
    the pages left."""
    from briefer.brief.qt_engine import html_to_pdf

    def html(lines: int, words: int) -> str:
        return "".join(f"<p>line {i}</p>" for i in range(lines)) \
            + "<p>[1] " + "a " * words + "@s1#</p>"

    def where(lines: int, words: int) -> dict[str, tuple[int, float]]:
        done = html_to_pdf(html(lines, words), tmp_path / "probe.pdf")
        return {w.text: (page, w.top) for page, ws in enumerate(done.positions.words)
                for w in ws}

    def first(lo: int, hi: int, test) -> int:
        while lo < hi:                                  # the first of lo..hi passing test
            mid = (lo + hi) // 2
            lo, hi = (lo, mid) if test(mid) else (mid + 1, hi)
        return lo

    # the fewest words that push the placeholder onto a line of its own, then the fewest
    # lines before that put that line alone on page 2
    words = first(1, 400, lambda k: where(0, k)["@s1#"][1] > where(0, k)["[1]"][1])
    lines = first(1, 200, lambda n: where(n, words)["@s1#"][0] >= 1)
    assert where(lines, words)["[1]"][0] == 0 and where(lines, words)["@s1#"][0] == 1
    done = html_to_pdf(html(lines, words), tmp_path / "brief.pdf",
                       fill=lambda positions: {"@s1#": ""})
    assert done.pages == len(done.positions.words) == 1
    assert [w.text for w in done.positions.words[0]] == ["[1]"]
