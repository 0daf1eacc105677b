"""``briefer check`` (and the app's File ▸ Check project…): SQLite's own checks plus
Briefer's (quotes match their documents, stored text is valid UTF-8 and matches its digest,
kept counts match the links, links and speakers and carriers name rows that are there);
``briefer check --repair`` (the app's Repair) mends the last three.

``findings`` says what is wrong as typed :class:`Finding` records (each front end words its
advice); ``check`` gives the command line's lines. Both ``findings`` and ``repair`` take a
``progress(done, total)`` that may return False to stop (:class:`CheckCancelled`): SQLite
asks it as it works, so a long statement on a big project stops too, and a repair stopped
writes nothing."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from . import schema, validate
from .base import Store
from .errors import BrieferError
from .text import plural

Progress = Callable[[int, int], "bool | None"]

#: The kinds of finding, in the order ``findings`` looks for them, with a few words for
#: a progress line ("Checking …").
KINDS = {"sqlite": "SQLite's own check", "links": "the links of quotes, codes and judgments",
         "anchors": "the quotes against their documents",
         "text": "the stored text", "pieces": "the documents' pieces",
         "counts": "the kept counts", "colours": "the colours",
         "people": "the speakers and carriers"}
#: What ``repair`` mends.
REPAIRABLE = frozenset({"counts", "links", "people"})
#: How many steps of SQLite's virtual machine run between two questions to ``progress``.
_ASK_EVERY = 20_000


class CheckCancelled(BrieferError):
    """The analyst stopped a check or a repair; a repair stopped wrote nothing."""


@dataclass(frozen=True)
class Finding:
    """One thing ``findings`` found wrong: its ``kind`` (a key of ``KINDS``), the
    ``problem`` in words any front end can show, and the command line's ``remedy``
    (appended to the problem by ``line``; "" when the problem says it all)."""

    kind: str
    problem: str
    remedy: str = ""

    @property
    def repairable(self) -> bool:
        """``repair`` mends it."""
        return self.kind in REPAIRABLE

    def line(self) -> str:
        """As ``briefer check`` prints it."""
        return self.problem + self.remedy


def check(store: Store) -> list[str]:
    """SQLite's quick_check plus Briefer's own, as the command line words them."""
    return [f.line() for f in findings(store)]


def findings(store: Store, progress: Progress | None = None) -> list[Finding]:
    """What is wrong with the project, kind by kind (``KINDS``), read in one read
    transaction (the kept counts are compared with the links as of one moment).
    ``progress(done, total)``: ``done`` kinds of ``total`` checked; False stops."""
    steps = _Steps(progress, len(KINDS), "The check was stopped.")
    found: list[Finding] = []
    with store.snapshot(), steps.interruptible(store):
        for n, kind in enumerate(KINDS):
            steps.at(n)
            found += _CHECKS[kind](store)
        steps.at(len(KINDS))
    return found


class _Steps:
    """Where a check or repair is (``done`` of ``total``), told to ``progress``."""

    def __init__(self, progress: Progress | None, total: int, stopped: str):
        self.progress, self.total, self.stopped = progress, total, stopped
        self.done = 0

    def at(self, done: int) -> None:
        self.done = done
        if self.progress is not None and self.progress(done, self.total) is False:
            raise CheckCancelled(self.stopped)

    @contextmanager
    def interruptible(self, store: Store) -> Iterator[None]:
        """Ask ``progress`` every few thousand steps of SQLite too: False interrupts the
        statement (inside a write transaction, the whole transaction rolls back)."""
        if self.progress is None:
            yield
            return
        progress, conn = self.progress, store.db.conn
        conn.set_progress_handler(lambda: progress(self.done, self.total) is False, _ASK_EVERY)
        try:
            yield
        except sqlite3.OperationalError as exc:
            if "interrupted" not in str(exc):
                raise
            raise CheckCancelled(self.stopped) from None
        finally:
            conn.set_progress_handler(None, 0)


def _check_sqlite(store: Store) -> list[Finding]:
    """SQLite's quick_check and foreign key check of the tables other than the link tables
    (``_check_links`` checks those; a quote's speaker or carrier naming no actor is left to
    ``_check_people``): each key naming a row no longer there, with how many rows name it."""
    tables = [name for (name,) in store.db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        if name not in _LINK_WORDS]
    return ([Finding("sqlite", f"SQLite: {r[0]}")
             for r in store.db.execute("PRAGMA quick_check") if r[0] != "ok"]
            + [Finding("sqlite", f"{plural(n, 'row')} of {key.table} {_one(n, 'name')} "
                       f"{key.parent.removesuffix('s')} {missing} ({key.parent}.{key.to}), "
                       "which no longer exists")
               for key, missing, n in _dangling_keys(store, tables)
               if (key.table, key.parent) != ("quotes", "actors")])


@dataclass(frozen=True)
class _Key:
    """A foreign key: ``table.column`` names a row of ``parent`` by its ``to``."""

    table: str
    column: str
    parent: str
    to: str


def _dangling_keys(store: Store, tables: list[str]) -> list[tuple[_Key, object, int]]:
    """(foreign key, the value naming no row, how many rows of the table hold it) for each
    key of ``tables`` that SQLite's foreign_key_check finds broken."""
    out: list[tuple[_Key, object, int]] = []
    for table in tables:
        broken = {r[3] for r in store.db.execute(f"PRAGMA foreign_key_check({_quoted(table)})")}
        for fk in store.db.execute(f"PRAGMA foreign_key_list({_quoted(table)})"):
            if fk[0] not in broken or fk[1] != 0:
                continue
            key = _Key(table, fk[3], fk[2], fk[4] or "rowid")
            out += [(key, missing, n) for missing, n in store.db.execute(
                f"SELECT {_quoted(key.column)}, COUNT(*) FROM {_quoted(table)} "
                f"WHERE {_quoted(key.column)} NOT IN "
                f"(SELECT {_quoted(key.to)} FROM {_quoted(key.parent)}) "
                f"GROUP BY 1 ORDER BY 1")]
    return out


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _one(n: int, verb: str) -> str:
    """``verb`` agreeing with ``n`` things: "links" for 1, "link" for more."""
    return verb + "s" if n == 1 else verb


