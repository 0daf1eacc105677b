"""The quotes table's columns: the Quote field each shows, the store's sort key of each, and
what a cell says (its text and tooltip)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ...core.attribution import said_by
from ...core.grading import CREDIBILITY as CREDIBILITY_WORDS
from ...core.records import QUOTE_TABLE, Quote

#: The table's columns: the Quote fields marked for it in the record's description.
FIELDS = tuple(f.name for f in QUOTE_TABLE)
COLUMNS = tuple(f.label for f in QUOTE_TABLE)
STAR, EXCERPT, SPEAKER, DOCUMENT, CREDIBILITY, ACTORS, THEMES, LANGUAGE, NOTE = (
    FIELDS.index(n) for n in ("starred", "exact", "speaker", "doc_title", "credibility", "actors",
                              "themes", "language", "note"))
ORPHAN_MARK = "⚠ orphaned"


def _one_line(text: str, limit: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


#: The store's ``order_by`` key of each column (``Project.quotes``; "-key" descends).
SORT_KEYS = {STAR: "starred", EXCERPT: "excerpt", SPEAKER: "speaker", DOCUMENT: "document",
             CREDIBILITY: "credibility", ACTORS: "actors", THEMES: "themes",
             LANGUAGE: "language", NOTE: "note"}


#: Sort keys that order by codebook names (a rename moves rows).
BY_NAMES = ("actors", "themes", "speaker")


def order_by(column: int, order=Qt.SortOrder.AscendingOrder) -> str:
    """The store's sort key for a header column (-1, unsorted: the document order)."""
    if column not in SORT_KEYS:
        return "position"
    return ("-" if order == Qt.SortOrder.DescendingOrder else "") + SORT_KEYS[column]


def display(column: int, row: Quote) -> str:
    if column == STAR:
        return "★" if row.starred else ""
    if column == EXCERPT:
        excerpt = _one_line(row.exact, 160)
        return f"{ORPHAN_MARK} · {excerpt}" if row.orphaned else excerpt
    if column == SPEAKER:
        return said_by(row.speaker, row.carrier)
    if column == DOCUMENT:
        return row.doc_title or ""
    if column == ACTORS:
        return ", ".join(row.actors)
    if column == THEMES:
        return ", ".join(row.themes)
    if column == LANGUAGE:
        return "/".join(x for x in (row.language, row.language2) if x)
    if column == NOTE:
        return _one_line(row.note, 120)
    # any other field
    value = getattr(row, FIELDS[column]) if 0 <= column < len(FIELDS) else ""
    if isinstance(value, (tuple, list)):
        return ", ".join(map(str, value))
    return "" if value is None else _one_line(str(value), 120)

def tooltip(column: int, row: Quote) -> str | None:
    if column == EXCERPT:
        tip = _one_line(row.exact, 600)
        if row.orphaned:
            tip = ("Orphaned: this text was not found again after the document changed.\n\n"
                   + tip)
        return tip
    if column == DOCUMENT:
        return " · ".join(x for x in (row.doc_title, row.doc_outlet, row.doc_date) if x)
    if column == NOTE and row.note:
        return row.note
    if column == SPEAKER:
        return said_by(row.speaker, row.carrier) if row.speaker else (
            "No speaker: the brief names the document's outlet or author"
            + (f" {said_by('', row.carrier)}" if row.carrier else ""))
    if column == CREDIBILITY:
        return f"Credibility {row.credibility}: {CREDIBILITY_WORDS.get(row.credibility, '')}"
    if column == STAR:
        return "Starred" if row.starred else None
    return None
