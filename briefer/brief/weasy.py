"""The WeasyPrint engine: a tagged PDF (PDF/UA-1) or an archival one (PDF/A-3b).

Neither Debian's wkhtmltopdf nor QPdfWriter can tag a PDF for screen readers; WeasyPrint
can, and it makes the outline (from the headings), the `[n]` links (from anchors) and the
page furniture (CSS margin boxes) itself, so its PDF is not rewritten afterwards (that
would drop the structure tree's guarantees): only an incremental update names Briefer as
its Producer. It is optional: installed from PyPI with the
source install (it needs Pango), not in the frozen app, which says so when asked for it.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from markupsafe import Markup

from .html import TLP_COLOURS, render_html
from .model import Brief
from .navigation import headings
from .pdfmeta import PRODUCER, set_producer
from .wkhtml import MARGINS_MM, Cancelled, EngineError

MISSING = ("The WeasyPrint engine (tagged PDF/UA and archival PDF/A briefs) is not part of "
           "this build of Briefer{where}: it needs the source install (`pip install "
           "'briefer[weasyprint]'`, with the Pango library). Use --engine wkhtmltopdf or qt "
           "here.")
#: What the standalone app says instead: WeasyPrint and its own dependencies (about 13 MB,
#: measured in README) are excluded from it by briefer.spec to keep within its size budget.
FROZEN = " (the standalone app leaves it out to stay small)"


def _css_string(text: str) -> str:
    return '"' + "".join(ch if ch.isalnum() or ch in " .,:;/+-()" else f"\\{ord(ch):x} "
                         for ch in text) + '"'


def paged_css(brief: Brief) -> Markup:
    """@page rules: A4 with the engines' margins, the marking top and bottom, the title
    top left, "Page X of Y" bottom right."""
    top, right, bottom, left = MARGINS_MM
    marking = _css_string(brief.marking) if brief.marking else '""'
    fg, bg = TLP_COLOURS.get(brief.tlp or "", ("#1b2a3a", "transparent"))
    box = (f"font: bold 8.5pt 'DejaVu Sans', sans-serif; color: {fg}; background: {bg}; "
           "height: 4.6mm; padding: 0 2mm; margin: auto 0 3mm 0; vertical-align: middle;")
    title = _css_string(brief.title[:90] + ("…" if len(brief.title) > 90 else ""))
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
.kj-row, .quote, tr {{ break-inside: avoid; }}
a.src {{ color: #1f3a5f; text-decoration: none; }}
a.page-ref {{ color: #1b2a3a; text-decoration: none; }}
a.page-ref::after {{ content: target-counter(attr(href), page); }}
""")


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
        import weasyprint
    except (ImportError, OSError) as exc:     # OSError: Pango missing
        where = FROZEN if getattr(sys, "frozen", False) else ""
        raise EngineError(MISSING.format(where=where) + f" ({exc})") from exc
    if progress:
        progress(10, "Laying out the brief")
    contents = [(h.title, h.kind, Markup(f'<a class="page-ref" href="#s{h.number}"></a>'))
                for h in headings(brief)]     # WeasyPrint prints the pages itself
    html = render_html(brief, nav={"contents": contents, "cited": {}},
                       paged_media={"css": paged_css(brief)})
    if cancelled is not None and cancelled():
        raise Cancelled("The brief was cancelled; no PDF was written.")
    if progress:
        progress(20, "Typesetting with WeasyPrint")
    final = temp_in(out)
    try:
        document = weasyprint.HTML(string=html, base_url=None,
                                   url_fetcher=_no_fetch).render(presentational_hints=True)
        document.metadata.generator = PRODUCER
        document.metadata.lang = brief.language or "en"
        if cancelled is not None and cancelled():
            raise Cancelled("The brief was cancelled; no PDF was written.")
        options: dict[str, str | bool] = {"pdf_variant": pdf_variant} if pdf_variant else {}
        options["pdf_tags"] = True            # tagged for screen readers, whatever the variant
        document.write_pdf(str(final), **options)
        set_producer(final)                   # "Briefer x.y", not "WeasyPrint 70.0"
        pages = len(document.pages)
        html_path = _write_html(html_out, html) if html_out else None
        os.replace(final, out)
    except BaseException:
        _discard(final)
        raise
    if progress:
        progress(100, "Done")
    return BriefResult(out, "weasyprint", pages, None, html_path, time.monotonic() - started,
                       brief.quote_count)


def _no_fetch(url: str, *args, **kwargs):
    raise ValueError(f"The brief loads nothing ({url[:60]}).")
