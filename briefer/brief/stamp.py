"""Page furniture stamped onto a finished PDF (the same for both engines).

Every page gets the handling marking centred at the top and bottom (TLP levels in their
TLP 2.0 colours on black), the title at the top left and "Page X of Y" at the bottom
right, drawn by reportlab into an overlay and merged with pypdf. Text stays extractable
and every font is embedded: Latin text uses a TrueType font (DejaVu Sans), CJK text a
TrueType subset of Noto Sans CJK made for the document (``cjkfont``); only without
fontTools or Noto CJK does it fall back to reportlab's non-embedded STSong-Light.

While the pages are rewritten, the text layer is mended (``text_layer``).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import cast

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject,
                           FloatObject, NameObject)
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from .cjkfont import truetype_subset
from .html import TLP_COLOURS
from .text_layer import mend_text_layer
from .textobjects import Rect, drop_text_above

CJK_FONT = "STSong-Light"
HEADER_Y_MM = 10.0          # baseline of the header, from the top edge
FOOTER_Y_MM = 8.5           # baseline of the footer, from the bottom edge
SIDE_MM = 16.0
INK = (0.106, 0.165, 0.227)      # #1b2a3a
GREY = (0.45, 0.5, 0.56)
_SANS_CANDIDATES = (
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
     "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/TTF/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf"),
    ("C:/Windows/Fonts/arial.ttf", "C:/Windows/Fonts/arialbd.ttf"),
    ("/System/Library/Fonts/Supplemental/Arial.ttf",
     "/System/Library/Fonts/Supplemental/Arial Bold.ttf"),
)


@lru_cache(maxsize=1)
def _fonts() -> tuple[str, str, frozenset]:
    """Register (regular, bold) TrueType fonts; return their names and coverage."""
    import reportlab

    vera = Path(reportlab.__file__).parent / "fonts"
    candidates = list(_SANS_CANDIDATES) + [(str(vera / "Vera.ttf"), str(vera / "VeraBd.ttf"))]
    for regular, bold in candidates:
        if Path(regular).is_file() and Path(bold).is_file():
            try:
                pdfmetrics.registerFont(TTFont("BrieferStamp", regular))
                pdfmetrics.registerFont(TTFont("BrieferStamp-Bold", bold))
            except Exception:      # a damaged or unusual font file: try the next one
                continue
            face = pdfmetrics.getFont("BrieferStamp").face
            return "BrieferStamp", "BrieferStamp-Bold", frozenset(face.charToGlyph)
    return "Helvetica", "Helvetica-Bold", frozenset(range(32, 256))


def _cjk_font(text: str, coverage: frozenset) -> str:
    """The font for the characters of ``text`` the TrueType font lacks: an embedded
    subset of Noto Sans CJK (see ``cjkfont``), else reportlab's STSong-Light."""
    missing = "".join(ch for ch in set(text) if ord(ch) not in coverage and not ch.isspace())
    made = truetype_subset(missing + "…") if missing else None
    if made is None:
        if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
        return CJK_FONT
    name, data = made
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, io.BytesIO(data)))
    return name


@dataclass(frozen=True)
class Label:
    """Text drawn onto a page (a page number of the contents or of the sources): at ``x``
    (its left end, or its right end when ``align`` is "right") on ``baseline`` (points from
    the bottom)."""
    x: float
    baseline: float
    size: float
    text: str
    align: str = "left"


def text_width(text: str, size: float) -> float:
    """Width of ``text`` (page numbers, commas, dashes) in the stamp's regular font."""
    return pdfmetrics.stringWidth(text, _fonts()[0], size)


class _Fonts:
    """The stamp's fonts for one document: regular, bold, their coverage, and the font
    for the other characters (CJK) of its title and marking."""

    def __init__(self, text: str):
        self.regular, self.bold, self.coverage = _fonts()
        self.other = _cjk_font(text, self.coverage) if any(
            ord(ch) not in self.coverage for ch in text) else CJK_FONT


def _runs(text: str, font: str, fonts: _Fonts) -> list[tuple[str, str]]:
    """Split ``text`` into (font, text) runs: the TrueType font where it has the glyph."""
    runs: list[tuple[str, str]] = []
    coverage, other = fonts.coverage, fonts.other
    for ch in text:
        name = font if (ord(ch) in coverage or ch.isspace()) else other
        if runs and runs[-1][0] == name:
            runs[-1] = (name, runs[-1][1] + ch)
        else:
            runs.append((name, ch))
    return runs


def _width(runs, size: float) -> float:
    return sum(pdfmetrics.stringWidth(text, name, size) for name, text in runs)


def _draw(c: canvas.Canvas, x: float, y: float, runs, size: float) -> None:
    for name, text in runs:
        c.setFont(name, size)
        c.drawString(x, y, text)
        x += pdfmetrics.stringWidth(text, name, size)


