"""Compile the brief: project → HTML → PDF (wkhtmltopdf or Qt) → stamped PDF, safely.

``compile_brief`` only reads the project. The PDF is written to a temporary file in the
target folder and moved into place when complete, so a failed or cancelled export
never leaves half a PDF (and never replaces a good one).

For the GUI: call it from a worker thread with the project's *path* (it then opens
its own read-only connection in that thread; sqlite connections are per-thread), a
``progress(percent, message)`` callback and a ``cancelled()`` callable. The Qt engine
needs the QGuiApplication to exist already (the app has one).
"""

from __future__ import annotations

import os
import secrets
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING


from ..core.errors import BrieferError
from ..fileio import refuse_protected
from ..paths import exports_dir
from .build import build_brief
from .model import Brief, BriefOptions
from .options import brief_options
from .wkhtml import (MARGINS_MM, QT_HINT, Cancelled, EngineError, brief_timeout, css_zoom,
                     find_wkhtmltopdf, run_wkhtmltopdf)

if TYPE_CHECKING:
    from .navigation import Layout
    from .pagenumbers import Numbers

# jinja2 (html), pypdf (navigation, pdfmeta, stamp) and reportlab (stamp) are imported when a
# brief is compiled, not when the app starts (the window needs none of them).

ENGINES = ("auto", "wkhtmltopdf", "qt", "weasyprint")
PDF_VARIANTS = ("pdf/ua-1", "pdf/a-3b")
MM = 72 / 25.4
A4_WIDTH = 210 * MM              # both engines print on A4 (``wkhtml.build_command``)
NOT_FOUND_NOTICE = "wkhtmltopdf not found; used the built-in Qt engine"

__all__ = ["BriefError", "BriefOptions", "BriefResult", "Cancelled", "EngineError", "ENGINES",
           "compile_brief", "default_output_path", "open_read_only", "render_brief"]


class BriefError(BrieferError):
    """The brief could not be written (folder missing or not writable, …)."""


@dataclass
class BriefResult:
    path: Path
    engine_used: str                 # "wkhtmltopdf" or "qt"
    pages: int
    notice: str | None = None        # e.g. why the Qt engine was used instead
    html_path: Path | None = None
    seconds: float = 0.0
    quotes: int = 0


def default_output_path(project) -> Path:
    """``exports/<project stem>-<YYYY-MM-DD>.pdf`` (the user's documents when installed)."""
    stem = Path(getattr(project, "path", project)).stem or "brief"
    return exports_dir() / f"{stem}-{date.today():%Y-%m-%d}.pdf"


def open_read_only(path: str | os.PathLike):
    """Open a project file with a read-only SQLite connection (for a worker thread)."""
    from ..core.store import Project

    return Project.open(path, create=False, read_only=True)


def compile_brief(project, out_path=None, options: BriefOptions | None = None,
                  engine: str = "auto", wkhtmltopdf=None, html_out=None, progress=None,
                  cancelled=None, timeout: float | None = None,
                  pdf_variant: str | None = None) -> BriefResult:
    """Compile the brief of ``project`` (a ``Project`` or a project file's path) to a PDF.

    ``engine``: "auto" (wkhtmltopdf when found, else Qt with a notice), "wkhtmltopdf"
    or "qt". ``wkhtmltopdf``: the program's path (else ``$BRIEFER_WKHTMLTOPDF``, else
    PATH). ``html_out``: also write the HTML there. ``progress(percent, message)`` is
    called along the way; ``cancelled()`` returning True stops the export (raises
    ``Cancelled``). ``timeout``: seconds wkhtmltopdf may take (default: grows with the
    number of quotes, ``brief_timeout``). ``options`` None: the brief the project's settings
    describe (``brief_options``), as the app's composer shows it. Raises ``EngineError``,
    ``BriefError`` or another ``BrieferError``.
    """
    if engine not in ENGINES:
        raise EngineError(f"Unknown PDF engine {engine!r}: use auto, wkhtmltopdf, qt or "
                          "weasyprint.")
    if pdf_variant is not None and engine != "weasyprint":
        raise EngineError(f"Only the WeasyPrint engine writes {pdf_variant.upper()}: add "
                          "--engine weasyprint.")
    own = not hasattr(project, "quotes")
    _report(progress, 2, "Reading the project")
    proj = open_read_only(project) if own else project
    try:
        brief = build_brief(proj, options or brief_options(proj))
        out = Path(out_path) if out_path else default_output_path(proj)
    finally:
        if own:
            proj.close()
    return render_brief(brief, out, engine=engine, wkhtmltopdf=wkhtmltopdf, html_out=html_out,
                        progress=progress, cancelled=cancelled, timeout=timeout,
                        pdf_variant=pdf_variant)


