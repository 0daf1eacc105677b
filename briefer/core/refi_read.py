"""Reading a REFI-QDA file (``.qdpx``, ``.qde``, ``.qdc``) as real tools write them, into
plain data: codes (nested), users, notes, text sources with their selections. Nothing here
touches a project; :mod:`refi_import` decides what becomes what.

Tools differ (all handled here or in :mod:`refi_import`): GUIDs upper case (MAXQDA,
ATLAS.ti), lower case (NVivo), in braces, or ids that are not GUIDs at all; colours missing;
memos in a ``Description`` or in ``Notes`` referred to by ``NoteRef``; text as
``plainTextPath`` (``internal://`` = the zip's ``sources/``) or ``PlainTextContent``.
"""

from __future__ import annotations

import re
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

from .errors import BrieferError

_GUID = re.compile(r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                   r"[0-9a-fA-F]{12})\}?$")
_NON_GUID = uuid.UUID("0d0f4c1e-3b0a-4f55-8e7c-2a3d9b1e7f60")
MAX_MEMBER = 512 * 1024 * 1024      # bytes one zip member may expand to


class NotRefiQda(BrieferError):
    """The file is not a REFI-QDA project or codebook, or it is damaged."""


@dataclass
class Code:
    key: str                        # normalised id (lower-case GUID, or derived)
    name: str
    path: tuple[str, ...]           # names from the top-level code down to this one
    colour: str = ""
    description: str = ""
    codable: bool = True
    children: int = 0


@dataclass
class Note:
    """A project-level ``Note`` (a text source of its own: a memo, a Briefer judgment or a
    section of the brief); ``text`` exactly as the file has it."""

    key: str
    name: str
    text: str
    created_at: str = ""
    updated_at: str = ""


@dataclass
class Selection:
    key: str
    start: int                      # as the file gives it (units depend on the tool)
    end: int
    name: str                       # often the selected text (or its beginning)
    memo: str                       # Description and referenced notes
    code_keys: list[str]
    created_by: str = ""
    created_at: str = ""
    updated_by: str = ""
    updated_at: str = ""
    description: str = ""           # its Description alone
    note_keys: list[str] = field(default_factory=list)   # the notes its NoteRefs name


@dataclass
class Source:
    key: str
    name: str
    text: str | None                # None: not readable (reason in ``problem``)
    description: str = ""
    selections: list[Selection] = field(default_factory=list)
    problem: str = ""
    variables: dict[str, str] = field(default_factory=dict)   # variable name -> value


@dataclass
class RefiFile:
    kind: str                       # "project" or "codebook"
    origin: str
    codes: list[Code]
    sources: list[Source] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)   # (what, why)
    notes: dict[str, Note] = field(default_factory=dict)          # key -> note, in file order
    sets: list[tuple[str, list[str]]] = field(default_factory=list)  # (name, member note keys)


def normal_id(value: str | None) -> str:
    """A GUID in lower case without braces; any other id turned into a stable UUID."""
    value = (value or "").strip()
    m = _GUID.match(value)
    if m:
        return m.group(1).lower()
    return str(uuid.uuid5(_NON_GUID, value))


def read_refi(path: str | Path) -> RefiFile:
    """Read a ``.qdpx`` (zip), ``.qde`` or ``.qdc`` file; ``NotRefiQda`` if it is neither."""
    path = Path(path)
    try:
        head = path.read_bytes()[:4] if path.stat().st_size else b""
    except OSError as exc:
        raise NotRefiQda(f"Cannot read {path.name}: {exc.strerror or exc}.") from exc
    if head.startswith(b"PK"):
        return _read_zip(path)
    return _parse(path.read_bytes(), path.name, None)


def _read_zip(path: Path) -> RefiFile:
    try:
        with zipfile.ZipFile(path) as zf:
            names = {n.casefold(): n for n in zf.namelist()}
            qde = names.get("project.qde") or next(
                (n for k, n in names.items() if k.endswith(".qde")), None)
            if qde is None:
                raise NotRefiQda(f"{path.name} is a zip file but not a REFI-QDA project "
                                 "(it holds no project.qde).")

            def member(inner: str) -> bytes | None:
                real = names.get(inner.casefold())
                if real is None:
                    return None
                if zf.getinfo(real).file_size > MAX_MEMBER:
                    raise NotRefiQda(f"{path.name}: {inner} is too large to import.")
                return zf.read(real)
            return _parse(member(qde) or b"", path.name, member)
    except zipfile.BadZipFile as exc:
        raise NotRefiQda(f"{path.name} is damaged: {exc}.") from exc
    except (OSError, EOFError, zipfile.LargeZipFile) as exc:
        raise NotRefiQda(f"{path.name} is damaged: {exc}.") from exc


