"""The built-in PDF engine: QTextDocument → QPdfWriter (A4), nothing to install.

Used when wkhtmltopdf is missing or unwanted. Works without a display: with no
application object yet, a QApplication is created (on Linux with no display, on the
"offscreen" platform). QTextDocument never fetches anything: it has no network access
and ``loadResource`` is refused for every URL, so an image named in the HTML (none is:
all user text is escaped) could not read a file either.

The pages are painted here, as ``QTextDocument.print_`` paints them but for what is drawn
at a page's edges: ``print_`` also paints, clipped, whatever touches the page's top or
bottom edge (an off-by-one in QTextLayout::draw), so the first line of page n + 1 was in the
text layer of page n as well (twice in all), and one pixel of it, or of its table's rule,
showed at the foot of page n. Here a page's paint skips what lies within ``EDGE_PX`` of its
edges (what is on the page is drawn whole, clipped to the page as before): 4 px, as a table
pushed to a new page lands up to 3 px above its top edge (``qt_pages.EDGE``) and is drawn
from a whole pixel. One flaw is left for ``briefer.brief.stamp`` to mend: where a paragraph
breaks across pages, Qt also paints its last line of page n, clipped out of sight, above the
top of page n + 1; ``stamp_pdf(hidden_top_mm=…, mend=…)`` drops it on the pages the layout
names (``qt_positions.straddled``).

No PDF is read back: where the headings, citations and placeholders landed is read from
the layout (``qt_positions``) before the pages are painted, and ``html_to_pdf(fill=…)``
writes the sources' cited pages into their rows then (they come last: nothing before them
moves), so the brief is laid out once and painted once.
"""

from __future__ import annotations

import os
import sys
import threading
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from collections.abc import Callable
from typing import cast

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (QAbstractTextDocumentLayout, QGuiApplication, QPageLayout,
                           QPageSize, QPainter, QPalette, QPdfWriter, QTextCursor,
                           QTextDocument)

from .qt_pages import EDGE, keep_together
from .qt_positions import Geometry, Positions, first_below, read_positions, straddled

#: Page margins in millimetres (top, right, bottom, left), as for wkhtmltopdf.
MARGINS_MM = (20, 16, 18, 16)

_app = None


def ensure_app() -> QGuiApplication:
    """The running application, or a new QApplication (offscreen on Linux with no display)."""
    global _app
    app = QGuiApplication.instance()
    if app is not None:
        return cast(QGuiApplication, app)
    if threading.current_thread() is not threading.main_thread():
        raise RuntimeError("The Qt PDF engine needs the application object made on the main "
                           "thread first (the app has one; the CLI runs on the main thread).")
    if sys.platform.startswith("linux") and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # A QApplication (not only a QGuiApplication): Qt allows one application object per
    # process, and widgets made later in the same process (the app, tests) need this kind.
    from PySide6.QtWidgets import QApplication

    _app = QApplication([sys.argv[0] if sys.argv else "briefer"])
    return _app


def _layout_dpi() -> float:
    """The DPI QTextDocument lays text out at with no paint device (Qt's qt_defaultDpiY)."""
    screen = QGuiApplication.primaryScreen()
    return float(round(screen.logicalDotsPerInchY())) if screen is not None else 100.0


class _SealedDocument(QTextDocument):
    """A QTextDocument that loads no resource at all (no files, no URLs)."""

    def loadResource(self, kind: int, name: QUrl | str):  # noqa: N802 (Qt API)
        return None


@dataclass
class Typeset:
    """What the Qt engine did: the pages, where the words navigation needs landed
    (``qt_positions``) and the pages whose text layer the stamp mends."""
    pages: int
    positions: Positions
    straddled: set[int]


