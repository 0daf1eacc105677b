"""The Library dock: every document of the project, filterable and sortable.

Double-click opens a document (``hub.documentRequested(id, False)``); the context menu
opens it, opens it beside the current pane, reloads it from its file (re-imported in the
background: the text is updated and its quotes re-anchored), or edits its properties
through an undoable ``EditDocumentCommand``.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QIdentityProxyModel,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...core.records import Document
from ..shell.changes import Changes
from ..shell.hub import Hub
from ..widgets.roles import ALIGNMENT, DISPLAY, HORIZONTAL, RIGHT, TOOLTIP

if TYPE_CHECKING:     # removing, reloading and editing import their modules when first used
    from .properties import DocumentPropertiesDialog

_ROOT = QModelIndex()         # the default parent of rowCount/columnCount
COLUMNS = ("Title", "Outlet", "Date", "Language", "Quotes")
TITLE, OUTLET, DATE, LANGUAGE, QUOTES = range(len(COLUMNS))
SHORT_COLUMNS = ("Title", "Outlet", "Date", "Lang", "#")
KEYS = ("title", "outlet", "date", "language", "quotes")
DocIdRole = Qt.ItemDataRole.UserRole + 1
BATCH = 100          # rows handed to the view at a time
SortRole = Qt.ItemDataRole.UserRole + 2


class DocumentsModel(QAbstractTableModel):
    """Every document (one store query), shown lazily: the view is handed ``BATCH`` rows at a
    time as it scrolls (``canFetchMore`` / ``fetchMore``). Filtering and sorting are the
    model's own, over a case-folded line cached per document, so a key typed in the filter
    costs one substring test a document, not a ``data()`` call per cell."""

    def __init__(self, hub: Hub, parent=None):
        super().__init__(parent)
        self.hub = hub
        self.rows: list[Document] = []      # every document, in the store's order
        self.widest = 0                     # the largest quote count (since the last reload)
        self._lines: list[str] = []         # each one's columns, case-folded, one line
        self._order: list[int] = []         # rows matching the filter, in the sort order
        self._shown = 0                     # how many of them the view has been handed
        self._needle = ""
        self._sort: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = self.hub.project.documents.list() if self.hub.has_project else []
        self._lines = [_folded_line(r) for r in self.rows]
        self.widest = max((r.quotes or 0 for r in self.rows), default=0)
        self._arrange()
        self.endResetModel()

    def update_counts(self, quote_ids: frozenset[str] | None = None) -> None:
        """Show the quote counts again, in place (the rows, sorting and selection stay): the
        counts alone are asked of the store, and only rows whose count changed are redrawn.
        Given the changed quotes (all still there: added or edited, not removed), only their
        documents' counts are asked for."""
        if not self.hub.has_project:
            return
        project, docs = self.hub.project, None
        if quote_ids:
            found = project.quotes.documents_of(quote_ids)
            if len(found) == len(quote_ids):
                docs = set(found.values())
        counts = project.documents.quote_counts(docs)
        changed = set()
        for i, row in enumerate(self.rows):
            if docs is not None and row.id not in docs:
                continue
            n = counts.get(row.id, 0)
            if row.quotes != n:
                self.rows[i] = row = _with_count(row, n)
                self.widest = max(self.widest, n)
                self._lines[i] = _folded_line(row)
                changed.add(i)
        if not changed:
            return
        if self._sort[0] == QUOTES:        # the order may change: arranged again, rows kept
            self.sort(*self._sort)
            return
        for shown, i in enumerate(self._order[:self._shown]):
            if i in changed:
                self.dataChanged.emit(self.index(shown, QUOTES), self.index(shown, QUOTES))

    def set_filter(self, text: str) -> None:
        """Show only documents with ``text`` (case-folded) in one of their columns."""
        needle = text.strip().casefold()
        if needle == self._needle:
            return
        self.beginResetModel()
        self._needle = needle
        self._arrange()
        self.endResetModel()

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_rows = [self._order[i.row()] if 0 <= i.row() < len(self._order) else None for i in old]
        self._sort = (column, order)
        self._arrange(keep_shown=True)
        where = {r: i for i, r in enumerate(self._order[:self._shown])}
        self.changePersistentIndexList(old, [
            self.index(where[r], i.column()) if r in where else QModelIndex()
            for i, r in zip(old, old_rows)])
        self.layoutChanged.emit()

    def _arrange(self, keep_shown: bool = False) -> None:
        needle, lines = self._needle, self._lines
        order = [i for i in range(len(self.rows)) if needle in lines[i]] if needle \
            else list(range(len(self.rows)))
        column, direction = self._sort
        if 0 <= column < len(KEYS):
            key = KEYS[column]
            if column == QUOTES:
                order.sort(key=lambda i: self.rows[i].quotes or 0)
            else:
                order.sort(key=lambda i: (getattr(self.rows[i], key) is None,
                                          str(getattr(self.rows[i], key) or "").casefold()))
            if direction == Qt.SortOrder.DescendingOrder:
                order.reverse()
        self._order = order
        self._shown = min(len(order), max(self._shown if keep_shown else 0, BATCH))

    def position(self, doc_id: str) -> int:
        """Where a document is in the filtered, sorted order (-1: filtered out or gone)."""
        return next((n for n, i in enumerate(self._order) if self.rows[i].id == doc_id), -1)

    def row(self, row: int) -> Document:
        """The document shown at ``row``."""
        return self.rows[self._order[row]]

    def canFetchMore(self, parent=_ROOT) -> bool:
        return not parent.isValid() and self._shown < len(self._order)

    def fetchMore(self, parent=_ROOT) -> None:
        if parent.isValid():
            return
        more = min(BATCH, len(self._order) - self._shown)
        if more > 0:
            self.beginInsertRows(_ROOT, self._shown, self._shown + more - 1)
            self._shown += more
            self.endInsertRows()

    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=DISPLAY):
        if orientation == HORIZONTAL and 0 <= section < len(COLUMNS):
            if role == DISPLAY:               # short labels: every column fits
                return SHORT_COLUMNS[section]
            if role == TOOLTIP:
                return COLUMNS[section]
        return None

    def data(self, index, role=DISPLAY):
        if not index.isValid():
            return None
        row, column = self.row(index.row()), index.column()
        value = getattr(row, KEYS[column])
        if role == DISPLAY:
            return str(value) if value is not None else ""
        if role == SortRole:
            return value if column == QUOTES else str(value or "").casefold()
        if role == DocIdRole:
            return row.id
        if role == TOOLTIP:
            parts = [row.title, row.outlet, row.author, row.date, row.source_name]
            return " · ".join(str(p) for p in parts if p)
        if role == ALIGNMENT and column == QUOTES:
            return RIGHT
        return None


