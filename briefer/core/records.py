"""Typed records: what the core returns for documents, quotes, actors, themes and judgments.

Each record is a frozen dataclass whose fields carry ONE description (:class:`Field`, kept
in the dataclass field's ``metadata``). That description drives:

- the SQL columns read and written (``column``; ``None`` for values computed by a query,
  such as a quote's actors or a document's quote count);
- the command line's ``--json`` output (:meth:`Record.to_json`, keys ``json_key``);
- the W3C mapping where it applies (``w3c``: the key in a Briefer annotation body);
- the quotes table's columns in the app (``label`` and ``table`` order of :data:`QUOTE_TABLE`);
- undo: a record is its own snapshot (``dataclasses.replace`` makes a changed copy, and
  ``restore`` of its part writes it back);
- merging another analyst's project: two versions of a record are the same when their
  ``editable`` fields are (:meth:`Record.version`; a computed editable field is weighed by the
  fields it is ``stored`` as).

Adding a per-quote field is one line here plus the schema (and whatever shows it).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

R = TypeVar("R", bound="Record")


@dataclass(frozen=True)
class Field:
    """How one field of a record is stored, shown and exchanged."""

    name: str = ""
    column: str | None = None        # SQL column (None: computed by the query)
    label: str = ""                  # words for a column header or a form
    json_key: str | None = None      # key in ``to_json()`` (None: left out)
    editable: bool = False           # the user may change it (forms, the CLI's edit verbs)
    w3c: str | None = None           # key in the W3C annotation's Briefer body (None: not mapped)
    table: int | None = None         # position in the app's quotes table (None: not shown)
    encoded: str = ""                # "json": stored as JSON text; "bool": stored as 0/1
    #: A computed field the user edits: the record's fields that hold it (a quote's
    #: ``speaker`` is its ``speaker_actor_id`` and ``speaker_text``).
    stored: tuple[str, ...] = ()


def spec(*, column: bool = True, label: str = "", json: bool | str = True, editable: bool = False,
         w3c: str | None = None, table: int | None = None, encoded: str = "",
         stored: tuple[str, ...] = ()) -> dict[str, Any]:
    """The ``metadata`` of a record's dataclass field (the field's name fills the rest)."""
    return {"briefer": Field(column="" if column else None, label=label,
                             json_key=(json if isinstance(json, str) else "") if json else None,
                             editable=editable, w3c=w3c,
                             table=table, encoded=encoded, stored=stored)}


def _field(default: Any = dataclasses.MISSING, **kwargs: Any) -> Any:
    if isinstance(default, (list, tuple)) and not default:
        return dataclasses.field(default=(), metadata=spec(**kwargs))
    return dataclasses.field(default=default, metadata=spec(**kwargs))


class Record:
    """Shared behaviour of the records (frozen dataclasses)."""

    _fields: ClassVar[tuple[Field, ...]]

    @classmethod
    def fields(cls) -> tuple[Field, ...]:
        """The record's field descriptions, in declaration order."""
        cached = cls.__dict__.get("_fields")
        if cached is None:
            out = []
            for f in dataclasses.fields(cls):  # type: ignore[arg-type]
                d: Field = f.metadata.get("briefer") or Field()
                out.append(dataclasses.replace(
                    d, name=f.name,
                    column=f.name if d.column == "" else d.column,
                    json_key=f.name if d.json_key == "" else d.json_key,
                    label=d.label or f.name.replace("_", " ").capitalize()))
            cached = tuple(out)
            cls._fields = cached
        return cached

    @classmethod
    def columns(cls) -> tuple[str, ...]:
        """The SQL columns of the record's table, in declaration order."""
        return tuple(f.column for f in cls.fields() if f.column)

    @classmethod
    def editable(cls) -> tuple[str, ...]:
        return tuple(f.name for f in cls.fields() if f.editable)

    def version(self) -> dict[str, Any]:
        """What the user made of this record: each editable field's stored value (a computed
        one by the fields it is ``stored`` as; links as sorted tuples). Two records with
        equal versions differ only in what the user cannot edit."""
        out: dict[str, Any] = {}
        for f in self.fields():
            if not f.editable:
                continue
            if not f.column and not f.stored:
                raise TypeError(f"{type(self).__name__}.{f.name}: editable, computed and "
                                "not stored: say what it is stored as")
            for name in f.stored or (f.name,):
                value = getattr(self, name)
                out[name] = tuple(sorted(value)) if isinstance(value, tuple) else value
        return out

    @classmethod
    def from_row(cls: type[R], row: Mapping[str, Any], **extra: Any) -> R:
        """A record from a database row (JSON and 0/1 columns decoded); ``extra`` adds
        computed values. Keys the record does not know are ignored."""
        values: dict[str, Any] = {}
        keys = set(row.keys())      # not "in row": a sqlite3.Row's "in" looks at its values
        for f in cls.fields():
            name = f.name
            if name in extra:
                value = extra[name]
                values[name] = tuple(value) if isinstance(value, list) else value
                continue
            if name not in keys:
                continue
            value = row[name]
            if f.encoded == "json":
                value = tuple(json.loads(value or "[]"))
            elif f.encoded == "bool":
                value = bool(value)
            values[name] = value
        return cls(**values)

    def row(self) -> dict[str, Any]:
        """The stored columns and their values as SQLite takes them (for INSERT/UPDATE)."""
        out: dict[str, Any] = {}
        for f in self.fields():
            if not f.column:
                continue
            value = getattr(self, f.name)
            if f.encoded == "json":
                value = json.dumps(list(value), ensure_ascii=False)
            elif f.encoded == "bool":
                value = int(bool(value))
            out[f.column] = value
        return out

    def to_json(self) -> dict[str, Any]:
        """The record as the CLI's ``--json`` prints it (tuples as lists)."""
        return {f.json_key: _plain(getattr(self, f.name)) for f in self.fields() if f.json_key}


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


