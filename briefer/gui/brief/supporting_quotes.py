"""The quotes a key judgment rests on, in the judgment editor: the list (a double-click shows
a quote in its document), "Add selected quote" — the quote last selected in the quotes table
or the reader (``hub.quoteSelected``) — and "Remove quote"."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import NotFound
from ...core.text import excerpt
from ..shell.hub import Hub


class SupportingQuotes(QWidget):
    """``ids`` (in order) shown as excerpts; ``edited`` after a button added or removed one."""

    edited = Signal()

    def __init__(self, hub: Hub, parent: QWidget | None = None):
        super().__init__(parent)
        self.hub = hub
        self.ids: list[str] = []                # the linked quotes
        self.selected = ""                      # the current quote elsewhere in the app
        self.writable = False

        self.list = QListWidget(self)
        self.list.setMinimumHeight(50)
        self.list.setWordWrap(True)
        self.list.setToolTip("Double-click a quote to show it in its document")
        self.add_button = QPushButton("Add selected quote", self)
        self.remove_button = QPushButton("Remove quote", self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Supporting quotes:", self))
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

        self.add_button.clicked.connect(self.add_selected)
        self.remove_button.clicked.connect(self.remove_current)
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.list.itemDoubleClicked.connect(
            lambda item: hub.quoteActivated.emit(item.data(Qt.ItemDataRole.UserRole)))
        hub.quoteSelected.connect(self._quote_selected)

    def reset(self) -> None:
        """Another project: no quote linked, none selected."""
        self.ids, self.selected = [], ""

    def show_quotes(self, ids: Iterable[str]) -> None:
        self.ids = list(ids)
        self._fill()

    def set_writable(self, writable: bool) -> None:
        self.writable = writable
        self._update_buttons()

    def add_selected(self) -> None:
        if self.selected and self.selected not in self.ids:
            self.ids.append(self.selected)
            self._fill()
            self.edited.emit()

    def remove_current(self) -> None:
        item = self.list.currentItem()
        if item is not None and item.data(Qt.ItemDataRole.UserRole) in self.ids:
            self.ids.remove(item.data(Qt.ItemDataRole.UserRole))
            self._fill()
            self.edited.emit()

    def _quote_selected(self, quote_id: str) -> None:
        self.selected = quote_id or ""
        self._update_buttons()

    def _fill(self) -> None:
        self.list.clear()
        for quote_id in self.ids:
            try:
                quote = self.hub.project.quotes.get(quote_id)
            except NotFound:
                continue
            item = QListWidgetItem(f"“{excerpt(quote.exact, 70)}” — "
                                   f"{excerpt(quote.doc_title or 'Untitled', 40)}", self.list)
            item.setData(Qt.ItemDataRole.UserRole, quote_id)
            item.setToolTip(quote.exact)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.add_button.setEnabled(self.writable and bool(self.selected)
                                   and self.selected not in self.ids)
        self.add_button.setToolTip(
            "Link the quote selected in the quotes table or the reader" if self.selected
            else "Select a quote in the quotes table or click a highlight first")
        self.remove_button.setEnabled(self.writable and self.list.currentRow() >= 0)
