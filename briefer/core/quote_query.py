"""The SQL of a quote query: the filters (FROM/WHERE) and the sort keys (ORDER BY) that
``Quotes.list`` / ``ids`` / ``count`` / ``matrix`` share."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from . import attribution, validate
from .codebook import Codebook
from .documents import Documents, fts_query
from .errors import InvalidInput

if TYPE_CHECKING:
    from .projectfile import BriefDatabase

QUOTE_ORDER = "d.date IS NULL, d.date, d.title, q.start_cp, q.end_cp, q.id"
_FIRST_NAME = ("(SELECT briefer_casefold(t.name) FROM quote_{table} l JOIN {table} t "
               "ON t.id = l.{kind}_id WHERE l.quote_id = q.id ORDER BY {order} LIMIT 1)")
_PERSON = ("briefer_casefold(coalesce((SELECT a.name FROM actors a WHERE "
           "a.id = q.{kind}_actor_id), q.{kind}_text))")
#: ``order_by`` keys of ``quotes`` / ``quote_ids`` and their ORDER BY terms; "-key" reverses
#: every term. Ties always follow QUOTE_ORDER ("position"). Text compares case-folded
#: (``str.casefold``); quotes without a note, actors, themes or speaker come last (first if
#: reversed).
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
    # who said it as the table shows it, "Zhu (as quoted in ChinaTalk)": the speaker's
    # name (none last), then the carrier's (none first)
    "speaker": (f"nullif({_PERSON.format(kind='speaker')}, '') NULLS LAST",
                _PERSON.format(kind="carrier")),
    "credibility": ("q.credibility",),
    "themes": (_FIRST_NAME.format(table="themes", kind="theme",
                                  order="t.position, t.name COLLATE NOCASE") + " NULLS LAST",),
}


def order_sql(db: BriefDatabase, order_by: str) -> str:
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
    # on the sqlite3 connection itself: sqlite-utils' register_function would import it
    db.conn.create_function("briefer_casefold", 1, _casefold, deterministic=True)
    return ", ".join((*terms, QUOTE_ORDER))


def filter_sql(codebook: Codebook, library: Documents, *, actors: Iterable[str] = (),
               themes: Iterable[str] = (), any_actors: Iterable[str] = (),
               any_themes: Iterable[str] = (), docs: Iterable[str] = (),
               langs: Iterable[str] = (), search: str | None = None,
               starred: bool | None = None, orphaned: bool | None = None,
               speaker: str | None = None, excluded: bool | None = None,
               ids: Iterable[str] | None = None,
               documents: bool = True) -> tuple[str, dict[str, Any]]:
    """FROM/WHERE for quotes having every actor and every theme named (AND), from any of
    ``docs``, in any of ``langs`` (first or second language), matching ``search`` (FTS over
    text and note), starred / orphaned / excluded or not, said by ``speaker`` (an actor's
    id, name or alias; else the speaker's text, any case), among ``ids``; ``any_actors`` /
    ``any_themes``: having at least one of them (OR, as a brief's filters). The quotes'
    documents are joined as ``d`` unless ``documents`` is False (no filter needs them)."""
    where: list[str] = []
    args: dict[str, Any] = {}
    langs, ids = list(langs), None if ids is None else list(ids)
    for i, ref in enumerate(actors):
        args[f"a{i}"] = codebook.resolve_actor(ref)
        where.append(f"q.id IN (SELECT quote_id FROM quote_actors WHERE actor_id = :a{i})")
    for i, ref in enumerate(themes):
        args[f"t{i}"] = codebook.resolve_theme(ref)
        where.append(f"q.id IN (SELECT quote_id FROM quote_themes WHERE theme_id = :t{i})")
    for kind, refs in (("actor", list(any_actors)), ("theme", list(any_themes))):
        if refs:
            resolve = getattr(codebook, f"resolve_{kind}")
            marks = ", ".join(f":{kind[0]}any{i}" for i in range(len(refs)))
            args.update({f"{kind[0]}any{i}": resolve(r) for i, r in enumerate(refs)})
            where.append(f"q.id IN (SELECT quote_id FROM quote_{kind}s "
                         f"WHERE {kind}_id IN ({marks}))")
    if docs:
        ids_ = [library.resolve(d) for d in docs]
        marks = ", ".join(f":d{i}" for i in range(len(ids_)))
        where.append(f"q.doc_id IN ({marks})")
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
    if speaker is not None:
        actor_id, text = attribution.person(codebook, speaker, "speaker")
        where.append("q.speaker_actor_id = :speaker" if actor_id
                     else "lower(q.speaker_text) = lower(:speaker)")
        args["speaker"] = actor_id or text
    if excluded is not None:
        where.append("q.excluded = :excluded")
        args["excluded"] = int(excluded)
    if ids is not None:
        args.update({f"i{i}": v for i, v in enumerate(ids)})
        marks = ", ".join(f":i{i}" for i in range(len(ids))) or "NULL"
        where.append(f"q.id IN ({marks})")
    if search and search.strip():
        where.append(_search_sql(search, args))
    sql = "FROM quotes q" + (" JOIN documents d ON d.id = q.doc_id" if documents else "")
    return sql + ((" WHERE " + " AND ".join(where)) if where else ""), args

def _search_sql(search: str, args: dict[str, Any]) -> str:
    validate.text(search, "search", validate.MAX_SEARCH)
    match = fts_query(search)
    if match is None:  # CJK, or only punctuation: what was typed, as a substring
        args["search"] = search.strip()
        return "(instr(q.exact, :search) OR instr(q.note, :search))"
    args["search"] = match        # the index's rowids: no join back to quotes
    return "q.rowid IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH :search)"

def _reversed_term(term: str) -> str:
    """An ORDER BY term the other way round (NULLS LAST becomes DESC NULLS FIRST)."""
    for asc, desc in ((" DESC", ""), (" NULLS LAST", " DESC NULLS FIRST")):
        if term.endswith(asc):
            return term[: -len(asc)] + desc
    return term + " DESC"


def nulls_first(value: str | None) -> tuple[int, str]:
    """A text column as SQLite orders it: NULL before every text (BINARY: by code point)."""
    return (0, "") if value is None else (1, value)


def _casefold(value: object) -> str:
    """``str.casefold`` for SQL (NOCASE folds only ASCII); NULL sorts as empty."""
    return value.casefold() if isinstance(value, str) else ""
