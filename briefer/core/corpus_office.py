"""Word (.docx) and OpenDocument (.odt) text: paragraphs and headings, core properties.

Both are ZIP files of XML; reading them with the standard library (zipfile + ElementTree)
adds nothing to the app's size. Each paragraph or heading becomes a line, with a blank line
between them; a line break inside a paragraph stays a newline, a tab a tab.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree as ET

MAX_XML_BYTES = 200 * 1024 * 1024  # unpacked part larger than this: refused (a ZIP bomb)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_DCTERMS = "{http://purl.org/dc/terms/}"
_META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"


class Unreadable(Exception):
    """Not a readable .docx/.odt; str() says why."""


@dataclass
class OfficeText:
    text: str
    title: str | None
    author: str | None
    date: str | None


def read_office(data: bytes, fmt: str) -> OfficeText:
    """The text and core properties of a .docx (``fmt`` "docx") or .odt ("odt") file."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise Unreadable(f"it is not a valid .{fmt} file (not a ZIP archive)") from None
    with archive:
        body, props = (("word/document.xml", "docProps/core.xml") if fmt == "docx"
                       else ("content.xml", "meta.xml"))
        root = _xml(archive, body, required=True)
        meta = _xml(archive, props, required=False)
    lines = _docx_lines(root) if fmt == "docx" else _odt_lines(root)
    text = "\n\n".join(line for line in lines if line.strip())
    if meta is None:
        return OfficeText(text, None, None, None)
    title = _find(meta, f"{_DC}title")
    author = _find(meta, f"{_DC}creator") or _find(meta, f"{_META}initial-creator")
    date = (_find(meta, f"{_DCTERMS}created") or _find(meta, f"{_META}creation-date")
            or _find(meta, f"{_DC}date"))
    m = re.match(r"\d{4}-\d{2}-\d{2}", date or "")
    return OfficeText(text, title, author, m.group(0) if m else None)


def _xml(archive: zipfile.ZipFile, name: str, required: bool):
    try:
        info = archive.getinfo(name)
    except KeyError:
        if required:
            raise Unreadable(f"it has no {name} (damaged, or another kind of ZIP file)") from None
        return None
    if info.file_size > MAX_XML_BYTES:
        raise Unreadable(f"its {name} unpacks to {info.file_size} bytes, over the "
                         f"{MAX_XML_BYTES} limit")
    try:
        return ET.fromstring(archive.read(info))
    except (ET.ParseError, zipfile.BadZipFile, OSError, EOFError) as exc:
        raise Unreadable(f"its {name} cannot be read ({exc})") from None


def _find(root, tag: str) -> str | None:
    node = root.find(f".//{tag}")
    value = " ".join((node.text or "").split()) if node is not None else ""
    return value or None


def _docx_lines(root) -> list[str]:
    lines = []
    for para in root.iter(f"{_W}p"):
        parts = []
        for node in para.iter():
            if node.tag == f"{_W}t":
                parts.append(node.text or "")
            elif node.tag == f"{_W}tab":
                parts.append("\t")
            elif node.tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
        lines.append("".join(parts).strip(" "))
    return lines


def _odt_lines(root) -> list[str]:
    lines = []
    for node in root.iter():
        if node.tag in (f"{_TEXT}p", f"{_TEXT}h"):
            lines.append(_odt_text(node).strip(" "))
    return lines


def _odt_text(node) -> str:
    parts = [node.text or ""]
    for child in node:
        if child.tag == f"{_TEXT}s":
            parts.append(" " * int(child.get(f"{_TEXT}c", "1")))
        elif child.tag == f"{_TEXT}tab":
            parts.append("\t")
        elif child.tag == f"{_TEXT}line-break":
            parts.append("\n")
        elif child.tag not in (f"{_TEXT}note", f"{_TEXT}annotation"):
            parts.append(_odt_text(child))
        parts.append(child.tail or "")
    return "".join(parts)