#: The link tables, and per (table, the table its key names) how to say that ``n`` of its
#: rows name ``missing``, no longer there.
_LINK_WORDS: dict[str, dict[str, Callable[[int, object], str]]] = {
    "quote_actors": {
        "actors": lambda n, missing: f"{plural(n, 'quote')} {_one(n, 'link')} to actor "
                                     f"{missing}, which no longer exists",
        "quotes": lambda n, missing: f"quote {missing}, which no longer exists, still links "
                                     f"to {plural(n, 'actor')}"},
    "quote_themes": {
        "themes": lambda n, missing: f"{plural(n, 'quote')} {_one(n, 'link')} to theme "
                                     f"{missing}, which no longer exists",
        "quotes": lambda n, missing: f"quote {missing}, which no longer exists, still links "
                                     f"to {plural(n, 'theme')}"},
    "judgment_quotes": {
        "quotes": lambda n, missing: f"{plural(n, 'judgment')} {_one(n, 'cite')} quote "
                                     f"{missing}, which no longer exists",
        "judgments": lambda n, missing: f"judgment {missing}, which no longer exists, still "
                                        f"cites {plural(n, 'quote')}"},
}


def _link_words(key: _Key, missing: object, n: int) -> str:
    words = _LINK_WORDS[key.table].get(key.parent)
    if words is None:                   # a key the link table did not have when written
        return (f"{plural(n, 'row')} of {key.table} {_one(n, 'name')} "
                f"{key.parent.removesuffix('s')} {missing}, which no longer exists")
    return words(n, missing)


def _check_links(store: Store) -> list[Finding]:
    """Links (``_LINK_WORDS``) naming an actor, theme, quote or judgment no longer there
    (another program deleted it with foreign keys off, so the links were not deleted with it):
    how many links name each, which ``repair`` drops."""
    return [Finding("links", _link_words(key, missing, n),
                    "; `briefer check --repair` drops these links")
            for key, missing, n in _dangling_keys(store, list(_LINK_WORDS))]


