"""REFI-QDA export: a project as a ``.qdpx`` (zip of ``project.qde`` and ``sources/``) and
its codebook as a ``.qdc`` (QDA-XML 1.0, REFI-QDA standard 1.5).

How Briefer maps onto REFI-QDA (the choices the standard leaves open):

- Actors and themes are codes under two parent codes, "Actors" and "Themes" (not codable
  themselves), not Sets: every QDA tool shows a code tree, few show sets. An actor's kind and
  aliases go in its code's ``Description`` ("kind: person" / "aliases: A; B"), a theme's
  description as it is. Colours as ``#RRGGBB``.
- Each document is a ``TextSource`` whose text is ``sources/<GUID>.txt`` (UTF-8, exactly the
  stored text); its outlet, author, date and URL are ``key: value`` lines in its
  ``Description``; its grading (source type, reliability and why), access date and PDF page
  starts are ``Variables``.
- Each quote is a ``PlainTextSelection`` (start and end in Unicode code points, end
  excluded) named by its text, with one ``Coding`` per actor and theme; its note is a
  ``Note`` referred to by a ``NoteRef``; its sourcing (speaker, credibility, …) is
  ``key: value`` lines in its ``Description``. Starred quotes are coded "Starred".
  Orphaned quotes (their text is no longer in the document) are left out and counted.
- Key judgments are ``Note``s in a ``Set`` "Key judgments", referred to by the selections
  they rest on; the brief's sections are ``Note``s on the project as a whole.
  :mod:`refi_fields` says why each of these carriers was chosen.
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
from . import refi_fields as fields
from .analyst import current_analyst
from .records import Actor, Document, Judgment, Quote, Theme
from .settings import DEFAULT_SETTINGS

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
ORIGIN = f"Briefer {__version__}"
#: Namespace of the GUIDs Briefer derives (users, codings, notes, parent codes).
_DERIVED = uuid.UUID("6b1c5f0e-8a54-4d0b-9a51-0c8e0f3b6a15")
ACTORS_CODE, THEMES_CODE = "Actors", "Themes"


#: The "Starred" code's GUID (the same in every export).
STARRED_GUID = str(uuid.uuid5(_DERIVED, "code\x1f" + fields.STARRED_CODE)).upper()


@dataclass
class ExportReport:
    documents: int = 0
    quotes: int = 0
    actors: int = 0
    themes: int = 0
    notes: int = 0
    judgments: int = 0
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
        judgments = project.judgments.list()
        settings = project.settings.get()
        analyst = settings.get("analyst") or current_analyst() or "Briefer"
    users = _users(analyst, quotes)
    root = ET.Element("Project", {
        "xmlns": PROJECT_NS, "name": project.path.stem, "origin": ORIGIN,
        "creatingUserGUID": users[analyst]})
    el_users = ET.SubElement(root, "Users")
    for name, g in users.items():
        ET.SubElement(el_users, "User", {"guid": g, "name": name})
    codebook = ET.SubElement(root, "CodeBook")
    codes = ET.SubElement(codebook, "Codes")
    _codes(codes, actors, themes)
    if any(q.starred and not q.orphaned for q in quotes):
        star = ET.SubElement(codes, "Code", {"guid": STARRED_GUID, "name": fields.STARRED_CODE,
                                             "isCodable": "true"})
        ET.SubElement(star, "Description").text = fields.STARRED_DESCRIPTION
    report.actors, report.themes = len(actors), len(themes)
    variables = _variables(root, docs)
    sources = ET.SubElement(root, "Sources")
    notes: list[ET.Element] = []
    files: dict[str, str] = {}
    by_doc: dict[str, list[Quote]] = {}
    rests_on: dict[str, list[str]] = {}
    for j in judgments:
        for quote_id in j.quote_ids:
            rests_on.setdefault(quote_id, []).append(guid(j.id))
    for q in quotes:
        if q.orphaned:
            report.orphaned_left_out += 1
        else:
            by_doc.setdefault(q.doc_id, []).append(q)
    for n, doc in enumerate(docs, 1):
        name = f"{guid(doc.id)}.txt"
        files[f"sources/{name}"] = doc.text
        el = _source(sources, doc, name, by_doc.get(doc.id, []), users, notes, rests_on, report)
        for variable, value in fields.document_variables(doc):
            v = ET.SubElement(el, "VariableValue")
            ET.SubElement(v, "VariableRef", {"targetGUID": variables[variable]})
            ET.SubElement(v, "TextValue").text = value
        report.documents += 1
        if progress is not None and progress(n, len(docs)) is False:
            report.cancelled = True
            return b"", report
    notes += [_judgment_note(j) for j in judgments]
    report.judgments = len(judgments)
    brief = fields.brief_notes(settings, DEFAULT_SETTINGS)
    for key, name, text in brief:
        note = ET.Element("Note", {"guid": derived("brief", key), "name": name})
        ET.SubElement(note, "PlainTextContent").text = text
        notes.append(note)
    if notes:
        el_notes = ET.SubElement(root, "Notes")
        el_notes.extend(notes)
    if judgments:
        group = ET.SubElement(ET.SubElement(root, "Sets"), "Set", {
            "guid": derived("set", fields.JUDGMENTS_SET), "name": fields.JUDGMENTS_SET})
        ET.SubElement(group, "Description").text = fields.JUDGMENTS_DESCRIPTION
        for j in judgments:
            ET.SubElement(group, "MemberNote", {"targetGUID": guid(j.id)})
    for key, _name, _text in brief:      # notes on the project as a whole
        ET.SubElement(root, "NoteRef", {"targetGUID": derived("brief", key)})
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
    """The document as UTF-8 XML. A carriage return in element text is written as ``&#13;``
    (ElementTree writes it raw, and every XML parser turns a raw one into a line feed)."""
    ET.indent(root)
    body = ET.tostring(root, encoding="utf-8", xml_declaration=False).replace(b"\r", b"&#13;")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + body


def _variables(root: ET.Element, docs: list[Document]) -> dict[str, str]:
    """The ``Variables`` the documents use (name -> GUID), in a fixed order."""
    used = {name for doc in docs for name, _value in fields.document_variables(doc)}
    out = {name: derived("variable", name) for _f, name in fields.DOC_VARIABLES if name in used}
    if out:
        el = ET.SubElement(root, "Variables")
        for name, g in out.items():
            ET.SubElement(el, "Variable", {"guid": g, "name": name, "typeOfVariable": "Text"})
    return out


def _judgment_note(j: Judgment) -> ET.Element:
    attrs = {"guid": guid(j.id), "name": j.text}
    if j.created_at:
        attrs["creationDateTime"] = j.created_at
    if j.updated_at:
        attrs["modifiedDateTime"] = j.updated_at
    note = ET.Element("Note", attrs)
    ET.SubElement(note, "PlainTextContent").text = fields.judgment_text(j)
    return note


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
            users: dict[str, str], notes: list[ET.Element], rests_on: dict[str, list[str]],
            report: ExportReport) -> ET.Element:
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
        sourcing = fields.quote_description(q)
        if sourcing:
            ET.SubElement(s, "Description").text = sourcing
        for code_id, code_guid in [(i, guid(i)) for i in (*q.actor_ids, *q.theme_ids)] + (
                [(fields.STARRED_CODE, STARRED_GUID)] if q.starred else []):
            c = ET.SubElement(s, "Coding", {"guid": derived("coding", q.id, code_id)})
            ET.SubElement(c, "CodeRef", {"targetGUID": code_guid})
        if q.note:
            note_guid = derived("note", q.id)
            ET.SubElement(s, "NoteRef", {"targetGUID": note_guid})
            note = ET.Element("Note", {"guid": note_guid, "name": f"Note on {q.exact[:40]}"})
            if q.created_by:
                note.set("creatingUser", users[q.created_by])
            ET.SubElement(note, "PlainTextContent").text = q.note
            notes.append(note)
            report.notes += 1
        for note_guid in rests_on.get(q.id, []):
            ET.SubElement(s, "NoteRef", {"targetGUID": note_guid})
        report.quotes += 1
    return el


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