def render_brief(brief: Brief, out_path, *, engine: str = "auto", wkhtmltopdf=None,
                 html_out=None, progress=None, cancelled=None,
                 timeout: float | None = None, pdf_variant: str | None = None) -> BriefResult:
    """Turn a built ``Brief`` into the PDF at ``out_path`` (see ``compile_brief``)."""
    started = time.monotonic()
    if timeout is None:
        timeout = brief_timeout(brief.quote_count)
    out = Path(out_path).expanduser()
    if out.suffix.lower() != ".pdf":
        raise BriefError(f"The brief is a PDF: give the output file a .pdf name, not {out.name!r}.")
    for target in (out, html_out):
        if target is not None:
            refuse_protected(Path(target).expanduser())
    _check(cancelled)
    if engine == "weasyprint":
        from .weasy import render_weasy
        return render_weasy(brief, out, pdf_variant=pdf_variant, html_out=html_out,
                            progress=progress, cancelled=cancelled, temp_in=_temp_in,
                            started=started)
    exe, notice = _choose(engine, wkhtmltopdf)
    _discard(_temp_in(out))               # fails now, not after rendering, if out is unwritable
    final: Path | None = None             # made only to stamp into: a killed brief leaves none
    try:
        with tempfile.TemporaryDirectory(prefix="briefer-") as work:
            raw = Path(work) / "raw.pdf"
            # One pass places everything, with placeholders where page numbers go (the
            # contents, the sources' citing pages); the numbers are drawn onto the finished
            # pages in their place (the Qt engine writes the sources' into their rows before
            # it paints the pages). Only when a list of pages overflows its row is the brief
            # typeset again with the numbers in the cells (``pagenumbers``; wkhtmltopdf).
            used, html, layout, notice = _typeset(brief, exe, engine, Path(work), raw,
                                                  navigation_view(brief, None), notice,
                                                  timeout, cancelled, progress, 10)
            _check(cancelled)
            numbers = _numbers(layout, brief, used)
            if numbers is not None:
                from .pagenumbers import fill_placeholders
                html = fill_placeholders(html, layout)       # for the HTML copy
            else:
                used, html, layout, _ = _typeset(brief, None if used == "qt" else exe, engine,
                                                 Path(work), raw, navigation_view(brief, layout),
                                                 notice, timeout, cancelled, progress, 45)
                _check(cancelled)
            _report(progress, 85, "Adding page headers and footers, outline and links")
            final = _temp_in(out)

            from .navigation import add_navigation
            from .pdffonts import tag_subset_fonts
            from .pdfmeta import set_metadata
            from .stamp import stamp_pdf

            def finish(writer):
                tag_subset_fonts(writer)
                add_navigation(writer, layout, brief)
                set_metadata(writer, title=brief.title, author=brief.analyst,
                             subject=brief.subtitle or "Situation brief",
                             marking=brief.marking, language=brief.language, engine=used,
                             when=brief.compiled_at)

            pages = stamp_pdf(raw, final, title=brief.title, marking=brief.marking,
                              tlp=brief.tlp, author=brief.analyst,
                              hidden_top_mm=MARGINS_MM[0] if used == "qt" else None,
                              hidden_bottom_mm=MARGINS_MM[2] if used == "qt" else None,
                              finish=finish, labels=numbers.labels if numbers else None,
                              erase=numbers.erase if numbers else None,
                              mend=layout.clipped)
        _check(cancelled)
        html_path = _write_html(html_out, html) if html_out else None
        os.replace(final, out)
    except BaseException:
        if final is not None:
            _discard(final)
        raise
    _report(progress, 100, "Done")
    return BriefResult(out, used, pages, notice, html_path, time.monotonic() - started,
                       brief.quote_count)


def _typeset(brief, exe, engine, work, raw, nav, notice, timeout, cancelled, progress, base):
    """Render the HTML to ``raw`` with wkhtmltopdf (``exe``) or Qt and find where its
    headings, citations and placeholders landed; (engine used, html, layout, notice)."""
    from .html import render_html
    from .pagenumbers import reserve_rows

    if exe is not None:
        _report(progress, base, "Laying out the brief")
        html = reserve_rows(render_html(brief, zoom=css_zoom(exe), nav=nav, rows_apart=True))
        _report(progress, base + 10, "Typesetting with wkhtmltopdf")
        try:
            _wkhtml(exe, html, work, raw, timeout, cancelled)
        except EngineError as exc:
            if engine != "auto":
                raise
            notice = f"{str(exc).replace(QT_HINT, '')} Used the built-in Qt engine instead."
        else:
            _check(cancelled)
            return "wkhtmltopdf", html, _locate(raw, brief), notice
    _check(cancelled)
    _report(progress, base, "Laying out the brief")
    html = render_html(brief, nav=nav)
    _report(progress, base + 10, "Typesetting with the built-in Qt engine")
    return "qt", html, _qt(html, raw, brief), notice


