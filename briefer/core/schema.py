"""Schema of a project file: ordered migrations, tracked in ``PRAGMA user_version``.

Each step is a sqlite-utils ``Migrations`` entry and runs in its own transaction
together with the record of it having been applied. ``user_version`` always equals
the number of steps applied, so any SQLite tool can tell a file's version.

The steps are listed here (``STEPS``) and handed to sqlite-utils only when a file is
created or upgraded (``upgrade``): opening a current file does not import sqlite-utils.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

#: ``PRAGMA application_id`` of every Briefer project ("BRFR").
APPLICATION_ID = 0x42524652

#: (name, function) of each step, in order.
STEPS: list[tuple[str, Callable[[Database], None]]] = []


def step(name: str) -> Callable[[Callable[[Database], None]], Callable[[Database], None]]:
    """Add the decorated function as the next step, called ``name``."""
    def add(fn: Callable[[Database], None]) -> Callable[[Database], None]:
        STEPS.append((name, fn))
        return fn
    return add


@step("0001_initial")
def _initial(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            title TEXT, outlet TEXT, author TEXT, date TEXT, language TEXT,
            text TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            source_path TEXT, source_name TEXT, format TEXT, encoding TEXT,
            imported_at TEXT NOT NULL, updated_at TEXT NOT NULL
        );
        CREATE INDEX documents_sha256 ON documents(sha256);
        CREATE INDEX documents_source_name ON documents(source_name);
        CREATE TABLE actors (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            kind TEXT NOT NULL DEFAULT 'organisation'
                CHECK (kind IN ('person', 'organisation', 'state', 'media')),
            aliases TEXT NOT NULL DEFAULT '[]',
            colour TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE themes (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            description TEXT NOT NULL DEFAULT '',
            colour TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE quotes (
            id TEXT PRIMARY KEY,
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start_cp INTEGER NOT NULL,
            end_cp INTEGER NOT NULL CHECK (end_cp > start_cp),
            exact TEXT NOT NULL,
            prefix TEXT NOT NULL DEFAULT '',
            suffix TEXT NOT NULL DEFAULT '',
            language TEXT NOT NULL DEFAULT 'und',
            language2 TEXT,
            note TEXT NOT NULL DEFAULT '',
            starred INTEGER NOT NULL DEFAULT 0,
            orphaned INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX quotes_doc ON quotes(doc_id, start_cp);
        CREATE TABLE quote_actors (
            quote_id TEXT NOT NULL REFERENCES quotes(id) ON DELETE CASCADE,
            actor_id TEXT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
            PRIMARY KEY (quote_id, actor_id)
        ) WITHOUT ROWID;
        CREATE INDEX quote_actors_actor ON quote_actors(actor_id);
        CREATE TABLE quote_themes (
            quote_id TEXT NOT NULL REFERENCES quotes(id) ON DELETE CASCADE,
            theme_id TEXT NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
            PRIMARY KEY (quote_id, theme_id)
        ) WITHOUT ROWID;
        CREATE INDEX quote_themes_theme ON quote_themes(theme_id);
        """
    )
    db.table("documents").enable_fts(["title", "text"], create_triggers=True)
    db.table("quotes").enable_fts(["exact", "note"], create_triggers=True)


@step("0002_judgments_and_theme_order")
def _judgments(db: Database) -> None:
    # Raw ALTER TABLE, not table.transform(): transform drops the FTS triggers.
    db.executescript(
        """
        ALTER TABLE themes ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
        UPDATE themes SET position = (
            SELECT COUNT(*) FROM themes AS t2 WHERE t2.created_at < themes.created_at
                OR (t2.created_at = themes.created_at AND t2.rowid < themes.rowid));
        CREATE TABLE judgments (
            id TEXT PRIMARY KEY,
            text TEXT NOT NULL,
            confidence TEXT NOT NULL DEFAULT 'moderate'
                CHECK (confidence IN ('low', 'moderate', 'high')),
            position INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE judgment_quotes (
            judgment_id TEXT NOT NULL REFERENCES judgments(id) ON DELETE CASCADE,
            quote_id TEXT NOT NULL REFERENCES quotes(id) ON DELETE CASCADE,
            PRIMARY KEY (judgment_id, quote_id)
        ) WITHOUT ROWID;
        """
    )


@step("0003_unique_document_text")
def _unique_text(db: Database) -> None:
    """One document per text: duplicates (made by concurrent imports before this step)
    are folded into the oldest, their quotes moved onto it."""
    db.executescript(
        """
        CREATE TEMP TABLE doc_keep AS
            SELECT d.id AS id, (SELECT k.id FROM documents k WHERE k.sha256 = d.sha256
                                ORDER BY k.imported_at, k.rowid LIMIT 1) AS keep
            FROM documents d;
        UPDATE quotes SET doc_id = (SELECT keep FROM doc_keep WHERE doc_keep.id = quotes.doc_id)
            WHERE doc_id IN (SELECT id FROM doc_keep WHERE id != keep);
        DELETE FROM documents WHERE id IN (SELECT id FROM doc_keep WHERE id != keep);
        DROP TABLE doc_keep;
        DROP INDEX IF EXISTS documents_sha256;
        CREATE UNIQUE INDEX documents_sha256 ON documents(sha256);
        """
    )