@dataclass(frozen=True)
class Document(Record):
    id: str = _field("")
    title: str = _field("", label="Title", editable=True)
    outlet: str | None = _field(None, label="Outlet", editable=True)
    author: str | None = _field(None, label="Author", editable=True)
    date: str | None = _field(None, label="Date", editable=True)
    language: str = _field("und", label="Language", editable=True)
    sha256: str = _field("")
    source_path: str | None = _field(None)
    source_name: str | None = _field(None)
    format: str = _field("txt")
    encoding: str = _field("utf-8")
    imported_at: str = _field("")
    updated_at: str = _field("")
    url: str | None = _field(None, label="URL", editable=True)  # where it was fetched from
    accessed: str | None = _field(None, label="Accessed", editable=True)  # when (ISO)
    #: Kind of source (``grading.SOURCE_TYPES``), its reliability A–F and why.
    source_type: str = _field("unknown", label="Source type", editable=True)
    reliability: str = _field("F", label="Reliability", editable=True)
    reliability_reason: str = _field("", label="Reliability reason", editable=True)
    #: A PDF's page starts (code points); empty for other documents.
    pages: tuple[int, ...] = _field((), encoded="json")
    #: The document's text: read by ``documents.get``, empty ("") in listings.
    text: str = _field("", json=False)
    chars: int = _field(0, column=False)           # length of the text (listings)
    quotes: int = _field(0, column=False)          # how many quotes it has (listings)


