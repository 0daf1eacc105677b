"""Undoable edits of a document's metadata (title, outlet, author, date, language)."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from ..core.errors import BrieferError
from .hub import Hub


class EditDocumentCommand(QUndoCommand):
    """Set some of a document's editable fields; undo puts the old values back."""

    def __init__(self, hub: Hub, doc_id: str, **fields):
        super().__init__("Edit document properties")
        self.hub = hub
        doc = hub.project.document(doc_id)
        self.doc_id = doc["id"]
        self.after = dict(fields)
        self.before = {key: doc[key] for key in fields}

    def _apply(self, values: dict) -> None:
        self.hub.project.update_document(self.doc_id, **values)
        self.hub.documentsChanged.emit()

    def redo(self) -> None:
        self._apply(self.after)

    def undo(self) -> None:
        self._apply(self.before)


def push_document_edit(hub: Hub, doc_id: str, **fields) -> str | None:
    """Push an edit of the fields that differ (empty = none); return a refusal as a message."""
    if hub.project.read_only:
        return hub.project.notice or "The project is open read-only."
    doc = hub.project.document(doc_id)
    fields = {k: (v or None) for k, v in fields.items()}
    changed = {k: v for k, v in fields.items() if (doc[k] or None) != v}
    if not changed:
        return None
    try:
        command = EditDocumentCommand(hub, doc_id, **changed)
    except BrieferError as exc:
        return str(exc)
    hub.push(command)
    return None
