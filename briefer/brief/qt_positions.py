"""Where the Qt engine's words land, read from the QTextDocument's own layout.

The navigation (outline, links, page numbers: ``navigation.locate``) needs the page and box
of a few words: a heading's "N." and the words after it, "KJn", the citations "[n" and the
page-number placeholders "@h3#". wkhtmltopdf's are read back from the PDF's text layer
(``pdftotext -bbox``); the Qt engine knows them before it paints a page: each block's
layout gives its lines, each line its baseline and the x of any character. So they are read
here, in document order, as ``navigation.Word`` boxes in the PDF's points (top-left origin,
the box spanning the font's ascent and descent as poppler's does), and no PDF is read.

Also read here: the pages whose text layer the stamp must mend (``straddled``), and the
placeholders' places in the document (``Positions.marks``), so that a source's cited pages
can be written into its row before the pages are painted (``qt_engine``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import cast

from PySide6.QtGui import QTextBlock, QTextDocument, QTextLine, QTextTable

from .navigation import Word
from .pagenumbers import ASCENT, DESCENT

#: A word that may matter to ``navigation.locate``: a citation, a placeholder, "KJn", "N.".
_WANTED = re.compile(r"(?<!\S)(?:\[\d|@[hs]\d+#|KJ\d|\d+\.(?!\S))")
_TOKEN = re.compile(r"[^\s\u200b]+")
_NUMBER = re.compile(r"^\d+\.$")
FOLLOWING = 3               # words after a heading's "N." (``locate`` reads its title there)


@dataclass(frozen=True)
class Geometry:
    """How the layout's pixels map onto the PDF's pages."""
    page_px: float          # a page's body height, in layout pixels
    scale: float            # layout pixels per point
    left: float             # the body's left and top edges on the page, in points
    top: float
    height: float           # the page's height, in points
    pages: int


@dataclass
class Positions:
    words: list[list[Word]]                 # each page's wanted words, in document order
    heights: list[float]
    marks: dict[str, tuple[int, float]] = field(default_factory=dict)  # placeholder →
    #                                    (document position, top of its line in layout px)
    starts: list[list[int]] = field(default_factory=list)   # each word's document position


def read_positions(doc: QTextDocument, geo: Geometry, since: int = 0,
                   before: Positions | None = None) -> Positions:
    """The wanted words of the laid-out ``doc`` (see the module's docstring). With
    ``before`` (read when nothing before document position ``since`` had changed since),
    only the blocks from ``since`` on are read again."""
    layout = doc.documentLayout()
    out = Positions([[] for _ in range(geo.pages)], [geo.height] * geo.pages,
                    starts=[[] for _ in range(geo.pages)])
    block = doc.begin()
    if before is not None:
        block = doc.findBlock(since)
        since = block.position()
        # the pages before ``since`` stay; pages after it may be gone (a shorter list)
        for page, (words, starts) in enumerate(zip(before.words[:geo.pages],
                                                   before.starts[:geo.pages])):
            kept = [k for k, at in enumerate(starts) if at < since]
            out.words[page] += [words[k] for k in kept]
            out.starts[page] += [starts[k] for k in kept]
        out.marks = {k: v for k, v in before.marks.items() if v[0] < since}
    while block.isValid():
        text = block.text()
        if _WANTED.search(text):
            _read_block(block, text, layout.blockBoundingRect(block), geo, out)
        block = block.next()
    return out


def _read_block(block: QTextBlock, text: str, rect, geo: Geometry, out: Positions) -> None:
    lines = block.layout()
    tokens = list(_TOKEN.finditer(text))
    taken: set[int] = set()
    for i, token in enumerate(tokens):
        if i in taken or not _WANTED.match(token.group()):
            continue
        span = range(i, min(len(tokens), i + 1 + FOLLOWING)) \
            if _NUMBER.match(token.group()) else range(i, i + 1)
        for k in span:
            if k in taken:
                continue
            taken.add(k)
            m = tokens[k]
            line = lines.lineForTextPosition(m.start())
            if not line.isValid():
                continue
            y = rect.top() + line.y()
            page = min(geo.pages - 1, max(0, int((y + line.height() / 2) // geo.page_px)))
            size = _points(block, m.start(), geo.scale)
            baseline = geo.top + (y + line.ascent() - page * geo.page_px) / geo.scale
            x0 = geo.left + (rect.left() + _x(line, m.start())) / geo.scale
            x1 = geo.left + (rect.left() + _x(line, m.end())) / geo.scale
            out.words[page].append(Word(m.group(), x0, baseline - ASCENT * size, x1,
                                        baseline + DESCENT * size))
            out.starts[page].append(block.position() + m.start())
            if m.group().startswith("@"):
                out.marks[m.group()] = (block.position() + m.start(), y)


def _x(line: QTextLine, at: int) -> float:
    """The x of the character boundary at ``at`` (PySide returns (x, position))."""
    x = line.cursorToX(at)
    return float(x[0] if isinstance(x, tuple) else cast(float, x))


def _points(block: QTextBlock, at: int, scale: float) -> float:
    """The type size (points) of the character at ``at`` in ``block``."""
    it = block.begin()
    while not it.atEnd():
        fragment = it.fragment()
        start = fragment.position() - block.position()
        if start <= at < start + fragment.length():
            font = fragment.charFormat().font()
            if font.pointSizeF() > 0:
                return font.pointSizeF()
            if font.pixelSize() > 0:
                return font.pixelSize() / scale
            break
        it += 1
    return block.document().defaultFont().pointSizeF()


def first_below(doc: QTextDocument, y: float) -> int:
    """The document position of the first top-level block or table reaching below ``y``
    (layout pixels)."""
    layout = doc.documentLayout()
    it = doc.rootFrame().begin()
    while not it.atEnd():
        frame = it.currentFrame()
        if frame is not None:
            if layout.frameBoundingRect(frame).bottom() > y:
                return frame.firstPosition()
        elif layout.blockBoundingRect(it.currentBlock()).bottom() > y:
            return it.currentBlock().position()
        it += 1
    return doc.characterCount()


def straddled(doc: QTextDocument, page_px: float, edge: float) -> set[int]:
    """The pages on either side of a page break that cuts a paragraph: where Qt paints a
    line clipped out of sight into the margin (``stamp_pdf``'s ``mend``). Any paragraph of
    more than one line in a top-level block or table that spans a page break counts."""
    layout = doc.documentLayout()
    pages: set[int] = set()
    it = doc.rootFrame().begin()
    while not it.atEnd():
        frame = it.currentFrame()
        if frame is None:
            block = it.currentBlock()
            if block.layout().lineCount() > 1:
                rect = layout.blockBoundingRect(block)
                pages.update(_pages(rect.top(), rect.bottom(), page_px, edge))
        elif isinstance(frame, QTextTable):
            rect = layout.frameBoundingRect(frame)
            if _pages(rect.top(), rect.bottom(), page_px, edge):
                block = doc.findBlock(frame.firstPosition())
                while block.isValid() and block.position() <= frame.lastPosition():
                    if block.layout().lineCount() > 1:
                        rect = layout.blockBoundingRect(block)
                        pages.update(_pages(rect.top(), rect.bottom(), page_px, edge))
                    block = block.next()
        it += 1
    return pages


def _pages(top: float, bottom: float, page_px: float, edge: float) -> list[int]:
    """The pages after the first from ``top`` to ``bottom`` (none if on one page)."""
    first, last = int((top + edge) // page_px), int((bottom - edge) // page_px)
    return list(range(first + 1, last + 1))
