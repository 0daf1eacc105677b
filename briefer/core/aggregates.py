"""Counts over quotes computed once in SQL (``GROUP BY``): the actor × theme matrix, and
quote counts per actor, theme, document and language, for any filter of the quotes."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .schema import COUNT_QUERIES

if TYPE_CHECKING:
    from .projectfile import BriefDatabase


@dataclass(frozen=True)
class MatrixTotals:
    """The actor × theme matrix's totals, in distinct quotes (a quote naming two actors under
    three themes fills six cells but counts once in each total it belongs to)."""

    by_actor: dict[str, int] = field(default_factory=dict)   # naming the actor, under a theme
    by_theme: dict[str, int] = field(default_factory=dict)   # under the theme, naming an actor
    quotes: int = 0                                          # with an actor and a theme


@dataclass(frozen=True)
class QuoteCounts:
    """How many quotes (of those a filter keeps) fall in each group."""

    quotes: int = 0
    cells: dict[tuple[str, str], int] = field(default_factory=dict)   # (actor id, theme id)
    by_actor: dict[str, int] = field(default_factory=dict)            # actor id
    by_theme: dict[str, int] = field(default_factory=dict)            # theme id
    by_doc: dict[str, int] = field(default_factory=dict)              # document id
    languages: dict[str, int] = field(default_factory=dict)           # first or second language
    totals: MatrixTotals = field(default_factory=MatrixTotals)          # the matrix's, in quotes

    def cell(self, actor_id: str, theme_id: str) -> int:
        return self.cells.get((actor_id, theme_id), 0)

    @property
    def highest(self) -> int:
        """The largest cell of the matrix (0 when it is empty)."""
        return max(self.cells.values(), default=0)


def count_quotes(db: BriefDatabase, from_where: str, args: dict[str, Any]) -> QuoteCounts:
    """Counts over the quotes selected by ``from_where`` (``FROM quotes q … WHERE …``)."""
    chosen = f"SELECT q.id {from_where}"
    every = " WHERE " not in from_where      # no filter: count the link tables as they are
    among = "" if every else f" WHERE quote_id IN ({chosen})"

    def grouped(sql: str) -> dict[Any, int]:
        return {tuple(r[:-1]) if len(r) > 2 else r[0]: r[-1] for r in db.execute(sql, args)}

    cells = count_cells(db, from_where, args)
    if every:
        by_actor, by_theme = tag_totals(db)
    else:
        by_actor = grouped(f"SELECT actor_id, COUNT(*) FROM quote_actors{among} GROUP BY actor_id")
        by_theme = grouped(f"SELECT theme_id, COUNT(*) FROM quote_themes{among} GROUP BY theme_id")
    by_doc = grouped("SELECT doc_id, COUNT(*) FROM quotes GROUP BY doc_id" if every else
                     f"SELECT q.doc_id, COUNT(*) {from_where} GROUP BY q.doc_id")
    source = "FROM quotes q" if every else from_where
    # a quote counts once under each of its languages (the second is never the first)
    languages = grouped(
        f"SELECT lang, SUM(n) FROM (SELECT q.language AS lang, COUNT(*) AS n {source} "
        f"GROUP BY q.language UNION ALL SELECT q.language2, COUNT(*) {source}"
        f"{' WHERE' if every else ' AND'} q.language2 IS NOT NULL AND q.language2 != q.language "
        f"GROUP BY q.language2) GROUP BY lang")
    return QuoteCounts(sum(by_doc.values()), cells, by_actor, by_theme, by_doc, languages,
                       matrix_totals(db, from_where, args))


def matrix_totals(db: BriefDatabase, from_where: str, args: dict[str, Any]) -> MatrixTotals:
    """The totals of the matrix ``count_cells`` fills, in distinct quotes: per actor, the
    quotes naming it under any theme; per theme, the quotes under it naming any actor; in
    all, the quotes with at least one actor and one theme."""
    among = ("" if " WHERE " not in from_where
             else f" AND x.quote_id IN (SELECT q.id {from_where})")

    def per(table: str, column: str, other: str) -> dict[str, int]:
        return dict(db.execute(
            f"SELECT x.{column}, COUNT(*) FROM {table} x WHERE EXISTS (SELECT 1 FROM {other} o "
            f"WHERE o.quote_id = x.quote_id){among} GROUP BY x.{column}", args))

    quotes = db.execute(
        f"SELECT COUNT(DISTINCT x.quote_id) FROM quote_actors x WHERE EXISTS (SELECT 1 FROM "
        f"quote_themes o WHERE o.quote_id = x.quote_id){among}", args).fetchone()[0]
    return MatrixTotals(per("quote_actors", "actor_id", "quote_themes"),
                        per("quote_themes", "theme_id", "quote_actors"), quotes)


def count_cells(db: BriefDatabase, from_where: str, args: dict[str, Any]
                ) -> dict[tuple[str, str], int]:
    """Only the actor × theme cells of the quotes ``from_where`` selects (see
    ``count_quotes``): what a matrix shows, without the other groupings."""
    if " WHERE " not in from_where:      # every quote: the table the triggers keep
        return {(a, t): n for a, t, n in kept(db, "matrix_counts")}
    return {(a, t): n for a, t, n in db.execute(
        f"SELECT a.actor_id, t.theme_id, COUNT(*) FROM quote_actors a JOIN quote_themes t "
        f"ON t.quote_id = a.quote_id WHERE a.quote_id IN (SELECT q.id {from_where}) "
        f"GROUP BY a.actor_id, t.theme_id", args)}


def tag_totals(db: BriefDatabase) -> tuple[dict[str, int], dict[str, int]]:
    """(quotes per actor, quotes per theme): the tables the link tables' triggers keep
    (schema 0008), a row an actor or theme, nothing counted."""
    return dict(kept(db, "actor_counts")), dict(kept(db, "theme_counts"))


def kept(db: BriefDatabase, table: str, where: str = "", args: Sequence[Any] = ()) -> list[tuple]:
    """The rows of a count table the triggers keep (``schema.COUNT_TABLES``), or, in a file of
    an older schema opened read-only (not upgraded), the same counted from the links."""
    try:
        return db.execute(f"SELECT * FROM {table}{where}", args).fetchall()
    except sqlite3.OperationalError:
        if table in {r[0] for r in db.execute("SELECT name FROM sqlite_master")}:
            raise
    sql = COUNT_QUERIES[table]
    if where:              # "WHERE actor_id IN (…)" of the links
        column = "a.actor_id" if table == "matrix_counts" else f"{table.split('_')[0]}_id"
        sql = sql.replace(" GROUP BY", where.replace(" actor_id", f" {column}") + " GROUP BY", 1)
    return db.execute(sql, args).fetchall()


def actor_rows(db: BriefDatabase, actor_ids: list[str]) -> dict[tuple[str, str], int]:
    """The matrix cells of these actors only (every quote), from the kept counts."""
    if not actor_ids:
        return {}
    marks = ", ".join("?" * len(actor_ids))
    return {(a, t): n for a, t, n in kept(db, "matrix_counts",
                                          f" WHERE actor_id IN ({marks})", actor_ids)}
