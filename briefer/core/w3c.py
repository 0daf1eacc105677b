"""W3C Web Annotation interchange: export a project's quotes, import Briefer or Hypothesis files.

What :func:`export_annotations` writes (JSON-LD, https://www.w3.org/TR/annotation-model/):

* An ``AnnotationCollection`` whose ``first`` page holds every quote, in document order.
  Each item repeats ``@context`` so an annotation copied out of the file stands alone.
* One ``Annotation`` per quote: ``id`` ``urn:uuid:<quote id>``; ``motivation``
  ``commenting`` (quote with a note) or ``highlighting``; ``created``/``modified`` in UTC.
* Bodies, all ``TextualBody``: one per actor and per theme with ``purpose: tagging`` and
  the plain name as ``value`` (what Hypothesis-style tag importers read), told apart by
  the extension property ``briefer:tagType`` (``"actor"`` / ``"theme"``); the note with
  ``purpose: commenting``, ``format: text/plain`` and the project's language.
* ``target``: a ``SpecificResource`` whose ``source`` is the document
  (``{id: urn:uuid:<doc id>, type: Text, format: text/plain, language, title,
  briefer:sourceName, briefer:sha256}``), with the quote's language(s) and two
  selectors: ``TextQuoteSelector`` (exact, prefix, suffix) and ``TextPositionSelector``
  (start, end: Unicode code points of the document text, end excluded).
* ``briefer:starred`` (and ``briefer:orphaned`` when true) on the annotation.
* ``briefer:codebook`` on the collection (a JSON literal): ``actors`` (name, kind,
  aliases, colour), ``themes`` (name, description, colour, in brief order),
  ``judgments`` (statement, confidence, quotes as annotation ids) and ``settings``.
  The ``briefer:`` prefix stands for ``urn:briefer:``.

:func:`import_annotations` reads that, a bare list of annotations, an AnnotationPage,
and Hypothesis API / client exports (``rows`` or ``annotations``; ``text`` is the note,
``tags`` the tags). A document is found by ``urn:uuid:`` id, else by file name, path or
title, else by searching every document for the quoted text. Untyped tags become actors
when an actor of that name or alias exists (or when written ``actor:Name``), else themes.
Each annotation is committed on its own, whole or not at all; re-importing skips ids
already present.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from os.path import commonprefix
from urllib.parse import unquote, urlparse

from . import anchoring
from .errors import BrieferError, InvalidInput

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
BRIEFER_NS = "urn:briefer:"
EXT_CONTEXT = {
    "@version": 1.1,
    "briefer": BRIEFER_NS,
    "dcterms": "http://purl.org/dc/terms/",
    "title": "dcterms:title",
    "briefer:codebook": {"@id": "briefer:codebook", "@type": "@json"},
}
CONTEXT = [ANNO_CONTEXT, EXT_CONTEXT]
TAG_TYPE = "briefer:tagType"
_UUID_URN = re.compile(r"^urn:uuid:([0-9a-fA-F-]{36})$")


@dataclass
class ImportReport:
    added: int = 0
    skipped_existing: int = 0
    unanchored: list = field(default_factory=list)    # (annotation id, reason)
    quote_ids: list = field(default_factory=list)     # ids of the quotes added
    by_method: dict = field(default_factory=dict)     # "position"/"context"/"fuzzy"/"search"

    def summary(self) -> str:
        return (f"{self.added} added, {self.skipped_existing} already present, "
                f"{len(self.unanchored)} not anchored")


# -- export ---------------------------------------------------------------------------
def w3c_time(stamp: str | None) -> str | None:
    """A stored ISO time as an xsd:dateTime in UTC with a ``Z``."""
    parsed = _parse_time(stamp)
    return parsed.isoformat(timespec="milliseconds").replace("+00:00", "Z") if parsed else None


def export_annotations(project) -> dict:
    """Every quote of the project as an AnnotationCollection (see the module docstring)."""
    from .. import __version__
    docs = {d["id"]: d for d in project.documents()}
    lang = (project.setting("language") or "").strip().lower() or None
    items = [annotation(q, docs[q["doc_id"]], note_language=lang) for q in project.quotes()]
    return {
        "@context": CONTEXT,
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": "AnnotationCollection",
        "label": project.setting("title"),
        "generator": {"type": "Software", "name": f"Briefer {__version__}"},
        "generated": w3c_time(datetime.now(timezone.utc).isoformat()),
        "total": len(items),
        "first": {"id": f"urn:uuid:{uuid.uuid4()}", "type": "AnnotationPage",
                  "startIndex": 0, "items": items},
        "briefer:codebook": codebook_block(project),
    }


def annotation(q: dict, doc: dict, note_language: str | None = "en") -> dict:
    """One quote row (``Project.quotes()``) of document ``doc`` as a W3C Annotation."""
    bodies = [{"type": "TextualBody", "purpose": "tagging", "value": name, TAG_TYPE: kind}
              for kind, names in (("actor", q["actors"]), ("theme", q["themes"])) for name in names]
    if q["note"]:
        note = {"type": "TextualBody", "purpose": "commenting", "value": q["note"],
                "format": "text/plain"}
        if note_language:
            note["language"] = note_language
        bodies.append(note)
    source = {"id": f"urn:uuid:{doc['id']}", "type": "Text", "format": "text/plain"}
    if _lang(doc.get("language")):
        source["language"] = _lang(doc["language"])
    source["title"] = doc.get("title") or ""
    if doc.get("source_name"):
        source["briefer:sourceName"] = doc["source_name"]
    source["briefer:sha256"] = doc["sha256"]
    target = {"type": "SpecificResource", "source": source}
    langs = [x for x in (_lang(q["language"]), _lang(q.get("language2"))) if x]
    if langs:
        target["language"] = langs[0] if len(langs) == 1 else langs
    target["selector"] = [
        {"type": "TextQuoteSelector", "exact": q["exact"], "prefix": q["prefix"] or "",
         "suffix": q["suffix"] or ""},
        {"type": "TextPositionSelector", "start": q["start_cp"], "end": q["end_cp"]}]
    anno = {"@context": CONTEXT, "id": f"urn:uuid:{q['id']}", "type": "Annotation",
            "motivation": "commenting" if q["note"] else "highlighting",
            "created": w3c_time(q["created_at"]), "modified": w3c_time(q["updated_at"])}
    if bodies:
        anno["body"] = bodies
    anno["target"] = target
    anno["briefer:starred"] = bool(q["starred"])
    if q.get("orphaned"):
        anno["briefer:orphaned"] = True
    return anno


def codebook_block(project) -> dict:
    return {
        "actors": [{"name": a["name"], "kind": a["kind"], "aliases": a["aliases"],
                    "colour": a["colour"]} for a in project.actors()],
        "themes": [{"name": t["name"], "description": t["description"], "colour": t["colour"]}
                   for t in project.themes()],
        "judgments": [{"statement": j["text"], "confidence": j["confidence"],
                       "quotes": [f"urn:uuid:{i}" for i in j["quote_ids"]]}
                      for j in project.judgments()],
        "settings": project.settings(),
    }


def _lang(code) -> str | None:
    """A language code as the model wants it (lower-case primary subtag), or None."""
    code = (code or "").strip()
    if not re.match(r"^[A-Za-z]{2,3}(-|$)", code):
        return None
    head, _, rest = code.partition("-")
    return head.lower() + ("-" + rest if rest else "")


# -- import ---------------------------------------------------------------------------
def annotations_in(data) -> list:
    """The annotations of a Briefer/W3C/Hypothesis document (list, page, collection, rows)."""
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        raise InvalidInput("An annotation file holds a JSON object or list.")
    kinds = _types(data)
    if "AnnotationCollection" in kinds:
        items, page, seen = [], data.get("first"), set()
        while isinstance(page, dict) and id(page) not in seen:
            seen.add(id(page))
            items += page.get("items") or []
            page = page.get("next")
        return items
    for key in ("items", "rows", "annotations"):
        if isinstance(data.get(key), list):
            return data[key]
    if "Annotation" in kinds or "target" in data:
        return [data]
    raise InvalidInput("No annotations found: expected W3C Web Annotations or a Hypothesis export.")


def import_annotations(project, data) -> ImportReport:
    """Add the annotations in ``data`` as quotes; see the module docstring."""
    project._writable()
    items = annotations_in(data)
    if isinstance(data, dict) and isinstance(data.get("briefer:codebook"), dict):
        import_codebook(project, data["briefer:codebook"])
    report = ImportReport()
    state = _State(project)
    for n, item in enumerate(items, 1):
        ref = (item.get("id") if isinstance(item, dict) else item) or f"#{n}"
        ref = ref if isinstance(ref, str) else f"#{n}"
        if not isinstance(item, dict):
            report.unanchored.append((str(ref), "only a reference to an annotation, not one"))
            continue
        try:
            _import_one(project, state, item, str(ref), report)
        except BrieferError as exc:
            report.unanchored.append((str(ref), str(exc)))
    return report


def import_codebook(project, block: dict) -> None:
    """Add the actors and themes of a ``briefer:codebook`` block that the project lacks."""
    known = {a["name"].casefold(): a for a in project.actors()}
    for a in block.get("actors") or []:
        name = " ".join(str(a.get("name") or "").split())
        if not name:
            continue
        if name.casefold() in known:
            have = known[name.casefold()]["aliases"]
            new = [x for x in a.get("aliases") or [] if x not in have]
            if new:
                project.update_actor(name, aliases=have + new)
        else:
            aliases = [x for x in a.get("aliases") or [] if isinstance(x, str)]
            try:
                project.add_actor(name, a.get("kind") or "organisation", aliases, a.get("colour"))
            except InvalidInput:          # an unknown kind: keep the actor, as an organisation
                project.add_actor(name, aliases=aliases, colour=a.get("colour"))
            known[name.casefold()] = {"aliases": aliases}
    themes = {t["name"].casefold() for t in project.themes()}
    for t in block.get("themes") or []:
        name = " ".join(str(t.get("name") or "").split())
        if name and name.casefold() not in themes:
            project.add_theme(name, t.get("description") or "", t.get("colour"))
            themes.add(name.casefold())


def quote_id_for(anno_id: str | None, item: dict | None = None) -> str:
    """The quote id an annotation id maps to: its UUID, or a UUID derived from it."""
    if anno_id:
        m = _UUID_URN.match(anno_id.strip())
        if m:
            return m.group(1).lower()
        try:
            return str(uuid.UUID(anno_id.strip()))
        except ValueError:
            return str(uuid.uuid5(uuid.NAMESPACE_URL, anno_id.strip()))
    digest = hashlib.sha256(json.dumps(item, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{BRIEFER_NS}content:{digest}"))


class _State:
    """What one import run looks up repeatedly: documents, their texts, actor names."""

    def __init__(self, project):
        self.project = project
        self.docs = project.documents()
        self._texts: dict[str, str] = {}
        self.refresh_actors()

    def text(self, doc_id: str) -> str:
        if doc_id not in self._texts:
            self._texts[doc_id] = self.project.document(doc_id)["text"]
        return self._texts[doc_id]

    def refresh_actors(self) -> None:
        self.actors = {}
        for a in self.project.actors():
            for term in [a["name"], *a["aliases"]]:
                self.actors.setdefault(term.casefold(), a["id"])


def _import_one(project, state: _State, item: dict, ref: str, report: ImportReport) -> None:
    anno_id = item.get("id") if isinstance(item.get("id"), str) else None
    qid = quote_id_for(anno_id, item)
    if project.db.execute("SELECT 1 FROM quotes WHERE id = ?", [qid]).fetchone():
        report.skipped_existing += 1
        return
    t = _read_target(item)
    if t is None:
        report.unanchored.append((ref, "no TextQuoteSelector (quoted text) in its target"))
        return
    found, reason = _anchor(state, t)
    if found is None:
        report.unanchored.append((ref, reason))
        return
    doc_id, start, end, method = found
    note, tags, starred = _read_bodies(item)
    with project.db.atomic():
        actor_ids, theme_refs = _sort_tags(project, state, tags)
        project.add_quote(doc_id, start, end, actors=actor_ids, themes=theme_refs, note=note,
                          starred=starred, quote_id=qid, created_at=_store_time(item.get("created")))
    report.added += 1
    report.quote_ids.append(qid)
    report.by_method[method] = report.by_method.get(method, 0) + 1


def _read_target(item: dict) -> dict | None:
    """exact/prefix/suffix/start and the source's ids, names and titles of the first text target."""
    targets = item.get("target")
    targets = targets if isinstance(targets, list) else [targets]
    doc_meta = item.get("document") if isinstance(item.get("document"), dict) else {}
    for target in targets:
        if not isinstance(target, dict):
            continue
        selectors = _flat_selectors(target.get("selector"))
        quote = next((s for s in selectors if "TextQuoteSelector" in _types(s)), None)
        if not quote or not isinstance(quote.get("exact"), str) or not quote["exact"]:
            continue
        pos = next((s for s in selectors if "TextPositionSelector" in _types(s)), {})
        sources = target.get("source")
        sources = sources if isinstance(sources, list) else [sources]
        ids, titles, names = [], [], []
        for s in sources + [item.get("uri")]:
            if isinstance(s, dict):
                ids.append(str(s.get("id") or ""))
                titles.append(s.get("title") or s.get("dcterms:title"))
                names.append(s.get("briefer:sourceName"))
            elif isinstance(s, str):
                ids.append(s)
        titles += doc_meta.get("title") if isinstance(doc_meta.get("title"), list) else [doc_meta.get("title")]
        start = pos.get("start")
        return {"exact": quote["exact"], "prefix": str(quote.get("prefix") or ""),
                "suffix": str(quote.get("suffix") or ""),
                "start": start if isinstance(start, int) and start >= 0 else None,
                "ids": [i for i in ids if i], "titles": [t for t in titles if isinstance(t, str) and t],
                "names": [n for n in names if isinstance(n, str) and n]}
    return None


