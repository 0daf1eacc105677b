"""The reading area: one to four panes side by side in a splitter ("Open beside").

The reader keeps the current pane (the last one focused), opens documents and quotes
where the hub asks, and reloads its panes when the project, its documents, quotes or
codebook change. Each pane (``pane.Pane``) is a read-only view of one document.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from ..shell.changes import Changes
from ..shell.hub import Hub
from .pane import Pane

MAX_PANES = 4


class Reader(QWidget):
    """The splitter of panes; keeps track of the current one (the last focused)."""

    currentChanged = Signal(object)        # the current Pane (or None)
    selectionChanged = Signal(object)
    numberKey = Signal(object, int)

    def __init__(self, hub: Hub, parent: QWidget | None = None):
        super().__init__(parent)
        self.hub = hub
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.panes: list[Pane] = []
        self.current: Pane | None = None
        self.context_actions: list = []          # added to each pane's context menu
        self.snap = "word"                       # how dragged quote ends snap (every pane)

    # -- panes ----------------------------------------------------------------------------
    def add_pane(self, doc_id: str | None = None, after: Pane | None = None) -> Pane | None:
        if len(self.panes) >= MAX_PANES:
            self.hub.statusMessage.emit(f"At most {MAX_PANES} panes side by side.")
            return None
        return self._new_pane(doc_id, after)

    def _new_pane(self, doc_id: str | None, after: Pane | None) -> Pane:
        """A pane inserted after ``after`` (or last); the caller has checked MAX_PANES."""
        pane = Pane(self.hub)
        pane.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        pane.view.customContextMenuRequested.connect(lambda pos, p=pane: self._context_menu(p, pos))
        pane.activated.connect(self.set_current)
        pane.selectionChanged.connect(self.selectionChanged)
        pane.documentChanged.connect(
            lambda p: self.currentChanged.emit(p) if p is self.current else None)
        pane.closeRequested.connect(self.close_pane)
        pane.besideRequested.connect(lambda p: self.add_pane(p.doc_id, after=p))
        pane.numberKey.connect(self.numberKey)
        pane.quoteClicked.connect(self.hub.quoteSelected)
        pane.quoteEditRequested.connect(self.hub.quoteEditRequested)
        pane.snap = self.snap
        index = self.panes.index(after) + 1 if after in self.panes else len(self.panes)
        self.panes.insert(index, pane)
        self.splitter.insertWidget(index, pane)
        self.splitter.setSizes([1000] * len(self.panes))
        if self.hub.has_project:
            pane.set_documents(self.hub.project.documents.list())
            pane.load(doc_id)
        self._update_close_buttons()
        self.set_current(pane)
        return pane

    def close_pane(self, pane: Pane) -> None:
        if pane not in self.panes or len(self.panes) == 1:
            return
        i = self.panes.index(pane)
        self.panes.remove(pane)
        pane.hide()
        pane.setParent(None)
        pane.deleteLater()
        self._update_close_buttons()
        if self.current is pane:
            self.set_current(self.panes[min(i, len(self.panes) - 1)])

    def _update_close_buttons(self) -> None:
        for p in self.panes:
            p.close_button.setEnabled(len(self.panes) > 1)

    def set_current(self, pane: Pane | None) -> None:
        if pane is not self.current:
            self.current = pane
            self.currentChanged.emit(pane)

    def _context_menu(self, pane: Pane, pos: QPoint) -> None:
        self.set_current(pane)
        menu = pane.view.createStandardContextMenu()
        if self.context_actions:
            first = menu.actions()[0] if menu.actions() else None
            # PySide6's stubs are wrong here: before=None is accepted (Qt appends)
            for action in self.context_actions:
                menu.insertAction(first, action)  # type: ignore[arg-type]
            menu.insertSeparator(first)  # type: ignore[arg-type]
        menu.exec(pane.view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    # -- what the hub asks for -------------------------------------------------------------
    def open_document(self, doc_id: str, beside: bool = False) -> Pane:
        if not self.panes:
            return self._new_pane(doc_id, None)
        if beside and len(self.panes) < MAX_PANES:
            return self._new_pane(doc_id, self.current)
        pane = self.current or self.panes[-1]
        pane.load(doc_id)
        return pane

    def show_quote(self, quote_id: str) -> Pane | None:
        """Scroll the right-most pane showing the quote's document to it (opening the
        document there if no pane shows it) and flash it."""
        row = self.hub.project.quotes.get(quote_id)
        pane = next((p for p in reversed(self.panes) if p.doc_id == row.doc_id), None)
        if pane is None:
            pane = self.panes[-1] if self.panes else self._new_pane(None, None)
            pane.load(row.doc_id)
        for p in self.panes:
            p.set_selected(quote_id)
        pane.show_quote(quote_id)
        return pane

    def select_quote(self, quote_id: str) -> None:
        for p in self.panes:
            p.set_selected(quote_id)

    def reload(self, doc_ids: Sequence[str] = (), scrolls: Sequence[int] = ()) -> None:
        """A project was opened: show ``doc_ids`` (the documents its panes showed when it
        was last closed, scrolled to ``scrolls``) if it still has them; else keep the panes
        whose document it has, else show its first. Each pane loads its document once."""
        docs = self.hub.project.documents.list()
        ids = {d.id for d in docs}
        wanted = [d for d in doc_ids if d in ids][:MAX_PANES]
        if wanted:
            self._show(wanted, scrolls, docs)
            return
        for pane in list(self.panes):
            if pane.doc_id not in ids and len(self.panes) > 1:
                self.close_pane(pane)
        if not self.panes:
            self._new_pane(docs[0].id if docs else None, None)   # listing them too
            return
        for pane in self.panes:
            pane.set_documents(docs)
            pane.load(pane.doc_id if pane.doc_id in ids else (docs[0].id if docs else None))

    def on_changed(self, changes: Changes, _source=None) -> None:
        """Redraw what the change touched: documents, highlights, colours."""
        if changes.documents:
            self.documents_changed()
        if changes.quotes:
            self.quotes_changed(sorted(changes.quote_ids or ()))
        if changes.codebook:
            self.codebook_changed()

    def documents_changed(self) -> None:
        docs = self.hub.project.documents.list()
        for pane in self.panes:
            pane.set_documents(docs)
            pane.refresh_document()
            if pane.doc is None and docs:
                pane.load(docs[0].id)

    def quotes_changed(self, ids=None) -> None:
        """Redraw the panes showing a changed quote (all of them when ``ids`` is empty)."""
        docs = None
        if ids:
            docs = {q.doc_id for q in self.hub.project.quotes.list(ids=list(ids))}
        for pane in self.panes:
            if docs is None or pane.doc_id in docs or any(pane.quote_row(i) for i in ids):
                pane.refresh_quotes()

    def codebook_changed(self) -> None:
        for pane in self.panes:
            pane.refresh_colours()

    def set_snap(self, mode: str) -> None:
        self.snap = mode
        for pane in self.panes:
            pane.snap = mode

    def state(self) -> list[str]:
        return [p.doc_id for p in self.panes if p.doc_id]

    def scroll_state(self) -> list[int]:
        return [p.top_position() for p in self.panes if p.doc_id]

    def restore_state(self, doc_ids: list[str], scrolls: Sequence[int] = ()) -> None:
        docs = self.hub.project.documents.list()
        ids = {d.id for d in docs}
        wanted = [d for d in doc_ids if d in ids][:MAX_PANES]
        if wanted:
            self._show(wanted, scrolls, docs)

    def _show(self, doc_ids: list[str], scrolls: Sequence[int], docs: list) -> None:
        """One pane per document of ``doc_ids`` (at most ``MAX_PANES``), each loaded once."""
        while len(self.panes) > len(doc_ids):
            self.close_pane(self.panes[-1])
        for i, doc_id in enumerate(doc_ids):
            if i < len(self.panes):
                self.panes[i].set_documents(docs)
                self.panes[i].load(doc_id)
            else:
                self._new_pane(doc_id, None)
            if i < len(scrolls):
                self.panes[i].scroll_to_top(scrolls[i])
