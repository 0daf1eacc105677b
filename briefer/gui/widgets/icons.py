"""The application icon (resources/icons/briefer.svg, with a 256 px PNG beside it)."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QIcon

from ...paths import resource


@lru_cache(maxsize=1)
def app_icon() -> QIcon:
    """The SVG when Qt's SVG plugin is there, the PNG otherwise (frozen builds may lack it)."""
    icon = QIcon()
    png = resource("icons", "briefer-256.png")
    svg = resource("icons", "briefer.svg")
    if png.exists():
        icon.addFile(str(png))
    if svg.exists():
        icon.addFile(str(svg))
    return icon


def render_png(size: int = 256) -> None:
    """Write ``briefer-<size>.png`` from the SVG (run once after editing the SVG)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(resource("icons", "briefer.svg")))
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    image.save(str(resource("icons", f"briefer-{size}.png")))


if __name__ == "__main__":       # python -m briefer.gui.widgets.icons
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication([])
    render_png(256)