def _with_count(row: Document, quotes: int) -> Document:
    """A document's row with another quote count."""
    return dataclasses.replace(row, quotes=quotes)


def _folded_line(row: Document) -> str:
    """A document's shown columns, case-folded, one line (what the filter searches)."""
    return "\n".join("" if getattr(row, k) is None else str(getattr(row, k))
                     for k in KEYS).casefold()


EMPTY_LIBRARY_HINT = "No documents yet. Import documents (Ctrl+I) or drop files on this window."


class LibraryDock(QDockWidget):
    def __init__(self, hub: Hub, parent=None):
        super().__init__("Library", parent)
        self.setObjectName("libraryDock")
        self.hub = hub
        self.dialog: DocumentPropertiesDialog | None = None
        self.model = DocumentsModel(hub, self)
        # Filtering and sorting are the model's own (over all documents, not only those
        # fetched); the proxy only passes rows, sorting and fetching through.
        self.proxy = QIdentityProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.filter_box = QLineEdit(self)
        self.filter_box.setPlaceholderText("Filter documents…")
        self.filter_box.setClearButtonEnabled(True)
        self.view = QTableView(self)
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        header = self.view.horizontalHeader()
        # the title stretches, date and language fit their text
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        for column in (DATE, LANGUAGE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # Fixed, sized to the widest count: a count redrawn in place (a tag) then repaints
        # its cell alone, where a column sized to its contents measures every row again.
        header.setSectionResizeMode(QUOTES, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(OUTLET, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(OUTLET, self.view.fontMetrics().horizontalAdvance("x" * 12))
        header.setMinimumSectionSize(24)
        self.view.setTextElideMode(Qt.TextElideMode.ElideMiddle)    # "Anthropic … Crisis"
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # the store's order
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        self.hint = QLabel(EMPTY_LIBRARY_HINT, self)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("QLabel { background: #fff8d6; color: #333; padding: 6px; }")
        self.hint.hide()
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter_box)
        layout.addWidget(self.hint)
        layout.addWidget(self.view, 1)
        self.setWidget(body)
        self._fit_counts()

        self.filter_box.textChanged.connect(self.model.set_filter)
        self.view.doubleClicked.connect(lambda index: self.open_document(self.doc_id(index)))
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.modelReset.connect(self._restore_selection)
        self.model.modelReset.connect(self._fit_counts)
        self.model.modelReset.connect(self._update_hint)
        self._update_hint()
        self._selected: str | None = None
        hub.projectOpened.connect(self.model.reload)
        hub.changed.connect(self._on_changed)

    def _on_changed(self, changes: Changes, _source) -> None:
        if changes.documents:
            self.model.reload()
        elif changes.quotes:
            self.model.update_counts(changes.quote_ids)      # only the quote counts: no reset
            self._fit_counts()

    def _fit_counts(self) -> None:
        """The count column as wide as its widest count (or its header), resized only when
        that width changes."""
        digits = len(str(self.model.widest))
        metrics = self.view.fontMetrics()
        width = max(metrics.horizontalAdvance("0" * max(digits, 2)) + 16,
                    self.view.horizontalHeader().sectionSizeFromContents(QUOTES).width())
        if self.view.horizontalHeader().sectionSize(QUOTES) != width:
            self.view.horizontalHeader().resizeSection(QUOTES, width)

    def _update_hint(self) -> None:
        """An empty library says how to fill it."""
        self.hint.setVisible(self.hub.has_project and not self.model.rows)

    def doc_id(self, index: QModelIndex) -> str | None:
        return index.data(DocIdRole) if index.isValid() else None

    def index_of(self, doc_id: str) -> QModelIndex:
        """The view's index (title column) of a document's row (fetched into the view if it
        was not yet); invalid if filtered out."""
        row = self.model.position(doc_id)
        if row < 0:
            return QModelIndex()
        while self.model.rowCount() <= row and self.model.canFetchMore():
            self.model.fetchMore()
        return self.proxy.index(row, TITLE)

    def _remember_selection(self) -> None:
        self._selected = self.selected_id()

    def _restore_selection(self) -> None:
        index = self.index_of(self._selected) if self._selected else QModelIndex()
        if index.isValid():
            self.view.selectRow(index.row())

    def selected_id(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        return self.doc_id(rows[0]) if rows else None

    def open_document(self, doc_id: str | None, beside: bool = False) -> None:
        if doc_id:
            self.hub.documentRequested.emit(doc_id, beside)

    def context_menu(self, index: QModelIndex) -> QMenu | None:
        """The menu for a row: Open, Open beside, Reload from file, Properties… (built,
        not shown). Reload is enabled when the document's file is still there."""
        doc_id = self.doc_id(index)
        if not doc_id:
            return None
        menu = QMenu(self)
        menu.addAction("Open", lambda: self.open_document(doc_id))
        menu.addAction("Open beside", lambda: self.open_document(doc_id, beside=True))
        menu.addSeparator()
        reload = menu.addAction("Reload from file", lambda: self.reload_from_file(doc_id))
        path = self.source_file(doc_id)
        reload.setEnabled(path is not None and not self.hub.project.read_only)
        reload.setToolTip(f"Read {path} again; quotes are found again in the new text"
                          if path else "The document's file is not there any more.")
        menu.setToolTipsVisible(True)
        menu.addAction("Properties…", lambda: self.show_properties(doc_id))
        menu.addSeparator()
        remove = menu.addAction("Remove document…", lambda: self.remove_document(doc_id))
        remove.setEnabled(not self.hub.project.read_only)
        return menu

    def remove_document(self, doc_id: str) -> str | None:
        """Remove a document and its quotes at once (one undo step brings both back); the
        status bar says how many quotes went with it. Returns a refusal, if any."""
        from .commands import RemoveDocumentCommand

        doc = self.hub.project.documents.get(doc_id)
        count = len(self.hub.project.quotes.ids(docs=[doc.id]))
        failed = self.hub.push(RemoveDocumentCommand(self.hub, doc.id))
        if failed is None:
            self.hub.statusMessage.emit(
                f"Removed “{doc.title}” and its {count} quote{'s' if count != 1 else ''} "
                "— Ctrl+Z brings them back.")
        return failed

    def source_file(self, doc_id: str) -> str | None:
        """The file the document was imported from, if it still exists."""
        row = next((r for r in self.model.rows if r.id == doc_id), None)
        path = row.source_path if row else None
        return path if path and Path(path).is_file() else None

    def reload_from_file(self, doc_id: str):
        """Re-import the document's file in the background (``importing``): its text is
        updated and its quotes re-anchored; the status bar says how many were found again
        and how many are orphaned. Returns the task, or None."""
        from .importing import import_in_background

        path = self.source_file(doc_id)
        if path is None:
            self.hub.statusMessage.emit("The document's file is not there any more.")
            return None
        return import_in_background(self, self.hub, [path])

    def _context_menu(self, pos) -> None:
        menu = self.context_menu(self.view.indexAt(pos))
        if menu is not None:
            menu.exec(self.view.viewport().mapToGlobal(pos))

    def show_properties(self, doc_id: str) -> DocumentPropertiesDialog:
        """Open the properties dialog (window-modal, not blocking); OK saves as one undo step."""
        from .properties import DocumentPropertiesDialog

        dialog = DocumentPropertiesDialog(self.hub.project.documents.get(doc_id), self)
        dialog.accepted.connect(lambda: self._save_properties(dialog))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _save_properties(self, dialog: DocumentPropertiesDialog) -> None:
        self.dialog = None
        from .commands import push_document_edit

        problem = push_document_edit(self.hub, dialog.doc_id, **dialog.values())
        if problem:
            QMessageBox.warning(self, "Document properties", problem)
