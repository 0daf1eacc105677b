"""The highlights of a pane's text: one extra selection per piece of text the same quotes
cover, its colour the blend of theirs (or stripes of one quote's several colours), flashed,
underlined where quotes overlap or the selected quote is."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextEdit

from ...core.records import Quote
from .colours import blend, striped

FLASH_COLOUR = QColor("#ffd400")


def highlight_selections(doc: QTextDocument, segments: Iterable[tuple[int, int, list[int]]],
                         quotes: Sequence[Quote], colours: Sequence[QColor],
                         colour_sets: Sequence[list[QColor]], flash_id: str,
                         selected: str) -> list[QTextEdit.ExtraSelection]:
    """The extra selections of ``segments`` (UTF-16 start, end, indexes in ``quotes`` of
    those over it): ``colours`` / ``colour_sets`` are each quote's colour and all its colours."""
    selections: list[QTextEdit.ExtraSelection] = []
    for s, e, cover in segments:
        fmt = QTextCharFormat()
        ids = [quotes[i].id for i in cover]
        if flash_id in ids:
            fmt.setBackground(FLASH_COLOUR)
        elif len(cover) == 1 and len(colour_sets[cover[0]]) > 1:
            fmt.setBackground(striped(colour_sets[cover[0]]))
        else:
            fmt.setBackground(blend([colours[i] for i in cover]))
        if len(cover) > 1:
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
            fmt.setUnderlineColor(QColor("#555555"))
        if selected and selected in ids:
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(QColor("#202020"))
        sel = QTextEdit.ExtraSelection()
        cursor = QTextCursor(doc)        # a fresh cursor per piece: reusing one is slow
        cursor.setPosition(s)
        cursor.setPosition(e, QTextCursor.MoveMode.KeepAnchor)
        sel.cursor, sel.format = cursor, fmt
        selections.append(sel)
    return selections
