"""The Quotes dock: filter bar, the quotes table, and beside it the inspector of the selected quote.

Selecting a row asks the reading area to show the quote (``hub.quoteActivated``) and tells
everyone it is the current one (``hub.quoteSelected``); a ``quoteSelected`` from elsewhere
(a click on a highlight) selects its row without echoing back. ``hub.filterRequested``
(from the matrix) replaces the filters.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..shell.changes import Changes
from ..shell.hub import Hub
from .commands import DeleteQuoteCommand
from .filter_bar import FilterBar
from .inspector import QuoteInspector
from .model import CREDIBILITY, EXCERPT, NOTE, SPEAKER, STAR, QuoteFilter, QuotesModel


EMPTY_HINT = ("No quotes yet. Select a passage in a pane and press Ctrl+T to tag it "
              "(Help ▸ Load demo annotations shows a worked example).")


class QuotesTable(QTableView):
    """The table; Delete (or Backspace) asks to delete the selected quote. Going to the end
    (Ctrl+End) fetches the rows the model has not handed over yet: the true last row."""

    deleteRequested = Signal()

    @staticmethod
    def _is_delete(event) -> bool:
        return event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not event.modifiers()

    def event(self, event) -> bool:
        # the table, not a window-wide shortcut on the same key, handles Delete when focused
        if event.type() == QEvent.Type.ShortcutOverride and self._is_delete(event):
            event.accept()
            return True
        return super().event(event)

    def moveCursor(self, action, modifiers):
        if action == QAbstractItemView.CursorAction.MoveEnd:
            fetch_all = getattr(self.model(), "fetch_all", None)
            if fetch_all is not None:
                fetch_all()
        return super().moveCursor(action, modifiers)

    def keyPressEvent(self, event) -> None:
        if self._is_delete(event):
            self.deleteRequested.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class QuotesDock(QDockWidget):
    def __init__(self, hub: Hub, parent=None):
        super().__init__("Quotes", parent)
        self.setObjectName("quotesDock")
        self.hub = hub
        self.current_id: str | None = None
        self._syncing = False

        self.model = QuotesModel(hub, self)
        self.filter_bar = FilterBar(self)
        self.filter_bar.speaker.source = self._speakers
        self.view = QuotesTable(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.setIconSize(QSize(44, 12))        # room for several swatches side by side
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        header = self.view.horizontalHeader()
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)      # unsorted = document order
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(EXCERPT, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(STAR, 28)
        header.resizeSection(NOTE, 140)
        header.resizeSection(SPEAKER, 160)
        header.resizeSection(CREDIBILITY,
                             header.fontMetrics().horizontalAdvance("Credibility") + 24)
        self.view.setSortingEnabled(True)
        self.count_label = QLabel(self)
        self.inspector = QuoteInspector(hub, self)

        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(4, 4, 4, 0)
        top_layout.addWidget(self.filter_bar)
        top_layout.addWidget(self.view, 1)
        top_layout.addWidget(self.count_label)
        self.inspector.setMinimumWidth(300)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)  # the inspector beside the table: the
        splitter.addWidget(top)                         # table keeps the dock's full height
        splitter.addWidget(self.inspector)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        self.setWidget(splitter)

        self.filter_bar.filterChanged.connect(self.model.set_filter)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.view.deleteRequested.connect(self.delete_selected)
        self.view.doubleClicked.connect(self._edit_row)
        self.inspector.deleteRequested.connect(self.delete_selected)
        for signal in (self.model.modelReset, self.model.layoutChanged, self.model.rowsInserted,
                       self.model.rowsRemoved, self.model.totalChanged):
            signal.connect(self._rows_changed)
        hub.projectOpened.connect(self._project_opened)
        hub.changed.connect(self._on_changed)
        hub.quoteSelected.connect(self._external_selection)
        hub.filterRequested.connect(self.apply_filter)
        if hub.has_project:
            self._reload_choices()
        self._rows_changed()

    # -- filters ---------------------------------------------------------------------
    def apply_filter(self, values) -> None:
        """Show the quotes ``values`` (a dict like ``filterRequested``'s, or a QuoteFilter)
        select."""
        quote_filter = values if isinstance(values, QuoteFilter) else QuoteFilter.from_dict(values)
        self.filter_bar.set_filter(quote_filter)       # emits filterChanged → model
        self.raise_()

    def clear_filters(self) -> None:
        self.filter_bar.clear()

    def _on_changed(self, changes: Changes, _source) -> None:
        if changes.documents:
            self._reload_choices()
        elif changes.codebook:
            self._reload_choices(codebook_only=True)
        elif changes.quotes:
            self.filter_bar.speaker.invalidate()

    def _speakers(self) -> list[str]:
        return self.hub.project.quotes.speakers() if self.hub.has_project else []

    def _reload_choices(self, codebook_only: bool = False) -> None:
        if self.hub.has_project:
            self.filter_bar.reload_choices(self.hub.project, codebook_only)

    def _project_opened(self) -> None:
        self.current_id = None
        self.filter_bar.set_filter(QuoteFilter(), notify=False)    # the model cleared its own
        self._reload_choices()
        self.inspector.show_quote(None)

    # -- selection -------------------------------------------------------------------
    def selected_id(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.quote_id(rows[0].row()) if rows else None

    def select_quote(self, quote_id: str | None) -> bool:
        """Select ``quote_id``'s row without telling the hub; False if it is not listed."""
        self._syncing = True
        try:
            row = self.model.row_of(quote_id, fetch=True) if quote_id else -1
            selection = self.view.selectionModel()
            if row < 0:
                selection.clearSelection()
            else:
                index = self.model.index(row, EXCERPT)
                selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                          | QItemSelectionModel.SelectionFlag.Rows)
                self.view.scrollTo(index)
        finally:
            self._syncing = False
        return row >= 0

    def _selection_changed(self, *_args) -> None:
        quote_id = self.selected_id()
        if self._syncing or quote_id is None or quote_id == self.current_id:
            return
        self.current_id = quote_id
        self.inspector.show_quote(quote_id)
        self.hub.quoteSelected.emit(quote_id)
        self.hub.quoteActivated.emit(quote_id)

    def _external_selection(self, quote_id: str) -> None:
        if self._syncing or quote_id == (self.current_id or ""):
            return
        self.current_id = quote_id or None
        self.select_quote(self.current_id)
        self.inspector.show_quote(self.current_id)

    def _edit_row(self, index) -> None:
        quote_id = self.model.quote_id(index.row()) if index.isValid() else None
        if quote_id:
            self.hub.quoteEditRequested.emit(quote_id)

    def _rows_changed(self, *_args) -> None:
        count = self.model.total()          # also the rows not fetched yet
        shown = f"{count:,} quote{'s' if count != 1 else ''}"
        if not self.model.filter.is_empty():
            shown += " match the filters" if count != 1 else " matches the filters"
        elif count == 0:
            shown = EMPTY_HINT
        self.count_label.setText(shown)
        self.count_label.setWordWrap(True)
        if (self.current_id and self.selected_id() != self.current_id
                and not self.select_quote(self.current_id)):
            # the filter removed it: the inspector does not keep showing it
            self.current_id = None
            self.inspector.show_quote(None)

    # -- deleting --------------------------------------------------------------------
    def delete_selected(self) -> None:
        """Delete the selected quote at once (undo brings it back) and select the next row."""
        quote_id = self.selected_id() or self.inspector.quote_id
        if not quote_id:
            return
        if self.hub.project.read_only:
            self.hub.statusMessage.emit(self.hub.project.notice or "The project is read-only.")
            return
        row = self.model.row_of(quote_id)
        self.inspector.save_note()
        self.hub.push(DeleteQuoteCommand(self.hub, quote_id))
        self.hub.statusMessage.emit("Quote deleted — Undo brings it back.")
        self.current_id = None
        self.inspector.show_quote(None)
        if self.model.rowCount():
            next_row = min(max(row, 0), self.model.rowCount() - 1)
            self.view.selectRow(next_row)
