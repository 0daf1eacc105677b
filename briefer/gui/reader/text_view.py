"""The text of a reading pane: read-only, selectable, with the keys and mouse gestures of
tagging (number keys, double-click on a highlight, dragging a quote's ends)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from ...core.anchoring import Utf16Map

CR_SHOWN_AS = "\u200b"            # zero-width space: keeps \r\n two units long


def display_text(text: str) -> str:
    return text.replace("\r\n", CR_SHOWN_AS + "\n")


class TextView(QPlainTextEdit):
    """Read-only, wrapping, selectable text; number keys, clicks, double-clicks on a
    highlight and drags of a quote's ends (``edges``) become signals."""

    numberKey = Signal(int)
    clicked = Signal(int)
    doubleClicked = Signal(int)        # UTF-16 position of a double-click on a highlight
    edgeDragged = Signal(str, int)     # ("start" or "end", UTF-16 position it was let go at)
    spanKey = Signal(str, bool)        # edge, grow: Alt(+Shift)+arrow on a selected quote

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setUndoRedoEnabled(False)
        self.source = ""                     # the document's text as stored
        self.map = Utf16Map("")
        self.document().setDocumentMargin(8)
        #: Returns the UTF-16 (start, end) of the selected quote, or None (set by the pane).
        self.edges: Callable[[], tuple[int, int] | None] = lambda: None
        #: Returns whether a UTF-16 position is inside a highlight (set by the pane).
        self.on_highlight = lambda _pos: False
        self._dragging: tuple[str, int] | None = None      # (edge, the other end)
        self.setMouseTracking(True)

    def _edge_at(self, pos16: int) -> str | None:
        span = self.edges()
        if span is None:
            return None
        if abs(pos16 - span[0]) <= 1:
            return "start"
        if abs(pos16 - span[1]) <= 1:
            return "end"
        return None

    def mousePressEvent(self, event) -> None:
        pos16 = self.cursorForPosition(event.position().toPoint()).position()
        edge = self._edge_at(pos16) if event.button() == Qt.MouseButton.LeftButton else None
        if edge is not None:
            span = self.edges()
            assert span is not None                 # _edge_at found an edge of it
            self._dragging = (edge, span[1] if edge == "start" else span[0])
            event.accept()
            return
        cursor = self.textCursor()
        if (event.button() == Qt.MouseButton.LeftButton and cursor.hasSelection()
                and cursor.selectionStart() <= pos16 < cursor.selectionEnd()):
            # a press inside the selection starts a new selection, never a text drag
            cursor.setPosition(pos16)
            self.setTextCursor(cursor)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        pos16 = self.cursorForPosition(event.position().toPoint()).position()
        if self._dragging is not None:
            cursor = QTextCursor(self.document())
            cursor.setPosition(self._dragging[1])
            cursor.setPosition(pos16, QTextCursor.MoveMode.KeepAnchor)
            self.setTextCursor(cursor)               # the span as it will be
            return
        if not event.buttons():
            self.viewport().setCursor(Qt.CursorShape.SizeHorCursor if self._edge_at(pos16)
                                      else Qt.CursorShape.IBeamCursor)
        super().mouseMoveEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        pos16 = self.cursorForPosition(event.position().toPoint()).position()
        if event.button() == Qt.MouseButton.LeftButton and self.on_highlight(pos16):
            self.doubleClicked.emit(pos16)
            return
        super().mouseDoubleClickEvent(event)

    def keyPressEvent(self, event) -> None:
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if (event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right)
                and mods & Qt.KeyboardModifier.AltModifier
                and not mods & Qt.KeyboardModifier.ControlModifier and self.edges() is not None):
            right = event.key() == Qt.Key.Key_Right
            if mods & Qt.KeyboardModifier.ShiftModifier:     # the start: Left grows, Right trims
                self.spanKey.emit("start", not right)
            else:                                # the end: Right grows, Left trims
                self.spanKey.emit("end", right)
            return
        if (Qt.Key.Key_1 <= event.key() <= Qt.Key.Key_9 and self.textCursor().hasSelection()
                and not event.modifiers() & ~(Qt.KeyboardModifier.KeypadModifier
                                              | Qt.KeyboardModifier.ShiftModifier)):
            self.numberKey.emit(event.key() - Qt.Key.Key_0)
            return
        super().keyPressEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if self._dragging is not None:
            edge, _other = self._dragging
            self._dragging = None
            pos16 = self.cursorForPosition(event.position().toPoint()).position()
            self.edgeDragged.emit(edge, pos16)
            return
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            self.clicked.emit(self.cursorForPosition(event.position().toPoint()).position())

    def createMimeDataFromSelection(self) -> QMimeData:
        """Copy the stored text of the selection (\\r\\n and all), not what is shown."""
        cursor = self.textCursor()
        data = QMimeData()
        data.setText(self.source[self.map.from16(cursor.selectionStart()):
                                 self.map.from16(cursor.selectionEnd())])
        return data
