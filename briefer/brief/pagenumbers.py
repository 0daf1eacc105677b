"""The page numbers of the contents list and of the sources' "Cited on pages" column,
written onto the finished pages.

The brief is typeset once, with a placeholder (``navigation.placeholder``) where each
number goes: the placeholder's word in the text layer says where (page, box, baseline and
type size), its text object is erased from the page, and the number is drawn in its place
by the stamp's overlay (``stamp.Label``), in the same way as the page furniture. Nothing
moves: the pages break where the one typesetting pass broke them.

A contents number is drawn right-aligned where its placeholder ended. A source's pages are
drawn from where its placeholder began, wrapped to the column (which ends at the body's
right edge), down to the next source's row. When a list needs more room than its row has,
``number_labels`` returns None and the caller typesets a second time with the numbers in
the cells (the old way: slower, always right).
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Brief
from .navigation import Layout, Word, headings, page_ranges
from .stamp import Label, text_width

#: poppler's word box spans the font's ascent and descent: 0.928 + 0.236 em for DejaVu Sans.
ASCENT, DESCENT = 0.928, 0.236
LINE = 1.2                  # line height, in em
CELL_PAD = 3.0              # points between the column's text and the body's right edge


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


def _wrap(text: str, size: float, width: float) -> list[str]:
    """``text`` ("2–4, 7, 9") in lines no wider than ``width``, broken after commas."""
    lines: list[str] = []
    for part in text.split(", "):
        if lines and text_width(lines[-1] + ", " + part + ",", size) <= width:
            lines[-1] += ", " + part
        else:
            if lines:
                lines[-1] += ","
            lines.append(part)
    return lines


def number_labels(layout: Layout, brief: Brief, page_width: float, right_margin: float,
                  bottom_margin: float) -> Numbers | None:
    """The labels and erasures for every placeholder found, or None when a source's list
    of pages does not fit in its row (then typeset again with the numbers in the cells)."""
    heading_pages = layout.heading_pages()
    cited = {n: page_ranges(p) for n, p in layout.cited_pages().items()}
    count = len(headings(brief))
    out = Numbers({}, {})
    rows = sorted((p, w.top) for p, w, kind, _ in layout.placeholders if kind == "s")
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
        lines = _wrap(text, size, width)
        below = [top for p, top in rows if p == page and top > word.top + 1]
        floor = min(below) if below else height - bottom_margin
        if word.top + len(lines) * size * LINE > floor + 1 or any(
                text_width(line, size) > width for line in lines):
            return None
        for i, line in enumerate(lines):
            out.labels.setdefault(page, []).append(
                Label(word.x0, baseline - i * size * LINE, size, line, "left"))
    return out
