"""The pieces of the tag popup: the actor/theme checklists and the multi-line note."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QPlainTextEdit, QWidget

from ..widgets.swatch import swatch_icon

ID_ROLE = Qt.ItemDataRole.UserRole
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1
NEW_ROLE = Qt.ItemDataRole.UserRole + 2    # a name typed in the popup, created when it is saved


class TagList(QListWidget):
    """A checklist of actors or themes; items carry an id (or, for new ones, a name)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setUniformItemSizes(True)
        # Enter is left to the dialog (it saves); Space or a double-click ticks.
        self.itemDoubleClicked.connect(self._toggle)

    def _toggle(self, item: QListWidgetItem) -> None:
        checked = item.checkState() == Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    def add(self, key: str, name: str, colour: str, checked: bool, search: str = "",
            hint: str = "", new: bool = False) -> QListWidgetItem:
        item = QListWidgetItem(swatch_icon(colour), name)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                      | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        item.setData(ID_ROLE, key)
        item.setData(NEW_ROLE, new)
        item.setData(SEARCH_ROLE, f"{name} {search}".casefold())
        if hint:
            item.setToolTip(hint)
            font = QFont(item.font())
            font.setItalic(True)
            item.setFont(font)
        self.addItem(item)
        return item

    def all_items(self) -> list[QListWidgetItem]:
        return [self.item(i) for i in range(self.count())]

    def checked(self) -> list[str]:
        return [it.data(ID_ROLE) for it in self.all_items()
                if it.checkState() == Qt.CheckState.Checked]

    def checked_new(self) -> list[str]:
        """The names typed in the popup (not yet in the codebook) that are ticked."""
        return [it.data(ID_ROLE) for it in self.all_items()
                if it.checkState() == Qt.CheckState.Checked and it.data(NEW_ROLE)]

    def shown(self) -> list[QListWidgetItem]:
        return [it for it in self.all_items() if not it.isHidden()]

    def item_named(self, name: str) -> QListWidgetItem | None:
        return next((it for it in self.all_items() if it.text().casefold() == name.casefold()),
                    None)

    def filter(self, text: str) -> None:
        needle = text.strip().casefold()
        first = None
        for it in self.all_items():
            hidden = bool(needle) and needle not in it.data(SEARCH_ROLE)
            it.setHidden(hidden)
            if not hidden and first is None:
                first = it
        if first is not None:
            self.setCurrentItem(first)


class NoteEdit(QPlainTextEdit):
    """A multi-line note: Enter saves the popup (``submitted``), Shift+Enter starts a new
    line, Tab moves on."""

    submitted = Signal()

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(text, parent)
        self.setTabChangesFocus(True)
        self.setPlaceholderText("Note (Shift+Enter for a new line)")
        self.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.insertPlainText("\n")
            else:
                self.submitted.emit()
            return
        super().keyPressEvent(event)

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:
        self.setPlainText(text)