def html_to_pdf(html: str, pdf_path: str | os.PathLike, title: str = "",
                margins_mm: tuple[float, float, float, float] = MARGINS_MM,
                fill: Callable[[Positions], dict[str, str]] | None = None) -> Typeset:
    """Render ``html`` onto A4 pages in ``pdf_path``.

    ``fill(positions)``, when given, is called once the pages are laid out (before any is
    painted) with where the words landed; it returns texts to put in place of placeholders
    ("@s3#" → "2–4, 7"). Those come last in the document (the sources table): what comes
    before them stays where it is, and what comes after is laid out again."""
    ensure_app()
    top, right, bottom, left = margins_mm
    writer = QPdfWriter(str(Path(pdf_path)))
    writer.setTitle(title)
    writer.setCreator("Briefer")
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait,
                                     QMarginsF(left, top, right, bottom),
                                     QPageLayout.Unit.Millimeter))
    doc = _SealedDocument()
    doc.setDocumentMargin(0)
    doc.setHtml(html)
    body = writer.pageLayout().paintRect(QPageLayout.Unit.Point)
    scale = _layout_dpi() / 72.0            # points → the pixels the layout counts in
    doc.setPageSize(QSizeF(body.width() * scale, body.height() * scale))
    keep_together(doc)              # headings with what follows, quotes in one piece
    geometry = partial(Geometry, doc.pageSize().height(), scale, body.left(), body.top(),
                       writer.pageLayout().fullRect(QPageLayout.Unit.Point).height())
    positions = read_positions(doc, geometry(doc.pageCount()))
    if fill is not None:
        texts = {k: v for k, v in fill(positions).items() if k in positions.marks}
        if texts:
            since = min(positions.marks[k][1] for k in texts)
            # what moves: the pieces reaching below the first list (``keep_together``), none
            # taller than a page
            moved = first_below(doc, since - doc.pageSize().height())
            _replace(doc, {positions.marks[k][0]: (k, v) for k, v in texts.items()})
            keep_together(doc, since=since)
            positions = read_positions(doc, geometry(doc.pageCount()), since=moved,
                                       before=positions)
    pages = doc.pageCount()
    done = Typeset(pages, positions, straddled(doc, doc.pageSize().height(), EDGE))
    _paint_pages(doc, writer, pages)
    del writer                      # closes and flushes the file
    return done


def _replace(doc: QTextDocument, texts: dict[int, tuple[str, str]]) -> None:
    """Put each (old, new) text of ``texts`` (by document position) in place of the old, in
    the old's character format."""
    cursor = QTextCursor(doc)
    cursor.beginEditBlock()
    for at in sorted(texts, reverse=True):          # later first: earlier positions hold
        old, new = texts[at]
        cursor.setPosition(at + 1)
        fmt = cursor.charFormat()
        cursor.setPosition(at)
        cursor.setPosition(at + len(old), QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(new, fmt)
    cursor.endEditBlock()


#: Layout pixels at a page's top and bottom edges whose content is not painted on that page
#: (it belongs to the page before or after; see the module's docstring).
EDGE_PX = 4.0


def _paint_pages(doc: QTextDocument, writer: QPdfWriter, pages: int) -> None:
    """Paint the paginated ``doc`` onto ``writer``, page by page, with the transform of
    ``QTextDocument.print_`` (same pixels) and its clip, but skipping what lies within
    ``EDGE_PX`` of a page's edges."""
    size = doc.pageSize()
    dpi = _layout_dpi()
    scale_x, scale_y = writer.logicalDpiX() / dpi, writer.logicalDpiY() / dpi
    painter = QPainter(writer)
    try:
        painter.scale(scale_x, scale_y)
        painter.scale(writer.width() / (size.width() * scale_x),
                      writer.height() / (size.height() * scale_y))
        layout = doc.documentLayout()
        for index in range(pages):
            if index:
                writer.newPage()
            view = QRectF(0, index * size.height(), size.width(), size.height())
            painter.save()
            painter.translate(0, -view.top())
            painter.setClipRect(view)
            context = QAbstractTextDocumentLayout.PaintContext()
            context.clip = view.adjusted(0, EDGE_PX, 0, -EDGE_PX)
            context.palette.setColor(QPalette.ColorRole.Text, Qt.GlobalColor.black)
            layout.draw(painter, context)
            painter.restore()
    finally:
        painter.end()
