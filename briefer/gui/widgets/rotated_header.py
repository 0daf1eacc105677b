"""A horizontal header whose labels read bottom-up, so narrow columns keep whole names
(the matrix's themes): each section is as wide as a line of text plus its swatch, the
header as tall as the longest label (capped; a longer one is elided in the middle)."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QIcon, QPainter
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader, QWidget

PAD = 6
MAX_LABEL = 220            # px: longer labels are elided ("Security … framing")


class RotatedHeader(QHeaderView):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(True)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setDefaultSectionSize(self.section_width())
        self.setMinimumSectionSize(self.section_width())

    def section_width(self) -> int:
        return self.fontMetrics().height() + 2 * PAD + 4

    def label(self, section: int) -> str:
        model = self.model()
        text = (model.headerData(section, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
                if model else "")
        return " ".join(str(text or "").split())

    def label_width(self) -> int:
        """The width the longest label needs (capped at ``MAX_LABEL``)."""
        if self.model() is None:
            return 0
        fm = self.fontMetrics()
        widest = max((fm.horizontalAdvance(self.label(s)) for s in range(self.count())), default=0)
        return min(widest, MAX_LABEL)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self.label_width() + 3 * PAD + 14)

    def paintSection(self, painter: QPainter, rect: QRect, section: int) -> None:
        if not rect.isValid():
            return
        option = QStyleOptionHeader()
        self.initStyleOptionForIndex(option, section)
        option.rect = rect
        option.text = ""                                  # the frame and background only
        option.icon = QIcon()
        painter.save()
        self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
        painter.restore()
        painter.save()
        icon = self.model().headerData(section, Qt.Orientation.Horizontal,
                                       Qt.ItemDataRole.DecorationRole)
        if isinstance(icon, QIcon):
            icon.paint(painter, QRect(rect.center().x() - 6, rect.bottom() - PAD - 12, 12, 12))
        painter.translate(rect.left(), rect.bottom() - PAD - 16)
        painter.rotate(-90)
        text = self.fontMetrics().elidedText(self.label(section), Qt.TextElideMode.ElideMiddle,
                                             rect.height() - 2 * PAD - 16)
        painter.drawText(QRect(0, 0, rect.height() - 2 * PAD - 16, rect.width()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
        painter.restore()
