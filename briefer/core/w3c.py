"""W3C Web Annotation interchange: export a project's quotes; helpers the import shares.

:func:`export_annotations` writes JSON-LD (https://www.w3.org/TR/annotation-model/):

* An ``AnnotationCollection`` whose ``first`` page holds every quote in document order; each
  item repeats ``@context`` so an annotation copied out of the file stands alone.
* One ``Annotation`` per quote: ``id`` ``urn:uuid:<quote id>``, ``motivation`` ``commenting``
  (with a note) or ``highlighting``, ``created``/``modified`` as UTC xsd:dateTime.
* Bodies, all ``TextualBody``: one per actor and per theme with ``purpose: tagging`` and the
  plain name as ``value`` (what Hypothesis-style tag importers read), told apart by the
  extension property ``briefer:tagType`` (``actor``/``theme``); the note with
  ``purpose: commenting``, ``format: text/plain`` and the project's language.
* ``target``: a ``SpecificResource`` on the document (``source``: ``{id: urn:uuid:<doc id>,
  type: Text, format: text/plain, language, title, briefer:sourceName, briefer:sha256}``)
  with the quote's language(s) and a ``TextQuoteSelector`` (exact, prefix, suffix) plus a
  ``TextPositionSelector`` (Unicode code points of the document text, end excluded).
* ``briefer:starred`` (and ``briefer:orphaned`` when true) on each annotation, and on the
  collection ``briefer:codebook`` (a JSON literal): ``actors`` (name, kind, aliases, colour),
  ``themes`` (name, description, colour, brief order), ``judgments`` (statement, confidence,
  likelihood, basis, quotes as annotation ids) and ``settings``. ``briefer:`` expands to
  ``urn:briefer:``.
* Sourcing (issue #11), as extension properties a W3C reader may ignore, each only when it
  differs from its default: on the annotation ``briefer:speaker`` and ``briefer:carrier`` (the
  actor's name or the free text), ``briefer:credibility`` (1–6), ``briefer:translation``,
  ``briefer:printNote``, ``briefer:excluded``, ``briefer:eventDate``; on the target's source
  ``briefer:sourceType``, ``briefer:reliability`` (A–F), ``briefer:reliabilityReason``, and
  the document's ``briefer:url`` / ``briefer:accessed``.

The import is :mod:`briefer.core.w3c_import` (files read by :mod:`briefer.core.w3c_file`
and checked by :mod:`briefer.core.w3c_read`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import uuid
from datetime import UTC, datetime
from typing import Any

from .records import Document, Quote, Record, _plain

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
BRIEFER_NS = "urn:briefer:"
EXT_CONTEXT = {"@version": 1.1, "briefer": BRIEFER_NS, "dcterms": "http://purl.org/dc/terms/",
               "title": "dcterms:title",
               "briefer:codebook": {"@id": "briefer:codebook", "@type": "@json"}}
CONTEXT = [ANNO_CONTEXT, EXT_CONTEXT]
TAG_TYPE = "briefer:tagType"
#: Document fields carried on the target source as ``briefer:<key>``: (field, default).
DOC_SOURCING_W3C = {"sourceType": ("source_type", "unknown"), "reliability": ("reliability", "F"),
                    "reliabilityReason": ("reliability_reason", ""), "url": ("url", None),
                    "accessed": ("accessed", None), "outlet": ("outlet", None),
                    "author": ("author", None)}


# -- export ---------------------------------------------------------------------------------
def export_annotations(project) -> dict:
    """Every quote of the project as an AnnotationCollection (see the module docstring)."""
    from .. import __version__
    docs = {d.id: d for d in project.documents.list()}
    lang = language_tag(project.settings.value("language"))
    items = [annotation(q, docs[q.doc_id], note_language=lang) for q in project.quotes.list()]
    return {
        "@context": CONTEXT, "id": f"urn:uuid:{uuid.uuid4()}", "type": "AnnotationCollection",
        "label": project.settings.value("title"),
        "generator": {"type": "Software", "name": f"Briefer {__version__}"},
        "generated": w3c_time(datetime.now(UTC).isoformat()), "total": len(items),
        "first": {"id": f"urn:uuid:{uuid.uuid4()}", "type": "AnnotationPage", "startIndex": 0,
                  "items": items},
        "briefer:codebook": codebook_block(project),
    }


#: The W3C keys of Quote fields (``Field.w3c``) that the Web Annotation model places itself
#: (target, selectors, note body, times); every other one goes on the annotation as
#: ``briefer:<key>`` (a new quote field with a ``w3c`` key is exported and imported as such).
MODEL_PLACED = frozenset({"source", "start", "end", "exact", "prefix", "suffix", "language",
                          "language2", "note", "starred", "created", "modified"})


def annotation(q: Quote, doc: Document, note_language: str | None = "en") -> dict:
    """One quote (``project.quotes.list()``) of document ``doc`` as a W3C Annotation; the
    quote's values are read by their W3C keys (:func:`w3c_fields`)."""
    w = w3c_fields(q)
    bodies = [{"type": "TextualBody", "purpose": "tagging", "value": name, TAG_TYPE: kind}
              for kind, names in (("actor", q.actors), ("theme", q.themes))
              for name in names]
    if w["note"]:
        note = {"type": "TextualBody", "purpose": "commenting", "value": w["note"],
                "format": "text/plain", "language": note_language}
        bodies.append({k: v for k, v in note.items() if v})
    source = {"id": f"urn:uuid:{doc.id}", "type": "Text", "format": "text/plain",
              "language": language_tag(doc.language), "title": doc.title,
              "briefer:sourceName": doc.source_name, "briefer:sha256": doc.sha256,
              **{f"briefer:{key}": getattr(doc, name) for key, (name, default) in
                 DOC_SOURCING_W3C.items() if getattr(doc, name) != default}}
    langs = [x for x in (language_tag(w["language"]), language_tag(w["language2"])) if x]
    target = {"type": "SpecificResource", "source": {k: v for k, v in source.items() if v},
              "language": langs[0] if len(langs) == 1 else langs or None,
              "selector": [{"type": "TextQuoteSelector", "exact": w["exact"],
                            "prefix": w["prefix"] or "", "suffix": w["suffix"] or ""},
                           {"type": "TextPositionSelector", "start": w["start"],
                            "end": w["end"]}]}
    defaults = quote_sourcing_w3c()
    anno = {"@context": CONTEXT, "id": f"urn:uuid:{q.id}", "type": "Annotation",
            "motivation": "commenting" if w["note"] else "highlighting",
            "created": w3c_time(w["created"]), "modified": w3c_time(w["modified"]),
            "body": bodies, "target": {k: v for k, v in target.items() if v},
            "briefer:starred": bool(w["starred"]), "briefer:orphaned": bool(q.orphaned),
            **{f"briefer:{key}": w[key] for key, (_name, default) in defaults.items()
               if w[key] != _plain(default)}}
    return {k: v for k, v in anno.items() if v or k == "briefer:starred"}


