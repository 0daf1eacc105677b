"""The brief is typeset once: the page numbers of the contents and of the sources are drawn
onto the finished pages where their placeholders were (``pagenumbers``; the Qt engine writes
the sources' into their rows before it paints), not printed by a second typesetting pass; a
list of pages too long for its row is set smaller, and falls back to that pass only when
even the smallest size does not fit."""

from __future__ import annotations

import re

import pytest

from briefer.brief import compile as compiling
from briefer.brief import qt_engine
from briefer.brief.compile import compile_brief
from briefer.brief.build import build_brief
from briefer.brief.model import BriefOptions
from briefer.brief.navigation import Layout, Word, headings, page_ranges
from briefer.brief.pagenumbers import (ASCENT, DESCENT, LINE, MOST_LINES, SMALLEST,
                                       number_labels)

from .conftest import flat, pdftotext


@pytest.fixture(params=["wkhtmltopdf", "qt"])
def counted(request, monkeypatch):
    """(engine, runs): every run of the engine's typesetting function is counted."""
    engine, runs = request.param, []
    if engine == "wkhtmltopdf":
        request.getfixturevalue("wkhtmltopdf_exe")
        module, name = compiling, "run_wkhtmltopdf"
    else:
        module, name = qt_engine, "html_to_pdf"
    original = getattr(module, name)

    def wrapped(*args, **kwargs):
        runs.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapped)
    return engine, runs


def test_the_brief_is_typeset_once(demo_project, counted, tmp_path):
    engine, runs = counted
    out = tmp_path / "brief.pdf"
    brief = build_brief(demo_project, BriefOptions())
    compile_brief(demo_project, out, BriefOptions(), engine=engine)
    assert len(runs) == 1, f"{engine} typeset the brief {len(runs)} times"
    text = pdftotext(out)
    assert not re.search(r"@[hs]\d+#", text), "a page-number placeholder left in the text"
    first = pdftotext(out, page=1)
    assert re.search(r"Key judgments +\d+\b", first) and re.search(r"Sources +\d+\b", first)
    last = flat(pdftotext(out, layout=False))
    cited = last[last.index("CITED ON PAGES"):]
    assert len(re.findall(r"\d+–\d+", cited)) >= 2, cited[:1500]
    assert len(headings(brief)) >= 5


def _layout(next_row_top: float) -> Layout:
    """Source 1 cited on every other page of 200 (100 numbers), its row's next row
    ``next_row_top`` points below it."""
    layout = Layout(heights=[842.0] * 200)
    for page in range(0, 200, 2):
        layout.citations.append((page, Word("[1]", 60, 100, 70, 110), 1))
    layout.placeholders = [(199, Word("@s1#", 480, 100, 500, 110), "s", 1),
                           (199, Word("@s2#", 480, 100 + next_row_top, 500, 110 + next_row_top),
                            "s", 2)]
    return layout


def test_a_list_of_pages_too_long_for_its_row_falls_back(demo_project):
    brief = build_brief(demo_project, BriefOptions())
    tight = number_labels(_layout(30.0), brief, 595.28, 45.0, 51.0)
    assert tight is None                         # 100 numbers do not fit in 30 points
    roomy = number_labels(_layout(600.0), brief, 595.28, 45.0, 51.0)
    assert roomy is not None
    lines = [label.text for label in roomy.labels[199]]
    assert len(lines) > 5 and "1, 3, 5" in lines[0] and lines[-1].endswith("199")
    assert {label.x for label in roomy.labels[199]} == {480}
    assert len(roomy.erase[199]) == 2            # both placeholders erased


def _split_row(in_the_way: Word | None) -> Layout:
    """Source 1 cited on every other page of 200, its row the last on page 198 (wkhtmltopdf
    split it there), source 2's row on page 199 starting 500 points below the body's top."""
    layout = Layout(heights=[842.0] * 200, words=[[] for _ in range(200)])
    for page in range(0, 200, 2):
        layout.citations.append((page, Word("[1]", 60, 100, 70, 110), 1))
    layout.placeholders = [(198, Word("@s1#", 480, 770, 500, 780), "s", 1),
                           (199, Word("@s2#", 480, 557, 500, 567), "s", 2)]
    if in_the_way is not None:
        layout.words[199].append(in_the_way)
    return layout


