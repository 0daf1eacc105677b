"""Reading the annotations of a file into checked records before anything is written.

The annotations are found in the file by :mod:`briefer.core.w3c_file`.
:func:`read_annotation` checks one annotation and returns an :class:`Incoming`, or raises
:class:`BadAnnotation` with the reason; :func:`read_codebook` checks a ``briefer:codebook``
block entry by entry. Nothing here touches a project.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

from . import colours, validate
from .errors import InvalidInput
from .text import is_language_tag
from .w3c import (DOC_SOURCING_W3C, TAG_TYPE, as_list, quote_id_for, quote_sourcing_w3c,
                  store_time, types_of)
from .w3c_file import describe

#: ``refinedBy`` selectors followed in a chain.
MAX_REFINEMENTS = 32
#: ``created`` times outside these years are refused as impossible for an annotation.
FIRST_YEAR = 1900
_TAG_PURPOSES = {"tagging", "classifying", "identifying"}


class BadAnnotation(InvalidInput):
    """One annotation that cannot be imported as it is; str() says why."""


@dataclass(frozen=True)
class Target:
    """What locates a quote: its text and context, a position hint, and the source's names."""
    exact: str
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    ids: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()          # case-folded
    languages: tuple[str, ...] = ()       # the quote's language tags, as the file gives them
    #: The source's grading (``briefer:sourceType``…) as ``documents.update`` takes it.
    grading: tuple[tuple[str, str], ...] = ()


@dataclass
class Incoming:
    """One checked annotation."""
    ref: str                              # how reports name it: its id, else "#n"
    quote_id: str
    target: Target | None                 # None: no TextQuoteSelector to anchor
    note: str = ""
    tags: list[tuple[str | None, str]] = field(default_factory=list)   # (actor/theme/None, name)
    starred: bool = False
    created: str | None = None            # in the store's form
    #: ``briefer:speaker``… as keyword arguments of ``quotes.update`` (checked).
    sourcing: dict = field(default_factory=dict)


# -- one annotation --------------------------------------------------------------------------
def reference(item, n: int) -> str:
    """How a report names the ``n``-th item: its id when it has a usable one, else ``#n``."""
    ident = item.get("id") if isinstance(item, dict) else item
    if isinstance(ident, str) and ident.strip() and _is_text(ident):
        return ident.strip()[:200]
    return f"#{n}"


def read_annotation(item, n: int) -> Incoming:
    """Check the ``n``-th item of a file; raise :class:`BadAnnotation` saying what is wrong."""
    if isinstance(item, str):
        raise BadAnnotation("only a reference to an annotation, not one")
    if not isinstance(item, dict):
        raise BadAnnotation(f"it is {describe(item)}, not an annotation")
    if "id" in item and item["id"] is not None:
        _text(item["id"], "its id")
    for key in ("uri", "bodyValue", "text"):
        if item.get(key) is not None:
            _text(item[key], f"its “{key}”")
    note, tags = _bodies(item)
    try:
        quote_id = quote_id_for(item.get("id"), item)
    except RecursionError:
        raise BadAnnotation("it is nested too deeply to be an annotation") from None
    return Incoming(ref=reference(item, n), quote_id=quote_id, target=_target(item),
                    note=note, tags=tags, starred=item.get("briefer:starred") is True,
                    created=_created(item.get("created")), sourcing=_sourcing(item))


def _sourcing(item: dict) -> dict:
    """The annotation's ``briefer:`` sourcing properties, checked (a bad one skips it)."""
    out = {}
    for key, (name, _default) in quote_sourcing_w3c().items():
        value = item.get(f"briefer:{key}")
        if value is None:
            continue
        try:
            if name in ("print_note", "excluded"):
                if not isinstance(value, bool):
                    raise InvalidInput(f"it is {describe(value)}, not true or false")
            elif name == "credibility":
                value = validate.credibility(value if not isinstance(value, bool) else 0)
            elif name == "event_date":
                value = validate.iso_date(_text(value, "it"), "event date")
            else:
                value = _text(value, "it")
        except InvalidInput as exc:
            raise BadAnnotation(f"its briefer:{key}: {exc}") from None
        out[name] = value
    return out


