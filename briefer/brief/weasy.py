"""The WeasyPrint engine: a tagged PDF (PDF/UA-1) or an archival one (PDF/A-3b).

Neither Debian's wkhtmltopdf nor QPdfWriter can tag a PDF for screen readers; WeasyPrint
can, and it makes the outline (from the headings), the `[n]` links (from anchors) and the
page furniture (CSS margin boxes) itself, so its PDF is not rewritten afterwards (that
would drop the structure tree's guarantees): Briefer is named its Producer by WeasyPrint's
finisher hook, before the file is written. The sources' "Cited on pages" are read from
the laid-out pages and written into them before they are drawn (``weasy_pages``). It is
optional: installed from PyPI with the source install (it needs Pango), not in the frozen
app, which says so when asked for it.
"""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path
from xml.sax.saxutils import escape

from markupsafe import Markup

from . import weasy_pages, weasy_tuning
from .html import TLP_COLOURS, bar_class, render_html
from .model import Brief
from .navigation import headings
from .pdfmeta import PRODUCER
from .wkhtml import MARGINS_MM, Cancelled, EngineError

MISSING = ("The WeasyPrint engine (tagged PDF/UA and archival PDF/A briefs) is not part of "
           "this build of Briefer{where}: it needs the source install (`pip install "
           "'briefer[weasyprint]'`, with the Pango library). Use --engine wkhtmltopdf or qt "
           "here.")
#: What the standalone app says instead: WeasyPrint and its own dependencies (about 13 MB,
#: measured in README) are excluded from it by briefer.spec to keep within its size budget.
FROZEN = " (the standalone app leaves it out to stay small)"
#: Without HarfBuzz's subsetter WeasyPrint cuts the fonts down with fontTools, in Python:
#: about 6 s of CPU for each Noto CJK face a brief uses (README, bench_brief).
SLOW_SUBSET = ("WeasyPrint found no libharfbuzz-subset (HarfBuzz 4.1 or later) and subset the "
               "fonts with fontTools, which takes minutes for the Chinese, Japanese and Korean "
               "fonts: install it (Debian: libharfbuzz-subset0) for a faster brief.")


def _css_string(text: str) -> str:
    return '"' + "".join(ch if ch.isalnum() or ch in " .,:;/+-()" else f"\\{ord(ch):x} "
                         for ch in text) + '"'


#: The sources table's columns in the WeasyPrint brief, padding included (its fixed layout
#: takes them from the header row): "[135]", "28 Aug 2025" and each header fit, no table
#: wider than the page; a word longer than its cell breaks rather than runs into the next.
SOURCE_COLUMNS = "\n".join(
    f"table.sources th:nth-child({i}) {{ width: {w}%; }}"
    for i, w in enumerate((7, 18, 11, 11, 12, 14, 9, 18), 1)
) + "\ntable.sources td { overflow-wrap: anywhere; }"


def paged_css(brief: Brief) -> Markup:
    """The WeasyPrint brief's own style: @page rules (A4 with the engines' margins, the
    marking top and bottom, the title top left, "Page X of Y" bottom right) and the lean
    markup the template gives it (``paged``).

    The layout's cost grows with boxes × styles, so WeasyPrint gets fewer of both: each
    quote is one block (``.wq``) with its section's colour bar as a class (a table per
    quote, its spacer cells, note box and gap paragraph, each measured for auto layout,
    were most of a 1,000-quote brief's 25 s of styles and layout), its words 13.05 px in
    as before; tables are laid out at their declared widths (``table-layout: fixed``), not
    measured; the sources are one table, a row group per source, its header repeated on
    each page (``weasy_pages`` fills in their cited pages)."""
    top, right, bottom, left = MARGINS_MM
    marking = _css_string(brief.marking) if brief.marking else '""'
    fg, bg = TLP_COLOURS.get(brief.tlp or "", ("#1b2a3a", "transparent"))
    box = (f"font: bold 8.5pt 'DejaVu Sans', sans-serif; color: {fg}; background: {bg}; "
           "height: 4.6mm; padding: 0 2mm; margin: auto 0 3mm 0; vertical-align: middle;")
    title = _css_string(brief.title[:90] + ("…" if len(brief.title) > 90 else ""))
    bars = "\n".join(f".{name} {{ border-left-color: {colour}; }}" for name, colour in
                     sorted({bar_class(s.colour): s.colour for s in brief.sections}.items())
                     if name != "bar")
    return Markup(f"""
@page {{ size: A4; margin: {top}mm {right}mm {bottom}mm {left}mm;
  @top-left {{ content: {title}; font: bold 8pt 'DejaVu Sans', sans-serif; color: #1b2a3a;
               width: 75%; vertical-align: bottom; padding-bottom: 3mm; }}
  @top-right {{ content: {marking}; {box} }}
  @bottom-center {{ content: {marking}; {box} }}
  @bottom-right {{ content: "Page " counter(page) " of " counter(pages);
                   font: 8pt 'DejaVu Sans', sans-serif; color: #4a5868; }} }}
h2 {{ bookmark-level: 1; break-after: avoid; }}
h1 {{ bookmark-level: none; }}
.kj-row, tr {{ break-inside: avoid; }}
.wq {{ break-inside: avoid; border-left: 5px solid #1f3a5f;
  padding: 1px 1px 1px 8.052734375px; }}
.wsep {{ margin-top: 4pt; }}
.wnote {{ background-color: #fbf6e6; padding: 4px; }}
{bars}
table.sources {{ table-layout: fixed; width: 100%; border-collapse: separate;
  border-spacing: 0; }}
table.kj, table.grid, table.contents, table.meta {{ table-layout: fixed; }}
table.sources th, table.kj td, table.grid th, table.grid td, table.contents td,
table.meta td {{ box-sizing: border-box; }}
{SOURCE_COLUMNS}
table.kj td:first-child {{ width: 8%; }}
table.kj td:nth-child(2) {{ width: 92%; }}
table.sources > tbody {{ break-inside: avoid; }}
a.src {{ color: #1f3a5f; text-decoration: none; }}
a.page-ref {{ color: #1b2a3a; text-decoration: none; }}
a.page-ref::after {{ content: target-counter(attr(href), page); }}
""")


