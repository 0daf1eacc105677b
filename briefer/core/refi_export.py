"""REFI-QDA export: a project as a ``.qdpx`` (zip of ``project.qde`` and ``sources/``) and
its codebook as a ``.qdc`` (QDA-XML 1.0, REFI-QDA standard 1.5).

How Briefer maps onto REFI-QDA (the choices the standard leaves open):

- Actors and themes are codes under two parent codes, "Actors" and "Themes" (not codable
  themselves), not Sets: every QDA tool shows a code tree, few show sets. An actor's kind and
  aliases go in its code's ``Description`` ("kind: person" / "aliases: A; B"), a theme's
  description as it is. Colours as ``#RRGGBB``.
- Each document is a ``TextSource`` whose text is ``sources/<GUID>.txt`` (UTF-8, exactly the
  stored text); its outlet, author, date and URL are ``key: value`` lines in its
  ``Description``.
- Each quote is a ``PlainTextSelection`` (start and end in Unicode code points, end
  excluded) named by its text, with one ``Coding`` per actor and theme; its note is a
  ``Note`` referred to by a ``NoteRef``. A starred quote's ``Description`` is "starred".
  Orphaned quotes (their text is no longer in the document) are left out and counted.
- Each analyst who made a quote, and the one exporting, is a ``User``; GUIDs are upper case.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from .. import __version__
from .analyst import current_analyst
from .records import Actor, Document, Quote, Theme

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
ORIGIN = f"Briefer {__version__}"
#: Namespace of the GUIDs Briefer derives (users, codings, notes, parent codes).
_DERIVED = uuid.UUID("6b1c5f0e-8a54-4d0b-9a51-0c8e0f3b6a15")
ACTORS_CODE, THEMES_CODE = "Actors", "Themes"


@dataclass
class ExportReport:
    documents: int = 0
    quotes: int = 0
    actors: int = 0
    themes: int = 0
    notes: int = 0
    orphaned_left_out: int = 0
    cancelled: bool = False


def guid(value: str) -> str:
    """A REFI-QDA GUID (upper case) for a Briefer id (a UUID) or any other key."""
    try:
        return str(uuid.UUID(value)).upper()
    except ValueError:
        return derived(value)


def derived(*parts: str) -> str:
    """A stable GUID made from ``parts`` (so exporting twice gives the same file)."""
    return str(uuid.uuid5(_DERIVED, "\x1f".join(parts))).upper()


def export_qdpx(project, progress: Callable[[int, int], bool | None] | None = None
                ) -> tuple[bytes, ExportReport]:
    """The project as the bytes of a ``.qdpx`` file, and what went into it."""
    report = ExportReport()
    with project.snapshot():
        docs = [project.documents.get(d.id) for d in project.documents.list()]
        quotes = project.quotes.list()
        actors, themes = project.codebook.actors(), project.codebook.themes()
        analyst = project.settings.value("analyst") or current_analyst() or "Briefer"
    users = _users(analyst, quotes)
    root = ET.Element("Project", {
        "xmlns": PROJECT_NS, "name": project.path.stem, "origin": ORIGIN,
        "creatingUserGUID": users[analyst]})
    el_users = ET.SubElement(root, "Users")
    for name, g in users.items():
        ET.SubElement(el_users, "User", {"guid": g, "name": name})
    codebook = ET.SubElement(root, "CodeBook")
    _codes(ET.SubElement(codebook, "Codes"), actors, themes)
    report.actors, report.themes = len(actors), len(themes)
    sources = ET.SubElement(root, "Sources")
    notes: list[ET.Element] = []
    files: dict[str, str] = {}
    by_doc: dict[str, list[Quote]] = {}
    for q in quotes:
        if q.orphaned:
            report.orphaned_left_out += 1
        else:
            by_doc.setdefault(q.doc_id, []).append(q)
    for n, doc in enumerate(docs, 1):
        name = f"{guid(doc.id)}.txt"
        files[f"sources/{name}"] = doc.text
        _source(sources, doc, name, by_doc.get(doc.id, []), users, notes, report)
        report.documents += 1
        if progress is not None and progress(n, len(docs)) is False:
            report.cancelled = True
            return b"", report
    if notes:
        el_notes = ET.SubElement(root, "Notes")
        el_notes.extend(notes)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("project.qde", _xml(root))
        for path, text in files.items():
            zf.writestr(path, text.encode("utf-8"))
    return out.getvalue(), report


def export_qdc(project) -> bytes:
    """The codebook (actors and themes) as the bytes of a ``.qdc`` file."""
    root = ET.Element("CodeBook", {"xmlns": CODEBOOK_NS, "origin": ORIGIN})
    _codes(ET.SubElement(root, "Codes"), project.codebook.actors(), project.codebook.themes(),
           notes=False)
    return _xml(root)


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8",
                                                                   xml_declaration=False)


def _users(analyst: str, quotes: list[Quote]) -> dict[str, str]:
    names = dict.fromkeys([analyst] + [n for q in quotes for n in (q.created_by, q.updated_by)
                                       if n])
    return {n: derived("user", n) for n in names}


def _codes(parent: ET.Element, actors: list[Actor], themes: list[Theme],
           notes: bool = True) -> None:
    group = ET.SubElement(parent, "Code", {"guid": derived("code", ACTORS_CODE),
                                           "name": ACTORS_CODE, "isCodable": "false"})
    for a in actors:
        code = ET.SubElement(group, "Code", _code_attrs(a.id, a.name, a.colour))
        lines = [f"kind: {a.kind}"] + ([f"aliases: {'; '.join(a.aliases)}"] if a.aliases else [])
        ET.SubElement(code, "Description").text = "\n".join(lines)
    group = ET.SubElement(parent, "Code", {"guid": derived("code", THEMES_CODE),
                                           "name": THEMES_CODE, "isCodable": "false"})
    for t in themes:
        code = ET.SubElement(group, "Code", _code_attrs(t.id, t.name, t.colour))
        if t.description:
            ET.SubElement(code, "Description").text = t.description


def _code_attrs(code_id: str, name: str, colour: str) -> dict[str, str]:
    attrs = {"guid": guid(code_id), "name": name, "isCodable": "true"}
    if colour and len(colour) in (4, 7) and colour.startswith("#"):
        attrs["color"] = colour.upper()
    return attrs


def _source(sources: ET.Element, doc: Document, file_name: str, quotes: list[Quote],
            users: dict[str, str], notes: list[ET.Element], report: ExportReport) -> None:
    attrs = {"guid": guid(doc.id), "name": doc.title or "Untitled",
             "plainTextPath": f"internal://{file_name}"}
    if doc.imported_at:
        attrs["creationDateTime"] = doc.imported_at
    el = ET.SubElement(sources, "TextSource", attrs)
    meta = [f"{k}: {v}" for k, v in (("outlet", doc.outlet), ("author", doc.author),
                                     ("date", doc.date), ("language", doc.language),
                                     ("url", doc.url)) if v]
    if meta:
        ET.SubElement(el, "Description").text = "\n".join(meta)
    for q in quotes:
        s = ET.SubElement(el, "PlainTextSelection", _selection_attrs(q, users))
        if q.starred:
            ET.SubElement(s, "Description").text = "starred"
        for code_id in (*q.actor_ids, *q.theme_ids):
            c = ET.SubElement(s, "Coding", {"guid": derived("coding", q.id, code_id)})
            ET.SubElement(c, "CodeRef", {"targetGUID": guid(code_id)})
        if q.note:
            note_guid = derived("note", q.id)
            ET.SubElement(s, "NoteRef", {"targetGUID": note_guid})
            note = ET.Element("Note", {"guid": note_guid, "name": f"Note on {q.exact[:40]}"})
            if q.created_by:
                note.set("creatingUser", users[q.created_by])
            ET.SubElement(note, "PlainTextContent").text = q.note
            notes.append(note)
            report.notes += 1
        report.quotes += 1


def _selection_attrs(q: Quote, users: dict[str, str]) -> dict[str, str]:
    attrs = {"guid": guid(q.id), "name": q.exact, "startPosition": str(q.start_cp),
             "endPosition": str(q.end_cp)}
    if q.created_by:
        attrs["creatingUser"] = users[q.created_by]
    if q.created_at:
        attrs["creationDateTime"] = q.created_at
    if q.updated_by:
        attrs["modifyingUser"] = users[q.updated_by]
    if q.updated_at:
        attrs["modifiedDateTime"] = q.updated_at
    return attrs
