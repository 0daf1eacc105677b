"""Undoable changes to quotes: add (with tags), edit (note, star, tags), delete."""

from __future__ import annotations

from ..commands import Command
from ..shell.hub import Hub


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
            self.quote_id = project.add_quote(**self.args)
        else:
            project.restore_quote(self.snapshot)

    def revert(self) -> None:
        self.snapshot = self.hub.project.delete_quote(self.quote_id)

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
        before = hub.project.quote(quote_id)
        self.before = dict(note=before["note"], starred=bool(before["starred"]),
                           actors=before["actor_ids"], themes=before["theme_ids"])
        self.before = {k: v for k, v in self.before.items() if self.after[k] is not None}

    def apply(self) -> None:
        self.hub.project.update_quote(self.quote_id, **self.after)

    def revert(self) -> None:
        self.hub.project.update_quote(self.quote_id, **self.before)

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
        self.snapshot = self.hub.project.delete_quote(self.quote_id)

    def revert(self) -> None:
        self.hub.project.restore_quote(self.snapshot)

    def notify(self) -> None:
        self.hub.quotesChanged.emit([self.quote_id])
        self.hub.codebookChanged.emit()