def _check_anchors(store: Store) -> list[Finding]:
    """Each quote matches its document at its offsets, or is orphaned."""
    sql = ("SELECT q.id, d.title FROM quotes q JOIN documents d ON d.id = q.doc_id "
           "WHERE q.orphaned = 0 "
           "AND substr(d.text, q.start_cp + 1, q.end_cp - q.start_cp) != q.exact")
    with validate.stored_text("a document title"):
        return [Finding("anchors", f"quote {qid} does not match its document “{title}” at "
                        "its offsets") for qid, title in store.db.execute(sql)]


def _check_colours(store: Store) -> list[Finding]:
    """Actors and themes whose stored colour is not #rrggbb (written before colours were
    checked): the app and the brief draw a palette colour for them instead."""
    from .codebook import Codebook

    return [Finding("colours", f"{kind} {name!r}: its colour {colour!r} is not #rrggbb",
                    f" (a palette colour is drawn instead; set one with `briefer {kind} "
                    "recolour`)")
            for kind, name, colour in Codebook(store).bad_colours()]


def _check_counts(store: Store) -> list[Finding]:
    """The counts the link tables' triggers keep (``schema.COUNT_TABLES``) equal a count of
    the links themselves. A file of an older schema opened read-only (not upgraded) has no
    such tables: nothing to check (``aggregates.kept`` counts the links for it)."""
    return [Finding("counts", f"{table}: {len(wrong)} kept count(s) differ from the links "
                    f"(first: {', '.join(wrong[0])}: kept {kept.get(wrong[0], 0)}, "
                    f"counted {counted.get(wrong[0], 0)})",
                    "; `briefer check --repair` recounts them")
            for table, wrong, kept, counted in _drift(store)]


def _drift(store: Store) -> list[tuple[str, list[tuple], dict[tuple, int], dict[tuple, int]]]:
    """(count table, its keys whose kept count is wrong, kept counts, counted) of each count
    table that drifted from its links (another tool writing with REPLACE and
    recursive_triggers off, say, whose implicit delete fires no trigger)."""
    out = []
    present = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master")}
    for table, sql in schema.COUNT_QUERIES.items():
        if table not in present:
            continue
        counted = {tuple(r[:-1]): r[-1] for r in store.db.execute(sql)}
        kept = {tuple(r[:-1]): r[-1] for r in store.db.execute(f"SELECT * FROM {table}")}
        wrong = sorted(k for k in counted.keys() | kept.keys() if counted.get(k) != kept.get(k))
        if wrong:
            out.append((table, wrong, kept, counted))
    return out


def _check_people(store: Store) -> list[Finding]:
    """Quotes whose speaker or carrier id names no actor (an older Briefer deleted or merged
    the actor away and left the id; another tool may too)."""
    return [Finding("people", f"quote {qid}: its {who} names an actor that is no longer "
                    f"there ({actor_id})", "; `briefer check --repair` drops the id and "
                    f"keeps the quote's words for the {who}")
            for qid, who, actor_id in _dangling_people(store)]


def _dangling_people(store: Store) -> list[tuple[str, str, str]]:
    return [(qid, who, actor_id) for who in ("speaker", "carrier")
            for qid, actor_id in store.db.execute(
                f"SELECT id, {who}_actor_id FROM quotes WHERE {who}_actor_id IS NOT NULL "
                f"AND {who}_actor_id NOT IN (SELECT id FROM actors) ORDER BY id")]


