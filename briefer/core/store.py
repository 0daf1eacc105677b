"""The project file: opening, identifying and versioning one SQLite file per project.

A ``Project`` is the one way the rest of Briefer reads and writes a project. It is made
of parts that share one :class:`~briefer.core.base.Store`: ``project.documents``,
``project.quotes``, ``project.codebook`` (actors and themes), ``project.judgments`` and
``project.settings``. Every public method of a part that changes something commits before
it returns (sqlite-utils 4 commits each write; groups of writes use ``db.atomic()``), so a
crash loses nothing that a method has returned from.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import projectfile, schema
from .base import Store
from .codebook import Codebook
from .documents import Documents
from .errors import BrieferError, InvalidInput, NoProject, NotAProject
from .judgments import Judgments
from .quotes import Quotes
from .settings import DEFAULT_SETTINGS, Settings

if TYPE_CHECKING:
    from . import check as checks
#: Kept for callers that ask how long a writer waits for another.
BUSY_TIMEOUT_MS = projectfile.BUSY_TIMEOUT_MS
inspect_file = projectfile.inspect_file


class Project:
    """One open project file, made of parts that share one ``Store``."""

    def __init__(self, path: Path, db: projectfile.BriefDatabase, read_only: bool,
                 notice: str | None,
                 created: bool):
        self.path = path
        self.db = db
        self.read_only = read_only
        self.notice = notice
        self.created = created
        self._hold = projectfile.hold(path)
        self.store = Store(path, db, read_only, notice)
        self.documents = Documents(self.store)
        self.codebook = Codebook(self.store)
        self.quotes = Quotes(self.store, self.documents, self.codebook)
        self.judgments = Judgments(self.store, self.quotes)
        self.settings = Settings(self.store)

    # -- opening ---------------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike, create: bool = True, *,
             read_only: bool = False, accept_wal: bool = False) -> Project:
        """Open (or create) the project at ``path``; see ``inspect_file`` for refusals.

        A file that cannot be written (read-only mount, immutable file, no permission) is
        opened read-only with a notice saying so; a file written by a newer Briefer too.
        A ``-wal`` beside the file that does not belong to it is refused (``StaleLog``)
        unless ``accept_wal``.
        """
        path = Path(path).expanduser()
        if not accept_wal:
            reason = projectfile.stale_wal(path)
            if reason:
                raise projectfile.wal_refusal(path, reason)
        version = inspect_file(path)
        if version is None and not create:
            raise _no_project(path)
        if version is not None and version > schema.SCHEMA_VERSION:
            newer = (f"{path.name} was written by a newer Briefer (schema {version}, this "
                     f"one knows {schema.SCHEMA_VERSION}); it is open read-only.")
            return cls._open_read_only(path, newer)
        if read_only and version is not None:
            return cls._open_read_only(path, f"{path.name} is open read-only.")
        cannot = projectfile.unwritable_reason(path) if version is not None else None
        if cannot:
            return cls._open_read_only(
                path, f"{path.name} cannot be written ({cannot}); it is open read-only.")
        if version is None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise NotAProject(f"{path} cannot be created: {exc.strerror or exc}.") from exc
        try:
            conn = projectfile.connect(path, read_only=False)
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            db = projectfile.BriefDatabase(conn)
            created, kept, upgraded_from = cls._prepare(db, path)
        except sqlite3.Error as exc:
            reason = _unwritable_reason(exc)
            if reason and version is not None:
                return cls._open_read_only(
                    path, f"{path.name} cannot be written ({reason}); it is open read-only.")
            if reason:
                raise NotAProject(f"{path} cannot be created ({reason}).") from exc
            raise NotAProject(f"{path} cannot be opened for writing: {exc}.") from exc
        notice = None
        if kept is not None:
            notice = (f"{path.name} was upgraded from schema {upgraded_from} to "
                      f"{schema.SCHEMA_VERSION}; the old file is kept as {kept.name}.")
        return cls(path, db, read_only=False, notice=notice, created=created)

    @classmethod
    def _open_read_only(cls, path: Path, notice: str) -> Project:
        conn = projectfile.connect_read_only(path)
        db = projectfile.BriefDatabase(conn, recursive_triggers=False)
        return cls(path, db, read_only=True, notice=notice, created=False)

    @staticmethod
    def _prepare(db: projectfile.BriefDatabase, path: Path
                 ) -> tuple[bool, Path | None, int | None]:
        """Create or upgrade the schema in one immediate transaction; safe when several
        processes open a new or older file at once. Returns (created, the copy kept before
        upgrading, the version upgraded from).

        The version is read inside the transaction (``inspect_file``'s, read before, may be
        stale: another process may have upgraded the file since), and the copy is taken
        there (``_keep_copy``): no other writer can come between the copy and the upgrade,
        so ``NAME.vN.bak`` is always the file as it was at version N, never an upgraded
        file written over it."""
        kept = upgraded_from = None
        with db.atomic():
            fresh = not db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                                   "AND name = 'settings'").fetchone()
            current = projectfile.schema_version(db)
            if not fresh and 0 < current < schema.SCHEMA_VERSION:
                kept = _keep_copy(path, current)
                upgraded_from = current
            if fresh or current < schema.SCHEMA_VERSION:
                schema.upgrade(db.utils)          # sqlite-utils: only to create or upgrade
            if fresh:
                for key, value in DEFAULT_SETTINGS.items():
                    db.execute("INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)",
                               [key, value])
        return fresh, kept, upgraded_from

    def close(self) -> None:
        projectfile.release(self._hold)
        self._hold = None
        self.db.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def data_version(self) -> int:
        """Changes whenever another connection commits to the file (``PRAGMA data_version``)."""
        return self.db.execute("PRAGMA data_version").fetchone()[0]

    def transaction(self) -> AbstractContextManager[Any]:
        """One write transaction (``BEGIN IMMEDIATE``); nested calls become savepoints."""
        return self.store.transaction()

    def snapshot(self) -> AbstractContextManager[Any]:
        """One read transaction: every read inside sees the same state of the file."""
        return self.store.snapshot()

    def writable(self) -> None:
        """Refuse (``ReadOnlyProject``, saying why) when the project is open read-only."""
        self.store.writable()

    @property
    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def check(self) -> list[str]:
        """SQLite's quick_check plus Briefer's own: each quote matches its document or is
        orphaned, stored text is valid UTF-8 and matches its digest (the command line's
        lines; ``findings`` gives them typed)."""
        from . import check as checks       # not needed to open a project

        return checks.check(self.store)

    def findings(self, progress: checks.Progress | None = None) -> list[checks.Finding]:
        """What ``check`` finds, as typed findings; ``progress(done, total)`` may stop it."""
        from . import check as checks

        return checks.findings(self.store, progress)

    def repair(self, progress: checks.Progress | None = None) -> list[str]:
        """Mend what ``check`` finds and can mend (kept counts that drifted, links and
        speaker or carrier ids naming a row no longer there) in one write transaction; say
        what changed."""
        from . import check as checks

        return checks.repair(self.store, progress)

    # -- maintenance -----------------------------------------------------------
    def backup(self, out: str | os.PathLike, *, overwrite: bool = False) -> Path:
        """Write a consistent copy of the project to ``out`` with SQLite's backup API.

        Written to a temporary file beside ``out`` and moved into place, so two backups to
        one target never mix and an interrupted one leaves no half file. Refuses the
        project itself and the -wal/-shm/journal of any project; an existing Briefer
        project (an earlier backup) is replaced only with ``overwrite`` and when no program
        has it open.
        """
        out = Path(out).expanduser()
        if out.exists() and out.resolve() == self.path.resolve():
            raise InvalidInput(f"The backup must not overwrite the project itself ({out}).")
        reason = projectfile.protected_target(out)
        if reason and overwrite and projectfile.is_project_file(out):
            reason = (f"{out.name} is open in another program; close it first."
                      if projectfile.in_use(out) or projectfile.is_held(out) else None)
        elif reason and projectfile.is_project_file(out):
            reason += " (To replace an earlier backup, use --overwrite.)"
        if reason:
            raise InvalidInput(reason)
        if out.is_dir():
            raise InvalidInput(f"{out} is a folder; give the backup a file name.")
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{out.name}-", suffix=".part", dir=out.parent)
            os.close(fd)
        except OSError as exc:
            raise BrieferError(f"Cannot write to {out.parent}: {exc.strerror or exc}.") from exc
        try:
            target = sqlite3.connect(tmp)
            try:
                self.db.conn.backup(target)
                target.execute("PRAGMA journal_mode = DELETE")
            finally:
                target.close()
            os.replace(tmp, out)
        except (OSError, sqlite3.Error) as exc:
            raise BrieferError(f"The backup to {out} failed: {exc}.") from exc
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        return out


def _keep_copy(path: Path, version: int) -> Path:
    """Copy the project to ``NAME.vVERSION.bak`` beside it, called inside the upgrade's write
    transaction before it writes: SQLite's backup API from a read-only connection of its
    own (a backup from the writing connection itself waits for ever while its write
    transaction is open), which sees the file as last committed, as the writer does. Written
    to a temporary file and moved into place, so a copy is whole or absent."""
    kept = path.with_name(f"{path.name}.v{version}.bak")
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".briefer-") as tmp:
        part = Path(tmp) / kept.name
        source = projectfile.connect(path, read_only=True)
        copy = sqlite3.connect(str(part))
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
        os.replace(part, kept)
    return kept


def _unwritable_reason(exc: sqlite3.Error) -> str | None:
    """Why SQLite could not write the file, in words, if that is what ``exc`` says."""
    text = str(exc).lower()
    code = getattr(exc, "sqlite_errorname", "") or ""
    if "readonly" in text or "read-only" in text or code.startswith("SQLITE_READONLY"):
        return "a read-only file or folder"
    if code == "SQLITE_FULL" or "database or disk is full" in text:
        return "the disk is full"
    if code.startswith("SQLITE_CANTOPEN") or "unable to open" in text:
        return "the file or its folder cannot be written"
    if code == "SQLITE_PERM" or "access permission" in text:
        return "no permission to write it"
    if code.startswith("SQLITE_IOERR") or "disk i/o error" in text:
        return "the disk refused the write"
    return None


def _no_project(path: Path) -> NoProject:
    """Why there is no project to open at ``path`` (``inspect_file`` found none)."""
    try:
        size = path.stat().st_size
    except OSError:
        return NoProject(f"No project at {path}.")
    if size == 0:
        return NoProject(f"No project at {path} (the file is empty).")
    return NoProject(
        f"{path.name} has no Briefer data: it is an empty SQLite file, most likely a copy of a "
        "project's main file made while the project was open (its data was still in the "
        "-wal file beside it). Copy an open project with File ▸ Save project as… or "
        "`briefer backup`, or copy it when Briefer is closed.")
