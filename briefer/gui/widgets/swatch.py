"""Colour swatches for actors and themes: small icons drawn once per colour set and cached."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

SIZE = 12


@lru_cache(maxsize=256)
def swatch_icon(*colours: str) -> QIcon:
    """One square per colour side by side (an empty icon for no colours)."""
    if not colours:
        return QIcon()
    pixmap = QPixmap(SIZE * len(colours) + 2 * (len(colours) - 1), SIZE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setPen(QColor("#555555"))
    for i, colour in enumerate(colours):
        painter.setBrush(QColor(colour))
        painter.drawRect(i * (SIZE + 2), 0, SIZE - 1, SIZE - 1)
    painter.end()
    return QIcon(pixmap)


def readable_text(background: QColor) -> QColor:
    """Black or white, whichever reads better on ``background``."""
    light = background.lightnessF() > 0.55
    return QColor(Qt.GlobalColor.black) if light else QColor(Qt.GlobalColor.white)
