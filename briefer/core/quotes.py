"""Quotes: anchored spans of a document with actors, themes, a note and a star."""

from __future__ import annotations

import builtins
import dataclasses
from collections.abc import Iterable
from typing import Any

from . import anchoring, attribution, quote_query, textlang, validate
from .analyst import current_analyst
from .aggregates import QuoteCounts, actor_rows, count_cells, count_quotes, tag_totals
from .base import Store
from .codebook import Codebook
from .documents import Documents
from .errors import InvalidInput
from .quotable import quotable_span, read_span
from .records import Actor, Quote

QUOTE_COLUMNS = Quote.columns()
_NAMES = ("(SELECT a.name FROM actors a WHERE a.id = q.speaker_actor_id) AS speaker_name, "
          "(SELECT a.name FROM actors a WHERE a.id = q.carrier_actor_id) AS carrier_name")


class Quotes:
    """The quotes of a project (``project.quotes``): anchored spans with their tags."""

    def __init__(self, store: Store, documents: Documents, codebook: Codebook):
        self._store = store
        self._documents = documents
        self._codebook = codebook

    # -- creating ----------------------------------------------------------------
    def add(self, doc_id: str, start: int, end: int, *, actors: Iterable[str] = (),
            themes: Iterable[str] = (),
                  note: str = "", starred: bool = False, quote_id: str | None = None,
                  created_at: str | None = None, updated_at: str | None = None,
                  **sourcing: Any) -> str:
        """Anchor a new quote at code points [start, end) of a document; return its id.

        ``actors`` and ``themes`` are names (created when missing) or ids; ``sourcing``
        takes the keyword arguments of :meth:`update` for speaker, carrier, credibility….
        """
        self._store.writable()
        validate.text(note, "note", validate.MAX_NOTE)
        extra = self._sourcing(sourcing)
        span = quotable_span(self._store, self._documents, doc_id, start, end)
        lang, lang2 = textlang.quote_languages(span.exact, default=span.language or "en")
        stamp = self._store.now()
        quote_id = quote_id or self._store.new_id()
        with self._store.db.atomic():
            self._store.table("quotes").insert({
                "id": quote_id, "doc_id": span.doc_id, "start_cp": start, "end_cp": end,
                "exact": span.exact, "prefix": span.prefix, "suffix": span.suffix,
                "language": lang,
                "language2": lang2, "note": note, "starred": int(bool(starred)),
                "orphaned": 0, "created_at": created_at or stamp,
                "updated_at": updated_at or stamp, "created_by": current_analyst(),
                "updated_by": current_analyst(), **extra})
            self._link(quote_id, "actor", [self._codebook.ensure_actor(a) for a in actors])
            self._link(quote_id, "theme", [self._codebook.ensure_theme(t) for t in themes])
        return quote_id

    def add_many(self, quotes: Iterable[Quote]) -> None:
        """Store quotes as given (already anchored; ids new), linked to their ``actor_ids``
        and ``theme_ids``, in one transaction: the bulk path of an interchange import."""
        self._store.writable()
        me = current_analyst()
        quotes = [q if q.created_by else dataclasses.replace(q, created_by=me, updated_by=me)
                  for q in quotes]
        cols = QUOTE_COLUMNS
        sql = (f"INSERT INTO quotes ({', '.join(cols)}) "
               f"VALUES ({', '.join('?' * len(cols))})")
        with self._store.db.atomic():
            self._store.executemany(sql, ([q.row()[c] for c in cols] for q in quotes))
            for kind in ("actor", "theme"):
                self._store.executemany(
                    f"INSERT OR IGNORE INTO quote_{kind}s (quote_id, {kind}_id) VALUES (?, ?)",
                    [(q.id, i) for q in quotes
                     for i in dict.fromkeys(getattr(q, f"{kind}_ids"))])

    def present(self, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` are quotes of the project."""
        ids, found = builtins.list(ids), set()
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            found |= {r[0] for r in self._store.db.execute(
                f"SELECT id FROM quotes WHERE id IN ({', '.join('?' * len(chunk))})", chunk)}
        return found

    def add_text(self, doc_id: str, text: str, occurrence: int = 1, **kwargs: Any) -> str:
        """Anchor the ``occurrence``-th appearance of ``text`` in a document."""
        validate.valid(text, "quote text")
        doc = self._documents.get(doc_id)
        start = anchoring.nth_occurrence(doc.text, text, occurrence)
        if start is None:
            count = len(anchoring.find_occurrences(doc.text, text)) if text else 0
            if not count:
                raise InvalidInput(f"The text {text!r} does not occur in “{doc.title}”.")
            raise InvalidInput(f"The text {text!r} occurs only {_times(count)} in "
                               f"“{doc.title}”, so there is no occurrence {occurrence}.")
        return self.add(doc.id, start, start + len(text), **kwargs)

    # -- reading -----------------------------------------------------------------
    def get(self, quote_id: str) -> Quote:
        """One quote (by id or unique id prefix), with its tags and judgments: also the
        snapshot that ``restore`` puts back."""
        return self.list(ids=[self.resolve(quote_id)])[0]

    def resolve(self, ref: str) -> str:
        return self._store.resolve_ref("quotes", validate.valid(ref or "", "quote id"), "quote")

    def list(self, order_by: str = "position", **filters: Any) -> builtins.list[Quote]:
        """Quotes matching every filter given; see ``_filter_sql`` for the filters.

        Each quote has its columns plus ``actors`` and ``themes`` (names), ``actor_ids``,
        ``theme_ids``, ``judgment_ids`` and the document's ``doc_title``, ``doc_outlet``,
        ``doc_date``. Ordered by document date, document, position, unless ``order_by``
        names another key of ``QUOTE_SORTS`` ("-key" for descending).
        """
        order = self._order_sql(order_by)
        from_where, args = self._filter_sql(**filters)
        cols = ", ".join(f"q.{c}" for c in QUOTE_COLUMNS)
        sql = (f"SELECT {cols}, d.title AS doc_title, d.outlet AS doc_outlet, d.date AS doc_date, "
               f"{_NAMES} {from_where} ORDER BY {order}")
        with validate.stored_text("a quote or document title"):
            rows = [dict(r) for r in self._store.db.query(sql, args)]
            tags = self._tags([r["id"] for r in rows])
        return [Quote.from_row(r, speaker=r["speaker_name"] or r["speaker_text"],
                               carrier=r["carrier_name"] or r["carrier_text"],
                               **tags.get(r["id"], {})) for r in rows]

    def matrix(self, **filters: Any) -> QuoteCounts:
        """The actor × theme matrix and quote counts per actor, theme, document and language
        of the quotes ``list(**filters)`` gives, counted in SQL (no quote is read)."""
        from_where, args = self._filter_sql(**filters)
        return count_quotes(self._store.db, from_where, args)

    def languages(self) -> set[str]:
        """Every language a quote is in (first or second), from the quotes' columns alone."""
        return {r[0] for r in self._store.db.execute(
            "SELECT language FROM quotes UNION SELECT language2 FROM quotes "
            "WHERE language2 IS NOT NULL")}

    def speakers(self) -> builtins.list[str]:
        """Every speaker a quote names (an actor's name, or the words typed), each once, in
        case-folded order: what a speaker filter suggests (``speaker=`` takes any of them)."""
        names = {r[0] for r in self._store.db.execute(
            "SELECT DISTINCT coalesce(a.name, nullif(q.speaker_text, '')) FROM quotes q "
            "LEFT JOIN actors a ON a.id = q.speaker_actor_id")} - {None}
        return sorted(names, key=lambda n: (n.casefold(), n))

    def matrix_cells(self, **filters: Any) -> dict[tuple[str, str], int]:
        """Only the actor × theme cells of ``matrix(**filters)`` (no other counts)."""
        from_where, args = self._filter_sql(**filters)
        return count_cells(self._store.db, from_where, args)

    def tag_totals(self) -> tuple[dict[str, int], dict[str, int]]:
        """(quotes per actor id, quotes per theme id) over every quote, counted in SQL."""
        return tag_totals(self._store.db)

    def matrix_rows(self, actor_ids: Iterable[str]) -> dict[tuple[str, str], int]:
        """The actor × theme cells of these actors only (every quote): what a matrix
        updates after a change to a few quotes instead of counting all of them again."""
        return actor_rows(self._store.db, builtins.list(dict.fromkeys(actor_ids)))

    def actors_of(self, quote_ids: Iterable[str]) -> set[str]:
        """The actors tagged on any of these quotes (those still in the project)."""
        ids = builtins.list(quote_ids)
        if not ids:
            return set()
        marks = ", ".join("?" * len(ids))
        return {r[0] for r in self._store.db.execute(
            f"SELECT DISTINCT actor_id FROM quote_actors WHERE quote_id IN ({marks})", ids)}

    def documents_of(self, quote_ids: Iterable[str]) -> dict[str, str]:
        """{quote id: its document's id} of those of these quotes still in the project."""
        ids = builtins.list(dict.fromkeys(quote_ids))
        if not ids:
            return {}
        marks = ", ".join("?" * len(ids))
        return dict(self._store.db.execute(
            f"SELECT id, doc_id FROM quotes WHERE id IN ({marks})", ids))

    def position_keys(self, ids: Iterable[str]) -> dict[str, tuple]:
        """Each quote's key in the document order (``order_by="position"``), comparable in
        Python as SQLite compares them (NULL first): where a new quote goes in a list."""
        ids = builtins.list(ids)
        if not ids:
            return {}
        marks = ", ".join("?" * len(ids))
        rows = self._store.db.execute(
            f"SELECT q.id, d.date, d.title, q.start_cp, q.end_cp FROM quotes q "
            f"JOIN documents d ON d.id = q.doc_id WHERE q.id IN ({marks})", ids)
        nulls_first = quote_query.nulls_first
        return {qid: (date is None, nulls_first(date), nulls_first(title), start, end, qid)
                for qid, date, title, start, end in rows}

    def ids(self, order_by: str = "position", *, limit: int | None = None, offset: int = 0,
            **filters: Any) -> builtins.list[str]:
        """Only the ids of ``list(**filters)``, in the same order (cheap for big projects);
        ``limit`` / ``offset``: only that window of them (what a view fetches as it scrolls)."""
        order = self._order_sql(order_by)
        from_where, args = self._filter_sql(**filters)
        window = ""
        if limit is not None or offset:
            window = " LIMIT :_limit OFFSET :_offset"
            args.update(_limit=-1 if limit is None else max(0, limit), _offset=max(0, offset))
        return [r[0] for r in self._store.db.execute(
            f"SELECT q.id {from_where} ORDER BY {order}{window}", args)]

    def count(self, **filters: Any) -> int:
        """How many quotes ``list(**filters)`` gives, counted in SQL (none is read)."""
        # every quote has its document (a foreign key): no join to count them
        from_where, args = self._filter_sql(**filters, documents=False)
        return self._store.db.execute(f"SELECT count(*) {from_where}", args).fetchone()[0]

    def _order_sql(self, order_by: str) -> str:
        return quote_query.order_sql(self._store.db, order_by)

    def _filter_sql(self, **filters: Any) -> tuple[str, dict[str, Any]]:
        """FROM/WHERE of the quotes matching ``filters``: see :func:`quote_query.filter_sql`."""
        return quote_query.filter_sql(self._codebook, self._documents, **filters)

    def _tags(self, quote_ids: builtins.list[str]) -> dict[str, dict[str, builtins.list[str]]]:
        """Each quote's actors and themes (names and ids, in codebook order) and judgments."""
        tags: dict[str, dict[str, builtins.list[str]]] = {
            q: {"actors": [], "themes": [], "actor_ids": [], "theme_ids": [], "judgment_ids": []}
            for q in quote_ids}
        if not quote_ids:
            return tags
        few = len(quote_ids) <= 500
        args = quote_ids if few else []
        only = ("WHERE l.quote_id IN (%s) " % ", ".join("?" * len(quote_ids))) if few else ""
        for kind, table, order in (("actor", "actors", "t.name COLLATE NOCASE"),
                                   ("theme", "themes", "t.position, t.name COLLATE NOCASE")):
            sql = (f"SELECT l.quote_id, t.id, t.name FROM quote_{table} l "
                   f"JOIN {table} t ON t.id = l.{kind}_id {only}ORDER BY {order}")
            for qid, tid, name in self._store.db.execute(sql, args).fetchall():
                row = tags.get(qid)
                if row is not None:
                    row[table].append(name)
                    row[f"{kind}_ids"].append(tid)
        sql = f"SELECT l.quote_id, l.judgment_id FROM judgment_quotes l {only}"
        for qid, jid in self._store.db.execute(sql, args).fetchall():
            if qid in tags:
                tags[qid]["judgment_ids"].append(jid)
        return tags

    # -- changing ------------------------------------------------------------------
    def update(self, quote_id: str, *, note: str | None = None,
               starred: bool | None = None, actors: Iterable[str] | None = None,
               themes: Iterable[str] | None = None, speaker: str | None = None,
               carrier: str | None = None, credibility: int | str | None = None,
               translation: str | None = None, print_note: bool | None = None,
               excluded: bool | None = None, event_date: str | None = None) -> None:
        """Change a quote's note, star, or replace its actors / themes (names or ids); set
        its sourcing: ``speaker`` and ``carrier`` ("as quoted in") are an actor's id, name or
        alias (stored as that actor) or else free text ("" clears; see
        :mod:`briefer.core.attribution`), ``credibility`` 1–6, the analyst's ``translation``,
        ``print_note`` (the note is internal unless set), ``excluded`` from the brief,
        ``event_date`` (ISO; "" clears). None leaves a field alone."""
        self._store.writable()
        validate.optional(note, "note", validate.MAX_NOTE)
        quote_id = self.resolve(quote_id)
        values: dict[str, Any] = {"updated_at": self._store.now(),
                                  "updated_by": current_analyst(), **self._sourcing(dict(
            speaker=speaker, carrier=carrier, credibility=credibility, translation=translation,
            print_note=print_note, excluded=excluded, event_date=event_date))}
        if note is not None:
            values["note"] = note
        if starred is not None:
            values["starred"] = int(bool(starred))
        with self._store.db.atomic():
            self._store.table("quotes").update(quote_id, values)
            if actors is not None:
                self._store.db.execute("DELETE FROM quote_actors WHERE quote_id = ?", [quote_id])
                self._link(quote_id, "actor", [self._codebook.ensure_actor(a) for a in actors])
            if themes is not None:
                self._store.db.execute("DELETE FROM quote_themes WHERE quote_id = ?", [quote_id])
                self._link(quote_id, "theme", [self._codebook.ensure_theme(t) for t in themes])

    def _sourcing(self, given: dict[str, Any]) -> dict[str, Any]:
        unknown = set(given) - set(attribution.SOURCING_ARGS)
        if unknown:
            raise TypeError(f"unexpected keyword argument(s): {', '.join(sorted(unknown))}")
        return attribution.sourcing_values(self._codebook, given)

    def suggest_speakers(self, doc: str, start: int) -> builtins.list[Actor]:
        """Actors named in the text just before code point ``start`` of a document (e.g.
        "Zhu wrote:"), nearest first: the likely speakers of a quote starting there."""
        text = self._documents.get(doc).text
        return attribution.suggest_speakers(self._codebook.actors(), text, start)

    def tag(self, quote_id: str, *, actors: Iterable[str] = (),
            themes: Iterable[str] = ()) -> None:
        """Add actors / themes to a quote, keeping those it has."""
        self._store.writable()
        quote_id = self.resolve(quote_id)
        with self._store.db.atomic():
            self._link(quote_id, "actor", [self._codebook.ensure_actor(a) for a in actors])
            self._link(quote_id, "theme", [self._codebook.ensure_theme(t) for t in themes])
            self._store.table("quotes").update(quote_id, {"updated_at": self._store.now(),
                                                       "updated_by": current_analyst()})

    def delete(self, quote_id: str) -> Quote:
        """Delete a quote; return it as it was (``restore`` brings it back)."""
        self._store.writable()
        snapshot = self.get(quote_id)
        self._store.table("quotes").delete(snapshot.id)
        return snapshot

    def restore(self, snapshot: Quote) -> str:
        """Put back a quote as ``get`` saw it (same id, links, times).

        If its document's text changed meanwhile (a re-import), the quote is anchored
        again in the new text, or put back orphaned: never at offsets that no longer match.
        """
        self._store.writable()
        row = snapshot.row()
        if not row["orphaned"] and read_span(
                self._store, self._documents, row["doc_id"], row["start_cp"], row["end_cp"],
                width=0).exact != row["exact"]:
            text = self._documents.get(row["doc_id"]).text    # changed: find it again
            anchor = anchoring.locate(text, row["exact"], row["prefix"], row["suffix"],
                                      start=row["start_cp"])
            if anchor is None:
                row["orphaned"] = 1
            else:
                prefix, suffix = anchoring.context(text, anchor.start, anchor.end)
                row.update(start_cp=anchor.start, end_cp=anchor.end, prefix=prefix, suffix=suffix,
                           exact=text[anchor.start:anchor.end])
        db = self._store.db
        with db.atomic():
            db.table("quotes").insert(row, replace=True)
            db.execute("DELETE FROM quote_actors WHERE quote_id = ?", [row["id"]])
            db.execute("DELETE FROM quote_themes WHERE quote_id = ?", [row["id"]])
            self._link(row["id"], "actor", [i for i in snapshot.actor_ids
                                            if self._store.exists("actors", i)])
            self._link(row["id"], "theme", [i for i in snapshot.theme_ids
                                            if self._store.exists("themes", i)])
            self._store.executemany(
                "INSERT OR IGNORE INTO judgment_quotes (judgment_id, quote_id) VALUES (?, ?)",
                [(j, row["id"]) for j in snapshot.judgment_ids
                 if self._store.exists("judgments", j)])
        return str(row["id"])

    def _link(self, quote_id: str, kind: str, ids: Iterable[str]) -> None:
        table = "quote_actors" if kind == "actor" else "quote_themes"
        self._store.executemany(f"INSERT OR IGNORE INTO {table} (quote_id, {kind}_id) VALUES (?, ?)",
                            [(quote_id, i) for i in dict.fromkeys(ids)])

    def set_span(self, quote_id: str, start: int, end: int) -> None:
        """Move a quote to code points [start, end) of its document (text, context and
        language follow; an orphaned quote is anchored again there)."""
        self._store.writable()
        quote_id = self.resolve(quote_id)
        row = self._store.row("quotes", quote_id)
        span = quotable_span(self._store, self._documents, row["doc_id"], start, end)
        lang, lang2 = textlang.quote_languages(span.exact, default=span.language or "en")
        self._store.table("quotes").update(quote_id, {
            "start_cp": start, "end_cp": end, "exact": span.exact, "prefix": span.prefix,
            "suffix": span.suffix, "language": lang, "language2": lang2, "orphaned": 0,
            "updated_at": self._store.now(), "updated_by": current_analyst()})



def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n:,} times")