@step("0004_sources")
def _sources(db: Database) -> None:
    """Where a document came from (the URL and the date it was accessed) and, for a PDF, the
    code-point offset at which each page starts (a JSON list), so quotes cite their page."""
    # Raw ALTER TABLE, not table.transform(): transform drops the FTS triggers.
    db.executescript(
        """
        ALTER TABLE documents ADD COLUMN url TEXT;
        ALTER TABLE documents ADD COLUMN accessed TEXT;
        ALTER TABLE documents ADD COLUMN pages TEXT;
        """
    )


@step("0005_sourcing")
def _sourcing(db: Database) -> None:
    """Who said a quote (speaker, "as quoted in" carrier: an actor or free text), how far
    to trust it (NATO/Admiralty: a document's reliability A–F, a quote's credibility 1–6),
    the analyst's translation, print/exclude flags, the event date; a document's source
    type; a judgment's ICD 203 likelihood and basis. Defaults are "cannot be judged"."""
    # Raw ALTER TABLE, not table.transform(): transform drops the FTS triggers.
    db.executescript(
        """
        ALTER TABLE quotes ADD COLUMN speaker_actor_id TEXT
            REFERENCES actors(id) ON DELETE SET NULL;
        ALTER TABLE quotes ADD COLUMN speaker_text TEXT NOT NULL DEFAULT '';
        ALTER TABLE quotes ADD COLUMN carrier_actor_id TEXT;
        ALTER TABLE quotes ADD COLUMN carrier_text TEXT NOT NULL DEFAULT '';
        ALTER TABLE quotes ADD COLUMN credibility INTEGER NOT NULL DEFAULT 6;
        ALTER TABLE quotes ADD COLUMN translation TEXT NOT NULL DEFAULT '';
        ALTER TABLE quotes ADD COLUMN print_note INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE quotes ADD COLUMN excluded INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE quotes ADD COLUMN event_date TEXT;
        CREATE INDEX quotes_speaker ON quotes(speaker_actor_id);
        ALTER TABLE documents ADD COLUMN source_type TEXT NOT NULL DEFAULT 'unknown';
        ALTER TABLE documents ADD COLUMN reliability TEXT NOT NULL DEFAULT 'F';
        ALTER TABLE documents ADD COLUMN reliability_reason TEXT NOT NULL DEFAULT '';
        ALTER TABLE judgments ADD COLUMN likelihood TEXT;
        ALTER TABLE judgments ADD COLUMN basis TEXT NOT NULL DEFAULT '';
        """
    )


@step("0006_analysts")
def _analysts(db: Database) -> None:
    """Who made each quote and who changed it last (the analyst's name), so two analysts'
    projects can be merged and each quote says whose it is."""
    # Raw ALTER TABLE, not table.transform(): transform drops the FTS triggers.
    db.executescript(
        """
        ALTER TABLE quotes ADD COLUMN created_by TEXT NOT NULL DEFAULT '';
        ALTER TABLE quotes ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
        """
    )


@step("0007_document_chars")
def _document_chars(db: Database) -> None:
    """Each document's length in code points, kept beside its text, and the text again in
    pieces (``chunks.CHUNK`` code points; written with the text by ``Documents.add`` /
    ``update_text``): listing documents reads no text, a quote's span reads one piece."""
    from .chunks import pieces

    # Raw ALTER TABLE, not table.transform(): transform drops the FTS triggers. The column
    # is filled here once; a trigger would re-index the text (the FTS update trigger).
    db.executescript(
        """
        ALTER TABLE documents ADD COLUMN chars INTEGER;
        UPDATE documents SET chars = length(text);
        CREATE TABLE document_chunks (
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            n INTEGER NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (doc_id, n)
        );
        """
    )
    for doc_id, text in db.execute("SELECT id, text FROM documents").fetchall():
        db.conn.executemany("INSERT INTO document_chunks (doc_id, n, text) VALUES (?, ?, ?)",
                            [(doc_id, n, piece) for n, piece in pieces(text)])


#: The tables of counts kept by triggers (0008): quotes per actor, per theme, per cell.
COUNT_TABLES = ("actor_counts", "theme_counts", "matrix_counts")


