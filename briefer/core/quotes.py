"""Quotes: anchored spans of a document with actors, themes, a note and a star."""

from __future__ import annotations

import hashlib

from . import anchoring, textlang, validate
from .documents import fts_query
from .errors import InvalidInput

QUOTE_ORDER = "d.date IS NULL, d.date, d.title, q.start_cp, q.end_cp, q.id"
_FIRST_NAME = ("(SELECT briefer_casefold(t.name) FROM quote_{table} l JOIN {table} t "
               "ON t.id = l.{kind}_id WHERE l.quote_id = q.id ORDER BY {order} LIMIT 1)")
#: ``order_by`` keys of ``quotes`` / ``quote_ids`` and their ORDER BY terms; "-key" reverses
#: every term. Ties always follow QUOTE_ORDER ("position"). Text compares case-folded
#: (``str.casefold``); quotes without a note, actors or themes come last (first if reversed).
QUOTE_SORTS = {
    "position": (),
    "starred": ("q.starred DESC",),
    "excerpt": ("briefer_casefold(q.exact)",),
    "document": ("briefer_casefold(d.title)", "d.date IS NULL", "d.date", "q.doc_id",
                 "q.start_cp"),
    "language": ("q.language", "coalesce(q.language2, '')"),
    "note": ("q.note = ''", "briefer_casefold(q.note)"),
    "actors": (_FIRST_NAME.format(table="actors", kind="actor", order="t.name COLLATE NOCASE")
               + " NULLS LAST",),
    "themes": (_FIRST_NAME.format(table="themes", kind="theme",
                                  order="t.position, t.name COLLATE NOCASE") + " NULLS LAST",),
}
QUOTE_COLUMNS = ("id", "doc_id", "start_cp", "end_cp", "exact", "prefix", "suffix", "language",
                 "language2", "note", "starred", "orphaned", "created_at", "updated_at")


