"""W3C Web Annotation interchange: export a project's quotes, import Briefer or Hypothesis files.

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
  quotes as annotation ids) and ``settings``. ``briefer:`` expands to ``urn:briefer:``.

:func:`import_annotations` reads that, a list of annotations, an AnnotationPage, one
annotation, and Hypothesis API/client exports (``rows``/``annotations``; ``text`` is the
note, ``tags`` the tags). The document is the one with the ``urn:uuid:`` id, else the one with
that file name, path or title, else the only one holding the quoted text (context decides
between occurrences). Untyped tags become actors when an actor has that name or alias (or
when written ``actor:Name``), else themes. Each annotation is committed on its own, whole or
not at all; ids already in the project are skipped, so importing twice adds nothing.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from os.path import commonprefix
from urllib.parse import unquote, urlparse

from . import anchoring
from .errors import BrieferError, InvalidInput

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
BRIEFER_NS = "urn:briefer:"
EXT_CONTEXT = {"@version": 1.1, "briefer": BRIEFER_NS, "dcterms": "http://purl.org/dc/terms/",
               "title": "dcterms:title",
               "briefer:codebook": {"@id": "briefer:codebook", "@type": "@json"}}
CONTEXT = [ANNO_CONTEXT, EXT_CONTEXT]
TAG_TYPE = "briefer:tagType"


@dataclass
class ImportReport:
    added: int = 0
    skipped_existing: int = 0
    unanchored: list = field(default_factory=list)    # (annotation id, reason)
    quote_ids: list = field(default_factory=list)     # ids of the quotes added
    by_method: dict = field(default_factory=dict)     # "position"/"context"/"fuzzy"/"search"


# -- export ---------------------------------------------------------------------------------
def export_annotations(project) -> dict:
    """Every quote of the project as an AnnotationCollection (see the module docstring)."""
    from .. import __version__
    docs = {d["id"]: d for d in project.documents()}
    lang = _lang(project.setting("language"))
    items = [annotation(q, docs[q["doc_id"]], note_language=lang) for q in project.quotes()]
    return {
        "@context": CONTEXT, "id": f"urn:uuid:{uuid.uuid4()}", "type": "AnnotationCollection",
        "label": project.setting("title"),
        "generator": {"type": "Software", "name": f"Briefer {__version__}"},
        "generated": w3c_time(datetime.now(UTC).isoformat()), "total": len(items),
        "first": {"id": f"urn:uuid:{uuid.uuid4()}", "type": "AnnotationPage", "startIndex": 0,
                  "items": items},
        "briefer:codebook": codebook_block(project),
    }


def annotation(q: dict, doc: dict, note_language: str | None = "en") -> dict:
    """One quote row (``Project.quotes()``) of document ``doc`` as a W3C Annotation."""
    bodies = [{"type": "TextualBody", "purpose": "tagging", "value": name, TAG_TYPE: kind}
              for kind, names in (("actor", q["actors"]), ("theme", q["themes"]))
              for name in names]
    if q["note"]:
        note = {"type": "TextualBody", "purpose": "commenting", "value": q["note"],
                "format": "text/plain", "language": note_language}
        bodies.append({k: v for k, v in note.items() if v})
    source = {"id": f"urn:uuid:{doc['id']}", "type": "Text", "format": "text/plain",
              "language": _lang(doc.get("language")), "title": doc.get("title"),
              "briefer:sourceName": doc.get("source_name"), "briefer:sha256": doc["sha256"]}
    langs = [x for x in (_lang(q["language"]), _lang(q.get("language2"))) if x]
    target = {"type": "SpecificResource", "source": {k: v for k, v in source.items() if v},
              "language": langs[0] if len(langs) == 1 else langs or None,
              "selector": [{"type": "TextQuoteSelector", "exact": q["exact"],
                            "prefix": q["prefix"] or "", "suffix": q["suffix"] or ""},
                           {"type": "TextPositionSelector", "start": q["start_cp"],
                            "end": q["end_cp"]}]}
    anno = {"@context": CONTEXT, "id": f"urn:uuid:{q['id']}", "type": "Annotation",
            "motivation": "commenting" if q["note"] else "highlighting",
            "created": w3c_time(q["created_at"]), "modified": w3c_time(q["updated_at"]),
            "body": bodies, "target": {k: v for k, v in target.items() if v},
            "briefer:starred": bool(q["starred"]), "briefer:orphaned": bool(q.get("orphaned"))}
    return {k: v for k, v in anno.items() if v or k == "briefer:starred"}


def codebook_block(project) -> dict:
    """The ``briefer:codebook`` block: actors, themes, key judgments and settings."""
    return {
        "actors": [{k: a[k] for k in ("name", "kind", "aliases", "colour")}
                   for a in project.actors()],
        "themes": [{k: t[k] for k in ("name", "description", "colour")} for t in project.themes()],
        "judgments": [{"statement": j["text"], "confidence": j["confidence"],
                       "quotes": [f"urn:uuid:{i}" for i in j["quote_ids"]]}
                      for j in project.judgments()],
        "settings": project.settings(),
    }


def w3c_time(stamp) -> str | None:
    """An ISO time as an xsd:dateTime in UTC ending in ``Z`` (None if unreadable)."""
    stored = _store_time(stamp)
    return stored.replace("+00:00", "Z") if stored else None


def _store_time(stamp) -> str | None:
    """An ISO time (``Z``, an offset, or none = UTC) in the store's form; None if unreadable."""
    try:
        parsed = datetime.fromisoformat(stamp.strip())
    except (AttributeError, TypeError, ValueError):
        return None
    parsed = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).isoformat(timespec="milliseconds")


