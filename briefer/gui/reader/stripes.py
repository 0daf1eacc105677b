"""Coding stripes: a margin beside a pane's text with one coloured stripe per quote.

Quotes whose stripes would overlap get separate columns (as in the commercial QDA tools):
a stripe runs from the visual line of a quote's first character to that of its last, so
two quotes that share no character but share a line still need two columns. Columns are
therefore assigned from the text's line geometry, (block, line) pairs, for the visible
text and a screenful either side, and assigned again when the view scrolls past that
window or is rewrapped. Hovering a stripe names the quote's actors and themes, clicking
it selects the quote. Only quotes near the visible part of the text are looked at, so
10,000 quotes cost nothing while scrolling. :class:`SpanIndex` is the interval index the
pane's highlights use too; its ``columns`` (by character overlap) only size the margin
before the first paint.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import accumulate, pairwise

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QToolTip, QWidget

STRIPE_WIDTH = 5
STRIPE_GAP = 2
MAX_COLUMNS = 6        # deeper overlaps share the last column
MARGIN_PAD = 3


@dataclass
class SpanIndex:
    """Spans (UTF-16 start, end) sorted by start, with interval queries and stripe columns."""

    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._max_end = list(accumulate(self.ends, max))
        self.columns = _columns(self.starts, self.ends)
        self.depth = max(self.columns, default=-1) + 1

    @classmethod
    def build(cls, spans) -> SpanIndex:
        """``spans`` must already be sorted by (start, end)."""
        return cls([s for s, _ in spans], [e for _, e in spans])

    def __len__(self) -> int:
        return len(self.starts)

    def overlapping(self, a: int, b: int) -> list[int]:
        """Indices of spans that intersect [a, b), in start order."""
        lo = bisect_left(self._max_end, a + 1)           # first i whose prefix max end > a
        hi = bisect_left(self.starts, b)                  # spans starting before b
        return [i for i in range(lo, hi) if self.ends[i] > a]

    def containing(self, pos: int) -> list[int]:
        """Indices of spans with start <= pos < end, shortest first."""
        found = [i for i in self.overlapping(pos, pos + 1)]
        return sorted(found, key=lambda i: self.ends[i] - self.starts[i])

    def segments(self, a: int, b: int) -> list[tuple[int, int, list[int]]]:
        """Elementary pieces of [a, b) covered by spans: (start, end, covering indices)."""
        idx = self.overlapping(a, b)
        if not idx:
            return []
        cuts = sorted({max(a, self.starts[i]) for i in idx} | {min(b, self.ends[i]) for i in idx})
        out: list[tuple[int, int, list[int]]] = []
        for s, e in pairwise(cuts):
            cover = [i for i in idx if self.starts[i] < e and self.ends[i] > s]
            if cover:
                if out and out[-1][1] == s and out[-1][2] == cover:
                    out[-1] = (out[-1][0], e, cover)
                else:
                    out.append((s, e, cover))
        return out


def _columns(starts: list, ends: list) -> list[int]:
    """Greedy interval colouring of half-open [start, end) (any comparable values, starts
    sorted): the lowest column free when each span starts."""
    free: list[int] = []
    busy: list[tuple[int, int]] = []       # (end, column)
    used = 0
    out = []
    for s, e in zip(starts, ends):
        while busy and busy[0][0] <= s:
            heapq.heappush(free, heapq.heappop(busy)[1])
        if free:
            col = heapq.heappop(free)
        else:
            col, used = used, used + 1
        out.append(col)
        heapq.heappush(busy, (e, col))
    return out


def visible_range(view) -> tuple[int, int]:
    """UTF-16 positions of the first and last character in a QPlainTextEdit's viewport."""
    rect = view.viewport().rect()
    a = view.cursorForPosition(QPoint(0, 0)).position()
    b = view.cursorForPosition(QPoint(rect.right(), rect.bottom())).position()
    return a, max(a, b)


def line_extent(view, pos: int) -> tuple[int, int]:
    """Top and bottom (viewport y) of the line holding UTF-16 position ``pos``.

    ``view`` must be a Python subclass of QPlainTextEdit (the geometry calls are protected).
    """
    block = view.document().findBlock(pos)
    top = view.blockBoundingGeometry(block).translated(view.contentOffset()).top()
    layout = block.layout()
    line = layout.lineForTextPosition(pos - block.position()) if layout else None
    if line is None or not line.isValid():
        return int(top), int(top + view.blockBoundingRect(block).height())
    return int(top + line.y()), int(top + line.y() + line.height())


def line_of(view, pos: int) -> tuple[int, int]:
    """(block number, line number in the block) of the visual line holding UTF-16 ``pos``;
    lays the block out if the view has not yet (as scrolling to it would)."""
    block = view.document().findBlock(pos)
    layout = block.layout()
    if layout is None:
        return block.blockNumber(), 0
    if layout.lineCount() == 0:
        view.document().documentLayout().blockBoundingRect(block)
    line = layout.lineForTextPosition(pos - block.position())
    return block.blockNumber(), line.lineNumber() if line.isValid() else 0


def line_columns(view, index: SpanIndex, spans: list[int]) -> dict[int, int]:
    """Columns of ``spans`` (indices into ``index``, in start order) such that no two
    spans drawn over a common visual line share one."""
    tops, ends = [], []
    for i in spans:
        start = index.starts[i]
        tops.append(line_of(view, start))
        block, line = line_of(view, max(start, index.ends[i] - 1))
        ends.append((block, line + 1))               # half-open: the line after the last
    return dict(zip(spans, _columns(tops, ends)))


