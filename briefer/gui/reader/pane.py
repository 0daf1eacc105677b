"""One pane of the reading area: a document chooser, the read-only text with highlights
and coding stripes, a find bar and a close button.

Offsets: the core counts code points, Qt counts UTF-16 units. ``\\r\\n`` is one block
break in a QTextDocument but two code points, so a pane shows ``\\r`` before ``\\n`` as a
zero-width space: the document then has exactly the text's UTF-16 length, and
``anchoring.Utf16Map`` converts every position exactly (copying gives the original text).

Highlights are ``setExtraSelections`` for the visible part of the text plus a margin,
recomputed when the view scrolls past it: opening a 10 MB document with 10,000 quotes
builds a few dozen selections, not 10,000 (``setExtraSelections`` lays out every block a
selection touches). Overlapping quotes are cut into pieces whose colour is the blend of
the quotes over them; the stripes margin tells them apart.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...core.anchoring import Utf16Map
from ...core.errors import NotFound
from ..shell.hub import Hub
from .find_bar import FindBar
from .stripes import SpanIndex, StripeMargin, visible_range

CR_SHOWN_AS = "\u200b"            # zero-width space: keeps \r\n two units long
FLASH_COLOUR = QColor("#ffd400")
NO_TAG_COLOUR = "#d0d0d0"


def display_text(text: str) -> str:
    return text.replace("\r\n", CR_SHOWN_AS + "\n")


def blend(colours: list[QColor]) -> QColor:
    """One readable background for a piece covered by several quotes: their mean, a
    little darker per extra layer but never dark enough to hide black text."""
    n = len(colours)
    r, g, b = (sum(getattr(c, k)() for c in colours) / n for k in ("red", "green", "blue"))
    mixed = QColor(int(r), int(g), int(b)).darker(100 + 8 * (n - 1))
    if mixed.lightnessF() < 0.6:
        mixed.setHslF(mixed.hslHueF(), mixed.hslSaturationF(), 0.6)
    return mixed


class TextView(QPlainTextEdit):
    """Read-only, wrapping, selectable text; number keys and clicks become signals."""

    numberKey = Signal(int)
    clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.WidgetWidth)
        self.setTextInteractionFlags(Qt.TextSelectableByMouse | Qt.TextSelectableByKeyboard)
        self.setUndoRedoEnabled(False)
        self.source = ""                     # the document's text as stored
        self.map = Utf16Map("")
        self.document().setDocumentMargin(8)

    def keyPressEvent(self, event) -> None:
        if (Qt.Key_1 <= event.key() <= Qt.Key_9 and self.textCursor().hasSelection()
                and not event.modifiers() & ~(Qt.KeypadModifier | Qt.ShiftModifier)):
            self.numberKey.emit(event.key() - Qt.Key_0)
            return
        super().keyPressEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.LeftButton and not self.textCursor().hasSelection():
            self.clicked.emit(self.cursorForPosition(event.position().toPoint()).position())

    def createMimeDataFromSelection(self) -> QMimeData:
        """Copy the stored text of the selection (\\r\\n and all), not what is shown."""
        cursor = self.textCursor()
        data = QMimeData()
        data.setText(self.source[self.map.from16(cursor.selectionStart()):
                                 self.map.from16(cursor.selectionEnd())])
        return data


class Pane(QWidget):
    """One document: chooser, text with highlights and stripes, find bar, close button."""

    activated = Signal(object)          # this pane got the focus
    selectionChanged = Signal(object)
    documentChanged = Signal(object)
    closeRequested = Signal(object)
    besideRequested = Signal(object)
    numberKey = Signal(object, int)
    quoteClicked = Signal(str)

    def __init__(self, hub: Hub, parent: QWidget | None = None):
        super().__init__(parent)
        self.hub = hub
        self.doc: dict | None = None
        self.map = Utf16Map("")
        self.quotes: list[dict] = []        # drawn quotes, in index order
        self.orphans: list[dict] = []
        self.index = SpanIndex()
        self.colours: list[QColor] = []
        self.selected = ""
        self.flash_id = ""
        self._window = (0, -1)              # UTF-16 range the highlights were built for

        self.chooser = QComboBox()
        self.chooser.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.chooser.setMinimumContentsLength(12)
        self.chooser.activated.connect(lambda i: self.load(self.chooser.itemData(i)))
        self.orphan_label = QLabel()
        self.orphan_label.hide()
        beside = QToolButton(text="⊞", autoRaise=True, toolTip="Open beside (a new pane)")
        beside.clicked.connect(lambda: self.besideRequested.emit(self))
        close = QToolButton(text="✕", autoRaise=True, toolTip="Close this pane")
        close.clicked.connect(lambda: self.closeRequested.emit(self))
        self.close_button = close

        self.view = TextView()
        self.margin = StripeMargin(self.view)
        self.find_bar = FindBar(self.view)
        self.find_bar.hide()

        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(self.chooser, 1)
        header.addWidget(self.orphan_label)
        header.addWidget(beside)
        header.addWidget(close)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.margin)
        body.addWidget(self.view, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addLayout(header)
        layout.addLayout(body, 1)
        layout.addWidget(self.find_bar)

        self._refresh_timer = QTimer(self, singleShot=True, interval=0)
        self._refresh_timer.timeout.connect(self._maybe_rebuild)
        self._flash_timer = QTimer(self, singleShot=True, interval=700)
        self._flash_timer.timeout.connect(self._end_flash)
        self.view.verticalScrollBar().valueChanged.connect(lambda _v: self._refresh_timer.start())
        self.view.updateRequest.connect(lambda _r, dy: dy and self._refresh_timer.start())
        self.view.selectionChanged.connect(lambda: self.selectionChanged.emit(self))
        self.view.numberKey.connect(lambda n: self.numberKey.emit(self, n))
        self.view.clicked.connect(self._on_click)
        self.margin.quoteClicked.connect(self.quoteClicked)
        self.view.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if obj is self.view and event.type() == event.Type.FocusIn:
            self.activated.emit(self)
        elif obj is self.view and event.type() == event.Type.Resize:
            self._window = (0, -1)
            self._refresh_timer.start()
        return False

    # -- documents ---------------------------------------------------------------------
    @property
    def doc_id(self) -> str | None:
        return self.doc.id if self.doc else None

    def set_documents(self, docs: list[dict]) -> None:
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for d in docs:
            label = d.title + (f" — {d.outlet}" if d.outlet else "")
            self.chooser.addItem(label, d.id)
            self.chooser.setItemData(self.chooser.count() - 1, label, Qt.ToolTipRole)
        self.chooser.setCurrentIndex(self.chooser.findData(self.doc_id) if self.doc else -1)
        self.chooser.blockSignals(False)

    def load(self, doc_id: str | None) -> None:
        if doc_id is None:
            self.doc, self.map = None, Utf16Map("")
            self.view.source, self.view.map = "", self.map
            self.view.setPlainText("")
        else:
            self.doc = self.hub.project.documents.get(doc_id)
            text = self.doc.text
            self.map = Utf16Map(text)
            self.view.source, self.view.map = text, self.map
            self.view.setPlainText(display_text(text))
        self.chooser.setCurrentIndex(self.chooser.findData(self.doc_id))
        self.refresh_quotes()
        self.documentChanged.emit(self)

    def refresh_document(self) -> None:
        """Metadata or text may have changed: reload if the text did, else keep the view."""
        if self.doc is None:
            return
        try:
            doc = self.hub.project.documents.get(self.doc.id)
        except NotFound:                    # the document was deleted
            self.load(None)
            return
        if doc.text != self.doc.text:
            scroll = self.view.verticalScrollBar().value()
            self.load(doc["id"])
            self.view.verticalScrollBar().setValue(scroll)
        else:
            self.doc = doc
            self.documentChanged.emit(self)

    # -- quotes and highlights --------------------------------------------------------
    def refresh_quotes(self) -> None:
        rows = self.hub.project.quotes.list(docs=[self.doc.id]) if self.doc else []
        self.orphans = [r for r in rows if r.orphaned]
        to16 = self.map.to16
        # A total order (span, then id): two quotes on one span never compare their rows.
        drawn = sorted((((to16(r.start_cp), to16(r.end_cp)), r) for r in rows
                        if not r.orphaned), key=lambda item: (item[0], item[1].id))
        self.quotes = [r for _, r in drawn]
        self.index = SpanIndex.build([span for span, _ in drawn])
        self.orphan_label.setVisible(bool(self.orphans))
        self.orphan_label.setText(f"⚠ {len(self.orphans)} orphaned")
        self.orphan_label.setToolTip("Quotes whose text is no longer in this document:\n"
                                     + "\n".join(f"“{r.exact[:80]}”" for r in self.orphans))
        self.refresh_colours()

    def refresh_colours(self) -> None:
        project = self.hub.project
        by_actor = self.hub.colour_by == "actor"
        palette = {r.id: r.colour for r in (project.codebook.actors(links=False) if by_actor else project.codebook.themes(links=False))}
        key = "actor_ids" if by_actor else "theme_ids"
        self.colours = [QColor(next((palette[i] for i in getattr(q, key) if i in palette), NO_TAG_COLOUR))
                        for q in self.quotes]
        tips = [tag_summary(q) for q in self.quotes]
        self.margin.set_spans(self.index, [q.id for q in self.quotes], self.colours, tips)
        self.margin.set_selected(self.selected)
        self.rebuild_highlights()

    def _maybe_rebuild(self) -> None:
        a, b = visible_range(self.view)
        if not (self._window[0] <= a and b <= self._window[1]):
            self.rebuild_highlights()

    def rebuild_highlights(self) -> None:
        """Extra selections for the visible text plus one screenful either side."""
        a, b = visible_range(self.view)
        pad = max(b - a, 2000)
        lo, hi = max(0, a - pad), b + pad
        self._window = (lo, hi)
        doc = self.view.document()
        selections = []
        for s, e, cover in self.index.segments(lo, hi):
            fmt = QTextCharFormat()
            ids = [self.quotes[i].id for i in cover]
            if self.flash_id in ids:
                fmt.setBackground(FLASH_COLOUR)
            else:
                fmt.setBackground(blend([self.colours[i] for i in cover]))
            if len(cover) > 1:
                fmt.setUnderlineStyle(QTextCharFormat.DotLine)
                fmt.setUnderlineColor(QColor("#555555"))
            if self.selected and self.selected in ids:
                fmt.setUnderlineStyle(QTextCharFormat.SingleUnderline)
                fmt.setUnderlineColor(QColor("#202020"))
            sel = QTextEdit.ExtraSelection()
            cursor = QTextCursor(doc)        # a fresh cursor per piece: reusing one is slow
            cursor.setPosition(s)
            cursor.setPosition(e, QTextCursor.KeepAnchor)
            sel.cursor, sel.format = cursor, fmt
            selections.append(sel)
        self.view.setExtraSelections(selections)

    def quote_row(self, quote_id: str) -> dict | None:
        return next((q for q in self.quotes if q.id == quote_id), None)

    def quote_span16(self, quote_id: str) -> tuple[int, int] | None:
        for i, q in enumerate(self.quotes):
            if q.id == quote_id:
                return self.index.starts[i], self.index.ends[i]
        return None

    def set_selected(self, quote_id: str) -> None:
        if quote_id != self.selected:
            self.selected = quote_id
            self.margin.set_selected(quote_id)
            self.rebuild_highlights()

    def show_quote(self, quote_id: str, flash: bool = True) -> bool:
        span = self.quote_span16(quote_id)
        if span is None:
            return False
        cursor = self.view.textCursor()
        cursor.setPosition(span[0])
        self.view.setTextCursor(cursor)
        self.view.centerCursor()
        self.selected = quote_id
        self.margin.set_selected(quote_id)
        if flash:
            self.flash_id = quote_id
            self._flash_timer.start()
        self.rebuild_highlights()
        return True

    def _end_flash(self) -> None:
        self.flash_id = ""
        self.rebuild_highlights()

    def _on_click(self, pos16: int) -> None:
        found = self.index.containing(pos16)
        if found:
            self.quoteClicked.emit(self.quotes[found[0]].id)

    # -- selection ------------------------------------------------------------------------
    def selection_cp(self) -> tuple[int, int] | None:
        """The selected span in code points, or None."""
        cursor = self.view.textCursor()
        if not cursor.hasSelection() or self.doc is None:
            return None
        return self.map.from16(cursor.selectionStart()), self.map.from16(cursor.selectionEnd())

    def select_cp(self, start: int, end: int) -> None:
        cursor = QTextCursor(self.view.document())
        cursor.setPosition(self.map.to16(start))
        cursor.setPosition(self.map.to16(end), QTextCursor.KeepAnchor)
        self.view.setTextCursor(cursor)

    def quote_at_selection(self) -> dict | None:
        """The quote whose span is exactly the selection, if there is one."""
        span = self.selection_cp()
        if span is None:
            return None
        return next((q for q in self.quotes if (q.start_cp, q.end_cp) == span), None)


def tag_summary(quote: dict) -> str:
    actors = ", ".join(quote.actors) or "—"
    themes = ", ".join(quote.themes) or "—"
    star = "★ " if quote.starred else ""
    note = f"\nNote: {quote.note}" if quote.note else ""
    return f"{star}Actors: {actors}\nThemes: {themes}{note}"
