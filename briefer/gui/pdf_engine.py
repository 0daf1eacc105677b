"""The built-in PDF engine: QTextDocument → QPdfWriter (A4), nothing to install.

Used when wkhtmltopdf is missing or unwanted. Works without a display: with no
QGuiApplication yet, one is created (on Linux with no display, on the "offscreen"
platform). QTextDocument never fetches anything: it has no network access and
``loadResource`` is refused for every URL, so an image or frame named in the HTML
(none is: all user text is escaped) could not read a file either.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, QUrl
from PySide6.QtGui import (QAbstractTextDocumentLayout, QColor, QGuiApplication, QPageLayout,
                           QPageSize, QPainter, QPalette, QPdfWriter, QTextDocument)

#: Page margins in millimetres (top, right, bottom, left), as for wkhtmltopdf.
MARGINS_MM = (20, 16, 18, 16)
#: Lines reaching less than this far (layout pixels) into a page are not painted on it.
_EDGE = 1.0

_app = None


def ensure_app() -> QGuiApplication:
    """The running QGuiApplication, or a new one (offscreen on a Linux box with no display)."""
    global _app
    app = QGuiApplication.instance()
    if app is not None:
        return app
    if sys.platform.startswith("linux") and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication([sys.argv[0] if sys.argv else "briefer"])
    return _app


def _layout_dpi() -> float:
    """The DPI QTextDocument lays text out at with no paint device (Qt's qt_defaultDpiY)."""
    screen = QGuiApplication.primaryScreen()
    return float(round(screen.logicalDotsPerInchY())) if screen is not None else 100.0


class _SealedDocument(QTextDocument):
    """A QTextDocument that loads no resource at all (no files, no URLs)."""

    def loadResource(self, kind: int, name: QUrl):  # noqa: N802 (Qt API)
        return None


def html_to_pdf(html: str, pdf_path: str | os.PathLike, title: str = "",
                margins_mm: tuple[float, float, float, float] = MARGINS_MM) -> int:
    """Render ``html`` onto A4 pages in ``pdf_path``; return the number of pages."""
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
    pages = doc.pageCount()
    _paint_pages(doc, writer, pages)
    del writer                      # closes and flushes the file
    return pages


def _paint_pages(doc: QTextDocument, writer: QPdfWriter, pages: int) -> None:
    """Paint each page of the paginated ``doc`` (what QTextDocument.print_ does, but clipped
    tighter: print_ also paints, clipped out of sight, a line ending exactly on the page
    break onto the next page, which left it twice in the PDF's text layer)."""
    width, height = doc.pageSize().width(), doc.pageSize().height()
    painter = QPainter(writer)
    try:
        painter.scale(writer.width() / width, writer.height() / height)
        layout = doc.documentLayout()
        for number in range(pages):
            if number:
                writer.newPage()
            painter.save()
            painter.translate(0, -number * height)
            clip = QRectF(0, number * height + _EDGE, width, height - 2 * _EDGE)
            painter.setClipRect(QRectF(0, number * height, width, height))
            context = QAbstractTextDocumentLayout.PaintContext()
            context.clip = clip
            context.palette.setColor(QPalette.ColorRole.Text, QColor("#000000"))
            layout.draw(painter, context)
            painter.restore()
    finally:
        painter.end()