def test_a_list_split_with_its_row_goes_on_at_the_next_page_top(demo_project):
    brief = build_brief(demo_project, BriefOptions())
    numbers = number_labels(_split_row(None), brief, 595.28, 45.0, 51.0, 56.7)
    assert numbers is not None
    here, there = numbers.labels[198], numbers.labels[199]
    assert len(here) == 2 and here[0].text.startswith("1, 3, 5")   # 770 + 2 lines: to 791
    assert len(there) > 3 and there[-1].text.endswith("199")
    assert {label.x for label in here + there} == {480}
    # from the body's top down, above source 2's row (baselines count from the foot)
    assert 842 - 56.7 - 12 < there[0].baseline < 842 - 56.7
    assert min(label.baseline for label in there) > 842 - 557
    # the next row too close, or anything printed where the list would go: typeset again
    assert number_labels(_split_row(Word("text", 470, 70, 520, 80)), brief, 595.28, 45.0,
                         51.0, 56.7) is None
    assert number_labels(_split_row(None), brief, 595.28, 45.0, 51.0) is None  # no margin


def _cited_on(pages: int, next_row: float | None) -> Layout:
    """Source 1 cited once on every other page of ``2 * pages``, its row on the last page
    at 100 points from the top; source 2's row ``next_row`` points below it (None: none)."""
    last = 2 * pages
    layout = Layout(heights=[842.0] * last, words=[[] for _ in range(last)])
    for page in range(0, last, 2):
        layout.citations.append((page, Word("[1]", 60, 100, 70, 110), 1))
    layout.placeholders = [(last - 1, Word("@s1#", 480, 100, 500, 110), "s", 1)]
    if next_row is not None:
        layout.placeholders.append((last - 1, Word("@s2#", 480, 100 + next_row, 500,
                                                   110 + next_row), "s", 2))
    return layout


def _lines(numbers) -> tuple[list, float, float]:
    """Source 1's labels, the row's type size and baseline (from the page's foot)."""
    labels = sorted(numbers.labels[max(numbers.labels)], key=lambda label: -label.baseline)
    size = 10 / (ASCENT + DESCENT)
    return [label for label in labels if label.x == 480], size, 842 - (100 + ASCENT * size)


def test_a_list_longer_than_its_row_is_set_smaller(demo_project):
    """Twenty pages need five lines of the row's size; a row of four holds them a little
    smaller, first line on the row's baseline, none reaching the next row: one pass."""
    brief = build_brief(demo_project, BriefOptions())
    size = 10 / (ASCENT + DESCENT)
    assert number_labels(_cited_on(20, 5 * size * LINE + 3), brief, 595.28, 45.0,
                         51.0) is not None
    numbers = number_labels(_cited_on(20, 4 * size * LINE + 3), brief, 595.28, 45.0, 51.0)
    assert numbers is not None
    labels, size, baseline = _lines(numbers)
    assert len(labels) == 4 and {label.size for label in labels} == {labels[0].size}
    assert size * SMALLEST <= labels[0].size < size
    assert " ".join(label.text for label in labels) == page_ranges(list(range(1, 40, 2)))
    assert labels[0].baseline == pytest.approx(baseline)
    lowest = labels[-1].baseline - DESCENT * labels[-1].size
    assert lowest > 842 - (100 + 4 * size * LINE + 3)        # above source 2's row
    # too long even in the smallest size: typeset again
    assert number_labels(_cited_on(60, 4 * size * LINE + 3), brief, 595.28, 45.0,
                         51.0) is None


def test_the_last_row_of_a_page_keeps_to_its_reserved_lines(demo_project):
    """The page's last row ends at its reserved lines (six for 30 citations), not at the
    foot of the page: the blank below belongs to the page, so a list of eight lines is set
    smaller to fit six, not run down over the row's rule into the blank."""
    brief = build_brief(demo_project, BriefOptions())
    numbers = number_labels(_cited_on(30, None), brief, 595.28, 45.0, 51.0, 56.7)
    assert numbers is not None
    labels, size, baseline = _lines(numbers)
    assert labels[0].baseline == pytest.approx(baseline) and labels[0].size < size
    assert " ".join(label.text for label in labels) == page_ranges(list(range(1, 60, 2)))
    lowest = labels[-1].baseline - DESCENT * labels[-1].size
    assert lowest >= 842 - (100 + MOST_LINES * size * LINE)
