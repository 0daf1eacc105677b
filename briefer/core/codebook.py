"""The codebook: actors and themes, unique by name (case-insensitive), with links to quotes."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from . import colours, validate
from .aggregates import kept
from .analyst import current_analyst
from .base import Store
from .errors import InvalidInput, NotFound
from .records import Actor, Theme

ACTOR_KINDS = ("person", "organisation", "state", "media")
#: (Actor's field, quotes' column prefix) of the quotes an actor speaks or carries.
_PEOPLE = (("speaks", "speaker"), ("carries", "carrier"))
PALETTE = colours.PALETTE
_KIND_WORDS = {"org": "organisation", "organization": "organisation", "company": "organisation",
               "government": "state", "country": "state", "people": "person", "press": "media"}


def normalise_kind(kind: str) -> str:
    kind = (kind or "organisation").strip().lower()
    kind = _KIND_WORDS.get(kind, kind)
    if kind not in ACTOR_KINDS:
        raise InvalidInput(f"Actor kind must be one of {', '.join(ACTOR_KINDS)}, not {kind!r}.")
    return kind


class Codebook:
    """The codebook of a project (``project.codebook``): its actors and themes."""

    def __init__(self, store: Store):
        self._store = store

    # -- listing -------------------------------------------------------------------
    def actors(self, links: bool = True) -> list[Actor]:
        """Every actor by name, with ``quotes`` (count) and ``quote_ids`` (left empty with
        ``links=False``: only counted, in SQL — what a view of a big project wants)."""
        ids, counts = self._links("actors", "actor", links)
        return [Actor.from_row(_drawn(r), quote_ids=ids.get(r["id"], ()),
                               quotes=counts.get(r["id"], 0))
                for r in self._store.db.query("SELECT * FROM actors ORDER BY name COLLATE NOCASE")]

    def themes(self, links: bool = True) -> list[Theme]:
        """Every theme in the brief's order, with ``quotes`` (count) and ``quote_ids`` (see
        ``actors`` for ``links``)."""
        ids, counts = self._links("themes", "theme", links)
        return [Theme.from_row(_drawn(r), quote_ids=ids.get(r["id"], ()),
                               quotes=counts.get(r["id"], 0))
                for r in self._store.db.query(
                    "SELECT * FROM themes ORDER BY position, name COLLATE NOCASE")]

    def colours(self) -> dict[str, str]:
        """Every actor's and theme's colour by id (nothing counted)."""
        return {item_id: colours.drawable(colour, item_id) for item_id, colour in
                self._store.db.execute(
                    "SELECT id, colour FROM actors UNION ALL SELECT id, colour FROM themes")}

    def bad_colours(self) -> list[tuple[str, str, str]]:
        """(kind, name, stored value) of each actor and theme whose stored colour is not
        #rrggbb (stored before colours were checked): drawn in a palette colour instead."""
        rows = self._store.db.execute(
            "SELECT 'actor', name, colour FROM actors UNION ALL "
            "SELECT 'theme', name, colour FROM themes ORDER BY 1, 2")
        return [(k, n, c) for k, n, c in rows if colours.normal(c) is None]

    def size(self) -> tuple[int, int]:
        """How many actors and themes there are (counted, nothing listed)."""
        row = self._store.db.execute(
            "SELECT (SELECT COUNT(*) FROM actors), (SELECT COUNT(*) FROM themes)").fetchone()
        return int(row[0]), int(row[1])

    def actor(self, ref: str) -> Actor:
        """One actor (id, name or alias) with its ``quote_ids``: what ``restore_actor`` needs."""
        return self._one("actors", "actor", Actor, self.resolve_actor(ref))

    def theme(self, ref: str) -> Theme:
        return self._one("themes", "theme", Theme, self.resolve_theme(ref))

    def _one(self, table: str, kind: str, cls: Any, item_id: str) -> Any:
        quote_ids = tuple(r[0] for r in self._store.db.execute(
            f"SELECT quote_id FROM quote_{table} WHERE {kind}_id = ? ORDER BY quote_id", [item_id]))
        people = {}
        if table == "actors":              # the quotes it speaks or carries (see Actor)
            people = {field: tuple((q, text) for q, text in self._store.db.execute(
                f"SELECT id, {who}_text FROM quotes WHERE {who}_actor_id = ? ORDER BY id",
                [item_id])) for field, who in _PEOPLE}
        return cls.from_row(_drawn(self._store.row(table, item_id)), quote_ids=quote_ids,
                            quotes=len(quote_ids), **people)

    def _links(self, table: str, kind: str, ids: bool = True
               ) -> tuple[dict[str, tuple[str, ...]], dict[str, int]]:
        """(quote ids, quote count) of each item; without ``ids`` only the counts."""
        if not ids:
            return {}, dict(kept(self._store.db, f"{kind}_counts"))    # kept by triggers
        out: dict[str, list[str]] = {}
        for item_id, quote_id in self._store.db.execute(
                f"SELECT {kind}_id, quote_id FROM quote_{table} ORDER BY quote_id"):
            out.setdefault(item_id, []).append(quote_id)
        return {k: tuple(v) for k, v in out.items()}, {k: len(v) for k, v in out.items()}

    def resolve_actor(self, ref: str) -> str:
        return self._resolve("actors", ref)

    def resolve_theme(self, ref: str) -> str:
        return self._resolve("themes", ref)

    def _resolve(self, table: str, ref: str) -> str:
        """Id of the row with this id or name (any case); for actors also an alias."""
        name = " ".join(validate.valid(ref or "", f"{table[:-1]} name").split())
        row = self._store.db.execute(
            f"SELECT id FROM {table} WHERE id = ? OR name = ? COLLATE NOCASE", [ref, name]
        ).fetchone()
        if row is None and table == "actors" and name:
            row = self._store.db.execute(
                "SELECT a.id FROM actors a, json_each(a.aliases) j "
                "WHERE j.value = ? COLLATE NOCASE ORDER BY a.name LIMIT 1", [name]).fetchone()
        if row is None:
            raise NotFound(f"No {table[:-1]} named {ref!r} in this project.")
        return row[0]

    # -- creating ------------------------------------------------------------------
    def add_actor(self, name: str, kind: str = "organisation", aliases: Iterable[str] = (),
                  colour: str | None = None,
                  actor_id: str | None = None) -> str:
        self._store.writable()
        name = self._new_name("actors", name)
        actor_id = actor_id or self._store.new_id()
        self._store.table("actors").insert({
            "id": actor_id, "name": name, "kind": normalise_kind(kind),
            "aliases": json.dumps(_clean_aliases(aliases, name), ensure_ascii=False),
            "colour": _colour(colour) or self._next_colour("actors"),
            "created_at": self._store.now()})
        return actor_id

    def add_theme(self, name: str, description: str = "", colour: str | None = None,
                  theme_id: str | None = None) -> str:
        self._store.writable()
        name = self._new_name("themes", name)
        validate.text(description, "theme's description", validate.MAX_DESCRIPTION)
        theme_id = theme_id or self._store.new_id()
        position = self._store.db.execute(
            "SELECT COALESCE(MAX(position) + 1, 0) FROM themes").fetchone()[0]
        self._store.table("themes").insert({
            "id": theme_id, "name": name, "description": description,
            "colour": _colour(colour) or self._next_colour("themes"),
            "created_at": self._store.now(), "position": position})
        return theme_id

    def ensure_actor(self, ref: str) -> str:
        """The id of the actor with this id or name, created (as an organisation) if missing."""
        try:
            return self.resolve_actor(ref)
        except NotFound:
            return self.add_actor(ref)

    def ensure_theme(self, ref: str) -> str:
        try:
            return self.resolve_theme(ref)
        except NotFound:
            return self.add_theme(ref)

    # -- changing ------------------------------------------------------------------
    def update_actor(self, ref: str, *, name: str | None = None, kind: str | None = None,
                     aliases: Iterable[str] | None = None, colour: str | None = None) -> None:
        self._store.writable()
        actor_id = self.resolve_actor(ref)
        values: dict[str, Any] = {}
        if name is not None:
            values["name"] = self._new_name("actors", name, keep_id=actor_id)
        if kind is not None:
            values["kind"] = normalise_kind(kind)
        if aliases is not None:
            current = name or self._store.row("actors", actor_id)["name"]
            values["aliases"] = json.dumps(_clean_aliases(aliases, current), ensure_ascii=False)
        if colour is not None:
            values["colour"] = colours.checked(colour)
        if values:
            self._store.table("actors").update(actor_id, values)

    def update_theme(self, ref: str, *, name: str | None = None, description: str | None = None,
                     colour: str | None = None) -> None:
        self._store.writable()
        theme_id = self.resolve_theme(ref)
        values: dict[str, Any] = {}
        if name is not None:
            values["name"] = self._new_name("themes", name, keep_id=theme_id)
        if description is not None:
            values["description"] = validate.text(description, "theme's description",
                                                  validate.MAX_DESCRIPTION)
        if colour is not None:
            values["colour"] = colours.checked(colour)
        if values:
            self._store.table("themes").update(theme_id, values)

    def reorder_themes(self, refs: Iterable[str]) -> None:
        """Set the theme order (the brief's section order); unnamed themes keep theirs after."""
        self._store.writable()
        ordered = [self.resolve_theme(r) for r in refs]
        rest = [t.id for t in self.themes() if t.id not in ordered]
        with self._store.db.atomic():
            for position, theme_id in enumerate(ordered + rest):
                self._store.table("themes").update(theme_id, {"position": position})

    def merge_actors(self, source: str, target: str) -> int:
        """Move every link of ``source`` to ``target`` (and the quotes it speaks or carries),
        keep its name as an alias, delete it. The quotes it moved are marked changed (their
        ``updated_at``: see ``_touch``)."""
        source_id, target_id = self.resolve_actor(source), self.resolve_actor(target)
        return self._merge("actors", "actor", source_id, target_id)

    def merge_themes(self, source: str, target: str) -> int:
        source_id, target_id = self.resolve_theme(source), self.resolve_theme(target)
        return self._merge("themes", "theme", source_id, target_id)

    def _merge(self, table: str, kind: str, source_id: str, target_id: str) -> int:
        self._store.writable()
        if source_id == target_id:
            raise InvalidInput(f"Cannot merge a {kind} into itself.")
        links = f"quote_{table}"
        moved = self._store.db.execute(f"SELECT COUNT(*) FROM {links} WHERE {kind}_id = ?",
                                [source_id]).fetchone()[0]
        with self._store.db.atomic():
            self._touch(table, source_id)
            self._store.db.execute(f"INSERT OR IGNORE INTO {links} (quote_id, {kind}_id) "
                            f"SELECT quote_id, ? FROM {links} WHERE {kind}_id = ?",
                            [target_id, source_id])
            if table == "actors":
                for _field, who in _PEOPLE:
                    self._store.db.execute(
                        f"UPDATE quotes SET {who}_actor_id = ? WHERE {who}_actor_id = ?",
                        [target_id, source_id])
                actors = self._store.table("actors")
                source, target = actors.get(source_id), actors.get(target_id)
                aliases = (json.loads(target["aliases"]) + [source["name"]]
                           + json.loads(source["aliases"]))
                self._store.table("actors").update(target_id, {"aliases": json.dumps(
                    _clean_aliases(aliases, target["name"]), ensure_ascii=False)})
            self._store.table(table).delete(source_id)
        return moved

    def delete_actor(self, ref: str) -> int:
        """Delete an actor; its links go, the quotes stay, and a quote it is the speaker or
        carrier of keeps the actor's name as typed words (``speaker_text`` /
        ``carrier_text``), so the attribution is not lost; those quotes are marked changed
        (``_touch``). Returns how many quotes it tagged."""
        return self._delete("actors", "actor", self.resolve_actor(ref))

    def delete_theme(self, ref: str) -> int:
        return self._delete("themes", "theme", self.resolve_theme(ref))

    def _delete(self, table: str, kind: str, item_id: str) -> int:
        self._store.writable()
        touched = self._store.db.execute(f"SELECT COUNT(*) FROM quote_{table} WHERE {kind}_id = ?",
                                  [item_id]).fetchone()[0]
        with self._store.db.atomic():
            self._touch(table, item_id)
            if table == "actors":
                name = self._store.row("actors", item_id)["name"]
                for _field, who in _PEOPLE:
                    self._store.db.execute(
                        f"UPDATE quotes SET {who}_actor_id = NULL, {who}_text = CASE WHEN "
                        f"{who}_text = '' THEN ? ELSE {who}_text END WHERE {who}_actor_id = ?",
                        [name, item_id])
            self._store.table(table).delete(item_id)
        return touched

    def _touch(self, table: str, item_id: str) -> None:
        """Mark the quotes an actor or theme tags (an actor also: speaks or carries) as
        changed now, by this analyst: their tags, speaker or carrier are about to change. A
        project merge weighs two versions of a quote by ``updated_at`` (``core.merge``): a
        change that left it alone would lose to the other copy's unchanged version."""
        self._store.db.execute(
            f"UPDATE quotes SET updated_at = :now, updated_by = :who WHERE id IN "
            f"({_touched(table)})",
            {"now": self._store.now(), "who": current_analyst(), "item": item_id})

    # -- history (for undo) --------------------------------------------------------
    def restore_actor(self, snapshot: Actor) -> str:
        """Put an actor back as ``actor()`` saw it: same id, row and quote links, speaker and
        carrier of the same quotes (with the same words), and of no others. An undo is a
        change of its own: the quotes it changes are marked changed now (``_stamped``)."""
        mentioned = [*snapshot.quote_ids, *(q for q, _ in snapshot.speaks),
                     *(q for q, _ in snapshot.carries)]
        with self._store.transaction(), self._stamped("actors", snapshot.id, mentioned):
            actor_id = self._restore("actors", "actor", snapshot.row(), snapshot.quote_ids)
            for field, who in _PEOPLE:
                people: tuple[tuple[str, str], ...] = getattr(snapshot, field)
                self._store.db.execute(
                    f"UPDATE quotes SET {who}_actor_id = NULL WHERE {who}_actor_id = ?",
                    [actor_id])
                self._store.db.conn.executemany(
                    f"UPDATE quotes SET {who}_actor_id = ?, {who}_text = ? WHERE id = ?",
                    [(actor_id, text, q) for q, text in people])
        return actor_id

    def restore_theme(self, snapshot: Theme) -> str:
        with self._store.transaction(), self._stamped("themes", snapshot.id,
                                                      snapshot.quote_ids):
            theme_id = self._restore("themes", "theme", snapshot.row(), snapshot.quote_ids)
        return theme_id

    @contextmanager
    def _stamped(self, table: str, item_id: str, mentioned: Iterable[str]) -> Iterator[None]:
        """Around a restore (an undo): mark the quotes whose tag, speaker or carrier it
        changes as changed now, by this analyst, as any change (``_touch``). Not their old
        times put back: a copy of the project holding the change undone would win a later
        merge over the undo, and a quote changed meanwhile would lose its time."""
        before = self._links_of(table, item_id, mentioned)
        yield
        after = self._links_of(table, item_id, before)
        changed = [q for q in before.keys() | after.keys() if before.get(q) != after.get(q)]
        self._store.db.conn.executemany(
            "UPDATE quotes SET updated_at = ?, updated_by = ? WHERE id = ?",
            [(self._store.now(), current_analyst(), q) for q in changed])

    def _links_of(self, table: str, item_id: str, quote_ids: Iterable[str]
                  ) -> dict[str, tuple]:
        """What ties each of ``quote_ids`` and the quotes the item tags (an actor: speaks or
        carries) to the item: the tag, and an actor's speaker and carrier columns."""
        people = ", speaker_actor_id, speaker_text, carrier_actor_id, carrier_text" \
            if table == "actors" else ""
        return {r[0]: r[1:] for r in self._store.db.execute(
            f"SELECT id, id IN (SELECT quote_id FROM quote_{table} WHERE {table[:-1]}_id = "
            f":item){people} FROM quotes WHERE id IN ({_touched(table)}) OR id IN "
            "(SELECT value FROM json_each(:ids))",
            {"item": item_id, "ids": json.dumps(list(quote_ids))})}

    def theme_positions(self) -> dict[str, int]:
        return {r[0]: r[1] for r in self._store.db.execute("SELECT id, position FROM themes")}

    def restore_theme_positions(self, positions: dict[str, int]) -> None:
        """Set each named theme's stored position (the exact inverse of ``reorder_themes``)."""
        self._store.writable()
        with self._store.db.atomic():
            for theme_id, position in positions.items():
                self._store.db.execute("UPDATE themes SET position = ? WHERE id = ?",
                                       [position, theme_id])

    def _restore(self, table: str, kind: str, row: dict[str, Any],
                 quote_ids: Iterable[str]) -> str:
        self._store.writable()
        links = f"quote_{table}"
        with self._store.db.atomic():
            if self._store.table(table).count_where("id = ?", [row["id"]]):
                self._store.table(table).update(row["id"], row)
            else:
                self._store.table(table).insert(row)
            self._store.db.execute(f"DELETE FROM {links} WHERE {kind}_id = ?", [row["id"]])
            self._link_many(links, kind, row["id"],
                            [q for q in quote_ids if self._store.exists("quotes", q)])
        return str(row["id"])

    def _link_many(self, links: str, kind: str, item_id: str, quote_ids: list[str]) -> None:
        rows = [{"quote_id": q, f"{kind}_id": item_id} for q in dict.fromkeys(quote_ids)]
        if rows:
            self._store.table(links).insert_all(rows, ignore=True)

    # -- suggestions ---------------------------------------------------------------
    def suggest_actors(self, text: str) -> list[str]:
        """Ids of actors whose name or an alias occurs in ``text`` (whole words, any case)."""
        found = []
        for actor in self.actors():
            for term in [actor.name, *actor.aliases]:
                if term and _occurs(term, text):
                    found.append(actor.id)
                    break
        return found

    # -- helpers -------------------------------------------------------------------
    def _new_name(self, table: str, name: str, keep_id: str | None = None) -> str:
        name = validate.text(name or "", f"{table[:-1]}'s name", validate.MAX_NAME)
        name = " ".join(name.split())
        if not name:
            raise InvalidInput(f"{_article(table[:-1]).capitalize()} {table[:-1]} needs a name.")
        row = self._store.db.execute(f"SELECT id, name FROM {table} WHERE name = ? COLLATE NOCASE",
                              [name]).fetchone()
        if row and row[0] != keep_id:
            raise InvalidInput(f"There is already {_article(table[:-1])} {table[:-1]} "
                               f"named {row[1]!r}.")
        return name

    def _next_colour(self, table: str) -> str:
        count = self._store.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        return PALETTE[count % len(PALETTE)]


