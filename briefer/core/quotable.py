"""Where a quote can go: a span of a stored document read with its context from the text's
pieces (:mod:`chunks`), never the whole text, and refused with a clear message when it is
reversed, empty, outside the document or only white space."""

from __future__ import annotations

from dataclasses import dataclass

from . import anchoring, chunks, validate
from .base import Store
from .documents import Documents
from .errors import InvalidInput


@dataclass(frozen=True)
class Span:
    """A span of a stored document read with its context only (from the text's pieces,
    :mod:`chunks`), not the whole text: what an annotation write needs, whatever the
    document's size."""

    doc_id: str
    title: str
    language: str | None
    prefix: str
    exact: str
    suffix: str


def read_span(store: Store, documents: Documents, doc_id: str, start: int, end: int,
              width: int = anchoring.CONTEXT_CHARS) -> Span:
    """Code points [start, end) of a document with up to ``width`` either side, read from
    the text's pieces (the text is never loaded whole); ``exact`` is shorter than
    ``end - start`` where the document ends before ``end``."""
    doc_id = documents.resolve(doc_id)
    before = max(0, start - width)
    with validate.stored_text(f"a document ({doc_id})"), store.snapshot():
        title, language = store.db.execute(
            "SELECT title, language FROM documents WHERE id = ?", [doc_id]).fetchone()
        piece = chunks.read(store.db, doc_id, before, end + width)
        if piece is None:          # no pieces stored: the text itself (loaded whole)
            piece = store.db.execute(
                "SELECT substr(text, :from, :length) FROM documents WHERE id = :id",
                {"id": doc_id, "from": before + 1,
                 "length": max(0, end + width - before)}).fetchone()[0]
    cut_at = start - before
    return Span(doc_id, title or "", language, piece[:cut_at], piece[cut_at:cut_at + end - start],
                piece[cut_at + end - start:])


def quotable_span(store: Store, documents: Documents, doc_id: str, start: int,
                  end: int) -> Span:
    """``read_span`` of a new quote, refused with a clear message when it is outside the
    document or only white space."""
    if end < start:
        raise InvalidInput(f"Span {start}–{end} is reversed: its start comes after its end "
                           f"(give the start first: {end}–{start}).")
    if end == start:
        raise InvalidInput(f"Span {start}–{end} is empty: its end must come after its start.")
    span = read_span(store, documents, doc_id, max(start, 0), max(end, start, 0))
    if start < 0 or len(span.exact) < end - start:
        length = store.db.execute(
            "SELECT coalesce(chars, length(text)) FROM documents WHERE id = ?",
            [span.doc_id]).fetchone()[0]
        raise InvalidInput(f"Span {start}–{end} is outside the document (0–{length}).")
    if not span.exact.strip():
        raise InvalidInput("A quote needs some text, not only white space.")
    return span
