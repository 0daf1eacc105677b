"""Removing a document so that it can be put back exactly (the app's undo): the document's
row and a snapshot of each of its quotes (tags, judgment links, sourcing). Qt-free."""

from __future__ import annotations

from dataclasses import dataclass

from .records import Quote


@dataclass(frozen=True)
class RemovedDocument:
    row: dict
    quotes: tuple[Quote, ...]

    @property
    def title(self) -> str:
        return str(self.row.get("title") or "")


def remove_document(project, doc_id: str) -> RemovedDocument:
    """Remove a document and its quotes; return what ``restore_document`` needs."""
    project.writable()
    doc_id = project.documents.resolve(doc_id)
    with project.transaction():
        row = dict(project.db["documents"].get(doc_id))
        quotes = tuple(project.quotes.get(q) for q in project.quotes.ids(docs=[doc_id]))
        project.documents.delete(doc_id)
    return RemovedDocument(row, quotes)


def restore_document(project, removed: RemovedDocument) -> None:
    """Put back a removed document with its id, its quotes, their tags and judgment links."""
    project.writable()
    with project.transaction():
        project.db["documents"].insert(removed.row)
        for quote in removed.quotes:
            project.quotes.restore(quote)
