"""Where a popup about a selection goes: beside it, never over it."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QWidget

GAP = 12


def selection_rect(view) -> QRect:
    """The selection of a text view, in global coordinates (a multi-line selection covers
    the viewport's width between its first and last line)."""
    cursor = view.textCursor()
    rects = []
    for pos in (cursor.selectionStart(), cursor.selectionEnd()):
        c = QTextCursor(cursor)
        c.setPosition(pos)
        rects.append(view.cursorRect(c))
    first, last = rects
    if first.top() == last.top():
        local = QRect(first.topLeft(), last.bottomRight()).normalized()
    else:
        viewport = view.viewport().rect()
        local = QRect(QPoint(viewport.left(), first.top()), QPoint(viewport.right(), last.bottom()))
    viewport = view.viewport()
    return QRect(viewport.mapToGlobal(local.topLeft()), local.size())


def place_beside(popup: QWidget, view) -> None:
    """Put ``popup`` beside the view's selection: to its right, else its left, else below,
    else above; always on the screen."""
    sel = selection_rect(view)
    screen = (view.screen() or popup.screen()).availableGeometry()
    size = popup.size().expandedTo(popup.sizeHint())
    w, h = size.width(), size.height()
    y_beside = min(max(screen.top(), sel.top() - 24), screen.bottom() - h)
    x_below = min(max(screen.left(), sel.left() - 24), screen.right() - w)
    candidates = (
        QPoint(sel.right() + GAP, y_beside),               # right of the selection
        QPoint(sel.left() - GAP - w, y_beside),            # left of it
        QPoint(x_below, sel.bottom() + GAP),                # below
        QPoint(x_below, sel.top() - GAP - h),               # above
    )
    for point in candidates:
        if screen.contains(QRect(point, size)):
            popup.move(point)
            return
    popup.move(QPoint(max(screen.left(), screen.right() - w),
                      max(screen.top(), screen.bottom() - h)))
