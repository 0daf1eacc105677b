"""Mending a PDF's text layer: Noto CJK maps some glyphs to both a unified ideograph and a
Kangxi radical (心 U+5FC3 and ⼼ U+2F3C), and Qt's PDF writer may pick the radical for the
ToUnicode map, so copy/search would miss 关心; Qt also maps ligature glyphs to U+FB01 "ﬁ"
and the like. Such entries are rewritten to their NFKC form, the characters the text
actually had ("fi").
"""

from __future__ import annotations

import re
import unicodedata

from pypdf import PdfWriter
from pypdf.generic import NameObject

_HEX = re.compile(r"<([0-9A-Fa-f]+)>")


def _fix_hex(token: str) -> str:
    try:
        text = bytes.fromhex(token).decode("utf-16-be")
    except (ValueError, UnicodeDecodeError):
        return token
    if not any(0x2E80 <= ord(ch) <= 0x2FDF or 0xF900 <= ord(ch) <= 0xFAFF
               or 0xFB00 <= ord(ch) <= 0xFB06 for ch in text):
        return token
    fixed = unicodedata.normalize("NFKC", text)
    return fixed.encode("utf-16-be").hex().upper() if fixed else token


def mend_cmap(data: str) -> str:
    """Rewrite ToUnicode targets that are CJK radicals / compatibility ideographs."""
    fix = lambda m: f"<{_fix_hex(m.group(1))}>"  # noqa: E731
    data = re.sub(r"\[([^\]]*)\]", lambda m: "[" + _HEX.sub(fix, m.group(1)) + "]", data)
    out, mode = [], None
    for line in data.splitlines():
        stripped = line.strip()
        if stripped.endswith(("beginbfchar", "beginbfrange")):
            mode = stripped.split()[-1][5:]
        elif stripped in ("endbfchar", "endbfrange"):
            mode = None
        elif mode and "[" not in line:
            tokens = _HEX.findall(line)
            if (mode == "bfchar" and len(tokens) == 2) or \
                    (len(tokens) == 3 and tokens[0].upper() == tokens[1].upper()):
                line = line[:line.rfind("<")] + fix(_HEX.match(line[line.rfind("<"):]))
        out.append(line)
    return "\n".join(out) + "\n"


def font_dicts(resources, depth: int = 0):
    resources = resources.get_object() if resources is not None else None
    if not resources:
        return
    fonts = resources.get("/Font")
    if fonts is not None:
        yield from (ref.get_object() for ref in fonts.get_object().values())
    if depth < 2:
        for ref in (resources.get("/XObject") or {}).values():
            xobj = ref.get_object()
            if xobj.get("/Subtype") == "/Form":
                yield from font_dicts(xobj.get("/Resources"), depth + 1)


def mend_text_layer(writer: PdfWriter) -> None:
    seen: set[int] = set()
    for page in writer.pages:
        for font in font_dicts(page.get("/Resources")):
            cmap_ref = font.get(NameObject("/ToUnicode"))
            if cmap_ref is None:
                continue
            stream = cmap_ref.get_object()
            if id(stream) in seen:
                continue
            seen.add(id(stream))
            try:
                data = stream.get_data().decode("latin-1")
            except Exception:     # an unreadable stream: leave it as it is
                continue
            fixed = mend_cmap(data)
            if fixed.strip() != data.strip():
                stream.set_data(fixed.encode("latin-1"))