def _flat_selectors(sel) -> list[dict]:
    out = []
    for s in sel if isinstance(sel, list) else [sel]:
        while isinstance(s, dict):
            out.append(s)
            s = s.get("refinedBy")
    return out


def _anchor(state: _State, t: dict):
    """((doc id, start, end, method), None) or (None, reason)."""
    by_id, by_name = [], []
    for ident in t["ids"]:
        m = _UUID_URN.match(ident)
        doc_id = m.group(1).lower() if m else None
        by_id += [d for d in state.docs if d["id"] == doc_id]
        name = _file_name(ident)
        by_name += [d for d in state.docs if ident == d["source_path"]
                    or (name and name == d["source_name"])]
    by_name += [d for d in state.docs if d["source_name"] in t["names"]
                or (d["title"] or "").strip().casefold() in {x.strip().casefold() for x in t["titles"]}]
    for doc in _unique(by_id + by_name):
        anchor = anchoring.locate(state.text(doc["id"]), t["exact"], t["prefix"], t["suffix"],
                                  start=t["start"])
        if anchor is not None:
            return (doc["id"], anchor.start, anchor.end, anchor.method), None
    if by_id:
        title = by_id[0]["title"]
        return None, f"its text is no longer in “{title}” (the document has changed)"
    hits = []   # (context score, doc, start) of every exact occurrence in any document
    for doc in state.docs:
        text = state.text(doc["id"])
        for p in anchoring.find_occurrences(text, t["exact"]):
            hits.append((_context_score(text, p, p + len(t["exact"]), t["prefix"], t["suffix"]),
                         doc, p))
    if not hits:
        where = f"“{by_name[0]['title']}” or any other document" if by_name else "any document"
        return None, f"the quoted text is not in {where}"
    best = max(h[0] for h in hits)
    top = [h for h in hits if h[0] == best]
    docs = _unique([h[1] for h in top])
    if len(docs) > 1:
        return None, f"the quoted text occurs in {len(docs)} documents and its context does not tell which"
    hint = t["start"] or 0
    _, doc, p = min(top, key=lambda h: abs(h[2] - hint))
    return (doc["id"], p, p + len(t["exact"]), "search"), None


