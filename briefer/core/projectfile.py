"""The project file on disk: what a path holds, how to connect, what must never be written.

Nothing here opens the project file, its ``-wal``, ``-shm`` or journal with ``open()``
while this process may hold an SQLite connection to it: on POSIX, closing *any*
descriptor of a file drops every lock the process holds on it, and another process
may then delete the write-ahead log it thinks nobody uses (SQLite's "How To Corrupt
An SQLite Database File", section 2.2). What a path holds is asked of SQLite itself,
which shares its descriptors between connections and never closes one early.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import struct
import threading
from pathlib import Path
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import quote as urlquote

from . import schema

if TYPE_CHECKING:             # sqlite-utils is imported when first used (BriefDatabase.utils)
    from sqlite_utils import Database
    from sqlite_utils.db import Table
from .errors import DamagedProject, NotAProject

BUSY_TIMEOUT_MS = 10_000
#: A statement that returns rows by its first word (after comments): no need to compile it
#: first (``EXPLAIN``) to find out, as ``BriefDatabase.query`` does for others.
_ROWS_FIRST = re.compile(r"(?:\s+|--[^\n]*(?:\n|$)|/\*.*?\*/)*(?:select|values|explain)\b",
                         re.IGNORECASE | re.DOTALL)
#: The files SQLite keeps beside a database, by the suffix added to its name.
SIDECAR_SUFFIXES = ("-wal", "-shm", "-journal")
_WAL_MAGIC = (0x377F0682, 0x377F0683)
#: A leftover log this much older than its database was not written to it.
_STALE_WAL_SLACK_S = 2.0


class BriefDatabase:
    """The project's connection: its reads, its transactions, and sqlite-utils for the rest.

    ``execute``, ``query``, ``atomic`` and ``snapshot`` work on the sqlite3 connection itself;
    every other sqlite-utils ``Database`` method and attribute (``table``, ``db[name]``,
    ``executescript``, ``register_function``, …) goes to sqlite-utils' ``Database`` on the
    same connection (``utils``), made when first asked for. Importing sqlite-utils costs
    ~0.1 s (click, dateutil, pluggy, compiled patterns): a start that only reads the project
    does not pay it (issue #13); the first write or schema upgrade does.

    The connection is in autocommit mode (``isolation_level=None``), so Python never opens
    a deferred transaction behind our back, and a statement outside ``atomic()`` commits
    itself, as sqlite-utils' ``execute`` does.

    The outermost ``atomic()`` begins ``IMMEDIATE``, for sqlite-utils' own writes too: a
    deferred transaction that reads before it writes (sqlite-utils reads ``sqlite_master``
    first) is refused with ``database is locked`` at once when it upgrades to a write under
    contention, busy timeout or not. ``BEGIN IMMEDIATE`` takes the write lock first and so
    waits its turn.

    sqlite-utils' plugins are not run on the connection (it is the project's own, and
    finding them scans every installed package's entry points: ~0.2 s).
    """

    def __init__(self, conn: sqlite3.Connection, *, recursive_triggers: bool = True) -> None:
        self.conn = conn
        self._utils: Database | None = None
        if recursive_triggers:
            conn.execute("PRAGMA recursive_triggers=on;")

    @property
    def utils(self) -> Database:
        """sqlite-utils' ``Database`` on this connection (its ``atomic`` is this one's)."""
        if self._utils is None:
            from .tables import TablesDatabase

            self._utils = TablesDatabase(self)
        return self._utils

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):               # copy, pickle and the like: not sqlite-utils
            raise AttributeError(name)
        return getattr(self.utils, name)

    def __getitem__(self, name: str) -> Any:
        return self.utils[name]

    def table(self, name: str) -> Table:
        return self.utils.table(name)

    def execute(self, sql: str, parameters: Any = None) -> sqlite3.Cursor:
        """Run one statement (a write outside ``atomic()`` commits at once)."""
        if parameters is None:
            return self.conn.execute(sql)
        return self.conn.execute(sql, parameters)

    def query(self, sql: str, params: Any = None) -> Iterator[dict[str, Any]]:
        """The rows of a statement that returns rows, as dicts (a repeated column name gets
        ``_2``, ``_3``…, as sqlite-utils names them). A statement that returns none is
        refused before it runs (``ValueError``): it would have written already."""
        if not _ROWS_FIRST.match(sql) and not any(
                op[1] == "ResultRow" for op in self.execute("EXPLAIN " + sql, params)):
            raise ValueError("query() is for SQL that returns rows; use execute()")
        cursor = self.execute(sql, params)
        if cursor.description is None:         # not foreseen by EXPLAIN: none returned
            raise ValueError("query() is for SQL that returns rows; use execute()")
        keys = _unique_names([d[0] for d in cursor.description])
        return (dict(zip(keys, row)) for row in cursor)

    def close(self) -> None:
        self.conn.close()

    @contextlib.contextmanager
    def atomic(self) -> Iterator[BriefDatabase]:
        """One write transaction (``BEGIN IMMEDIATE``); nested, a savepoint."""
        if self.conn.in_transaction:
            with self._savepoint():
                yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise

    @contextlib.contextmanager
    def _savepoint(self) -> Iterator[None]:
        name = f"briefer_{os.urandom(8).hex()}"
        self.conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            # an error such as a RAISE(ROLLBACK) trigger may have ended the whole
            # transaction, savepoints included: then there is nothing left to undo
            if self.conn.in_transaction:
                self.conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                self.conn.execute(f"RELEASE SAVEPOINT {name}")
            raise
        else:
            self.conn.execute(f"RELEASE SAVEPOINT {name}")

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[BriefDatabase]:
        """A read transaction: every read inside sees one consistent state of the file."""
        if self.conn.in_transaction:
            yield self
            return
        self.conn.execute("BEGIN")
        try:
            self.conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
            yield self
        finally:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")


def _unique_names(keys: list[str]) -> list[str]:
    """Column names made unique: a repeated one gets ``_2``, ``_3``… (skipping a suffix that
    another column already has)."""
    if len(set(keys)) == len(keys):
        return keys
    taken, seen, out = set(keys), set(), []
    for key in keys:
        name, n = key, 2
        if key in seen:
            while name in seen or name in taken:
                name, n = f"{key}_{n}", n + 1
        seen.add(name)
        out.append(name)
    return out


# -- which files this process holds --------------------------------------------------------
_held: dict[tuple[int, int], int] = {}
_held_lock = threading.Lock()


def _key(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def hold(path: Path) -> tuple[int, int] | None:
    """Record that this process has a connection to ``path``; returns the token for ``release``."""
    key = _key(path)
    if key is not None:
        with _held_lock:
            _held[key] = _held.get(key, 0) + 1
    return key


def release(key: tuple[int, int] | None) -> None:
    if key is None:
        return
    with _held_lock:
        count = _held.get(key, 0) - 1
        if count > 0:
            _held[key] = count
        else:
            _held.pop(key, None)


def is_held(path: Path) -> bool:
    key = _key(path)
    with _held_lock:
        return key is not None and key in _held


# -- what a path is -------------------------------------------------------------------------
def ro_uri(path: Path, immutable: bool = False) -> str:
    uri = f"file:{urlquote(str(Path(path).resolve()))}?mode=ro"
    return uri + ("&immutable=1" if immutable else "")


def connect(path: Path, *, read_only: bool, immutable: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode with the busy timeout and foreign keys on."""
    if read_only:
        conn = sqlite3.connect(ro_uri(path, immutable), uri=True,
                               timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    else:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def unwritable_reason(path: Path) -> str | None:
    """Why ``path`` cannot be written now, in words, or None (asked before opening it)."""
    try:
        vfs = os.statvfs(path.parent)
    except OSError:
        return None
    if vfs.f_flag & os.ST_RDONLY:
        return "it is on a read-only file system"
    if nobody_can_write(path):
        return "the file is marked immutable"
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        return "you have no permission to write it or its folder"
    if vfs.f_bavail * vfs.f_frsize < 256 * 1024:
        return "the disk is full"
    return None


def nobody_can_write(path: Path) -> bool:
    """True when no program can change ``path``: a read-only file system, or an immutable
    file (``chattr +i``). Then SQLite may read it as immutable (no -shm is needed)."""
    try:
        if os.statvfs(path.parent).f_flag & os.ST_RDONLY:
            return True
    except OSError:
        return False
    if is_held(path):
        return False
    try:
        fd = os.open(path, os.O_RDWR)
    except PermissionError:
        return os.geteuid() == 0          # root is refused only by an immutable file
    except OSError:
        return False
    os.close(fd)
    return False


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection that also works where SQLite cannot make its -shm file."""
    conn = connect(path, read_only=True)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
        if not nobody_can_write(path) and unwritable_reason(path) != "the disk is full":
            raise
    return connect(path, read_only=True, immutable=True)


def inspect_file(path: Path) -> int | None:
    """Say what ``path`` holds without writing to it and without ``open()`` on it.

    Returns None for a file that does not exist or is empty (a new project), else the
    file's schema version. Raises ``NotAProject`` or ``DamagedProject``.
    """
    path = Path(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise NotAProject(f"{path} cannot be read: {exc.strerror or exc}.") from exc
    if path.is_dir():
        raise NotAProject(f"{path} is a folder, not a Briefer project file.")
    if st.st_size == 0:
        return None
    try:
        conn = connect_read_only(path)
    except sqlite3.DatabaseError as exc:
        if "not a database" in str(exc):
            raise _not_sqlite(path) from exc
        raise NotAProject(f"{path} cannot be read: {exc}.") from exc
    try:
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            if "not a database" in str(exc):
                raise _not_sqlite(path) from exc
            raise
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
    except sqlite3.OperationalError as exc:
        raise NotAProject(f"{path.name} cannot be read: {exc}.") from exc
    except sqlite3.DatabaseError as exc:
        raise DamagedProject(
            f"{path.name} is damaged ({exc}). It was left untouched; "
            "restore it from a backup (briefer backup makes one)."
        ) from exc
    finally:
        conn.close()


def _not_sqlite(path: Path) -> NotAProject:
    # SQLite could not read it as a database, so no SQLite connection of this process
    # holds locks on it: reading its first bytes by hand is safe here.
    header = b""
    if not is_held(path):
        with contextlib.suppress(OSError), open(path, "rb") as fh:
            header = fh.read(16)
    if header.startswith(b"SQLite format 3"):
        return NotAProject(f"{path.name} is an SQLite file whose header is damaged; "
                           "it was left untouched.")
    return NotAProject(
        f"{path.name} is not a Briefer project: it is not an SQLite database "
        "(perhaps a document? Use Import documents for articles)."
    )


def is_project_file(path: Path) -> bool:
    """True if ``path`` is a Briefer project (asked of SQLite, never opened by hand)."""
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return False
        conn = sqlite3.connect(ro_uri(path), uri=True, timeout=1, isolation_level=None)
    except (OSError, sqlite3.Error):
        return False
    try:
        return conn.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def protected_target(target: Path) -> str | None:
    """Why ``target`` must not be written by an export, or None.

    Refused: a Briefer project (this one or another), and the ``-wal``, ``-shm`` or
    ``-journal`` beside any Briefer project, whether or not they exist yet.
    """
    target = Path(target)
    with contextlib.suppress(OSError):
        target = target.resolve()
    if is_project_file(target):
        return (f"{target.name} is a Briefer project file; an export would destroy it. "
                "Choose another file name.")
    for suffix in SIDECAR_SUFFIXES:
        if target.name.endswith(suffix):
            base = target.with_name(target.name[: -len(suffix)])
            if is_project_file(base):
                return (f"{target.name} belongs to the project {base.name} (SQLite's {suffix[1:]} "
                        "file); writing it would destroy the project. Choose another file name.")
    return None


# -- a write-ahead log left behind ----------------------------------------------------------
def stale_wal(path: Path) -> str | None:
    """Why the ``-wal`` beside ``path`` does not belong to it, or None.

    Only asked before this process opens ``path`` (the log is read by hand). A log SQLite
    would replay is suspect when its page size differs from the database's, or when it is
    older than the database file while no other process has the database open (a copy of
    the project was put in place after the log was written: replaying it would mix two
    versions of the project silently).
    """
    wal = path.with_name(path.name + "-wal")
    if is_held(path):
        return None
    try:
        wst, dst = wal.stat(), path.stat()
    except OSError:
        return None
    if wst.st_size < 32 + 24:
        return None
    try:
        with open(wal, "rb") as fh:
            header = fh.read(32)
            first_frame = fh.read(24)
        with open(path, "rb") as fh:
            db_header = fh.read(100)
    except OSError:
        return None
    magic, _version, page_size, _seq, salt1, salt2 = struct.unpack(">IIIIII", header[:24])
    if magic not in _WAL_MAGIC:
        return None
    if struct.unpack(">II", first_frame[8:16]) != (salt1, salt2):
        return None                      # no valid frame: SQLite will ignore the log
    db_page = struct.unpack(">H", db_header[16:18])[0] if len(db_header) >= 18 else 0
    db_page = 65536 if db_page == 1 else db_page
    size = f"{wst.st_size / 1024:.0f} KB"
    if db_page and db_page != page_size:
        return (f"{wal.name} ({size}) was written with pages of {page_size} bytes but "
                f"{path.name} uses {db_page}: it belongs to another file.")
    if wst.st_mtime + _STALE_WAL_SLACK_S < dst.st_mtime and not in_use(path):
        return (f"{wal.name} ({size}) is older than {path.name} and no program has the project "
                "open: it was probably left by another copy of the project, and opening would "
                "merge it into this file.")
    return None


def in_use(path: Path) -> bool:
    """Whether another process holds a lock on the project (asked without taking one)."""
    import fcntl

    shm = path.with_name(path.name + "-shm")
    for target in (shm, path):
        try:
            fd = os.open(target, os.O_RDWR)
        except OSError:
            continue
        try:
            probe = struct.pack("hhqqi", fcntl.F_WRLCK, 0, 0, 0, 0)
            got = fcntl.fcntl(fd, fcntl.F_GETLK, probe)
            if struct.unpack("hhqqi", got)[0] != fcntl.F_UNLCK:
                return True
        except OSError:
            pass
        finally:
            os.close(fd)
    return False


class StaleLog(NotAProject):
    """A ``-wal`` beside the project that does not belong to it."""


def wal_refusal(path: Path, reason: str) -> StaleLog:
    wal = path.with_name(path.name + "-wal")
    return StaleLog(
        f"{reason} The project was left untouched. To open {path.name} as it is, move "
        f"{wal.name} out of the folder (keep it: it may hold work from the other copy)."
    )


def schema_version(db: BriefDatabase | Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]
