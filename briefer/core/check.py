"""``briefer check``: SQLite's own checks plus Briefer's (quotes match their documents,
stored text is valid UTF-8 and matches its digest, kept counts match the links, speakers
and carriers name actors that are there); ``briefer check --repair`` mends the last two."""

from __future__ import annotations

import hashlib

from . import schema, validate
from .base import Store


def check(store: Store) -> list[str]:
    """SQLite's quick_check plus Briefer's own: each quote matches its document or is orphaned."""
    problems = [f"SQLite: {r[0]}" for r in store.db.execute("PRAGMA quick_check") if r[0] != "ok"]
    problems += [f"foreign key: {tuple(r)}" for r in store.db.execute("PRAGMA foreign_key_check")]
    sql = ("SELECT q.id, d.title FROM quotes q JOIN documents d ON d.id = q.doc_id "
           "WHERE q.orphaned = 0 "
           "AND substr(d.text, q.start_cp + 1, q.end_cp - q.start_cp) != q.exact")
    with validate.stored_text("a document title"):
        for qid, title in store.db.execute(sql):
            problems.append(f"quote {qid} does not match its document “{title}” at its offsets")
    return (problems + _check_stored_text(store) + _check_pieces(store) + _check_counts(store)
            + _check_colours(store) + _check_people(store))


def _check_colours(store: Store) -> list[str]:
    """Actors and themes whose stored colour is not #rrggbb (written before colours were
    checked): the app and the brief draw a palette colour for them instead."""
    from .codebook import Codebook

    return [f"{kind} {name!r}: its colour {colour!r} is not #rrggbb (a palette colour is "
            f"drawn instead; set one with `briefer {kind} recolour`)"
            for kind, name, colour in Codebook(store).bad_colours()]


def _check_counts(store: Store) -> list[str]:
    """The counts the link tables' triggers keep (``schema.COUNT_TABLES``) equal a count of
    the links themselves. A file of an older schema opened read-only (not upgraded) has no
    such tables: nothing to check (``aggregates.kept`` counts the links for it)."""
    problems = []
    for table, wrong, kept, counted in _drift(store):
        problems.append(f"{table}: {len(wrong)} kept count(s) differ from the links "
                        f"(first: {', '.join(wrong[0])}: kept {kept.get(wrong[0], 0)}, "
                        f"counted {counted.get(wrong[0], 0)}); `briefer check --repair` "
                        "recounts them")
    return problems


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


def _check_people(store: Store) -> list[str]:
    """Quotes whose speaker or carrier id names no actor (an older Briefer deleted or merged
    the actor away and left the id; another tool may too)."""
    return [f"quote {qid}: its {who} names an actor that is no longer there ({actor_id}); "
            "`briefer check --repair` drops the id and keeps the quote's words for the "
            f"{who}" for qid, who, actor_id in _dangling_people(store)]


def _dangling_people(store: Store) -> list[tuple[str, str, str]]:
    return [(qid, who, actor_id) for who in ("speaker", "carrier")
            for qid, actor_id in store.db.execute(
                f"SELECT id, {who}_actor_id FROM quotes WHERE {who}_actor_id IS NOT NULL "
                f"AND {who}_actor_id NOT IN (SELECT id FROM actors) ORDER BY id")]


def repair(store: Store) -> list[str]:
    """Mend what ``check`` finds and can mend, in one write transaction (``BEGIN
    IMMEDIATE``: no other writer can come between the reading and the writing): kept counts
    that drifted are counted again from the links; a speaker or carrier id naming no actor
    is dropped, the quote keeping its words for the person (the rule of
    ``Codebook.delete_actor``; the actor's name is gone with it). Returns what it changed,
    in words (nothing: nothing needed mending)."""
    done = []
    with store.transaction():
        for table, wrong, kept, counted in _drift(store):
            store.db.execute(f"DELETE FROM {table}")
            store.db.execute(f"INSERT INTO {table} {schema.COUNT_QUERIES[table]}")
            done.append(f"{table}: {len(wrong)} kept count(s) recounted from the links "
                        f"(first: {', '.join(wrong[0])}: was {kept.get(wrong[0], 0)}, now "
                        f"{counted.get(wrong[0], 0)})")
        for qid, who, actor_id in _dangling_people(store):
            store.db.execute(f"UPDATE quotes SET {who}_actor_id = NULL WHERE id = ?", [qid])
            done.append(f"quote {qid}: dropped its {who}'s id of an actor no longer there "
                        f"({actor_id}); its words for the {who} are kept")
    return done


def _check_pieces(store: Store) -> list[str]:
    """Each document's pieces (``document_chunks``, read for quote context) spell its text."""
    sql = ("SELECT d.id FROM documents d WHERE d.text IS NOT (SELECT group_concat(p.text, '') "
           "FROM (SELECT text FROM document_chunks c WHERE c.doc_id = d.id ORDER BY c.n) p)")
    with validate.stored_text("a document's text"):
        return [f"document {doc_id}: its stored pieces do not match its text (re-import it, "
                "or restore from a backup)" for (doc_id,) in store.db.execute(sql)]


def _check_stored_text(store: Store) -> list[str]:
    """Documents (and quotes) whose stored text has a NUL, is not valid UTF-8, or (documents)
    no longer matches its sha256: read as bytes, so damaged text cannot stop the check."""
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
