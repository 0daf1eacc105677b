"""A document's text kept a second time in pieces of ``CHUNK`` code points
(``document_chunks``), so a span and its context are read without loading the whole text:
SQLite reads a whole TEXT value for ``substr()`` (a 10 MB document costs ~25 ms a quote)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .projectfile import BriefDatabase

#: Code points per piece: one or two pieces hold any quote with its context.
CHUNK = 16_384


def pieces(text: str) -> list[tuple[int, str]]:
    """(number, text) of each piece of ``text``."""
    return [(i // CHUNK, text[i:i + CHUNK]) for i in range(0, len(text), CHUNK)]


def write(db: BriefDatabase, doc_id: str, text: str) -> None:
    """Store ``text`` as the document's pieces (replacing any it had); the caller's
    transaction holds it together with the text itself."""
    db.execute("DELETE FROM document_chunks WHERE doc_id = ?", [doc_id])
    db.conn.executemany("INSERT INTO document_chunks (doc_id, n, text) VALUES (?, ?, ?)",
                        [(doc_id, n, piece) for n, piece in pieces(text)])


def read(db: BriefDatabase, doc_id: str, start: int, end: int) -> str | None:
    """Code points [start, end) of a document from its pieces (shorter where the text ends);
    None when the document has no pieces (the caller reads the text instead)."""
    start = max(0, start)
    if end <= start:
        end = start
    first, last = start // CHUNK, max(start, end - 1) // CHUNK
    rows = db.execute("SELECT n, text FROM document_chunks WHERE doc_id = ? AND n BETWEEN ? AND ? "
                      "ORDER BY n", [doc_id, first, last]).fetchall()
    if not rows:
        has_any = db.execute("SELECT 1 FROM document_chunks WHERE doc_id = ? LIMIT 1",
                             [doc_id]).fetchone()
        return "" if has_any else None
    joined = "".join(piece for _n, piece in rows)
    offset = rows[0][0] * CHUNK
    return joined[start - offset:end - offset]