def _touched(table: str) -> str:
    """SQL: the ids of the quotes the actor or theme ``:item`` tags (an actor: also speaks
    or carries); ``table`` is "actors" or "themes"."""
    kind = table[:-1]
    sql = f"SELECT quote_id FROM quote_{table} WHERE {kind}_id = :item"
    if table == "actors":
        sql += (" UNION SELECT id FROM quotes WHERE speaker_actor_id = :item "
                "OR carrier_actor_id = :item")
    return sql


def _colour(value: str | None) -> str | None:
    """A colour given to a new actor or theme (None or "": the next in the palette)."""
    return colours.checked(value) if value else None


def _drawn(row: dict[str, Any]) -> dict[str, Any]:
    """A stored actor or theme with a colour that can be drawn (see ``bad_colours``)."""
    colour = colours.drawable(row.get("colour"), str(row["id"]))
    return row if colour == row.get("colour") else {**row, "colour": colour}


def _clean_aliases(aliases: Iterable[str], name: str) -> list[str]:
    seen, out = {name.casefold()}, []
    for alias in aliases:
        alias = " ".join(validate.text(str(alias), "alias", validate.MAX_NAME).split())
        if alias and alias.casefold() not in seen:
            seen.add(alias.casefold())
            out.append(alias)
    return out


def _occurs(term: str, text: str) -> bool:
    """Whole-word, case-insensitive match; CJK terms match as substrings (no word breaks)."""
    if any(ord(ch) > 0x2E80 for ch in term):
        return term in text
    return re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text, re.IGNORECASE) is not None


def _article(noun: str) -> str:
    return "an" if noun[:1] in "aeiou" else "a"
