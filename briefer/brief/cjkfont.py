"""An embeddable TrueType font for the CJK text of the stamped page furniture.

reportlab embeds only TrueType (glyf) fonts; its CID fonts (STSong-Light) are never
embedded, so a reader without Adobe's CMaps and fonts (Debian without ``poppler-data``)
cannot show or extract them. The Noto CJK fonts are CFF-flavoured OpenType, which
reportlab cannot embed either. So, once per document, the few characters the title and
marking need are cut out of Noto Sans CJK (fontTools' subsetter) and their cubic outlines
turned into quadratic ones (cu2qu): a small TrueType font (≈5 KB for a dozen characters,
≈0.5 s) that reportlab embeds like any other. Without fontTools or a Noto CJK font the
caller falls back to STSong-Light.
"""

from __future__ import annotations

import hashlib
import io
import subprocess
from functools import lru_cache
from pathlib import Path

#: Where Debian's fonts-noto-cjk (and other systems) keep the bold sans collection.
_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc",
    "/System/Library/Fonts/NotoSansCJK-Bold.ttc",
)
_FAMILY = "Noto Sans CJK SC"


@lru_cache(maxsize=1)
def _source() -> tuple[str, int] | None:
    """(path of a Noto Sans CJK collection, index of its SC face) or None."""
    paths = [p for p in _CANDIDATES if Path(p).is_file()]
    if not paths:
        try:
            found = subprocess.run(["fc-match", "-f", "%{file}", f"{_FAMILY}:bold"],
                                   capture_output=True, text=True, timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            found = ""
        if found.lower().endswith((".ttc", ".otf")) and "cjk" in found.lower():
            paths.append(found)
    try:
        from fontTools.ttLib import TTCollection
    except ImportError:
        return None
    for path in paths:
        try:
            if not path.lower().endswith(".ttc"):
                return path, -1
            faces = TTCollection(path, lazy=True).fonts
            for index, face in enumerate(faces):
                if face["name"].getDebugName(1) == _FAMILY:
                    return path, index
            return path, 0
        except Exception:        # an unreadable font file: try the next one
            continue
    return None


def truetype_subset(text: str) -> tuple[str, bytes] | None:
    """(font name, TrueType font) with the glyphs of ``text``; None when none can be made."""
    chars = "".join(sorted(set(text)))
    return _subset(chars) if chars else None


@lru_cache(maxsize=8)
def _subset(chars: str) -> tuple[str, bytes] | None:
    source = _source()
    if source is None:
        return None
    try:
        return font_name(chars), _build(source, chars)
    except Exception:            # fontTools refused this font: the caller falls back
        return None


def _build(source: tuple[str, int], chars: str) -> bytes:
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    path, index = source
    font = TTFont(path, fontNumber=index, lazy=True) if index >= 0 else TTFont(path, lazy=True)
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.notdef_outline = True
    options.name_IDs = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    subsetter.subset(font)
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:                  # cubic (CFF) outlines → quadratic (glyf) ones
        pen = TTGlyphPen(None)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, glyphs
    font["loca"] = newTable("loca")
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                 "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                 "maxComponentElements", "maxPoints", "maxContours", "maxCompositePoints",
                 "maxCompositeContours", "maxComponentDepth"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["head"].indexToLocFormat = 0
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 3.0
    font.sfntVersion = "\0\1\0\0"
    # A name of its own: reportlab tells faces apart by their PostScript name, so two
    # subsets both called NotoSansCJKsc-Bold would share the glyphs of the first.
    unique = font_name(chars)
    names = font["name"]
    names.names = [record for record in names.names if record.nameID not in (1, 3, 4, 6)]
    for name_id in (1, 3, 4, 6):
        names.setName(unique, name_id, 3, 1, 0x409)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def font_name(chars: str) -> str:
    """A font name unique to the subset of these characters."""
    return "BrieferCJK" + hashlib.sha1(chars.encode("utf-8")).hexdigest()[:12]


__all__ = ["font_name", "truetype_subset"]