class StripeMargin(QWidget):
    """The stripes beside a ``reader.TextView``; the pane feeds it spans and colours."""

    quoteClicked = Signal(str)
    quoteDoubleClicked = Signal(str)

    def __init__(self, view, parent: QWidget | None = None):
        super().__init__(parent)
        self.view = view
        self.index = SpanIndex()
        self.ids: list[str] = []
        self.colours: list[QColor] = []
        self.tips: list[str] = []
        self.selected = ""
        self._hits: list[tuple[QRect, int]] = []
        self._cols: dict[int, int] = {}            # span index -> column, for _col_window
        self._col_window = (0, -1)                 # UTF-16 range the columns were made for
        self._col_width = -1                       # viewport width they were made at
        self._depth = 0                            # most columns needed so far (this text)
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        view.updateRequest.connect(self._on_update_request)
        view.textChanged.connect(self._on_text_changed)

    def set_spans(self, index: SpanIndex, ids: list[str], colours: list[QColor],
                  tips: list[str]) -> None:
        self.index, self.ids, self.colours, self.tips = index, ids, colours, tips
        self._forget_columns()
        self.updateGeometry()
        self.update()

    def _forget_columns(self) -> None:
        self._cols, self._col_window, self._hits = {}, (0, -1), []

    def _on_text_changed(self) -> None:
        self._depth = 0
        self._forget_columns()

    def set_selected(self, quote_id: str) -> None:
        self.selected = quote_id
        self.update()

    def sizeHint(self) -> QSize:
        cols = max(1, min(max(self.index.depth, self._depth), MAX_COLUMNS))
        return QSize(2 * MARGIN_PAD + cols * (STRIPE_WIDTH + STRIPE_GAP), 0)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def _on_update_request(self, rect: QRect, dy: int) -> None:
        if dy and self._columns_hold(*visible_range(self.view)):
            self.scroll(0, dy)
        elif dy:
            self.update()                  # columns will change: repaint every stripe
        else:
            self.update(0, rect.y(), self.width(), rect.height())

    # -- columns -------------------------------------------------------------------
    def _columns_hold(self, a: int, b: int) -> bool:
        lo, hi = self._col_window
        return lo <= a and b + 1 <= hi and self._col_width == self.view.viewport().width()

    def columns(self, a: int, b: int) -> dict[int, int]:
        """Column of each span over UTF-16 [a, b], kept while the view stays in the window
        they were assigned for (the visible text and a screenful either side)."""
        if not self._columns_hold(a, b):
            pad = max(b - a, 2000)
            lo, hi = max(0, a - pad), b + 1 + pad
            self._cols = line_columns(self.view, self.index, self.index.overlapping(lo, hi))
            self._col_window, self._col_width = (lo, hi), self.view.viewport().width()
            depth = max(self._cols.values(), default=-1) + 1
            if depth > max(self._depth, self.index.depth) and self._depth < MAX_COLUMNS:
                self.updateGeometry()      # a wider margin (rewraps; the columns follow)
            self._depth = max(self._depth, depth)
        return self._cols

    # -- drawing -------------------------------------------------------------------
    def stripes(self) -> list[tuple[QRect, int]]:
        """(rectangle in this widget, span index) for every stripe now visible."""
        view = self.view
        a, b = visible_range(view)
        columns = self.columns(a, b)
        out = []
        height = view.viewport().height()
        y0 = view.viewport().y() - self.y() + view.y()     # viewport top in our coordinates
        for i in self.index.overlapping(a, b + 1):
            top = line_extent(view, max(self.index.starts[i], a))[0]
            bottom = line_extent(view, max(min(self.index.ends[i] - 1, b), self.index.starts[i]))[1]
            top, bottom = max(top, 0), min(bottom, height)
            if bottom <= top:
                continue
            if bottom - top > 4:
                bottom -= 1                # a gap between stripes on consecutive lines
            col = min(columns.get(i, self.index.columns[i]), MAX_COLUMNS - 1)
            x = MARGIN_PAD + col * (STRIPE_WIDTH + STRIPE_GAP)
            out.append((QRect(x, y0 + top, STRIPE_WIDTH, bottom - top), i))
        return out

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), self.palette().window())
        self._hits = self.stripes()
        for rect, i in self._hits:
            colour = QColor(self.colours[i]) if i < len(self.colours) else QColor("#999")
            painter.fillRect(rect, colour.darker(115))
            if self.ids[i] == self.selected:
                painter.setPen(QColor("#202020"))
                painter.drawRect(rect.adjusted(0, 0, -1, -1))
        painter.end()

    # -- hover and click -----------------------------------------------------------
    def span_at(self, pos: QPoint) -> int | None:
        hits = self._hits or self.stripes()
        for rect, i in hits:
            if rect.adjusted(-1, 0, 1, 0).contains(pos):
                return i
        return None

    def tooltip_at(self, pos: QPoint) -> str:
        i = self.span_at(pos)
        return self.tips[i] if i is not None and i < len(self.tips) else ""

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            text = self.tooltip_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def mouseMoveEvent(self, event) -> None:
        over = self.span_at(event.position().toPoint()) is not None
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)

    def mousePressEvent(self, event) -> None:
        i = self.span_at(event.position().toPoint())
        if i is not None and event.button() == Qt.MouseButton.LeftButton:
            self.quoteClicked.emit(self.ids[i])

    def mouseDoubleClickEvent(self, event) -> None:
        i = self.span_at(event.position().toPoint())
        if i is not None and event.button() == Qt.MouseButton.LeftButton:
            self.quoteDoubleClicked.emit(self.ids[i])