def _lang(code) -> str | None:
    """A language code as the model wants it (lower-case primary subtag), or None."""
    code = code.strip() if isinstance(code, str) else ""
    if not re.match(r"^[A-Za-z]{2,3}(-|$)", code):
        return None
    head, _, rest = code.partition("-")
    return head.lower() + ("-" + rest if rest else "")


# -- import ---------------------------------------------------------------------------------
def annotations_in(data) -> list:
    """The annotations of a Briefer/W3C/Hypothesis document (list, page, collection, rows)."""
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        raise InvalidInput("An annotation file holds a JSON object or list.")
    if "AnnotationCollection" in _types(data):
        items, page, pages = [], data.get("first"), 0
        while isinstance(page, dict) and pages < 10_000:
            items, page, pages = items + (page.get("items") or []), page.get("next"), pages + 1
        return items
    for key in ("items", "rows", "annotations"):     # a page; Hypothesis search API; its export
        if isinstance(data.get(key), list):
            return data[key]
    if "Annotation" in _types(data) or "target" in data:
        return [data]
    raise InvalidInput("No annotations found: expected W3C Web Annotations or a Hypothesis "
                       "export.")


def import_annotations(project, data) -> ImportReport:
    """Add the annotations in ``data`` as quotes; see the module docstring."""
    project._writable()
    items = annotations_in(data)
    if isinstance(data, dict) and isinstance(data.get("briefer:codebook"), dict):
        import_codebook(project, data["briefer:codebook"])
    report, state = ImportReport(), _State(project)
    for n, item in enumerate(items, 1):
        ref = item.get("id") if isinstance(item, dict) else item
        ref = ref if isinstance(ref, str) and ref else f"#{n}"
        if not isinstance(item, dict):
            report.unanchored.append((ref, "only a reference to an annotation, not one"))
            continue
        try:
            _import_one(project, state, item, ref, report)
        except BrieferError as exc:
            report.unanchored.append((ref, str(exc)))
            state.refresh_actors()            # actors made for it were rolled back
    return report


def import_codebook(project, block: dict) -> None:
    """Add the actors (or their new aliases) and themes of a ``briefer:codebook`` block."""
    known = {a["name"].casefold(): a["aliases"] for a in project.actors()}
    for a in block.get("actors") or []:
        name = " ".join(str(a.get("name") or "").split())
        aliases = [x for x in a.get("aliases") or [] if isinstance(x, str)]
        if name.casefold() in known:
            new = [x for x in aliases if x not in known[name.casefold()]]
            if new:
                project.update_actor(name, aliases=known[name.casefold()] + new)
        elif name:
            try:
                project.add_actor(name, a.get("kind") or "organisation", aliases, a.get("colour"))
            except InvalidInput:          # an unknown kind: keep the actor, as an organisation
                project.add_actor(name, aliases=aliases, colour=a.get("colour"))
            known[name.casefold()] = aliases
    themes = {t["name"].casefold() for t in project.themes()}
    for t in block.get("themes") or []:
        name = " ".join(str(t.get("name") or "").split())
        if name and name.casefold() not in themes:
            project.add_theme(name, t.get("description") or "", t.get("colour"))
            themes.add(name.casefold())