def _link_count_triggers(kind: str, other: str) -> str:
    """Triggers keeping ``{kind}_counts`` and ``matrix_counts`` right as links of ``kind``
    (actor or theme) come and go: a quote's (actor, theme) pair is counted once, by whichever
    of its two links is inserted second, and uncounted by whichever is deleted first. Rows
    that reach 0 are deleted, so a deleted actor or theme leaves none. (Briefer's own writes
    to the link tables are INSERT OR IGNORE and DELETE, whose triggers fire, and its
    connection has recursive_triggers on. Another program's REPLACE with recursive_triggers
    off deletes the row replaced without firing a trigger: ``briefer check`` notices the
    drift and ``briefer check --repair`` recounts.)"""
    pair = "actor_id, theme_id"
    mine = f"{kind}_id"
    theirs = f"{other}_id"
    cell = "new.actor_id, o.theme_id" if kind == "actor" else "o.actor_id, new.theme_id"

    def plus(row: str) -> str:
        picked = cell.replace("new.", f"{row}.")
        return (f"INSERT INTO {kind}_counts ({mine}, quotes) VALUES ({row}.{mine}, 1) "
                f"ON CONFLICT ({mine}) DO UPDATE SET quotes = quotes + 1;\n"
                f"INSERT INTO matrix_counts ({pair}, quotes) SELECT {picked}, 1 "
                f"FROM quote_{other}s o WHERE o.quote_id = {row}.quote_id "
                f"ON CONFLICT ({pair}) DO UPDATE SET quotes = quotes + 1;\n")

    def minus(row: str) -> str:
        cells = (f"{mine} = {row}.{mine} AND {theirs} IN "
                 f"(SELECT {theirs} FROM quote_{other}s WHERE quote_id = {row}.quote_id)")
        return (f"UPDATE {kind}_counts SET quotes = quotes - 1 WHERE {mine} = {row}.{mine};\n"
                f"DELETE FROM {kind}_counts WHERE {mine} = {row}.{mine} AND quotes <= 0;\n"
                f"UPDATE matrix_counts SET quotes = quotes - 1 WHERE {cells};\n"
                f"DELETE FROM matrix_counts WHERE quotes <= 0 AND {cells};\n")

    table = f"quote_{kind}s"
    return (f"CREATE TRIGGER {table}_count_insert AFTER INSERT ON {table} BEGIN\n"
            f"{plus('new')}END;\n"
            f"CREATE TRIGGER {table}_count_delete AFTER DELETE ON {table} BEGIN\n"
            f"{minus('old')}END;\n"
            f"CREATE TRIGGER {table}_count_update AFTER UPDATE ON {table} BEGIN\n"
            f"{minus('old')}{plus('new')}END;\n")


#: Every count as the link tables give it (what 0008 fills the tables with, and what
#: ``briefer check`` compares them to).
COUNT_QUERIES = {
    "actor_counts": "SELECT actor_id, COUNT(*) FROM quote_actors GROUP BY actor_id",
    "theme_counts": "SELECT theme_id, COUNT(*) FROM quote_themes GROUP BY theme_id",
    "matrix_counts": "SELECT a.actor_id, t.theme_id, COUNT(*) FROM quote_actors a "
                     "JOIN quote_themes t ON t.quote_id = a.quote_id "
                     "GROUP BY a.actor_id, t.theme_id",
}


@step("0008_link_counts")
def _link_counts(db: Database) -> None:
    """Quotes per actor, per theme and per actor × theme cell, kept in tables by triggers on
    the link tables: the codebook's, matrix's and brief's counts read a few hundred rows
    instead of counting (and joining) every link after each tag."""
    db.executescript(
        """
        CREATE TABLE actor_counts (
            actor_id TEXT PRIMARY KEY, quotes INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE theme_counts (
            theme_id TEXT PRIMARY KEY, quotes INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE matrix_counts (
            actor_id TEXT NOT NULL, theme_id TEXT NOT NULL, quotes INTEGER NOT NULL,
            PRIMARY KEY (actor_id, theme_id)
        ) WITHOUT ROWID;
        """
        + _link_count_triggers("actor", "theme") + _link_count_triggers("theme", "actor"))
    for table, sql in COUNT_QUERIES.items():
        db.execute(f"INSERT INTO {table} {sql}")


@step("0009_quote_order_indexes")
def _quote_order_indexes(db: Database) -> None:
    """Indexes in the quotes' document order (``quote_query.QUOTE_ORDER``: document date, nulls
    last, title; then span): listing every quote's id walks the documents in order and each
    one's quotes by span, instead of sorting every quote. The second index replaces
    ``quotes_doc``, whose columns it starts with."""
    db.executescript(
        """
        CREATE INDEX documents_order ON documents(date IS NULL, date, title, id);
        CREATE INDEX quotes_doc_order ON quotes(doc_id, start_cp, end_cp, id);
        DROP INDEX quotes_doc;
        """
    )


#: The schema version this Briefer writes: the number of migration steps.
SCHEMA_VERSION = len(STEPS)


def migration_names() -> list[str]:
    return [name for name, _fn in STEPS]


@cache
def migrations() -> Migrations:
    """The steps as sqlite-utils ``Migrations`` (imported here, when first needed)."""
    from sqlite_utils.migrations import Migrations

    steps = Migrations("briefer")
    for name, fn in STEPS:
        steps(name=name)(fn)
    return steps


def upgrade(db: Database, stop_before: str | None = None) -> int:
    """Apply pending steps (all, or those before ``stop_before``); return the new version."""
    migrations().apply(db, stop_before=stop_before)
    version = len(migrations().applied(db))
    db.execute(f"PRAGMA user_version = {version}")
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    return version
