"""Undoable changes. Each command writes the project file and tells the hub what changed.

``Command`` is the base of every undo command in the app: ``apply`` / ``revert`` change the
store, ``notify`` emits the hub's signals. ``Hub.push`` applies a command once before it
goes on the stack, so a failed write never leaves a command on the stack that did nothing.
Quotes keep their id through delete/undo, so links from judgments and the brief survive.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from .hub import WRITE_ERRORS, Hub, error_message


class Command(QUndoCommand):
    """Base: subclasses implement ``apply``, ``revert`` and ``notify``."""

    def __init__(self, hub: Hub, text: str):
        super().__init__(text)
        self.hub = hub
        self.applied = False          # set by Hub.push after its own first apply

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError

    def notify(self) -> None:
        raise NotImplementedError

    def redo(self) -> None:
        if self.applied:
            self.applied = False
        else:
            self._guarded(self.apply)
        self.notify()

    def undo(self) -> None:
        self._guarded(self.revert)
        self.notify()

    def _guarded(self, step) -> None:
        """Undo/redo from the stack: a failed write is reported; the views reload from the file."""
        try:
            step()
        except WRITE_ERRORS as exc:
            self.hub.errorOccurred.emit(error_message(exc))


class AddQuoteCommand(Command):
    """Create a quote over code points [start, end) of a document, with tags."""

    def __init__(self, hub: Hub, doc_id: str, start: int, end: int, *, actors=(), themes=(),
                 note: str = "", starred: bool = False):
        super().__init__(hub, "Add quote")
        self.args = dict(doc_id=doc_id, start=start, end=end, actors=list(actors),
                         themes=list(themes), note=note, starred=starred)
        self.quote_id: str | None = None
        self.snapshot: dict | None = None

    def apply(self) -> None:
        project = self.hub.project
        if self.snapshot is None:
            self.quote_id = project.quotes.add(**self.args)
        else:
            project.quotes.restore(self.snapshot)

    def revert(self) -> None:
        self.snapshot = self.hub.project.quotes.delete(self.quote_id)

    def notify(self) -> None:
        self.hub.quotesChanged.emit([self.quote_id] if self.quote_id else [])
        self.hub.codebookChanged.emit()


class EditQuoteCommand(Command):
    """Change a quote's note, star, actors or themes (ids or names; None = unchanged)."""

    def __init__(self, hub: Hub, quote_id: str, *, note=None, starred=None, actors=None,
                 themes=None, text: str = "Edit quote"):
        super().__init__(hub, text)
        self.quote_id = quote_id
        self.after = dict(note=note, starred=starred, actors=actors, themes=themes)
        before = hub.project.quotes.get(quote_id)
        self.before = dict(note=before["note"], starred=bool(before["starred"]),
                           actors=before["actor_ids"], themes=before["theme_ids"])
        self.before = {k: v for k, v in self.before.items() if self.after[k] is not None}

    def apply(self) -> None:
        self.hub.project.quotes.update(self.quote_id, **self.after)

    def revert(self) -> None:
        self.hub.project.quotes.update(self.quote_id, **self.before)

    def notify(self) -> None:
        self.hub.quotesChanged.emit([self.quote_id])
        if self.after.get("actors") is not None or self.after.get("themes") is not None:
            self.hub.codebookChanged.emit()


class DeleteQuoteCommand(Command):
    def __init__(self, hub: Hub, quote_id: str):
        super().__init__(hub, "Delete quote")
        self.quote_id = quote_id
        self.snapshot: dict | None = None

    def apply(self) -> None:
        self.snapshot = self.hub.project.quotes.delete(self.quote_id)

    def revert(self) -> None:
        self.hub.project.quotes.restore(self.snapshot)

    def notify(self) -> None:
        self.hub.quotesChanged.emit([self.quote_id])
        self.hub.codebookChanged.emit()
