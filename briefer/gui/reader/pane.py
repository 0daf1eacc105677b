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
the quotes over them; the stripes margin tells them apart. The selected quote's ends are moved
by a ``SpanEditor`` (``span_edit.py``).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...core.anchoring import Utf16Map
from ...core.errors import NotFound
from ...core.records import Document, Quote
from ..shell.hub import Hub
from .colours import NO_TAG_COLOUR, legend_html
from .find_bar import FindBar
from .highlights import highlight_selections
from .span_edit import SpanEditor
from .text_view import TextView, display_text
from .stripes import SpanIndex, StripeMargin, visible_range

EMPTY_HINT = ("No quotes in this document yet. Select a passage (drag, or Shift+arrows) and "
              "press Ctrl+T to tag it with actors and themes — or Help ▸ Load demo annotations "
              "to see a worked example.")
#: The hint of a pane with no document: the project has none, or none is chosen.
NO_DOCUMENTS_HINT = ("This project has no documents yet. Import documents (Ctrl+I) "
                     "or drop files on this window.")
CHOOSE_HINT = "Choose a document above (or in the Library), or import more (Ctrl+I)."


class Pane(QWidget):
    """One document: chooser, text with highlights and stripes, find bar, close button."""

    activated = Signal(object)          # this pane got the focus
    selectionChanged = Signal(object)
    documentChanged = Signal(object)
    closeRequested = Signal(object)
    besideRequested = Signal(object)
    numberKey = Signal(object, int)
    quoteClicked = Signal(str)
    quoteEditRequested = Signal(str)    # a double-click on a highlight or a stripe

    def __init__(self, hub: Hub, parent: QWidget | None = None):
        super().__init__(parent)
        self.hub = hub
        self.doc: Document | None = None
        self.map = Utf16Map("")
        self.quotes: list[Quote] = []       # drawn quotes, in index order
        self.orphans: list[Quote] = []
        self.index = SpanIndex()
        self.colours: list[QColor] = []
        self.selected = ""
        self.flash_id = ""
        self._window = (0, -1)              # UTF-16 range the highlights were built for
        self.snap = "word"                  # how dragged or stepped quote ends snap
        self.scrolls: dict[str, int] = {}   # document id -> scroll position, this pane
        self.colour_sets: list[list[QColor]] = []

        self.chooser = QComboBox()
        self.chooser.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.chooser.setMinimumContentsLength(12)
        self.chooser.activated.connect(lambda i: self.load(self.chooser.itemData(i)))
        self.orphan_label = QLabel()
        self.orphan_label.hide()
        beside = QToolButton(autoRaise=True)
        beside.setText("⊞")
        beside.setToolTip("Open beside (a new pane)")
        beside.clicked.connect(lambda: self.besideRequested.emit(self))
        close = QToolButton(autoRaise=True)
        close.setText("✕")
        close.setToolTip("Close this pane")
        close.clicked.connect(lambda: self.closeRequested.emit(self))
        self.close_button = close

        self.view = TextView()
        self.margin = StripeMargin(self.view)
        self.find_bar = FindBar(self.view)
        self.find_bar.hide()
        self.hint = QLabel(EMPTY_HINT)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("QLabel { background: #fff8d6; color: #333; padding: 6px; }")
        self.hint.hide()
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        self.legend.setToolTip("What the highlight colours mean (View ▸ Colour by actor switches)")

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
        layout.addWidget(self.hint)
        layout.addWidget(self.legend)
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
        self.margin.quoteDoubleClicked.connect(self.quoteEditRequested)
        self.view.doubleClicked.connect(self._on_double_click)
        self.view.on_highlight = lambda pos: bool(self.index.containing(pos))
        self.span_editor = SpanEditor(self)
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

    def set_documents(self, docs: list[Document]) -> None:
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for d in docs:
            label = d.title + (f" — {d.outlet}" if d.outlet else "")
            self.chooser.addItem(label, d.id)
            self.chooser.setItemData(self.chooser.count() - 1, label, Qt.ItemDataRole.ToolTipRole)
        self.chooser.setCurrentIndex(self.chooser.findData(self.doc_id) if self.doc else -1)
        self.chooser.blockSignals(False)
        self._update_hint()

    def _update_hint(self) -> None:
        """What to do next: choose or import a document (no document shown), or tag a
        passage (a document with no quotes)."""
        if self.doc is None:
            self.hint.setText(CHOOSE_HINT if self.chooser.count() else NO_DOCUMENTS_HINT)
            self.hint.show()
            return
        self.hint.setText(EMPTY_HINT)
        self.hint.setVisible(not self.quotes and not self.orphans)

    def load(self, doc_id: str | None) -> None:
        if self.doc is not None:
            self.scrolls[self.doc.id] = self.top_position()
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
        if doc_id in self.scrolls:                   # back where this pane left it
            self.scroll_to_top(self.scrolls[doc_id])
        self.documentChanged.emit(self)

    def top_position(self) -> int:
        """The UTF-16 position of the first character shown at the top of the pane."""
        return self.view.cursorForPosition(QPoint(0, 0)).position()

    def scroll_to_top(self, pos16: int) -> None:
        """Scroll so that ``pos16`` is on the first line shown (the cursor goes there)."""
        cursor = QTextCursor(self.view.document())
        cursor.setPosition(min(max(0, pos16), self.view.document().characterCount() - 1))
        bar = self.view.verticalScrollBar()
        bar.setValue(bar.maximum())                  # from below, ensureCursorVisible puts
        self.view.setTextCursor(cursor)              # the line at the top
        self.view.ensureCursorVisible()

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
            self.load(doc.id)
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
        palette = {r.id: r.colour for r in (project.codebook.actors(links=False) if by_actor
                                            else project.codebook.themes(links=False))}
        key = "actor_ids" if by_actor else "theme_ids"
        self.colour_sets = [[QColor(palette[i]) for i in getattr(q, key) if i in palette]
                            or [QColor(NO_TAG_COLOUR)] for q in self.quotes]
        self.colours = [colours[0] for colours in self.colour_sets]
        self._update_hint()
        self.legend.setText(legend_html(project, self.quotes, by_actor))
        self.legend.setVisible(bool(self.quotes))
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
        self.view.setExtraSelections(highlight_selections(
            self.view.document(), self.index.segments(lo, hi), self.quotes,
            self.colours, self.colour_sets, self.flash_id, self.selected))

    def quote_row(self, quote_id: str) -> Quote | None:
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

    def _on_double_click(self, pos16: int) -> None:
        quote = self.quote_at16(pos16)
        if quote is not None:
            self.quoteEditRequested.emit(quote.id)

    def quote_at16(self, pos16: int) -> Quote | None:
        """The shortest quote over a UTF-16 position (the innermost of nested ones)."""
        found = self.index.containing(pos16)
        if not found:
            return None
        i = min(found, key=lambda k: self.index.ends[k] - self.index.starts[k])
        return self.quotes[i]

    def quote_at_cursor(self) -> Quote | None:
        """The quote under the text cursor when nothing is selected."""
        cursor = self.view.textCursor()
        if cursor.hasSelection() or self.doc is None:
            return None
        return self.quote_at16(cursor.position())

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
        cursor.setPosition(self.map.to16(end), QTextCursor.MoveMode.KeepAnchor)
        self.view.setTextCursor(cursor)

    def quote_at_selection(self) -> Quote | None:
        """The quote whose span is exactly the selection, if there is one."""
        span = self.selection_cp()
        if span is None:
            return None
        return next((q for q in self.quotes if (q.start_cp, q.end_cp) == span), None)


def tag_summary(quote: Quote) -> str:
    actors = ", ".join(quote.actors) or "—"
    themes = ", ".join(quote.themes) or "—"
    star = "★ " if quote.starred else ""
    note = f"\nNote: {quote.note}" if quote.note else ""
    return f"{star}Actors: {actors}\nThemes: {themes}{note}"
