"""Subset fonts named as subsets: the tag Qt's PDF writer leaves off.

Qt (the built-in engine, and wkhtmltopdf, which prints through Qt) embeds a subset of each
font — only the glyphs used — and names it ``QKDAAA+DejaVuSans-Bold`` in the font
descriptor, but leaves the untagged ``DejaVuSans-Bold`` as the font's ``/BaseFont``. The
PDF specification (9.6.4) asks for the tag on both; without it, ``pdffonts`` and preflight
tools report a whole embedded font. The descriptor's tagged name is copied to the font and
its descendant.
"""

from __future__ import annotations

import re

from pypdf import PdfWriter
from pypdf.generic import NameObject

_TAG = re.compile(r"^/[A-Z]{6}\+")


def _descriptor_name(font) -> str | None:
    descendants = font.get("/DescendantFonts")
    target = descendants[0].get_object() if descendants else font
    descriptor = target.get("/FontDescriptor")
    if descriptor is None:
        return None
    descriptor = descriptor.get_object()
    if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
        return None                              # not embedded: nothing to name
    name = str(descriptor.get("/FontName", ""))
    return name if _TAG.match(name) else None


def tag_subset_fonts(writer: PdfWriter) -> int:
    """Give each embedded subset font its descriptor's tagged name; return how many."""
    from .text_layer import font_dicts

    done: set[int] = set()
    for page in writer.pages:
        for font in font_dicts(page.get("/Resources")):
            if id(font) in done:
                continue
            done.add(id(font))
            name = _descriptor_name(font)
            if name is None or str(font.get("/BaseFont", "")) == name:
                continue
            font[NameObject("/BaseFont")] = NameObject(name)
            for ref in font.get("/DescendantFonts") or []:
                ref.get_object()[NameObject("/BaseFont")] = NameObject(name)
    return len(done)
