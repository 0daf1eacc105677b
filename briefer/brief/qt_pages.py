"""Page breaks for the Qt engine: keep headings with what follows, blocks in one piece.

QTextDocument ignores CSS ``page-break-inside`` and ``page-break-after``: it breaks a
table wherever the page ends (a quote across two pages, a heading alone at a page foot).
So the document is laid out, and the top-level pieces that straddle a page boundary are
pushed to the next page (``PageBreak_AlwaysBefore``) in a second layout pass:

- a block no taller than a page: a table of one or two rows (a quote, a key judgment, a
  boxed paragraph, a source with its reliability reason, the colophon), or a table with a
  header row and at most ``LONG_TABLE`` rows (the matrix, the first rows of the actors, as
  the template splits them); longer tables, and the rest of the actors, break between rows;
- a heading, together with what follows it: its section's note (a short paragraph right
  under it) and then the first such block, else the first rows of the table (or the
  first paragraph) under it.

A push is simulated over the whole document at once (everything after it moves down by
the space it leaves), then all pushes are applied in one edit block (one relayout). One
round: further rounds pushed pieces that Qt's own row breaking had already moved, adding
a page for two pushes (1,000 quotes: 144 pages after one round, 174 after two).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QTextBlock, QTextCursor, QTextDocument, QTextFormat, QTextTable

from .html import LONG_TABLE

ROUNDS = 1             # later rounds pushed pieces Qt had already moved: +20 % pages
EDGE = 3.0              # px: Qt puts a pushed table a hair above the page's top edge
FIRST_ROWS = 60.0       # px of a long table kept with its heading (header row + a row)


@dataclass
class _Piece:
    top: float
    bottom: float
    push: object          # a QTextTable or the heading's QTextBlock


def _items(doc: QTextDocument):
    """Top-level (block or table, top, bottom) in document order."""
    layout = doc.documentLayout()
    it = doc.rootFrame().begin()
    while not it.atEnd():
        frame = it.currentFrame()
        if frame is not None:
            rect = layout.frameBoundingRect(frame)
            yield frame, rect.top(), rect.bottom()
        else:
            block = it.currentBlock()
            rect = layout.blockBoundingRect(block)
            yield block, rect.top(), rect.bottom()
        it += 1


def _is_blank(item) -> bool:
    return isinstance(item, QTextBlock) and not item.text().strip()


def _is_block(item, height: float, page: float) -> bool:
    """A table that moves whole (see the module's docstring)."""
    if not isinstance(item, QTextTable) or not 8 <= height <= page:
        return False
    return item.rows() <= 2 or (item.format().headerRowCount() > 0
                                and item.rows() <= LONG_TABLE + 1)


def _pieces(doc: QTextDocument, page: float) -> list[_Piece]:
    items = list(_items(doc))
    pieces: list[_Piece] = []
    for i, (item, top, bottom) in enumerate(items):
        if isinstance(item, QTextBlock) and item.blockFormat().headingLevel() == 2:
            end, note = bottom, True
            for nxt, ntop, nbottom in items[i + 1:]:
                if _is_blank(nxt) or (isinstance(nxt, QTextTable) and nbottom - ntop < 8):
                    end = max(end, nbottom)           # spacing and the rule under the heading
                    continue
                if note and isinstance(nxt, QTextBlock) and nxt.blockFormat().headingLevel() \
                        == 0 and nbottom - ntop <= FIRST_ROWS:
                    end, note = nbottom, False        # the section's note: the block after too
                    continue
                whole = _is_block(nxt, nbottom - ntop, page)
                end = nbottom if whole else min(nbottom, ntop + FIRST_ROWS)
                break
            pieces.append(_Piece(top, end, item))
        elif _is_block(item, bottom - top, page):
            pieces.append(_Piece(top, bottom, item))
    return pieces


def _plan(pieces: list[_Piece], page: float) -> list[object]:
    """The pieces to start on a new page, simulating each push's shift on those after."""
    shift, pushed, floor = 0.0, [], 0.0
    for piece in pieces:
        top, bottom = piece.top + shift, piece.bottom + shift
        if top < floor:             # inside a piece already pushed (a heading's first table)
            continue
        first, last = int((top + EDGE) // page), int((bottom - EDGE) // page)
        if first != last and bottom - top <= page and not _pushed(piece.push):
            gap = (first + 1) * page - top
            shift += gap
            pushed.append(piece.push)
            bottom += gap
        floor = bottom
    return pushed


def _pushed(item) -> bool:
    fmt = item.format() if isinstance(item, QTextTable) else item.blockFormat()
    return bool(fmt.pageBreakPolicy() & QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)


def _break_before(item, on: bool = True) -> None:
    policy = QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore if on else \
        QTextFormat.PageBreakFlag.PageBreak_Auto
    if isinstance(item, QTextTable):
        fmt = item.format()
        fmt.setPageBreakPolicy(policy)
        item.setFormat(fmt)
    else:
        cursor = QTextCursor(item)
        fmt = item.blockFormat()
        fmt.setPageBreakPolicy(policy)
        cursor.setBlockFormat(fmt)


def keep_together(doc: QTextDocument, since: float = 0.0) -> int:
    """Push straddling headings and blocks to the next page; return how many were pushed.

    ``doc`` must have its page size set (paginated layout). ``since`` (layout pixels): only
    the pieces reaching below it are looked at, and those pushed before are let go first
    (for the Qt engine's sources table, changed after a first pass over the whole)."""
    page = doc.pageSize().height()
    total = 0
    if since:
        doc.pageCount()
        earlier = [p.push for p in _pieces(doc, page) if p.bottom > since and _pushed(p.push)]
        if earlier:
            cursor = QTextCursor(doc)
            cursor.beginEditBlock()
            for item in earlier:
                _break_before(item, False)
            cursor.endEditBlock()
    for _ in range(ROUNDS):
        doc.pageCount()                       # lays the whole document out
        pushed = _plan([p for p in _pieces(doc, page) if p.bottom > since], page)
        if not pushed:
            break
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()               # one relayout for all the pushes, not one each
        for item in pushed:
            _break_before(item)
        cursor.endEditBlock()
        total += len(pushed)
    return total