def repair(store: Store, progress: Progress | None = None) -> list[str]:
    """Mend what ``check`` finds and can mend (``REPAIRABLE``), in one write transaction
    (``BEGIN IMMEDIATE``: no other writer can come between the reading and the writing):
    kept counts that drifted are counted again from the links; links naming a row no longer
    there are deleted (the count tables' triggers take them off the kept counts, as for any
    delete); a speaker or carrier id naming no actor is dropped, the quote keeping its words
    for the person (the rule of ``Codebook.delete_actor``; the actor's name is gone with it).
    Returns what it changed, in words (nothing: nothing needed mending). ``progress`` as for
    ``findings``; a repair stopped is rolled back whole."""
    done = []
    steps = _Steps(progress, 3, "The repair was stopped; nothing was changed.")
    with store.transaction(), steps.interruptible(store):
        steps.at(0)
        for table, wrong, kept, counted in _drift(store):
            store.db.execute(f"DELETE FROM {table}")
            store.db.execute(f"INSERT INTO {table} {schema.COUNT_QUERIES[table]}")
            done.append(f"{table}: {len(wrong)} kept count(s) recounted from the links "
                        f"(first: {', '.join(wrong[0])}: was {kept.get(wrong[0], 0)}, now "
                        f"{counted.get(wrong[0], 0)})")
        steps.at(1)
        for key, missing, _n in _dangling_keys(store, list(_LINK_WORDS)):
            dropped = store.db.execute(f"DELETE FROM {_quoted(key.table)} WHERE "
                                       f"{_quoted(key.column)} = ?", [missing]).rowcount
            if dropped:
                done.append(f"{key.table}: dropped {plural(dropped, 'link')} to "
                            f"{key.parent.removesuffix('s')} {missing}, which no longer exists")
        steps.at(2)
        for qid, who, actor_id in _dangling_people(store):
            store.db.execute(f"UPDATE quotes SET {who}_actor_id = NULL WHERE id = ?", [qid])
            done.append(f"quote {qid}: dropped its {who}'s id of an actor no longer there "
                        f"({actor_id}); its words for the {who} are kept")
        steps.at(3)
    return done


def _check_pieces(store: Store) -> list[Finding]:
    """Each document's pieces (``document_chunks``, read for quote context) spell its text."""
    sql = ("SELECT d.id FROM documents d WHERE d.text IS NOT (SELECT group_concat(p.text, '') "
           "FROM (SELECT text FROM document_chunks c WHERE c.doc_id = d.id ORDER BY c.n) p)")
    with validate.stored_text("a document's text"):
        return [Finding("pieces", f"document {doc_id}: its stored pieces do not match its "
                        "text (re-import it, or restore from a backup)")
                for (doc_id,) in store.db.execute(sql)]


def _check_stored_text(store: Store) -> list[Finding]:
    """Documents (and quotes) whose stored text has a NUL, is not valid UTF-8, or (documents)
    no longer matches its sha256: read as bytes, so damaged text cannot stop the check."""
    return [Finding("text", problem) for problem in _stored_text_problems(store)]


def _stored_text_problems(store: Store) -> list[str]:
    problems: list[str] = []
    rows = store.db.execute("SELECT id, CAST(text AS BLOB), sha256, CAST(title AS BLOB), "
                           "CAST(outlet AS BLOB), CAST(author AS BLOB) FROM documents")
    for doc_id, raw, digest, *meta in rows:
        for what, value in zip(("title", "outlet", "author"), meta):
            try:
                (value or b"").decode("utf-8")
            except UnicodeDecodeError:
                problems.append(f"document {doc_id}: its {what} is not valid UTF-8")
        raw = raw or b""
        if b"\x00" in raw:
            problems.append(f"document {doc_id}: its text contains a NUL character "
                            f"(at byte {raw.index(0)})")
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(f"document {doc_id}: its text is not valid UTF-8 "
                            f"(at byte {exc.start})")
            continue
        if hashlib.sha256(raw).hexdigest() != digest:
            problems.append(f"document {doc_id}: its text does not match its sha256 "
                            "(changed outside Briefer)")
    sql = ("SELECT id, CAST(exact AS BLOB), CAST(note AS BLOB), CAST(title AS BLOB) FROM "
           "(SELECT q.id, q.exact, q.note, d.title FROM quotes q JOIN documents d ON "
           "d.id = q.doc_id)")
    for qid, *fields in store.db.execute(sql):
        for what, raw in zip(("text", "note", "document's title"), fields):
            try:
                (raw or b"").decode("utf-8")
            except UnicodeDecodeError:
                problems.append(f"quote {qid}: its {what} is not valid UTF-8")
    return problems


_CHECKS: dict[str, Callable[[Store], list[Finding]]] = {
    "sqlite": _check_sqlite, "links": _check_links, "anchors": _check_anchors,
    "text": _check_stored_text, "pieces": _check_pieces, "counts": _check_counts,
    "colours": _check_colours, "people": _check_people}
