"""The codebook: actors and themes, unique by name (case-insensitive), with links to quotes."""

from __future__ import annotations

import json
import re

from . import validate
from .errors import InvalidInput, NotFound

ACTOR_KINDS = ("person", "organisation", "state", "media")
#: Colours handed out in turn to new actors and themes (readable under black text).
PALETTE = ("#f4a261", "#8ecae6", "#b5e48c", "#ffafcc", "#cdb4db", "#ffd166", "#90be6d",
           "#f28482", "#84a59d", "#a0c4ff", "#e9c46a", "#bde0fe")
_KIND_WORDS = {"org": "organisation", "organization": "organisation", "company": "organisation",
               "government": "state", "country": "state", "people": "person", "press": "media"}


def normalise_kind(kind: str) -> str:
    kind = (kind or "organisation").strip().lower()
    kind = _KIND_WORDS.get(kind, kind)
    if kind not in ACTOR_KINDS:
        raise InvalidInput(f"Actor kind must be one of {', '.join(ACTOR_KINDS)}, not {kind!r}.")
    return kind


class CodebookMixin:
    # -- listing -------------------------------------------------------------------
    def actors(self) -> list[dict]:
        rows = [dict(r) for r in self.db.query(
            """SELECT a.*, (SELECT COUNT(*) FROM quote_actors l WHERE l.actor_id = a.id) AS quotes
               FROM actors a ORDER BY a.name COLLATE NOCASE""")]
        for r in rows:
            r["aliases"] = json.loads(r["aliases"] or "[]")
        return rows

    def themes(self) -> list[dict]:
        return [dict(r) for r in self.db.query(
            """SELECT t.*, (SELECT COUNT(*) FROM quote_themes l WHERE l.theme_id = t.id) AS quotes
               FROM themes t ORDER BY t.position, t.name COLLATE NOCASE""")]

    def resolve_actor(self, ref: str) -> str:
        return self._resolve("actors", ref)

    def resolve_theme(self, ref: str) -> str:
        return self._resolve("themes", ref)

    def _resolve(self, table: str, ref: str) -> str:
        """Id of the row with this id or name (any case); for actors also an alias."""
        name = " ".join(validate.valid(ref or "", f"{table[:-1]} name").split())
        row = self.db.execute(f"SELECT id FROM {table} WHERE id = ? OR name = ? COLLATE NOCASE",
                              [ref, name]).fetchone()
        if row is None and table == "actors" and name:
            row = self.db.execute(
                "SELECT a.id FROM actors a, json_each(a.aliases) j "
                "WHERE j.value = ? COLLATE NOCASE ORDER BY a.name LIMIT 1", [name]).fetchone()
        if row is None:
            raise NotFound(f"No {table[:-1]} named {ref!r} in this project.")
        return row[0]

    # -- creating ------------------------------------------------------------------
    def add_actor(self, name: str, kind: str = "organisation", aliases=(), colour: str | None = None,
                  actor_id: str | None = None) -> str:
        self._writable()
        name = self._new_name("actors", name)
        actor_id = actor_id or self._new_id()
        self.db["actors"].insert({
            "id": actor_id, "name": name, "kind": normalise_kind(kind),
            "aliases": json.dumps(_clean_aliases(aliases, name), ensure_ascii=False),
            "colour": colour or self._next_colour("actors"), "created_at": self._now()})
        return actor_id

    def add_theme(self, name: str, description: str = "", colour: str | None = None,
                  theme_id: str | None = None) -> str:
        self._writable()
        name = self._new_name("themes", name)
        validate.text(description, "theme's description", validate.MAX_DESCRIPTION)
        theme_id = theme_id or self._new_id()
        position = self.db.execute("SELECT COALESCE(MAX(position) + 1, 0) FROM themes").fetchone()[0]
        self.db["themes"].insert({
            "id": theme_id, "name": name, "description": description,
            "colour": colour or self._next_colour("themes"), "created_at": self._now(),
            "position": position})
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
                     aliases=None, colour: str | None = None) -> None:
        self._writable()
        actor_id = self.resolve_actor(ref)
        values = {}
        if name is not None:
            values["name"] = self._new_name("actors", name, keep_id=actor_id)
        if kind is not None:
            values["kind"] = normalise_kind(kind)
        if aliases is not None:
            current = name or self.db["actors"].get(actor_id)["name"]
            values["aliases"] = json.dumps(_clean_aliases(aliases, current), ensure_ascii=False)
        if colour is not None:
            values["colour"] = colour
        if values:
            self.db["actors"].update(actor_id, values)

    def update_theme(self, ref: str, *, name: str | None = None, description: str | None = None,
                     colour: str | None = None) -> None:
        self._writable()
        theme_id = self.resolve_theme(ref)
        values = {}
        if name is not None:
            values["name"] = self._new_name("themes", name, keep_id=theme_id)
        if description is not None:
            values["description"] = validate.text(description, "theme's description",
                                                  validate.MAX_DESCRIPTION)
        if colour is not None:
            values["colour"] = colour
        if values:
            self.db["themes"].update(theme_id, values)

    def reorder_themes(self, refs) -> None:
        """Set the theme order (the brief's section order); unnamed themes keep theirs after."""
        self._writable()
        ordered = [self.resolve_theme(r) for r in refs]
        rest = [t["id"] for t in self.themes() if t["id"] not in ordered]
        with self.db.atomic():
            for position, theme_id in enumerate(ordered + rest):
                self.db["themes"].update(theme_id, {"position": position})

    def merge_actors(self, source: str, target: str) -> int:
        """Move every link of ``source`` to ``target``, keep its name as an alias, delete it."""
        return self._merge("actors", "actor", self.resolve_actor(source), self.resolve_actor(target))

    def merge_themes(self, source: str, target: str) -> int:
        return self._merge("themes", "theme", self.resolve_theme(source), self.resolve_theme(target))

    def _merge(self, table: str, kind: str, source_id: str, target_id: str) -> int:
        self._writable()
        if source_id == target_id:
            raise InvalidInput(f"Cannot merge a {kind} into itself.")
        links = f"quote_{table}"
        moved = self.db.execute(f"SELECT COUNT(*) FROM {links} WHERE {kind}_id = ?",
                                [source_id]).fetchone()[0]
        with self.db.atomic():
            self.db.execute(f"INSERT OR IGNORE INTO {links} (quote_id, {kind}_id) "
                            f"SELECT quote_id, ? FROM {links} WHERE {kind}_id = ?",
                            [target_id, source_id])
            if table == "actors":
                source, target = self.db["actors"].get(source_id), self.db["actors"].get(target_id)
                aliases = json.loads(target["aliases"]) + [source["name"]] + json.loads(source["aliases"])
                self.db["actors"].update(target_id, {"aliases": json.dumps(
                    _clean_aliases(aliases, target["name"]), ensure_ascii=False)})
            self.db[table].delete(source_id)
        return moved

    def delete_actor(self, ref: str) -> int:
        """Delete an actor; its links go, the quotes stay. Returns how many quotes it touched."""
        return self._delete("actors", "actor", self.resolve_actor(ref))

    def delete_theme(self, ref: str) -> int:
        return self._delete("themes", "theme", self.resolve_theme(ref))

    def _delete(self, table: str, kind: str, item_id: str) -> int:
        self._writable()
        touched = self.db.execute(f"SELECT COUNT(*) FROM quote_{table} WHERE {kind}_id = ?",
                                  [item_id]).fetchone()[0]
        self.db[table].delete(item_id)
        return touched

    # -- history (for undo) --------------------------------------------------------
    def snapshot_actor(self, ref: str) -> dict:
        """The actor's row exactly as stored, plus ``quote_ids``: what ``restore_actor`` needs."""
        return self._snapshot("actors", "actor", self.resolve_actor(ref))

    def snapshot_theme(self, ref: str) -> dict:
        return self._snapshot("themes", "theme", self.resolve_theme(ref))

    def restore_actor(self, snapshot: dict) -> str:
        """Put an actor back as ``snapshot_actor`` saw it: same id, row and quote links."""
        return self._restore("actors", "actor", snapshot)

    def restore_theme(self, snapshot: dict) -> str:
        return self._restore("themes", "theme", snapshot)

    def theme_positions(self) -> dict[str, int]:
        return {r[0]: r[1] for r in self.db.execute("SELECT id, position FROM themes")}

    def restore_theme_positions(self, positions: dict[str, int]) -> None:
        """Set each named theme's stored position (the exact inverse of ``reorder_themes``)."""
        self._writable()
        with self.db.atomic():
            for theme_id, position in positions.items():
                self.db.execute("UPDATE themes SET position = ? WHERE id = ?", [position, theme_id])

    def _snapshot(self, table: str, kind: str, item_id: str) -> dict:
        row = dict(self.db[table].get(item_id))
        row["quote_ids"] = [r[0] for r in self.db.execute(
            f"SELECT quote_id FROM quote_{table} WHERE {kind}_id = ? ORDER BY quote_id", [item_id])]
        return row

    def _restore(self, table: str, kind: str, snapshot: dict) -> str:
        self._writable()
        row = {k: v for k, v in snapshot.items() if k != "quote_ids"}
        links = f"quote_{table}"
        with self.db.atomic():
            if self.db[table].count_where("id = ?", [row["id"]]):
                self.db[table].update(row["id"], row)
            else:
                self.db[table].insert(row)
            self.db.execute(f"DELETE FROM {links} WHERE {kind}_id = ?", [row["id"]])
            quote_ids = [q for q in snapshot.get("quote_ids", [])
                         if self.db["quotes"].count_where("id = ?", [q])]
            self._link_many(links, kind, row["id"], quote_ids)
        return row["id"]

    def _link_many(self, links: str, kind: str, item_id: str, quote_ids) -> None:
        rows = [{"quote_id": q, f"{kind}_id": item_id} for q in dict.fromkeys(quote_ids)]
        if rows:
            self.db[links].insert_all(rows, ignore=True)

    # -- suggestions ---------------------------------------------------------------
    def suggest_actors(self, text: str) -> list[str]:
        """Ids of actors whose name or an alias occurs in ``text`` (whole words, any case)."""
        found = []
        for actor in self.actors():
            for term in [actor["name"], *actor["aliases"]]:
                if term and _occurs(term, text):
                    found.append(actor["id"])
                    break
        return found

    # -- helpers -------------------------------------------------------------------
    def _new_name(self, table: str, name: str, keep_id: str | None = None) -> str:
        name = " ".join(validate.text(name or "", f"{table[:-1]}'s name", validate.MAX_NAME).split())
        if not name:
            raise InvalidInput(f"A {table[:-1]} needs a name.")
        row = self.db.execute(f"SELECT id, name FROM {table} WHERE name = ? COLLATE NOCASE",
                              [name]).fetchone()
        if row and row[0] != keep_id:
            raise InvalidInput(f"There is already a {table[:-1]} named {row[1]!r}.")
        return name

    def _next_colour(self, table: str) -> str:
        count = self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        return PALETTE[count % len(PALETTE)]


def _clean_aliases(aliases, name: str) -> list[str]:
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