def _parse(data: bytes, name: str, member) -> RefiFile:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise NotRefiQda(f"{name} is not a REFI-QDA file (its XML is damaged or missing: "
                         f"{exc}).") from exc
    tag = _local(root.tag)
    if tag not in ("Project", "CodeBook"):
        raise NotRefiQda(f"{name} is not a REFI-QDA file (its root element is <{tag}>, "
                         "not <Project> or <CodeBook>).")
    origin = root.get("origin") or ""
    codes_el = _child(root, "Codes") if tag == "CodeBook" else _child(_child(root, "CodeBook"),
                                                                        "Codes")
    codes: list[Code] = []
    note_list = _notes(root, member) if tag == "Project" else {}
    notes = {k: n.text.strip() for k, n in note_list.items()}
    for el in _children(codes_el, "Code"):
        _code(el, (), codes, notes)
    out = RefiFile("project" if tag == "Project" else "codebook", origin, codes, notes=note_list)
    if tag == "Project":
        users = {normal_id(u.get("guid")): (u.get("name") or u.get("id") or "")
                 for u in _children(_child(root, "Users"), "User")}
        variables = {normal_id(v.get("guid")): (v.get("name") or "").strip()
                     for v in _children(_child(root, "Variables"), "Variable")}
        out.sets = [(" ".join((s.get("name") or "").split()),
                     [normal_id(m.get("targetGUID")) for m in _children(s, "MemberNote")])
                    for s in _children(_child(root, "Sets"), "Set")]
        for el in list(_child(root, "Sources") or []):
            kind = _local(el.tag)
            if kind != "TextSource":
                out.skipped.append((el.get("name") or kind,
                                    f"a {kind} (Briefer imports text sources only)"))
                continue
            out.sources.append(_source(el, member, notes, users, variables))
    return out


def _code(el: ET.Element, parents: tuple[str, ...], out: list[Code],
          notes: dict[str, str]) -> None:
    name = " ".join((el.get("name") or "").split())
    memo = _memo(el, notes)
    code = Code(normal_id(el.get("guid")), name, (*parents, name), (el.get("color") or "").strip(),
                memo, (el.get("isCodable") or "true").strip().lower() != "false")
    out.append(code)
    kids = _children(el, "Code")
    code.children = len(kids)
    for kid in kids:
        _code(kid, code.path, out, notes)


def _notes(root: ET.Element, member) -> dict[str, Note]:
    out = {}
    for note in _children(_child(root, "Notes"), "Note"):
        key = normal_id(note.get("guid"))
        out[key] = Note(key, note.get("name") or "", _text_of(note, member) or "",
                        note.get("creationDateTime") or "", note.get("modifiedDateTime") or "")
    return out


def _description(el: ET.Element) -> str:
    desc = _child(el, "Description")
    return (desc.text or "").strip() if desc is not None else ""


def _memo(el: ET.Element, notes: dict[str, str]) -> str:
    """An element's memo: its Description, then the notes its NoteRefs name."""
    parts = [_description(el)]
    parts += [notes.get(normal_id(r.get("targetGUID")), "") for r in _children(el, "NoteRef")]
    return "\n\n".join(p for p in parts if p)


def _source(el: ET.Element, member, notes: dict[str, str], users: dict[str, str],
            variables: dict[str, str]) -> Source:
    name = el.get("name") or "Untitled"
    problem = ""
    try:
        text = _text_of(el, member)
        if text is None:
            problem = "its text is neither in the file nor in its sources/ folder"
    except NotRefiQda as exc:
        text, problem = None, str(exc)
    src = Source(normal_id(el.get("guid")), name, text, _description(el), problem=problem)
    for value in _children(el, "VariableValue"):
        ref = _child(value, "VariableRef")
        variable = variables.get(normal_id(ref.get("targetGUID"))) if ref is not None else None
        data = [c for c in value if _local(c.tag) != "VariableRef"]
        if variable and data:
            src.variables[variable] = (data[0].text or "").strip()
    for s in _children(el, "PlainTextSelection"):
        def user(attr: str) -> str:
            return users.get(normal_id(s.get(attr)), "") if s.get(attr) else ""  # noqa: B023
        try:
            start, end = int(s.get("startPosition", "")), int(s.get("endPosition", ""))
        except ValueError:
            start = end = -1
        src.selections.append(Selection(
            normal_id(s.get("guid")), start, end, s.get("name") or "", _memo(s, notes),
            [normal_id(c.get("targetGUID")) for cd in _children(s, "Coding")
             for c in _children(cd, "CodeRef")],
            user("creatingUser"), s.get("creationDateTime") or "",
            user("modifyingUser"), s.get("modifiedDateTime") or "",
            _description(s), [normal_id(r.get("targetGUID")) for r in _children(s, "NoteRef")]))
    return src


def _text_of(el: ET.Element, member) -> str | None:
    content = _child(el, "PlainTextContent")
    if content is not None and content.text is not None:
        return content.text
    path = el.get("plainTextPath") or ""
    if not path or member is None:
        return None
    if path.startswith("internal://"):
        inner = "sources/" + path[len("internal://"):]
    elif "://" in path:
        return None          # absolute:// and relative:// point outside the file
    else:
        inner = path
    data = member(inner)
    return None if data is None else decode(data, inner)


def decode(data: bytes, name: str) -> str:
    """A source's bytes as text: UTF-8 (the standard), or UTF-16 when it has a BOM."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NotRefiQda(f"{name} is not UTF-8 text ({exc.reason} at byte {exc.start})") from exc


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(el: ET.Element | None, name: str) -> list[ET.Element]:
    return [c for c in (el if el is not None else []) if _local(c.tag) == name]


def _child(el: ET.Element | None, name: str) -> ET.Element | None:
    kids = _children(el, name)
    return kids[0] if kids else None
