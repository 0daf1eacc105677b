"""The find bar of a reading pane."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
    QWidget,
)


class FindBar(QWidget):
    """Find in the pane's text: Enter finds the next, Shift+Enter the previous, Esc closes."""

    def __init__(self, view: QPlainTextEdit, parent: QWidget | None = None):
        super().__init__(parent)
        self.view = view
        self.edit = QLineEdit(placeholderText="Find in this document…")
        self.edit.setClearButtonEnabled(True)
        self.status = QLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.status)
        for text, slot in (("↑", lambda: self.find_next(True)),
                           ("↓", lambda: self.find_next(False)), ("✕", self.close_bar)):
            button = QToolButton(autoRaise=True)
            button.setText(text)
            button.clicked.connect(slot)
            layout.addWidget(button)
        self.edit.installEventFilter(self)
        self.edit.textEdited.connect(lambda _t: self.find_next(False, from_start_of_match=True))

    def open_bar(self) -> None:
        selected = self.view.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.edit.setText(selected)
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.view.setFocus()

    def eventFilter(self, obj, event) -> bool:
        if obj is self.edit and event.type() == QEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.find_next(backward=bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier))
                return True
        return False

    def find_next(self, backward: bool = False, from_start_of_match: bool = False) -> bool:
        needle = self.edit.text()
        if not needle:
            self.status.clear()
            return False
        view = self.view
        if from_start_of_match:
            cursor = view.textCursor()
            cursor.setPosition(cursor.selectionStart())
            view.setTextCursor(cursor)
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        found = view.find(needle, flags)
        if not found:                                   # wrap around
            cursor = view.textCursor()
            cursor.movePosition(QTextCursor.MoveOperation.End if backward
                                else QTextCursor.MoveOperation.Start)
            view.setTextCursor(cursor)
            found = view.find(needle, flags)
        if found:
            view.centerCursor()                        # the hit in the middle, not at an edge
        self.status.setText(self.position_text() if found else "not found")
        return found

    def position_text(self) -> str:
        """"n of m": which hit is selected among all of them (case-insensitive, as found)."""
        needle = self.edit.text().casefold()
        text = self.view.toPlainText().casefold()
        if not needle or len(text) != len(self.view.toPlainText()):
            return ""
        starts, i = [], text.find(needle)
        while i >= 0:
            starts.append(i)
            i = text.find(needle, i + 1)
        here = self.view.textCursor().selectionStart()
        n = next((k + 1 for k, s in enumerate(starts) if s == here), 0)
        return f"{n} of {len(starts)}" if n else f"{len(starts)} found"
