"""The page numbers of the contents list and of the sources' "Cited on pages" column,
written onto the finished pages.

The brief is typeset once, with a placeholder (``navigation.placeholder``) where each
number goes: the placeholder's word (in wkhtmltopdf's text layer, or in the Qt engine's
layout: ``qt_positions``) says where (page, box, baseline and type size), its text object
is erased from the page, and the number is drawn in its place by the stamp's overlay
(``stamp.Label``), in the same way as the page furniture. Nothing moves: the pages break
where the one typesetting pass broke them. (The Qt engine writes the sources' lists into
their rows itself, before it paints the pages; only its contents numbers are drawn here.)

A contents number is drawn right-aligned where its placeholder ended. A source's pages are
drawn from where its placeholder began, wrapped to the column (which ends at the body's
right edge), down to the next source's row (``reserve_rows`` reserves lines for it from
the number of citations). A list longer than its row holds is set smaller, a quarter
point at a time down to ``SMALLEST`` of the row's size, its first line still on the row's
baseline: every page is listed, the row does not grow. Only when even that does not fit
does ``number_labels`` return None, and the caller typesets a second time with the numbers
in the cells (the old way: slower, always right). A source's row that wkhtmltopdf split at
the foot of a page (old WebKit breaks table rows whatever the CSS says) carries its
reserved lines over to the top of the next page: the list goes on there, if nothing is
printed where it goes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Brief
from .navigation import Layout, Word, headings, page_ranges
from .stamp import Label, text_width

#: A citation in the HTML (not a source's own entry, which has an id): its source's number.
_CITATION = re.compile(r'class="src"(?! id)[^>]*>\[(\d+)')
PER_LINE = 3                # page numbers a line of the column holds, at the least
MOST_LINES = 6              # lines reserved at most; a longer list is set smaller (see above)
SMALLEST = 0.75             # a list too long for its row is set smaller, down to this much
STEP = 0.25                 # points, from one size tried to the next

#: poppler's word box spans the font's ascent and descent: 0.928 + 0.236 em for DejaVu Sans.
ASCENT, DESCENT = 0.928, 0.236
LINE = 1.2                  # line height, in em
CELL_PAD = 3.0              # points between the column's text and the body's right edge
TOP_GAP = 0.4               # points from the body's top edge to its first word's box


@dataclass
class Numbers:
    """What the stamp does per page: the labels to draw and the rectangles to erase."""
    labels: dict[int, list[Label]]
    erase: dict[int, list[tuple[float, float, float, float]]]


def _size(word: Word) -> float:
    return max(4.0, (word.bottom - word.top) / (ASCENT + DESCENT))


def _baseline(word: Word, height: float) -> float:
    """The word's baseline in PDF coordinates (from the bottom of the page)."""
    return height - (word.bottom - DESCENT * _size(word))


def wrap_after_commas(text: str, width: float, measure) -> list[str]:
    """``text`` ("2–4, 7, 9") in lines no wider than ``width`` (``measure(line)`` gives a
    line's width), broken after its commas. Both the stamped page lists and WeasyPrint's
    (``weasy_pages``) are wrapped so."""
    lines: list[str] = []
    for part in text.split(", ") if text else []:
        if lines and measure(lines[-1] + ", " + part + ",") <= width:
            lines[-1] += ", " + part
        else:
            if lines:
                lines[-1] += ","
            lines.append(part)
    return lines