def quote_sourcing_w3c() -> dict[str, tuple[str, Any]]:
    """W3C key → (Quote field, default) of the quote's fields carried as ``briefer:<key>``:
    those with a ``w3c`` key that the Web Annotation model does not place
    (:data:`MODEL_PLACED`), in declaration order."""
    defaults = {f.name: f.default for f in dataclasses.fields(Quote)}
    return {f.w3c: (f.name, defaults[f.name]) for f in Quote.fields()
            if f.w3c and f.w3c not in MODEL_PLACED}


def w3c_fields(record: Record) -> dict[str, Any]:
    """The record's fields that the W3C mapping carries (``Field.w3c``), by their W3C keys."""
    return {f.w3c: _plain(getattr(record, f.name)) for f in record.fields() if f.w3c}


def codebook_block(project) -> dict:
    """The ``briefer:codebook`` block: actors, themes, key judgments and settings."""
    return {
        "actors": [w3c_fields(a) for a in project.codebook.actors()],
        "themes": [w3c_fields(t) for t in project.codebook.themes()],
        "judgments": [{"statement": j.text, "confidence": j.confidence,
                       "likelihood": j.likelihood, "basis": j.basis,
                       "quotes": [f"urn:uuid:{i}" for i in j.quote_ids]}
                      for j in project.judgments.list()],
        "settings": project.settings.get(),
    }


def w3c_time(stamp) -> str | None:
    """An ISO time as an xsd:dateTime in UTC ending in ``Z`` (None if unreadable)."""
    stored = store_time(stamp)
    return stored.replace("+00:00", "Z") if stored else None


def store_time(stamp) -> str | None:
    """An ISO time (``Z``, an offset, or none = UTC) in the store's form; None if unreadable."""
    try:
        parsed = datetime.fromisoformat(stamp.strip())
    except (AttributeError, TypeError, ValueError):
        return None
    parsed = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    try:
        return parsed.astimezone(UTC).isoformat(timespec="milliseconds")
    except OverflowError:          # year 1 with a positive offset is before year 1 in UTC
        return None


def language_tag(code) -> str | None:
    """A language code as the model wants it (lower-case primary subtag), or None."""
    code = code.strip() if isinstance(code, str) else ""
    if not re.match(r"^[A-Za-z]{2,3}(-|$)", code):
        return None
    head, _, rest = code.partition("-")
    return head.lower() + ("-" + rest if rest else "")


# -- shared with the import ---------------------------------------------------------------
def quote_id_for(anno_id, item: dict | None = None) -> str:
    """The quote id for an annotation id: the id in ``urn:uuid:``, a UUID, or one derived."""
    if isinstance(anno_id, str) and anno_id.strip():
        anno_id = anno_id.strip()
        rest = anno_id[9:] if anno_id.lower().startswith("urn:uuid:") else anno_id
        try:
            return str(uuid.UUID(rest))
        except ValueError:
            return rest if rest != anno_id else str(uuid.uuid5(uuid.NAMESPACE_URL, anno_id))
    content = json.dumps(item, sort_keys=True, ensure_ascii=False).encode("utf-8", "surrogatepass")
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{BRIEFER_NS}content:"
                                              f"{hashlib.sha256(content).hexdigest()}"))


def as_list(value) -> list:
    return value if isinstance(value, list) else [] if value is None else [value]


def strings(values) -> list[str]:
    return [x.strip() for x in values if isinstance(x, str) and x.strip()]


def types_of(obj) -> list:
    return as_list(obj.get("type", obj.get("@type"))) if isinstance(obj, dict) else []


def __getattr__(name: str):
    """``import_annotations`` and ``ImportReport`` moved to :mod:`briefer.core.w3c_import`."""
    if name in ("import_annotations", "ImportReport", "annotations_in", "import_codebook"):
        from . import w3c_import
        return getattr(w3c_import, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
