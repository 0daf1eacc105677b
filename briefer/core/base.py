"""The shared store every part of a project works through: one connection, its transactions,
the read-only guard and the lookup of a row by id or id prefix."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import ids
from .errors import InvalidInput, NotFound, ReadOnlyProject

if TYPE_CHECKING:
    from sqlite_utils.db import Table

    from .projectfile import BriefDatabase


class Store:
    """What the parts of a ``Project`` share. Every write method of a part calls
    :meth:`writable` first and groups its writes in :meth:`transaction`."""

    def __init__(self, path: Path, db: BriefDatabase, read_only: bool, notice: str | None):
        self.path = path
        self.db = db
        self.read_only = read_only
        self.notice = notice

    def writable(self) -> None:
        """Refuse a write on a project open read-only, saying why it is."""
        if self.read_only:
            raise ReadOnlyProject(self.notice or f"{self.path.name} is open read-only.")

    def transaction(self) -> AbstractContextManager[Any]:
        """One write transaction (``BEGIN IMMEDIATE``); nested calls become savepoints."""
        self.writable()
        return self.db.atomic()

    def snapshot(self) -> AbstractContextManager[Any]:
        """One read transaction: every read inside sees the same state of the file."""
        return self.db.snapshot()

    def mark(self) -> tuple[int, int] | None:
        """Where the file stands, for a reader that keeps what it read: while the mark is
        equal, so is every table (another connection's commits change ``PRAGMA
        data_version``, this connection's writes its ``total_changes``). None inside a
        transaction, whose writes may still roll back."""
        conn = self.db.conn
        if conn.in_transaction:
            return None
        return self.db.execute("PRAGMA data_version").fetchone()[0], conn.total_changes

    def executemany(self, sql: str, rows: Iterable[Iterable[Any]]) -> None:
        """``executemany`` committed like every other write (sqlite-utils has none)."""
        with self.db.atomic():
            self.db.conn.executemany(sql, list(rows))  # type: ignore[arg-type]

    def table(self, name: str) -> Table:
        """A table of the project (sqlite-utils' ``Table``, for writes: the first use imports
        sqlite-utils; reads go through ``rows`` and ``row``)."""
        return self.db.table(name)

    def rows(self, sql: str, args: Any = None) -> Iterator[dict[str, Any]]:
        return self.db.query(sql, args)

    def row(self, table: str, row_id: str) -> dict[str, Any]:
        """The row of ``table`` whose id is ``row_id`` (every column)."""
        found = next(self.db.query(f"SELECT * FROM {table} WHERE id = ?", [row_id]), None)
        if found is None:
            raise NotFound(f"No row {row_id!r} in {table}.")
        return found

    def exists(self, table: str, row_id: str) -> bool:
        return bool(self.db.execute(f"SELECT 1 FROM {table} WHERE id = ?", [row_id]).fetchone())

    @staticmethod
    def new_id() -> str:
        return ids.new_id()

    @staticmethod
    def now() -> str:
        return ids.now()

    def resolve_ref(self, table: str, ref: str, noun: str, alt_column: str | None = None) -> str:
        """The id of a row given its id, a unique id prefix, or (``alt_column``) another key."""
        ref = (ref or "").strip()
        if self.db.execute(f"SELECT 1 FROM {table} WHERE id = ?", [ref]).fetchone():
            return ref
        sql = f"SELECT id FROM {table} WHERE (id >= :r AND id < :r || char(1114111))"
        if alt_column:
            sql += f" OR {alt_column} = :r"
        rows = [r[0] for r in self.db.execute(sql + " LIMIT 3",
                                              {"r": ref}).fetchall()] if ref else []
        if len(rows) == 1:
            return str(rows[0])
        if not rows:
            raise NotFound(f"No {noun} {ref!r} in this project.")
        raise InvalidInput(f"{ref!r} names several {noun}s; give more of the id.")