def _prefix_fitting(text: str, font: str, fonts: _Fonts, size: float, width: float) -> int:
    """How many leading characters of ``text`` fit in ``width`` (one pass, stops early)."""
    used = 0.0
    for count, (name, ch) in enumerate(((n, ch) for n, run in _runs(text, font, fonts)
                                        for ch in run)):
        used += pdfmetrics.stringWidth(ch, name, size)
        if used > width:
            return count
    return len(text)


def _fit(text: str, font: str, fonts: _Fonts, size: float, width: float):
    """``text`` as runs that fit ``width``, elided with "…" when it does not fit.

    Widths add up character by character (reportlab does not kern), so the longest
    prefix that fits is found in one pass over at most the characters that fit, not by
    trimming a character at a time and measuring the whole string again (quadratic: a
    10,000-character title took minutes).
    """
    if _prefix_fitting(text, font, fonts, size, width) == len(text):
        return _runs(text, font, fonts)
    room = width - _width(_runs("…", font, fonts), size)
    keep = _prefix_fitting(text, font, fonts, size, room) if room > 0 else 0
    text = text[:keep].rstrip()
    return _runs(text + "…", font, fonts) if text else []


def _title_runs(title: str, fonts: _Fonts, room: float) -> tuple[list, float]:
    """(runs, size) of the header's title: the largest size at which it fits, else the
    smallest size, elided."""
    for size in (8, 7.5, 7, 6.5):
        if _prefix_fitting(title, fonts.bold, fonts, size, room) == len(title):
            return _runs(title, fonts.bold, fonts), size
    return _fit(title, fonts.bold, fonts, 6.5, room), 6.5


def _marking_runs(marking: str, fonts: _Fonts, room: float) -> tuple[list, float]:
    """(runs, size) of the marking: smaller type for a long one, elided if still too long."""
    size = 8.5
    while size > 5 and _prefix_fitting(marking, fonts.bold, fonts, size, room) < len(marking):
        size -= 0.5
    return _fit(marking, fonts.bold, fonts, size, room), size


def _marking(c: canvas.Canvas, centre: float, y: float, tlp: str | None,
             laid_out: tuple[list, float]) -> float:
    """Draw the marking (``_marking_runs``) centred on ``centre``; return its width."""
    runs, size = laid_out
    width = _width(runs, size)
    if tlp:
        fg, bg = TLP_COLOURS.get(tlp, ("#ffffff", "#000000"))
        pad = 2.2 * mm
        c.setFillColor(bg)
        c.roundRect(centre - width / 2 - pad, y - 1.6 * mm, width + 2 * pad, 4.8 * mm,
                    1.0 * mm, stroke=0, fill=1)
        c.setFillColor(fg)
    else:
        c.setFillColorRGB(*INK)
    _draw(c, centre - width / 2, y, runs, size)
    return width + 4.4 * mm


def overlay(pages: list[tuple[float, float]], title: str, marking: str,
            tlp: str | None, labels: dict[int, list[Label]] | None = None) -> bytes:
    """One overlay page per (width, height), with the furniture of that page and its
    ``labels`` (by page index)."""
    fonts = _Fonts(title + marking)
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=pages[0] if pages else (595.0, 842.0),
                      initialFontName=fonts.regular, initialFontSize=8)
    total = len(pages)
    titles: dict[float, tuple[list, float]] = {}      # measured once per room, not per page
    markings: dict[float, tuple[list, float]] = {}
    for number, (w, h) in enumerate(pages, 1):
        c.setPageSize((w, h))
        top, bottom = h - HEADER_Y_MM * mm, FOOTER_Y_MM * mm
        used = 0.0
        if marking:
            room = w - 2 * SIDE_MM * mm - 150          # leaves the page number its place
            if room not in markings:
                markings[room] = _marking_runs(marking, fonts, room)
            used = _marking(c, w / 2, top, tlp, markings[room])
            _marking(c, w / 2, bottom, tlp, markings[room])
        room = w / 2 - used / 2 - 4 * mm - SIDE_MM * mm
        if room not in titles:
            titles[room] = _title_runs(title, fonts, room)
        c.setFillColorRGB(*INK)
        runs, size = titles[room]
        _draw(c, SIDE_MM * mm, top, runs, size)
        c.setFillColorRGB(*GREY)
        page_text = f"Page {number} of {total}"
        c.setFont(fonts.regular, 8)
        c.drawRightString(w - SIDE_MM * mm, bottom, page_text)
        c.setStrokeColorRGB(0.78, 0.82, 0.86)
        c.setLineWidth(0.5)
        c.line(SIDE_MM * mm, top - 2.6 * mm, w - SIDE_MM * mm, top - 2.6 * mm)
        c.line(SIDE_MM * mm, bottom + 4.0 * mm, w - SIDE_MM * mm, bottom + 4.0 * mm)
        _labels(c, (labels or {}).get(number - 1, ()), fonts.regular)
        c.showPage()
    c.save()
    return out.getvalue()