def _context_score(text: str, start: int, end: int, prefix: str, suffix: str) -> int:
    before = text[max(0, start - len(prefix)):start]
    return (len(commonprefix([before[::-1], prefix[::-1]]))
            + len(commonprefix([text[end:end + len(suffix)], suffix])))


def _read_bodies(item: dict):
    """(note, tags as (kind or None, name), starred) from W3C bodies or Hypothesis fields."""
    notes, tags = [], []
    bodies = item.get("body")
    for b in bodies if isinstance(bodies, list) else [bodies]:
        if not isinstance(b, dict) or not isinstance(b.get("value"), str):
            continue
        purposes = b.get("purpose") if isinstance(b.get("purpose"), list) else [b.get("purpose")]
        if "tagging" in purposes or "classifying" in purposes or "identifying" in purposes:
            kind = b.get(TAG_TYPE) if b.get(TAG_TYPE) in ("actor", "theme") else None
            tags.append((kind, b["value"]))
        elif b["value"].strip():
            notes.append(b["value"])
    for value in (item.get("bodyValue"), item.get("text")):
        if isinstance(value, str) and value.strip():
            notes.append(value)
    tags += [(None, x) for x in item.get("tags") or [] if isinstance(x, str)]
    return "\n\n".join(notes), tags, bool(item.get("briefer:starred"))