class QuotesMixin:
    # -- creating ----------------------------------------------------------------
    def add_quote(self, doc_id: str, start: int, end: int, *, actors=(), themes=(),
                  note: str = "", starred: bool = False, quote_id: str | None = None,
                  created_at: str | None = None, updated_at: str | None = None) -> str:
        """Anchor a new quote at code points [start, end) of a document; return its id.

        ``actors`` and ``themes`` are names (created when missing) or ids.
        """
        self._writable()
        validate.text(note, "note", validate.MAX_NOTE)
        doc = self.document(doc_id)
        text = doc["text"]
        if not (0 <= start < end <= len(text)):
            raise InvalidInput(f"Span {start}–{end} is outside the document (0–{len(text)}).")
        exact = text[start:end]
        if not exact.strip():
            raise InvalidInput("A quote needs some text, not only white space.")
        prefix, suffix = anchoring.context(text, start, end)
        lang, lang2 = textlang.quote_languages(exact, default=doc["language"] or "en")
        stamp = self._now()
        quote_id = quote_id or self._new_id()
        with self.db.atomic():
            self.db["quotes"].insert({
                "id": quote_id, "doc_id": doc["id"], "start_cp": start, "end_cp": end,
                "exact": exact, "prefix": prefix, "suffix": suffix, "language": lang,
                "language2": lang2, "note": note, "starred": int(bool(starred)),
                "orphaned": 0, "created_at": created_at or stamp,
                "updated_at": updated_at or stamp})
            self._link(quote_id, "actor", [self.ensure_actor(a) for a in actors])
            self._link(quote_id, "theme", [self.ensure_theme(t) for t in themes])
        return quote_id

    def add_quote_text(self, doc_id: str, text: str, occurrence: int = 1, **kwargs) -> str:
        """Anchor the ``occurrence``-th appearance of ``text`` in a document."""
        validate.valid(text, "quote text")
        doc = self.document(doc_id)
        start = anchoring.nth_occurrence(doc["text"], text, occurrence)
        if start is None:
            count = len(anchoring.find_occurrences(doc["text"], text)) if text else 0
            where = f"only {count} time(s)" if count else "not at all"
            raise InvalidInput(f"The text {text!r} occurs {where} in “{doc['title']}”.")
        return self.add_quote(doc["id"], start, start + len(text), **kwargs)

    # -- reading -----------------------------------------------------------------
    def quote(self, quote_id: str) -> dict:
        rows = self.quotes(ids=[self.resolve_quote_id(quote_id)])
        return rows[0]

    def resolve_quote_id(self, ref: str) -> str:
        return self._resolve_ref("quotes", validate.valid(ref or "", "quote id"), "quote")

    def quotes(self, order_by: str = "position", **filters) -> list[dict]:
        """Quotes matching every filter given; see ``_filter_sql`` for the filters.

        Each row has the quote's columns plus ``actors`` and ``themes`` (lists of names),
        ``actor_ids``, ``theme_ids`` and the document's ``doc_title``, ``doc_outlet``,
        ``doc_date``. Ordered by document date, document, position, unless ``order_by``
        names another key of ``QUOTE_SORTS`` ("-key" for descending).
        """
        order = self._order_sql(order_by)
        from_where, args = self._filter_sql(**filters)
        cols = ", ".join(f"q.{c}" for c in QUOTE_COLUMNS)
        sql = (f"SELECT {cols}, d.title AS doc_title, d.outlet AS doc_outlet, d.date AS doc_date "
               f"{from_where} ORDER BY {order}")
        with validate.stored_text("a quote or document title"):
            rows = [dict(r) for r in self.db.query(sql, args)]
            self._attach_tags(rows)
        return rows

    def quote_ids(self, order_by: str = "position", **filters) -> list[str]:
        """Only the ids of ``quotes(**filters)``, in the same order (cheap for big projects)."""
        order = self._order_sql(order_by)
        from_where, args = self._filter_sql(**filters)
        return [r[0] for r in self.db.execute(f"SELECT q.id {from_where} ORDER BY {order}", args)]

    def _order_sql(self, order_by: str) -> str:
        """ORDER BY for a key of ``QUOTE_SORTS``, "-" first for descending (ties: position)."""
        key = (order_by or "position").strip()
        descending = key.startswith("-")
        terms = QUOTE_SORTS.get(key.removeprefix("-"))
        if terms is None:
            raise InvalidInput(f"Quotes cannot be sorted by {order_by!r}; use one of "
                               f"{', '.join(QUOTE_SORTS)} (\"-\" first for descending).")
        if not terms:
            terms = tuple(t.strip() for t in QUOTE_ORDER.split(","))
        if descending:
            terms = tuple(map(_reversed_term, terms))
        elif key == "position":
            return QUOTE_ORDER
        self.db.register_function(_casefold, deterministic=True, name="briefer_casefold")
        return ", ".join((*terms, QUOTE_ORDER))

    def _filter_sql(self, *, actors=(), themes=(), docs=(), langs=(), search: str | None = None,
                    starred: bool | None = None, orphaned: bool | None = None,
                    ids=None) -> tuple[str, dict]:
        """FROM/WHERE for quotes having every actor and every theme named (AND), from any of
        ``docs``, in any of ``langs`` (first or second language), matching ``search`` (FTS over
        text and note), starred / orphaned or not, among ``ids``."""
        where, args = [], {}
        for i, ref in enumerate(actors):
            args[f"a{i}"] = self.resolve_actor(ref)
            where.append(f"q.id IN (SELECT quote_id FROM quote_actors WHERE actor_id = :a{i})")
        for i, ref in enumerate(themes):
            args[f"t{i}"] = self.resolve_theme(ref)
            where.append(f"q.id IN (SELECT quote_id FROM quote_themes WHERE theme_id = :t{i})")
        if docs:
            ids_ = [self.resolve_doc_id(d) for d in docs]
            where.append("q.doc_id IN (%s)" % ", ".join(f":d{i}" for i in range(len(ids_))))
            args.update({f"d{i}": v for i, v in enumerate(ids_)})
        if langs:
            marks = ", ".join(f":l{i}" for i in range(len(langs)))
            where.append(f"(q.language IN ({marks}) OR q.language2 IN ({marks}))")
            args.update({f"l{i}": v for i, v in enumerate(langs)})
        if starred is not None:
            where.append("q.starred = :starred")
            args["starred"] = int(starred)
        if orphaned is not None:
            where.append("q.orphaned = :orphaned")
            args["orphaned"] = int(orphaned)
        if ids is not None:
            args.update({f"i{i}": v for i, v in enumerate(ids)})
            where.append("q.id IN (%s)" % (", ".join(f":i{i}" for i in range(len(ids))) or "NULL"))
        if search and search.strip():
            where.append("q.id IN (%s)" % self._quote_search_sql(search, args))
        sql = "FROM quotes q JOIN documents d ON d.id = q.doc_id"
        return sql + ((" WHERE " + " AND ".join(where)) if where else ""), args

    def _quote_search_sql(self, search: str, args: dict) -> str:
        validate.text(search, "search", validate.MAX_SEARCH)
        match = fts_query(search)
        if match is None:  # CJK, or only punctuation: what was typed, as a substring
            args["search"] = search.strip()
            return "SELECT id FROM quotes WHERE instr(exact, :search) OR instr(note, :search)"
        args["search"] = match
        return ("SELECT quotes.id FROM quotes_fts JOIN quotes ON quotes.rowid = quotes_fts.rowid "
                "WHERE quotes_fts MATCH :search")

    def _attach_tags(self, rows: list[dict]) -> None:
        by_id = {r["id"]: r for r in rows}
        for r in rows:
            r.update(actors=[], themes=[], actor_ids=[], theme_ids=[])
        if not rows:
            return
        few = len(rows) <= 500
        only = ("WHERE l.quote_id IN (%s) " % ", ".join("?" * len(rows))) if few else ""
        for kind, table, order in (("actor", "actors", "t.name COLLATE NOCASE"),
                                   ("theme", "themes", "t.position, t.name COLLATE NOCASE")):
            sql = (f"SELECT l.quote_id, t.id, t.name FROM quote_{table} l "
                   f"JOIN {table} t ON t.id = l.{kind}_id {only}ORDER BY {order}")
            for qid, tid, name in self.db.execute(sql, list(by_id) if few else []).fetchall():
                row = by_id.get(qid)
                if row is not None:
                    row[f"{table}"].append(name)
                    row[f"{kind}_ids"].append(tid)

    # -- changing ------------------------------------------------------------------
    def update_quote(self, quote_id: str, *, note: str | None = None,
                     starred: bool | None = None, actors=None, themes=None) -> None:
        """Change a quote's note, star, or replace its actors / themes (names or ids)."""
        self._writable()
        validate.optional(note, "note", validate.MAX_NOTE)
        quote_id = self.resolve_quote_id(quote_id)
        values = {"updated_at": self._now()}
        if note is not None:
            values["note"] = note
        if starred is not None:
            values["starred"] = int(bool(starred))
        with self.db.atomic():
            self.db["quotes"].update(quote_id, values)
            if actors is not None:
                self.db.execute("DELETE FROM quote_actors WHERE quote_id = ?", [quote_id])
                self._link(quote_id, "actor", [self.ensure_actor(a) for a in actors])
            if themes is not None:
                self.db.execute("DELETE FROM quote_themes WHERE quote_id = ?", [quote_id])
                self._link(quote_id, "theme", [self.ensure_theme(t) for t in themes])

    def tag_quote(self, quote_id: str, *, actors=(), themes=()) -> None:
        """Add actors / themes to a quote, keeping those it has."""
        self._writable()
        quote_id = self.resolve_quote_id(quote_id)
        with self.db.atomic():
            self._link(quote_id, "actor", [self.ensure_actor(a) for a in actors])
            self._link(quote_id, "theme", [self.ensure_theme(t) for t in themes])
            self.db["quotes"].update(quote_id, {"updated_at": self._now()})

    def delete_quote(self, quote_id: str) -> dict:
        """Delete a quote; return a snapshot that ``restore_quote`` brings back."""
        self._writable()
        quote_id = self.resolve_quote_id(quote_id)
        snapshot = self.snapshot_quote(quote_id)
        self.db["quotes"].delete(quote_id)
        return snapshot

    def snapshot_quote(self, quote_id: str) -> dict:
        row = dict(self.db["quotes"].get(quote_id))
        row["actor_ids"] = [r[0] for r in self.db.execute(
            "SELECT actor_id FROM quote_actors WHERE quote_id = ?", [quote_id])]
        row["theme_ids"] = [r[0] for r in self.db.execute(
            "SELECT theme_id FROM quote_themes WHERE quote_id = ?", [quote_id])]
        row["judgment_ids"] = [r[0] for r in self.db.execute(
            "SELECT judgment_id FROM judgment_quotes WHERE quote_id = ?", [quote_id])]
        return row

    def restore_quote(self, snapshot: dict) -> str:
        """Put back a quote as ``snapshot_quote`` saw it (same id, links, times).

        If its document's text changed meanwhile (a re-import), the quote is anchored
        again in the new text, or put back orphaned: never at offsets that no longer match.
        """
        self._writable()
        row = {k: v for k, v in snapshot.items() if k in QUOTE_COLUMNS}
        text = self.document(row["doc_id"])["text"]
        if not row["orphaned"] and text[row["start_cp"]:row["end_cp"]] != row["exact"]:
            anchor = anchoring.locate(text, row["exact"], row["prefix"], row["suffix"],
                                      start=row["start_cp"])
            if anchor is None:
                row["orphaned"] = 1
            else:
                prefix, suffix = anchoring.context(text, anchor.start, anchor.end)
                row.update(start_cp=anchor.start, end_cp=anchor.end, prefix=prefix, suffix=suffix,
                           exact=text[anchor.start:anchor.end])
        with self.db.atomic():
            self.db["quotes"].insert(row, replace=True)
            self.db.execute("DELETE FROM quote_actors WHERE quote_id = ?", [row["id"]])
            self.db.execute("DELETE FROM quote_themes WHERE quote_id = ?", [row["id"]])
            existing = lambda table, ids: [i for i in ids if self.db[table].count_where("id = ?", [i])]
            self._link(row["id"], "actor", existing("actors", snapshot.get("actor_ids", [])))
            self._link(row["id"], "theme", existing("themes", snapshot.get("theme_ids", [])))
            self._executemany(
                "INSERT OR IGNORE INTO judgment_quotes (judgment_id, quote_id) VALUES (?, ?)",
                [(j, row["id"]) for j in existing("judgments", snapshot.get("judgment_ids", []))])
        return row["id"]

    def _link(self, quote_id: str, kind: str, ids) -> None:
        table = "quote_actors" if kind == "actor" else "quote_themes"
        self._executemany(f"INSERT OR IGNORE INTO {table} (quote_id, {kind}_id) VALUES (?, ?)",
                            [(quote_id, i) for i in dict.fromkeys(ids)])

    def check(self) -> list[str]:
        """SQLite's quick_check plus Briefer's own: each quote matches its document or is orphaned."""
        problems = [f"SQLite: {r[0]}" for r in self.db.execute("PRAGMA quick_check") if r[0] != "ok"]
        problems += [f"foreign key: {tuple(r)}" for r in self.db.execute("PRAGMA foreign_key_check")]
        sql = ("SELECT q.id, d.title FROM quotes q JOIN documents d ON d.id = q.doc_id "
               "WHERE q.orphaned = 0 AND substr(d.text, q.start_cp + 1, q.end_cp - q.start_cp) != q.exact")
        with validate.stored_text("a document title"):
            for qid, title in self.db.execute(sql):
                problems.append(f"quote {qid} does not match its document “{title}” at its offsets")
        return problems + self._check_stored_text()

    def _check_stored_text(self) -> list[str]:
        """Documents (and quotes) whose stored text has a NUL, is not valid UTF-8, or (documents)
        no longer matches its sha256: read as bytes, so damaged text cannot stop the check."""
        problems = []
        rows = self.db.execute("SELECT id, CAST(text AS BLOB), sha256, CAST(title AS BLOB), "
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
        for qid, *fields in self.db.execute(sql):
            for what, raw in zip(("text", "note", "document's title"), fields):
                try:
                    (raw or b"").decode("utf-8")
                except UnicodeDecodeError:
                    problems.append(f"quote {qid}: its {what} is not valid UTF-8")
        return problems

    def set_quote_span(self, quote_id: str, start: int, end: int) -> None:
        """Move a quote to code points [start, end) of its document (text, context and
        language follow; an orphaned quote is anchored again there)."""
        self._writable()
        quote_id = self.resolve_quote_id(quote_id)
        row = self.db["quotes"].get(quote_id)
        doc = self.document(row["doc_id"])
        text = doc["text"]
        if not (0 <= start < end <= len(text)):
            raise InvalidInput(f"Span {start}–{end} is outside the document (0–{len(text)}).")
        exact = text[start:end]
        if not exact.strip():
            raise InvalidInput("A quote needs some text, not only white space.")
        prefix, suffix = anchoring.context(text, start, end)
        lang, lang2 = textlang.quote_languages(exact, default=doc["language"] or "en")
        self.db["quotes"].update(quote_id, {
            "start_cp": start, "end_cp": end, "exact": exact, "prefix": prefix, "suffix": suffix,
            "language": lang, "language2": lang2, "orphaned": 0, "updated_at": self._now()})


def _reversed_term(term: str) -> str:
    """An ORDER BY term the other way round (NULLS LAST becomes DESC NULLS FIRST)."""
    for asc, desc in ((" DESC", ""), (" NULLS LAST", " DESC NULLS FIRST")):
        if term.endswith(asc):
            return term[: -len(asc)] + desc
    return term + " DESC"


def _casefold(value) -> str:
    """``str.casefold`` for SQL (NOCASE folds only ASCII); NULL sorts as empty."""
    return value.casefold() if isinstance(value, str) else ""