@dataclass(frozen=True)
class Quote(Record):
    id: str = _field("")
    doc_id: str = _field("", w3c="source", json="doc")
    #: The span (code points); moved with ``quotes.set_span`` (exact, context follow).
    start_cp: int = _field(0, label="Start", editable=True, w3c="start", json="start")
    end_cp: int = _field(0, label="End", editable=True, w3c="end", json="end")
    exact: str = _field("", label="Excerpt", w3c="exact", table=1, json="text")
    prefix: str = _field("", w3c="prefix")
    suffix: str = _field("", w3c="suffix")
    language: str = _field("en", label="Language", w3c="language", table=7)
    language2: str | None = _field(None, w3c="language2", json=False)
    note: str = _field("", label="Note", editable=True, w3c="note", table=8)
    starred: bool = _field(False, label="★", editable=True, w3c="starred", table=0,
                           encoded="bool")
    orphaned: bool = _field(False, encoded="bool")
    #: Who said it: an actor of the codebook, or a description ("unnamed analyst").
    speaker_actor_id: str | None = _field(None)
    speaker_text: str = _field("")
    #: "As quoted in": who carried it when the document quotes someone else.
    carrier_actor_id: str | None = _field(None)
    carrier_text: str = _field("")
    #: Information credibility 1–6 (NATO/Admiralty; 6: cannot be judged).
    credibility: int = _field(6, label="Credibility", editable=True, w3c="credibility",
                             table=4)
    translation: str = _field("", label="Translation", editable=True, w3c="translation")
    #: The note is printed in the brief only if set (notes are internal by default).
    print_note: bool = _field(False, label="Print note", editable=True, w3c="printNote",
                              encoded="bool")
    #: Kept in the project but left out of the brief.
    excluded: bool = _field(False, label="Excluded", editable=True, w3c="excluded",
                            encoded="bool")
    #: Date of the event the quote reports (ISO), for the chronology.
    event_date: str | None = _field(None, label="Event date", editable=True, w3c="eventDate")
    created_at: str = _field("", w3c="created", json=False)
    updated_at: str = _field("", w3c="modified", json=False)
    created_by: str = _field("", label="Made by")       # the analyst who made it
    updated_by: str = _field("", label="Changed by")    # the analyst who changed it last
    actors: tuple[str, ...] = _field((), column=False, label="Actors", editable=True, table=5,
                                     stored=("actor_ids",))
    themes: tuple[str, ...] = _field((), column=False, label="Themes", editable=True, table=6,
                                     stored=("theme_ids",))
    actor_ids: tuple[str, ...] = _field((), column=False, json=False)
    theme_ids: tuple[str, ...] = _field((), column=False, json=False)
    judgment_ids: tuple[str, ...] = _field((), column=False, json=False)
    doc_title: str = _field("", column=False, label="Document", table=3, json=False)
    doc_outlet: str | None = _field(None, column=False, json=False)
    doc_date: str | None = _field(None, column=False, json=False)
    #: Display names of speaker and carrier (the actor's name, else the text).
    #: (W3C: the name; an import stores it by the speaker rule of ``core.attribution``.)
    speaker: str = _field("", column=False, label="Speaker", editable=True, w3c="speaker",
                          table=2, stored=("speaker_actor_id", "speaker_text"))
    carrier: str = _field("", column=False, label="As quoted in", editable=True, w3c="carrier",
                          stored=("carrier_actor_id", "carrier_text"))


@dataclass(frozen=True)
class Actor(Record):
    id: str = _field("")
    name: str = _field("", label="Name", editable=True, w3c="name")
    kind: str = _field("organisation", label="Kind", editable=True, w3c="kind")
    aliases: tuple[str, ...] = _field((), label="Aliases", editable=True, w3c="aliases",
                                      encoded="json")
    colour: str = _field("", label="Colour", editable=True, w3c="colour")
    created_at: str = _field("")
    quotes: int = _field(0, column=False)
    #: Ids of the quotes it tags (what an undo puts back).
    quote_ids: tuple[str, ...] = _field((), column=False, json=False)
    #: (quote id, speaker's or carrier's text) of the quotes it is the speaker / carrier
    #: of: what an undo of a delete or merge puts back (``Codebook.restore_actor``).
    speaks: tuple[tuple[str, str], ...] = _field((), column=False, json=False)
    carries: tuple[tuple[str, str], ...] = _field((), column=False, json=False)


@dataclass(frozen=True)
class Theme(Record):
    id: str = _field("")
    name: str = _field("", label="Name", editable=True, w3c="name")
    description: str = _field("", label="Description", editable=True, w3c="description")
    colour: str = _field("", label="Colour", editable=True, w3c="colour")
    created_at: str = _field("")
    position: int = _field(0)
    quotes: int = _field(0, column=False)
    quote_ids: tuple[str, ...] = _field((), column=False, json=False)


@dataclass(frozen=True)
class Judgment(Record):
    id: str = _field("")
    text: str = _field("", label="Judgment", editable=True, w3c="text")
    confidence: str = _field("moderate", label="Confidence", editable=True, w3c="confidence")
    #: ICD 203 likelihood (``grading.LIKELIHOOD`` key), separate from confidence.
    likelihood: str | None = _field(None, label="Likelihood", editable=True, w3c="likelihood")
    basis: str = _field("", label="Basis", editable=True, w3c="basis")
    position: int = _field(0)
    created_at: str = _field("")
    updated_at: str = _field("")
    #: Its evidence, in document order.
    quote_ids: tuple[str, ...] = _field((), column=False)


#: The app's quotes table: (field, header) in column order, from the Quote description.
QUOTE_TABLE: tuple[Field, ...] = tuple(sorted(
    (f for f in Quote.fields() if f.table is not None), key=lambda f: f.table or 0))