def quote_id_for(anno_id, item: dict | None = None) -> str:
    """The quote id for an annotation id: the id in ``urn:uuid:``, a UUID, or one derived."""
    if isinstance(anno_id, str) and anno_id.strip():
        anno_id = anno_id.strip()
        rest = anno_id[9:] if anno_id.lower().startswith("urn:uuid:") else anno_id
        try:
            return str(uuid.UUID(rest))
        except ValueError:
            return rest if rest != anno_id else str(uuid.uuid5(uuid.NAMESPACE_URL, anno_id))
    content = json.dumps(item, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{BRIEFER_NS}content:"
                                              f"{hashlib.sha256(content).hexdigest()}"))


class _State:
    """What one import looks up again and again: documents, their texts, actor names/aliases."""

    def __init__(self, project):
        self.project, self.docs, self._texts = project, project.documents(), {}
        self.refresh_actors()

    def text(self, doc_id: str) -> str:
        if doc_id not in self._texts:
            self._texts[doc_id] = self.project.document(doc_id)["text"]
        return self._texts[doc_id]

    def refresh_actors(self) -> None:
        actors = self.project.actors()     # a name wins over another actor's alias
        self.actors = ({t.casefold(): a["id"] for a in actors for t in a["aliases"]}
                       | {a["name"].casefold(): a["id"] for a in actors})


def _import_one(project, state: _State, item: dict, ref: str, report: ImportReport) -> None:
    qid = quote_id_for(item.get("id"), item)
    if project.db.execute("SELECT 1 FROM quotes WHERE id = ?", [qid]).fetchone():
        report.skipped_existing += 1
        return
    t = _read_target(item)
    found, reason = _anchor(state, t) if t else (
        None, "its target has no TextQuoteSelector (no quoted text)")
    if found is None:
        report.unanchored.append((ref, reason))
        return
    doc_id, start, end, method = found
    note, tags = _read_bodies(item)
    with project.db.atomic():                  # the quote and any actors made for it, or nothing
        actor_ids, themes = _sort_tags(project, state, tags)
        project.add_quote(doc_id, start, end, actors=actor_ids, themes=themes, note=note,
                          starred=item.get("briefer:starred") is True, quote_id=qid,
                          created_at=_store_time(item.get("created")))
    report.added += 1
    report.quote_ids.append(qid)
    report.by_method[method] = report.by_method.get(method, 0) + 1


def _read_target(item: dict) -> dict | None:
    """Quote, position hint and the source's ids, file names and titles of the first text target."""
    meta = item.get("document") if isinstance(item.get("document"), dict) else {}
    for target in (t for t in _as_list(item.get("target")) if isinstance(t, dict)):
        selectors = _flat_selectors(target.get("selector"))
        quote = next((s for s in selectors if "TextQuoteSelector" in _types(s)), {})
        if not isinstance(quote.get("exact"), str) or not quote["exact"]:
            continue
        start = next((s for s in selectors if "TextPositionSelector" in _types(s)), {}).get("start")
        ids, names, titles = [item.get("uri")], [], _as_list(meta.get("title"))
        for s in _as_list(target.get("source")):
            if isinstance(s, dict):
                ids.append(s.get("id"))
                titles.append(s.get("title") or s.get("dcterms:title"))
                names.append(s.get("briefer:sourceName"))
            else:
                ids.append(s)
        return {"exact": quote["exact"], "prefix": str(quote.get("prefix") or ""),
                "suffix": str(quote.get("suffix") or ""),
                "start": start if isinstance(start, int) and start >= 0 else None,
                "ids": _strings(ids), "names": _strings(names),
                "titles": [x.casefold() for x in _strings(titles)]}
    return None


def _flat_selectors(selector) -> list[dict]:
    out = []
    for s in _as_list(selector):
        while isinstance(s, dict):
            out.append(s)
            s = s.get("refinedBy")
    return out