def _reserved(citations: int) -> int:
    """The lines reserved for the pages of a source cited ``citations`` times."""
    return max(1, min(MOST_LINES, -(-citations // PER_LINE)))


def reserve_rows(html: str) -> str:
    """Reserve, under each source's placeholder, the blank lines its list of pages will
    need: one line for every ``PER_LINE`` citations of it in the brief, at most
    ``MOST_LINES``."""
    counts: dict[str, int] = {}
    for m in _CITATION.finditer(html):
        counts[m.group(1)] = counts.get(m.group(1), 0) + 1

    def reserve(m: re.Match) -> str:
        return m.group(0) + "<br>&nbsp;" * (_reserved(counts.get(m.group(1), 0)) - 1)
    return re.sub(r"@s(\d+)#", reserve, html)


def fill_placeholders(html: str, layout: Layout) -> str:
    """The HTML with the page numbers in place of the placeholders (the HTML copy)."""
    pages = layout.heading_pages()
    cited = {n: page_ranges(p) for n, p in layout.cited_pages().items()}

    def fill(m: re.Match) -> str:
        key = int(m.group(2))
        if m.group(1) == "h":
            return str(pages[key] or "") if key < len(pages) else ""
        return cited.get(key, "")
    return re.sub(r"@([hs])(\d+)#(?:<br>&nbsp;)*", fill, html)


def _carried_over(layout: Layout, rows, page: int, count: int, size: float,
                  top_margin: float, bottom_margin: float, x0: float,
                  row_size: float | None = None) -> list[tuple[int, float]]:
    """The tops of ``count`` lines (in ``size``) at the top of ``page``, where a row split
    at the foot of the page before goes on; none if they would reach the next row or any
    printed word. The room is counted in whole lines of the row's size (``row_size``)."""
    first = top_margin + TOP_GAP
    last = first + count * size * LINE
    after = [top for p, top in rows if p == page]
    floor = min(after) if after else layout.heights[page] - bottom_margin
    words = layout.words[page] if page < len(layout.words) else []
    if last - first > _room(floor - first, row_size or size) + 0.01 or any(
            w.top < last and w.bottom > first and w.x1 > x0 for w in words):
        return []
    return [(page, first + i * size * LINE) for i in range(count)]


def _room(height: float, size: float) -> float:
    """The height of the whole lines of ``size`` that ``height`` holds (give or take a
    point): a row's room, which ends that much above the next row's text."""
    return (height + 1) // (size * LINE) * size * LINE


def _sizes(size: float):
    """The row's type size, then smaller ones down to ``SMALLEST`` of it."""
    yield size
    smaller = size - STEP
    while smaller >= size * SMALLEST - 1e-6:
        yield smaller
        smaller -= STEP


def _place(layout: Layout, rows, page: int, word: Word, text: str, size: float,
           row_size: float, width: float, floor: float, top_margin: float,
           bottom_margin: float) -> tuple[list[str], list[tuple[int, float]]] | None:
    """The lines of ``text`` set in ``size`` and where each goes: (page, top), the top of
    a line in the row's size ``row_size`` whose baseline is the line's (the first line's
    is the row's). In the row under the placeholder ``word`` down to ``floor`` and, when
    ``top_margin`` is given, on at the next page's top (``_carried_over``); None if it does
    not fit."""
    lines = wrap_after_commas(text, width, lambda line: text_width(line, size))
    if any(text_width(line, size) > width for line in lines):
        return None
    lift = ASCENT * (row_size - size)           # a smaller line's top is that much lower
    here = max(1, int((_room(floor - word.top, row_size) - lift + 0.01) // (size * LINE)))
    spots = [(page, word.top + i * size * LINE) for i in range(min(here, len(lines)))]
    if len(lines) > here:
        if not top_margin:
            return None
        spots += [(at, top - lift) for at, top in _carried_over(
            layout, rows, page + 1, len(lines) - here, size, top_margin, bottom_margin,
            word.x0, row_size)]
        if len(spots) < len(lines):
            return None
    return lines, spots


def number_labels(layout: Layout, brief: Brief, page_width: float, right_margin: float,
                  bottom_margin: float, top_margin: float = 0.0) -> Numbers | None:
    """The labels and erasures for every placeholder found, or None when a source's list
    of pages does not fit in its row (then typeset again with the numbers in the cells).
    ``top_margin`` (points; 0: never): where the body of a page starts, for the list of a
    row split at a page's foot (``_carried_over``)."""
    heading_pages = layout.heading_pages()
    cited = {n: page_ranges(p) for n, p in layout.cited_pages().items()}
    count = len(headings(brief))
    out = Numbers({}, {})
    rows = sorted((p, w.top) for p, w, kind, _ in layout.placeholders if kind == "s")
    citing: dict[int, int] = {}
    for _, _, n in layout.citations:
        citing[n] = citing.get(n, 0) + 1
    for page, word, kind, key in layout.placeholders:
        height = layout.heights[page]
        out.erase.setdefault(page, []).append(
            (word.x0 - 1, height - word.bottom - 1, word.x1 + 1, height - word.top + 1))
        size, baseline = _size(word), _baseline(word, height)
        if kind == "h":
            number = heading_pages[key] if 0 <= key < count else None
            if number:
                out.labels.setdefault(page, []).append(
                    Label(word.x1, baseline, size, str(number), "right"))
            continue
        text = cited.get(key, "")
        if not text:
            continue
        width = page_width - right_margin - CELL_PAD - word.x0
        below = [top for p, top in rows if p == page and top > word.top + 1]
        floor = min(below) if below else height - bottom_margin
        reserved = word.top + _reserved(citing.get(key, 0)) * size * LINE
        carry = not below and reserved > floor and top_margin and page + 1 < len(layout.heights)
        if not below and not carry:     # the page's last row: its reserved lines (the blank
            floor = min(floor, reserved)      # under it is the page's, not the row's)
        for smaller in _sizes(size):
            placed = _place(layout, rows, page, word, text, smaller, size, width, floor,
                            top_margin if carry else 0.0, bottom_margin)
            if placed is not None:
                break
        else:
            return None
        lines, spots = placed
        rise = ASCENT * size        # from the row's line top to its baseline: the first line
        for line, (at, top) in zip(lines, spots):            # of the list sits on it
            out.labels.setdefault(at, []).append(
                Label(word.x0, layout.heights[at] - (top + rise), smaller, line, "left"))
    return out