def _sort_tags(project, state: _State, tags) -> tuple[list[str], list[str]]:
    """Actor ids and theme names for (kind, name) tags, creating actors that are missing."""
    actors, themes = [], []
    for kind, name in tags:
        name = " ".join(name.split())
        low = name.casefold()
        if kind is None and low.startswith(("actor:", "theme:")):
            kind, name = low[:5], name[6:].strip()
            low = name.casefold()
        if not name:
            continue
        if kind == "actor" or (kind is None and low in state.actors):
            if low not in state.actors:
                project.add_actor(name)
                state.refresh_actors()
            actors.append(state.actors[low])
        else:
            themes.append(name)
    return actors, themes


def _file_name(ident: str) -> str | None:
    path = unquote(urlparse(ident).path) if "://" in ident or ident.startswith("file:") else ident
    name = re.split(r"[\\/]", path)[-1]
    return name or None


def _unique(docs: list[dict]) -> list[dict]:
    return list({d["id"]: d for d in docs}.values())


def _types(obj) -> list:
    t = obj.get("type", obj.get("@type")) if isinstance(obj, dict) else None
    return t if isinstance(t, list) else [t]


def _parse_time(stamp) -> datetime | None:
    if not isinstance(stamp, str) or not stamp.strip():
        return None
    try:
        parsed = datetime.fromisoformat(stamp.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)


def _store_time(stamp) -> str | None:
    parsed = _parse_time(stamp)
    return parsed.isoformat(timespec="milliseconds") if parsed else None