def _anchor(state: _State, t: dict):
    """((doc id, start, end, method), None), or (None, why not)."""
    by_id, by_name = [], []
    for ident in t["ids"]:
        doc_id = ident[9:].lower() if ident.lower().startswith("urn:uuid:") else None
        name = _file_name(ident)
        by_id += [d for d in state.docs if d["id"] == doc_id]
        by_name += [d for d in state.docs
                    if ident == d["source_path"] or (name and name == d["source_name"])]
    by_name += [d for d in state.docs if d["source_name"] in t["names"]
                or (d["title"] or "").strip().casefold() in t["titles"]]
    for doc in _unique(by_id + by_name):
        anchor = anchoring.locate(state.text(doc["id"]), t["exact"], t["prefix"], t["suffix"],
                                  start=t["start"])
        if anchor is not None:
            return (doc["id"], anchor.start, anchor.end, anchor.method), None
    if by_id:
        return None, f"the quoted text is no longer in “{by_id[0]['title']}” (its text changed)"
    hits = []   # (context agreement, doc, start) of every exact occurrence in any document
    for doc in state.docs:
        text = state.text(doc["id"])
        hits += [(_context_score(text, p, p + len(t["exact"]), t["prefix"], t["suffix"]), doc, p)
                 for p in anchoring.find_occurrences(text, t["exact"])]
    if not hits:
        where = f"“{by_name[0]['title']}” nor in any other document" if by_name else "any document"
        return None, f"the quoted text is not in {where}"
    best = max(h[0] for h in hits)
    top = [h for h in hits if h[0] == best]
    if len(docs := _unique([h[1] for h in top])) > 1:
        return None, (f"the quoted text occurs in {len(docs)} documents and its context does "
                      "not tell which")
    _, doc, p = min(top, key=lambda h: abs(h[2] - (t["start"] or 0)))
    return (doc["id"], p, p + len(t["exact"]), "search"), None


def _context_score(text: str, start: int, end: int, prefix: str, suffix: str) -> int:
    before = text[max(0, start - len(prefix)):start]
    return (len(commonprefix([before[::-1], prefix[::-1]]))
            + len(commonprefix([text[end:end + len(suffix)], suffix])))


def _read_bodies(item: dict) -> tuple[str, list]:
    """(note, tags as (kind or None, name)) from W3C bodies or Hypothesis ``text``/``tags``."""
    notes, tags = [], []
    for b in _as_list(item.get("body")):
        if not isinstance(b, dict) or not isinstance(b.get("value"), str):
            continue
        if {"tagging", "classifying", "identifying"} & set(_as_list(b.get("purpose"))):
            kind = b.get(TAG_TYPE) if b.get(TAG_TYPE) in ("actor", "theme") else None
            tags.append((kind, b["value"]))
        elif b["value"].strip():
            notes.append(b["value"])
    notes += _strings([item.get("bodyValue"), item.get("text")])
    tags += [(None, x) for x in _as_list(item.get("tags")) if isinstance(x, str)]
    return "\n\n".join(notes), tags


def _sort_tags(project, state: _State, tags) -> tuple[list[str], list[str]]:
    """Actor ids and theme names for (kind, name) tags; creates actors that are missing."""
    actors, themes = [], []
    for kind, name in tags:
        name = " ".join(name.split())
        if kind is None and name.casefold().startswith(("actor:", "theme:")):
            kind, name = name[:5].casefold(), name[6:].strip()
        if not name:
            continue
        if kind == "actor" or (kind is None and name.casefold() in state.actors):
            if name.casefold() not in state.actors:
                project.add_actor(name)
                state.refresh_actors()
            actors.append(state.actors[name.casefold()])
        else:
            themes.append(name)
    return actors, themes


def _file_name(ident: str) -> str | None:
    if re.match(r"^[a-z][a-z0-9+.-]*://|^file:", ident, re.IGNORECASE):
        ident = unquote(urlparse(ident).path)
    return re.split(r"[\\/]", ident)[-1] or None


def _as_list(value) -> list:
    return value if isinstance(value, list) else [] if value is None else [value]


def _strings(values) -> list[str]:
    return [x.strip() for x in values if isinstance(x, str) and x.strip()]


def _unique(docs: list[dict]) -> list[dict]:
    return list({d["id"]: d for d in docs}.values())


def _types(obj) -> list:
    return _as_list(obj.get("type", obj.get("@type"))) if isinstance(obj, dict) else []
