"""Undoable edits of a document's metadata (title, outlet, author, date, language)."""

from __future__ import annotations

from ...core.errors import BrieferError
from ...core.removal import RemovedDocument, remove_document, restore_document
from ..commands import Command
from ..shell.changes import Changes
from ..shell.hub import Hub


class EditDocumentCommand(Command):
    """Set some of a document's editable fields; undo puts the old values back."""

    def __init__(self, hub: Hub, doc_id: str, **fields):
        super().__init__(hub, "Edit document properties")
        doc = hub.project.documents.get(doc_id)
        self.doc_id = doc.id
        self.after = dict(fields)
        self.before = {key: getattr(doc, key) for key in fields}

    def apply(self) -> None:
        self.hub.project.documents.update(self.doc_id, **self.after)

    def revert(self) -> None:
        self.hub.project.documents.update(self.doc_id, **self.before)

    def changes_made(self) -> Changes:
        return Changes(documents=True)


def push_document_edit(hub: Hub, doc_id: str, **fields) -> str | None:
    """Push an edit of the fields that differ (empty = none); return a refusal as a message."""
    if hub.project.read_only:
        return hub.project.notice or "The project is open read-only."
    doc = hub.project.documents.get(doc_id)
    fields = {k: (v or None) for k, v in fields.items()}
    changed = {k: v for k, v in fields.items() if (getattr(doc, k) or None) != v}
    if not changed:
        return None
    try:
        command = EditDocumentCommand(hub, doc_id, **changed)
    except BrieferError as exc:
        return str(exc)
    return hub.push(command)


class RemoveDocumentCommand(Command):
    """Remove a document and its quotes; undo puts them back with their ids and links."""

    def __init__(self, hub: Hub, doc_id: str):
        doc = hub.project.documents.get(doc_id)
        super().__init__(hub, f"Remove document “{doc.title}”")
        self.doc_id = doc.id
        self.removed: RemovedDocument | None = None

    def apply(self) -> None:
        self.removed = remove_document(self.hub.project, self.doc_id)

    def revert(self) -> None:
        assert self.removed is not None, "revert runs after apply"
        restore_document(self.hub.project, self.removed)

    def changes_made(self) -> Changes:
        # quotes go with the document; key judgments lose (and get back) their evidence
        return Changes(documents=True, quotes=True, judgments=True)