def _locate(raw: Path, brief: Brief) -> Layout:
    """Where wkhtmltopdf's headings, citations and placeholders landed: from the PDF's text."""
    from .navigation import locate, page_words

    words, heights = page_words(raw)
    return locate(words, heights, brief)


def _numbers(layout: Layout, brief: Brief, used: str) -> Numbers | None:
    from .pagenumbers import number_labels

    return number_labels(layout, brief, A4_WIDTH, MARGINS_MM[1] * MM, MARGINS_MM[2] * MM,
                         MARGINS_MM[0] * MM)


def navigation_view(brief: Brief, layout: Layout | None) -> dict:
    """What the template prints for navigation: the contents (title, page) and each
    source's citing pages; before the pages are known, placeholders (``pagenumbers``)."""
    from .navigation import headings, page_ranges, placeholder

    if layout is None:
        contents = [(h.title, h.kind, placeholder("h", i))
                    for i, h in enumerate(headings(brief))]
        return {"contents": contents,
                "cited": {s.number: placeholder("s", s.number) for s in brief.sources}}
    pages = layout.heading_pages()
    contents = [(h.title, h.kind, str(p) if p else "") for h, p in zip(headings(brief), pages)]
    cited = {n: page_ranges(p) for n, p in layout.cited_pages().items()}
    return {"contents": contents, "cited": cited}


def _choose(engine: str, wkhtmltopdf) -> tuple[Path | None, str | None]:
    """(wkhtmltopdf to run or None for Qt, notice)."""
    if engine == "qt":
        return None, None
    try:
        exe = find_wkhtmltopdf(wkhtmltopdf)
    except EngineError as exc:
        if engine == "wkhtmltopdf":
            raise
        return None, f"{exc} Used the built-in Qt engine instead."
    if exe is None:
        if engine == "wkhtmltopdf":
            raise EngineError("wkhtmltopdf was not found: install it, name it with --wkhtmltopdf "
                              "(or $BRIEFER_WKHTMLTOPDF), or use the built-in Qt engine "
                              "(--engine qt).")
        return None, NOT_FOUND_NOTICE
    return exe, None


def _wkhtml(exe: Path, html: str, work: Path, raw: Path, timeout: float, cancelled) -> None:
    page = work / "brief.html"
    page.write_text(html, encoding="utf-8")
    run_wkhtmltopdf(exe, page, raw, timeout=timeout, cancelled=cancelled)


def _qt(html: str, raw: Path, brief: Brief) -> Layout:
    """Typeset with the Qt engine, which says where things landed (no PDF is read back) and
    writes each source's citing pages into its row before it paints the pages."""
    from .navigation import locate, page_ranges, placeholder

    try:
        from .qt_engine import html_to_pdf
    except ImportError as exc:
        raise EngineError(f"The built-in Qt engine is not available ({exc}).") from exc

    def cited(positions) -> dict[str, str]:
        pages = locate(positions.words, positions.heights, brief).cited_pages()
        return {placeholder("s", s.number): page_ranges(pages.get(s.number, []))
                for s in brief.sources}

    done = html_to_pdf(html, raw, title=brief.title, margins_mm=MARGINS_MM, fill=cited)
    if not raw.is_file() or raw.stat().st_size == 0:
        raise EngineError("The built-in Qt engine wrote no PDF.")
    layout = locate(done.positions.words, done.positions.heights, brief)
    layout.clipped = done.straddled
    return layout


def _temp_in(out: Path) -> Path:
    folder = out.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for _ in range(100):
            name = folder / f".{out.name}.{secrets.token_hex(4)}.part"
            try:    # O_EXCL: never reuse a file; mode 0o666 minus the umask, like any new file
                os.close(os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
                return name
            except FileExistsError:
                continue
        raise FileExistsError(f"no free temporary name in {folder}")
    except OSError as exc:
        raise BriefError(f"Cannot write {out.name} in {folder}: "
                         f"{exc.strerror or exc}. Choose another folder.") from exc


def _write_html(html_out, html: str) -> Path:
    target = Path(html_out).expanduser()
    tmp = _temp_in(target)
    try:
        tmp.write_text(html, encoding="utf-8")
        os.replace(tmp, target)
    except BaseException:
        _discard(tmp)
        raise
    return target


def _discard(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


def _report(progress, percent: int, message: str) -> None:
    if progress is not None:
        progress(percent, message)


def _check(cancelled) -> None:
    if cancelled is not None and cancelled():
        raise Cancelled("The brief was cancelled; no PDF was written.")