def _grading(source: dict) -> tuple[tuple[str, str], ...]:
    """The source's ``briefer:`` grading, checked; a value that is wrong is left out."""
    out = []
    for key, (name, _default) in DOC_SOURCING_W3C.items():
        value = source.get(f"briefer:{key}")
        if isinstance(value, str) and value.strip():
            try:
                {"source_type": validate.source_type, "reliability": validate.reliability,
                 "url": validate.url}.get(name, lambda v: v)(value)
            except InvalidInput:
                continue
            out.append((name, value))
    return tuple(out)


def _text(value, what: str) -> str:
    if not isinstance(value, str):
        raise BadAnnotation(f"{what} is {describe(value)}, not text")
    if not _is_text(value):
        raise BadAnnotation(f"{what} holds a lone surrogate (an unpaired \\ud800–\\udfff "
                            "escape), which is not text")
    return value


def _is_text(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _created(value) -> str | None:
    if value is None:
        return None
    stamp = store_time(_text(value, "its created time"))
    year = int(stamp[:4]) if stamp else 0
    if not FIRST_YEAR <= year <= datetime.now(UTC).year + 1:
        raise BadAnnotation(f"its created time {value[:40]!r} is not a possible date")
    return stamp


def _bodies(item: dict) -> tuple[str, list]:
    """(note, tags as (kind or None, name)) from W3C bodies or Hypothesis ``text``/``tags``."""
    notes, tags = [], []
    for i, b in enumerate(as_list(item.get("body")), 1):
        if isinstance(b, str):
            continue                                  # a body given by IRI: nothing to read
        if not isinstance(b, dict):
            raise BadAnnotation(f"body {i} is {describe(b)}, not an object or an IRI")
        purposes = as_list(b.get("purpose"))
        if not all(isinstance(p, str) for p in purposes):
            odd = next(p for p in purposes if not isinstance(p, str))
            raise BadAnnotation(f"body {i} has a purpose that is {describe(odd)}, not a name "
                                "such as “tagging”")
        if b.get("value") is None:
            continue
        value = _text(b["value"], f"the value of body {i}")
        if _TAG_PURPOSES & set(purposes):
            kind = b.get(TAG_TYPE) if b.get(TAG_TYPE) in ("actor", "theme") else None
            tags.append((kind, value))
        elif value.strip():
            notes.append(value)
    notes += [v.strip() for v in (item.get("bodyValue"), item.get("text"))
              if isinstance(v, str) and v.strip()]
    raw_tags = item.get("tags")
    if raw_tags is not None and not isinstance(raw_tags, list):
        raise BadAnnotation(f"its tags are {describe(raw_tags)}, not a list of names")
    for i, tag in enumerate(raw_tags or [], 1):
        tags.append((None, _text(tag, f"tag {i}")))
    return "\n\n".join(notes), tags


def _target(item: dict) -> Target | None:
    """The first target with a TextQuoteSelector (every target is checked)."""
    document = item.get("document")
    meta: dict = document if isinstance(document, dict) else {}
    found = None
    for target in as_list(item.get("target")):
        if isinstance(target, str):
            continue                                  # a whole resource: nothing to quote
        if not isinstance(target, dict):
            raise BadAnnotation(f"its target is {describe(target)}, not an object or an IRI")
        read = _one_target(target, item, meta)
        found = found or read
    return found


def _one_target(target: dict, item: dict, meta: dict) -> Target | None:
    ids, titles = [item.get("uri")], as_list(meta.get("title"))
    names: list[str] = []
    grading: tuple[tuple[str, str], ...] = ()
    for s in as_list(target.get("source")):
        if isinstance(s, str):
            ids.append(_text(s, "its target's source"))
        elif isinstance(s, dict):
            for key, into in (("id", ids), ("briefer:sourceName", names), ("title", titles),
                              ("dcterms:title", titles)):
                if s.get(key) is not None:
                    into.append(_text(s[key], f"its target's source {key}"))
            grading = grading or _grading(s)
        else:
            raise BadAnnotation(f"its target's source is {describe(s)}, not an IRI or an object")
    selectors = _flat_selectors(target.get("selector"))
    quote = next((s for s in selectors if "TextQuoteSelector" in types_of(s)), None)
    position = next((s for s in selectors if "TextPositionSelector" in types_of(s)), None)
    start = _position(position) if position else None
    if quote is None or quote.get("exact") in (None, ""):
        return None
    exact = _text(quote["exact"], "its quoted text (exact)")
    prefix, suffix = (_text(quote.get(k) or "", f"its quote's {k}") for k in ("prefix", "suffix"))
    languages = tuple(x for x in as_list(target.get("language"))
                      if isinstance(x, str) and is_language_tag(x))[:2]
    return Target(exact, prefix, suffix, start=start, ids=_clean(ids), names=_clean(names),
                  titles=tuple(t.casefold() for t in _clean(titles)), languages=languages,
                  grading=grading)


def _flat_selectors(selector) -> list[dict]:
    out = []
    for s in as_list(selector):
        depth = 0
        while isinstance(s, dict) and depth < MAX_REFINEMENTS:
            out.append(s)
            s, depth = s.get("refinedBy"), depth + 1
    return out


def _position(selector: dict) -> int | None:
    """The start of a TextPositionSelector, once its offsets are checked."""
    values = {}
    for key in ("start", "end"):
        v = selector.get(key)
        if v is None:
            continue
        if isinstance(v, bool) or not isinstance(v, int):
            raise BadAnnotation(f"its TextPositionSelector's {key} is {json.dumps(v)[:40]}, "
                                "not a whole number")
        if v < 0:
            raise BadAnnotation(f"its TextPositionSelector's {key} is negative ({v})")
        values[key] = v
    if len(values) == 2 and values["start"] > values["end"]:
        raise BadAnnotation(f"its TextPositionSelector starts after it ends "
                            f"(start {values['start']} > end {values['end']})")
    return values.get("start")


def _clean(values) -> tuple[str, ...]:
    return tuple(x.strip() for x in values if isinstance(x, str) and x.strip())


# -- the codebook block ------------------------------------------------------------------------
@dataclass
class Codebook:
    actors: list[dict] = field(default_factory=list)   # name, kind, aliases, colour
    themes: list[dict] = field(default_factory=list)   # name, description, colour


def read_codebook(block) -> tuple[Codebook, list[tuple[str, str]]]:
    """The usable actors and themes of a ``briefer:codebook`` block and (entry, reason) for
    each entry left out."""
    book = Codebook()
    skipped: list[tuple[str, str]] = []
    if block is None:
        return book, skipped
    if not isinstance(block, dict):
        return book, [("briefer:codebook", f"it is {describe(block)}, not an object")]
    for key, read, into in (("actors", _actor, book.actors), ("themes", _theme, book.themes)):
        entries = block.get(key)
        if entries is None:
            continue
        if not isinstance(entries, list):
            skipped.append((f"briefer:codebook {key}", f"{describe(entries)}, not a list"))
            continue
        for i, entry in enumerate(entries):
            try:
                into.append(read(entry))
            except BadAnnotation as exc:
                skipped.append((f"briefer:codebook {key}[{i}]", str(exc)))
    return book, skipped


def _named(entry, noun: str) -> str:
    if not isinstance(entry, dict):
        raise BadAnnotation(f"the {noun} is {describe(entry)}, not an object with a name")
    name = " ".join(_text(entry.get("name") or "", f"the {noun}'s name").split())
    if not name:
        raise BadAnnotation(f"the {noun} has no name")
    return name


def _actor(entry) -> dict:
    name = _named(entry, "actor")
    aliases = entry.get("aliases") or []
    if not isinstance(aliases, list):
        raise BadAnnotation(f"the aliases of {name!r} are {describe(aliases)}, not a list")
    return {"name": name, "kind": entry.get("kind") if isinstance(entry.get("kind"), str) else None,
            "aliases": [_text(a, f"an alias of {name!r}") for a in aliases],
            "colour": _colour(entry.get("colour"))}


def _theme(entry) -> dict:
    name = _named(entry, "theme")
    return {"name": name, "description": _text(entry.get("description") or "",
                                               f"the description of {name!r}"),
            "colour": _colour(entry.get("colour"))}


def _colour(value) -> str | None:
    return colours.normal(value)
