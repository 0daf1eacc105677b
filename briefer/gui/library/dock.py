"""The Library dock: every document of the project, filterable and sortable.

Double-click opens a document (``hub.documentRequested(id, False)``); the context menu
opens it, opens it beside the current pane, reloads it from its file (re-imported in the
background: the text is updated and its quotes re-anchored), or edits its properties
through an undoable ``EditDocumentCommand``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHeaderView,
    QLineEdit,
    QMenu,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..shell.changes import Changes
from ..shell.hub import Hub
from .commands import RemoveDocumentCommand, push_document_edit
from .importing import import_in_background
from .properties import DocumentPropertiesDialog, valid_date  # noqa: F401 (re-exported)

_ROOT = QModelIndex()         # the default parent of rowCount/columnCount
COLUMNS = ("Title", "Outlet", "Date", "Language", "Quotes")
TITLE, OUTLET, DATE, LANGUAGE, QUOTES = range(len(COLUMNS))
SHORT_COLUMNS = ("Title", "Outlet", "Date", "Lang", "#")
KEYS = ("title", "outlet", "date", "language", "quotes")
DocIdRole = Qt.UserRole + 1
SortRole = Qt.UserRole + 2


class DocumentsModel(QAbstractTableModel):
    def __init__(self, hub: Hub, parent=None):
        super().__init__(parent)
        self.hub = hub
        self.rows: list[dict] = []
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = self.hub.project.documents.list() if self.hub.has_project else []
        self.endResetModel()

    def update_counts(self) -> None:
        """Show the quote counts again, in place (the rows, sorting and selection stay)."""
        rows = self.hub.project.documents.list() if self.hub.has_project else []
        if [r["id"] for r in rows] != [r["id"] for r in self.rows]:
            self.reload()
            return
        self.rows = rows
        if rows:
            self.dataChanged.emit(self.index(0, QUOTES), self.index(len(rows) - 1, QUOTES))

    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.DisplayRole:               # short labels: every column fits
                return SHORT_COLUMNS[section]
            if role == Qt.ToolTipRole:
                return COLUMNS[section]
        return None

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], index.column()
        value = row[KEYS[column]]
        if role == Qt.DisplayRole:
            return str(value) if value is not None else ""
        if role == SortRole:
            return value if column == QUOTES else str(value or "").casefold()
        if role == DocIdRole:
            return row["id"]
        if role == Qt.ToolTipRole:
            parts = [row["title"], row["outlet"], row["author"], row["date"], row["source_name"]]
            return " · ".join(str(p) for p in parts if p)
        if role == Qt.TextAlignmentRole and column == QUOTES:
            return int(Qt.AlignRight | Qt.AlignVCenter)
        return None


class LibraryDock(QDockWidget):
    def __init__(self, hub: Hub, parent=None):
        super().__init__("Library", parent)
        self.setObjectName("libraryDock")
        self.hub = hub
        self.dialog: DocumentPropertiesDialog | None = None
        self.model = DocumentsModel(hub, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SortRole)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseInsensitive)
        self.filter_box = QLineEdit(self)
        self.filter_box.setPlaceholderText("Filter documents…")
        self.filter_box.setClearButtonEnabled(True)
        self.view = QTableView(self)
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.view.setContextMenuPolicy(Qt.CustomContextMenu)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(TITLE, QHeaderView.Stretch)      # the rest fit their text
        for column in (DATE, LANGUAGE, QUOTES):
            header.setSectionResizeMode(column, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(OUTLET, QHeaderView.Interactive)
        header.resizeSection(OUTLET, self.view.fontMetrics().horizontalAdvance("x" * 12))
        header.setMinimumSectionSize(24)
        self.view.setTextElideMode(Qt.ElideMiddle)                     # "Anthropic … Crisis"
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.AscendingOrder)   # the store's order
        self.view.setSortingEnabled(True)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter_box)
        layout.addWidget(self.view, 1)
        self.setWidget(body)

        self.filter_box.textChanged.connect(self.proxy.setFilterFixedString)
        self.view.doubleClicked.connect(lambda index: self.open_document(self.doc_id(index)))
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.modelReset.connect(self._restore_selection)
        self._selected: str | None = None
        hub.projectOpened.connect(self.model.reload)
        hub.changed.connect(self._on_changed)

    def _on_changed(self, changes: Changes, _source) -> None:
        if changes.documents:
            self.model.reload()
        elif changes.quotes:
            self.model.update_counts()      # only the quote counts: no reset

    def doc_id(self, index: QModelIndex) -> str | None:
        return index.data(DocIdRole) if index.isValid() else None

    def index_of(self, doc_id: str) -> QModelIndex:
        """The view's index (title column) of a document's row; invalid if filtered out."""
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, TITLE)
            if index.data(DocIdRole) == doc_id:
                return index
        return QModelIndex()

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
        doc = self.hub.project.documents.get(doc_id)
        count = len(self.hub.project.quotes.ids(docs=[doc["id"]]))
        failed = self.hub.push(RemoveDocumentCommand(self.hub, doc["id"]))
        if failed is None:
            self.hub.statusMessage.emit(
                f"Removed “{doc['title']}” and its {count} quote{'s' if count != 1 else ''} "
                "— Ctrl+Z brings them back.")
        return failed

    def source_file(self, doc_id: str) -> str | None:
        """The file the document was imported from, if it still exists."""
        row = next((r for r in self.model.rows if r["id"] == doc_id), None)
        path = row.get("source_path") if row else None
        return path if path and Path(path).is_file() else None

    def reload_from_file(self, doc_id: str):
        """Re-import the document's file in the background (``importing``): its text is
        updated and its quotes re-anchored; the status bar says how many were found again
        and how many are orphaned. Returns the task, or None."""
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
        dialog = DocumentPropertiesDialog(self.hub.project.documents.get(doc_id), self)
        dialog.accepted.connect(lambda: self._save_properties(dialog))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _save_properties(self, dialog: DocumentPropertiesDialog) -> None:
        self.dialog = None
        problem = push_document_edit(self.hub, dialog.doc_id, **dialog.values())
        if problem:
            QMessageBox.warning(self, "Document properties", problem)
