"""The project file: opening, identifying and versioning one SQLite file per project.

A ``Project`` is the one way the rest of Briefer reads and writes a project. Every
public method that changes something commits before it returns (sqlite-utils 4
commits each write; groups of writes use ``db.atomic()``), so a crash loses nothing
that a method has returned from.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote as urlquote

from sqlite_utils import Database

from . import schema
from .codebook import CodebookMixin
from .documents import DocumentsMixin
from .errors import DamagedProject, InvalidInput, NotAProject, NotFound, ReadOnlyProject
from .ids import new_id, now
from .judgments import JudgmentsMixin
from .quotes import QuotesMixin

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000

#: Settings every project has, with their defaults.
DEFAULT_SETTINGS = {
    "title": "Situation brief",
    "subtitle": "",
    "analyst": "",
    "marking": "TLP:CLEAR",
    "summary": "",
    "language": "en",
}


def inspect_file(path: Path) -> int | None:
    """Say what ``path`` holds without writing to it.

    Returns None for a file that does not exist or is empty (a new project), else the
    file's schema version. Raises ``NotAProject`` or ``DamagedProject``.
    """
    if not path.exists() or path.stat().st_size == 0:
        return None
    if path.is_dir():
        raise NotAProject(f"{path} is a folder, not a Briefer project file.")
    try:
        with open(path, "rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise NotAProject(f"{path} cannot be read: {exc.strerror or exc}.") from exc
    if header != SQLITE_HEADER:
        raise NotAProject(
            f"{path.name} is not a Briefer project: it is not an SQLite database "
            "(perhaps a document? Use Import documents for articles)."
        )
    uri = f"file:{urlquote(str(path.resolve()))}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise DamagedProject(f"{path.name} cannot be opened: {exc}.") from exc
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        if app_id != schema.APPLICATION_ID:
            if not tables:
                return None
            shown = ", ".join(tables[:5]) + (", …" if len(tables) > 5 else "")
            raise NotAProject(
                f"{path.name} is an SQLite database of another program (tables: {shown}), "
                "not a Briefer project. It was left untouched."
            )
        check = conn.execute("PRAGMA quick_check").fetchall()
        if check != [("ok",)]:
            detail = "; ".join(str(r[0]) for r in check[:3])
            raise DamagedProject(f"{path.name} is damaged: {detail}. It was left untouched.")
        return version
    except sqlite3.DatabaseError as exc:
        raise DamagedProject(
            f"{path.name} is damaged ({exc}). It was left untouched; "
            "restore it from a backup (briefer backup makes one)."
        ) from exc
    finally:
        conn.close()


def _connect(path: Path, read_only: bool) -> sqlite3.Connection:
    if read_only:
        uri = f"file:{urlquote(str(path.resolve()))}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    else:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


class Project(DocumentsMixin, QuotesMixin, CodebookMixin, JudgmentsMixin):
    """One open project file."""

    _new_id = staticmethod(new_id)
    _now = staticmethod(now)

    def __init__(self, path: Path, db: Database, read_only: bool, notice: str | None,
                 created: bool):
        self.path = path
        self.db = db
        self.read_only = read_only
        self.notice = notice
        self.created = created

    # -- opening ---------------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike, create: bool = True) -> "Project":
        """Open (or create) the project at ``path``; see ``inspect_file`` for refusals."""
        path = Path(path).expanduser()
        version = inspect_file(path)
        if version is None and not create:
            raise NotAProject(f"{path} does not exist.")
        if version is not None and version > schema.SCHEMA_VERSION:
            notice = (f"{path.name} was written by a newer Briefer (schema {version}, this "
                      f"one knows {schema.SCHEMA_VERSION}); it is open read-only.")
            db = Database(_connect(path, read_only=True), recursive_triggers=False)
            return cls(path, db, read_only=True, notice=notice, created=False)
        if version is None:
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = _connect(path, read_only=False)
            conn.execute("PRAGMA journal_mode = WAL")
        except sqlite3.Error as exc:
            raise NotAProject(f"{path} cannot be opened for writing: {exc}.") from exc
        db = Database(conn)
        notice = None
        if version is not None and version < schema.SCHEMA_VERSION:
            kept = path.with_name(f"{path.name}.v{version}.bak")
            copy = sqlite3.connect(str(kept))
            try:
                conn.backup(copy)
            finally:
                copy.close()
            notice = (f"{path.name} was upgraded from schema {version} to "
                      f"{schema.SCHEMA_VERSION}; the old file is kept as {kept.name}.")
        schema.upgrade(db)
        project = cls(path, db, read_only=False, notice=notice, created=version is None)
        if version is None:
            with db.atomic():
                for key, value in DEFAULT_SETTINGS.items():
                    db["settings"].insert({"key": key, "value": value}, replace=True)
        return project

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Project":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def _executemany(self, sql: str, rows) -> None:
        """``executemany`` committed like every other write (sqlite-utils has none)."""
        with self.db.atomic():
            self.db.conn.executemany(sql, list(rows))

    def _resolve_ref(self, table: str, ref: str, noun: str, alt_column: str | None = None) -> str:
        """The id of a row given its id, a unique id prefix, or (``alt_column``) another key."""
        ref = (ref or "").strip()
        if self.db.execute(f"SELECT 1 FROM {table} WHERE id = ?", [ref]).fetchone():
            return ref
        sql = f"SELECT id FROM {table} WHERE (id >= :r AND id < :r || char(1114111))"
        if alt_column:
            sql += f" OR {alt_column} = :r"
        rows = [r[0] for r in self.db.execute(sql + " LIMIT 3", {"r": ref}).fetchall()] if ref else []
        if len(rows) == 1:
            return rows[0]
        if not rows:
            raise NotFound(f"No {noun} {ref!r} in this project.")
        raise InvalidInput(f"{ref!r} names several {noun}s; give more of the id.")

    def _writable(self) -> None:
        if self.read_only:
            raise ReadOnlyProject(self.notice or f"{self.path.name} is open read-only.")

    # -- settings --------------------------------------------------------------
    def settings(self) -> dict[str, str]:
        values = dict(DEFAULT_SETTINGS)
        values.update({r["key"]: r["value"] for r in self.db["settings"].rows})
        return values

    def setting(self, key: str) -> str:
        return self.settings().get(key, "")

    def set_settings(self, **values: str) -> None:
        self._writable()
        with self.db.atomic():
            for key, value in values.items():
                self.db["settings"].insert({"key": key, "value": str(value)}, replace=True)

    # -- maintenance -----------------------------------------------------------
    def backup(self, out: str | os.PathLike) -> Path:
        """Write a consistent copy of the project to ``out`` with SQLite's backup API."""
        out = Path(out)
        if out.resolve() == self.path.resolve():
            raise ValueError("The backup must not overwrite the project itself.")
        tmp = out.with_name(out.name + ".partial")
        tmp.unlink(missing_ok=True)
        target = sqlite3.connect(str(tmp))
        try:
            self.db.conn.backup(target)
        finally:
            target.close()
        os.replace(tmp, out)
        return out
