"""Undoable changes. Each command writes the project file in ``redo``/``undo`` and tells the hub.

Quotes keep their id through delete/undo, so links from judgments and the brief survive.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from .hub import Hub


class AddQuoteCommand(QUndoCommand):
    """Create a quote over code points [start, end) of a document, with tags."""

    def __init__(self, hub: Hub, doc_id: str, start: int, end: int, *, actors=(), themes=(),
                 note: str = "", starred: bool = False):
        super().__init__("Add quote")
        self.hub = hub
        self.args = dict(doc_id=doc_id, start=start, end=end, actors=list(actors),
                         themes=list(themes), note=note, starred=starred)
        self.quote_id: str | None = None
        self.snapshot: dict | None = None

    def redo(self) -> None:
        project = self.hub.project
        if self.snapshot is None:
            self.quote_id = project.add_quote(**self.args)
        else:
            project.restore_quote(self.snapshot)
        self.hub.quotesChanged.emit([self.quote_id])
        self.hub.codebookChanged.emit()

    def undo(self) -> None:
        self.snapshot = self.hub.project.delete_quote(self.quote_id)
        self.hub.quotesChanged.emit([self.quote_id])
        self.hub.codebookChanged.emit()


class EditQuoteCommand(QUndoCommand):
    """Change a quote's note, star, actors or themes (ids or names; None = unchanged)."""

    def __init__(self, hub: Hub, quote_id: str, *, note=None, starred=None, actors=None,
                 themes=None, text: str = "Edit quote"):
        super().__init__(text)
        self.hub = hub
        self.quote_id = quote_id
        self.after = dict(note=note, starred=starred, actors=actors, themes=themes)
        before = hub.project.quote(quote_id)
        self.before = dict(note=before["note"], starred=bool(before["starred"]),
                           actors=before["actor_ids"], themes=before["theme_ids"])
        self.before = {k: v for k, v in self.before.items() if self.after[k] is not None}

    def _apply(self, values: dict) -> None:
        self.hub.project.update_quote(self.quote_id, **values)
        self.hub.quotesChanged.emit([self.quote_id])
        if values.get("actors") is not None or values.get("themes") is not None:
            self.hub.codebookChanged.emit()

    def redo(self) -> None:
        self._apply(self.after)

    def undo(self) -> None:
        self._apply(self.before)


class DeleteQuoteCommand(QUndoCommand):
    def __init__(self, hub: Hub, quote_id: str):
        super().__init__("Delete quote")
        self.hub = hub
        self.quote_id = quote_id
        self.snapshot: dict | None = None

    def redo(self) -> None:
        self.snapshot = self.hub.project.delete_quote(self.quote_id)
        self.hub.quotesChanged.emit([self.quote_id])
        self.hub.codebookChanged.emit()

    def undo(self) -> None:
        self.hub.project.restore_quote(self.snapshot)
        self.hub.quotesChanged.emit([self.quote_id])
        self.hub.codebookChanged.emit()