def fast_subsetting() -> bool:
    """Whether WeasyPrint can subset fonts with HarfBuzz (in C) rather than fontTools."""
    try:
        from weasyprint.text import ffi
    except (ImportError, OSError):
        return False
    if getattr(ffi, "harfbuzz_subset", None) is None:      # also WeasyPrint before 63
        return False
    try:
        return bool(ffi.harfbuzz.hb_version_atleast(4, 1, 0))
    except AttributeError:
        return True


def available() -> bool:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


def render_weasy(brief: Brief, out: Path, *, pdf_variant: str | None, html_out, progress,
                 cancelled, temp_in, started: float):
    from .compile import BriefResult, _discard, _write_html

    try:
        import weasyprint  # noqa: F401   (fails here, before anything is laid out)
    except (ImportError, OSError) as exc:     # OSError: Pango missing
        where = FROZEN if getattr(sys, "frozen", False) else ""
        raise EngineError(MISSING.format(where=where) + f" ({exc})") from exc
    if progress:
        progress(10, "Laying out the brief")
    contents = [(h.title, h.kind, Markup(f'<a class="page-ref" href="#s{h.number}"></a>'))
                for h in headings(brief)]     # WeasyPrint prints the pages itself
    html = weasy_pages.reserve(render_html(
        brief, nav={"contents": contents,
                    "cited": weasy_pages.cells(s.number for s in brief.sources)},
        paged_media={"css": paged_css(brief)}))
    if cancelled is not None and cancelled():
        raise Cancelled("The brief was cancelled; no PDF was written.")
    if progress:
        progress(20, "Typesetting with WeasyPrint")
    final = temp_in(out)
    try:
        with weasy_tuning.no_cycle_collection():
            document, html = _typeset(html, progress, cancelled)
            document.metadata.generator = PRODUCER
            document.metadata.lang = brief.language or "en"
            if cancelled is not None and cancelled():
                raise Cancelled("The brief was cancelled; no PDF was written.")
            if progress:
                progress(70, "Writing the tagged PDF")
            options: dict[str, str | bool] = {"pdf_variant": pdf_variant} if pdf_variant else {}
            weasy_tuning.quick_page_references()
            options["pdf_tags"] = True        # tagged for screen readers, whatever the variant
            with weasy_tuning.stream_compression(weasy_tuning.ZLIB_LEVEL):
                document.write_pdf(str(final), finisher=name_producer, **options)
            pages = len(document.pages)
        html_path = _write_html(html_out, html) if html_out else None
        os.replace(final, out)
    except BaseException:
        _discard(final)
        raise
    if progress:
        progress(100, "Done")
    notice = None if fast_subsetting() else SLOW_SUBSET
    return BriefResult(out, "weasyprint", pages, notice, html_path,
                       time.monotonic() - started, brief.quote_count)


def _typeset(html: str, progress, cancelled):
    """(the laid-out document, its HTML with the sources' cited pages filled in).

    The brief is laid out once; the pages citing each source are read from it and written
    into the sources' cells (``weasy_pages``). A list longer than its cell's reserved lines
    has the brief laid out again with the lists in the cells.
    """
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    html_class = weasy_tuning.brief_html()

    def lay_out(text: str):
        return html_class(string=text, base_url=None, url_fetcher=_no_fetch).render(
            font_config=fonts, presentational_hints=True)

    document = lay_out(html)
    body = weasy_pages.read_body(document.pages)
    if body is None:                      # no sources
        return document, html
    html = weasy_pages.fill(html, body.cited)
    try:
        if weasy_pages.number(document.pages, body):
            return document, html
    except (AttributeError, ImportError):     # another WeasyPrint's internals: the slow way
        pass
    if cancelled is not None and cancelled():
        raise Cancelled("The brief was cancelled; no PDF was written.")
    if progress:
        progress(50, "Typesetting again: a source's list of pages is longer than its row")
    return lay_out(html), html


def name_producer(document, pdf, producer: str = PRODUCER) -> None:
    """WeasyPrint's finisher: name Briefer, not WeasyPrint, as the Producer in the document
    information and the XMP packet of the PDF it is about to write (``pdf``, a pydyf.PDF).

    Done before the file is written, so the PDF is WeasyPrint's one revision with its
    structure tree as made; was an incremental update made by re-reading the whole PDF
    with pypdf afterwards (about 12 s of CPU for a 1,000-quote brief, README).
    """
    import pydyf

    pdf.info["Producer"] = pydyf.String(producer)
    ref = pdf.catalog.get("Metadata")
    if ref is None:
        return
    stream = pdf.objects[int(bytes(ref).split()[0])]
    value = escape(producer, {'"': "&quot;"}).encode("utf-8")
    stream.stream = [re.sub(rb'(pdf:Producer=")[^"]*(")',
                            lambda m: m[1] + value + m[2], part)
                     if isinstance(part, bytes) else part for part in stream.stream]


def _no_fetch(url: str, *args, **kwargs):
    raise ValueError(f"The brief loads nothing ({url[:60]}).")