def _labels(c: canvas.Canvas, labels, font: str) -> None:
    c.setFillColorRGB(*INK)
    for label in labels:
        c.setFont(font, label.size)
        draw = c.drawRightString if label.align == "right" else c.drawString
        draw(label.x, label.baseline, label.text)


def stamp_pdf(src: str | Path, dst: str | Path, *, title: str, marking: str,
              tlp: str | None = None, author: str = "", hidden_top_mm: float | None = None,
              hidden_bottom_mm: float | None = None, finish=None,
              labels: dict[int, list[Label]] | None = None,
              erase: dict[int, list[Rect]] | None = None,
              mend: set[int] | None = None) -> int:
    """Write ``src`` with page furniture to ``dst``; return the number of pages.

    ``hidden_top_mm``: drop text whose baseline lies in that top margin, where the engine
    clipped it out of sight (the Qt engine's page-break duplicates, see ``drop_text_above``);
    ``hidden_bottom_mm`` the same in the bottom margin (Qt paints the next page's first line
    there too, clipped). ``mend``: the page indexes to look at for that (the pages where a
    paragraph breaks across pages, ``qt_positions.straddled``); None: every page.
    ``labels`` (by page index) are drawn with the furniture, after the text objects
    starting in ``erase``'s rectangles (by page index) are removed (``pagenumbers``).
    ``finish(writer)``: called last, to add the outline, links and metadata (else only the
    document information is set).

    Each page's furniture is a form XObject drawn after the page's own content, which is
    left as it was (not parsed and rewritten, as ``merge_page`` does: most of the time).
    """
    reader = PdfReader(str(src))
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]
    furniture = PdfReader(io.BytesIO(overlay(sizes, title, marking, tlp, labels)))
    writer = PdfWriter(clone_from=reader)
    hidden = (hidden_top_mm, hidden_bottom_mm) != (None, None)
    seen: set[int] = set()
    wrap = (writer._add_object(_stream(b"q\n")),
            writer._add_object(_stream(b"\nQ q /BrieferPage Do Q\n")))
    for index, (page, extra, (_, height)) in enumerate(zip(writer.pages, furniture.pages,
                                                          sizes)):
        contents = _contents(page)
        rects = (erase or {}).get(index)
        if contents and (rects or (hidden and (mend is None or index in mend))):
            data = b"".join(c.get_object().get_data() for c in contents)
            above = height - hidden_top_mm * mm if hidden_top_mm is not None else None
            below = hidden_bottom_mm * mm if hidden_bottom_mm is not None else None
            kept = drop_text_above(data, above, below, rects)
            if kept != data:
                contents = [writer._add_object(_stream(kept).flate_encode())]
        _draw_over(writer, page, contents, extra, wrap, seen)
    mend_text_layer(writer)
    if finish is not None:
        finish(writer)
    else:
        writer.add_metadata({"/Title": title, "/Author": author, "/Subject": marking,
                             "/Producer": "Briefer"})
    with open(dst, "wb") as fh:
        writer.write(fh)
    return len(sizes)


def _stream(data: bytes) -> DecodedStreamObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream


def _contents(page) -> list:
    """The page's content streams (references), in order."""
    raw = page.raw_get("/Contents") if "/Contents" in page else None
    if raw is None:
        return []
    obj = raw.get_object()
    return list(obj) if isinstance(obj, ArrayObject) else [raw]


def _draw_over(writer: PdfWriter, page, contents: list, extra, wrap, seen: set) -> None:
    """Draw the overlay page ``extra`` over ``page`` as a form XObject: the page's content
    in q … Q (whatever state it leaves), then the form, named in the page's resources (in a
    copy of them if another page shares them: ``seen`` holds those met so far)."""
    form = _stream(extra.get_contents().get_data()).flate_encode(level=9)
    form.update({NameObject("/Type"): NameObject("/XObject"),
                 NameObject("/Subtype"): NameObject("/Form"),
                 NameObject("/BBox"): ArrayObject(FloatObject(v) for v in extra.mediabox),
                 NameObject("/Resources"): extra["/Resources"].clone(writer)})
    raw = page.raw_get("/Resources") if "/Resources" in page else None
    resources = cast(DictionaryObject, raw.get_object()) if raw is not None else None
    if resources is None or id(resources) in seen:
        resources = DictionaryObject(resources or {})
        page[NameObject("/Resources")] = resources
    seen.add(id(resources))
    xobjects = resources.get("/XObject")
    if xobjects is None:
        xobjects = resources[NameObject("/XObject")] = DictionaryObject()
    xobjects = cast(DictionaryObject, xobjects.get_object())
    if id(xobjects) in seen:
        xobjects = resources[NameObject("/XObject")] = DictionaryObject(xobjects)
    seen.add(id(xobjects))
    xobjects[NameObject("/BrieferPage")] = writer._add_object(form)
    page[NameObject("/Contents")] = ArrayObject([wrap[0], *contents, wrap[1]])
