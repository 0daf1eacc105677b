"""The quotes table's filter bar: actor, theme, document and language pickers, speaker,
star, free text.

A picker's menu is filled when it is first opened after the project changed (a large
project's thousands of documents cost no time at start), or at once when something is
picked (its label names it; a picked item that is gone is dropped).

Every criterion set must hold (AND): actor X and theme Y. Within one picker, several
actors (or themes) must all be on a quote; several documents or languages allow any.
The speaker is typed (or picked from the project's speakers) and means what
``briefer quote list --speaker`` means: an actor's name or alias, else a speaker's words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...core.attribution import MAX_PERSON
from ..widgets.literal import literal
from ..widgets.swatch import swatch_icon
from .quote_filter import QuoteFilter

SEARCH_DELAY_MS = 250


#: What a picker lists: (id, label, colour or None) for each item.
Items = Iterable[tuple[str, str, str | None]]


class PickerButton(QToolButton):
    """A button with a menu of checkable items; its label says what is picked."""

    changed = Signal()

    def __init__(self, noun: str, plural: str, parent=None):
        super().__init__(parent)
        self.noun, self.plural = noun, plural
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setMenu(QMenu(self))
        self.menu().aboutToShow.connect(self.fill)
        self._source: Callable[[], Items] | None = None     # read again when stale
        self._items: dict[str, str] = {}          # id -> label
        self._actions: dict[str, QAction] = {}
        self._selected: list[str] = []
        self._update_label()

    @property
    def stale(self) -> bool:
        """The menu waits to be filled from its source (when opened or something is picked)."""
        return self._source is not None

    def set_source(self, source: Callable[[], Items]) -> None:
        """List ``source()``'s items when the menu is next opened (at once if something is
        picked: what is gone is dropped, the label names what stays)."""
        self._source = source
        if self._selected:
            self.fill()

    def fill(self) -> None:
        """Fill the menu from its source now if it is stale."""
        if self._source is not None:
            self.set_items(self._source())

    def set_items(self, items: Items) -> None:
        """``items``: (id, label, colour or None); picked ids that are gone are dropped."""
        self._source = None
        menu = self.menu()
        menu.clear()
        self._items, self._actions = {}, {}
        any_action = menu.addAction(f"Any {self.noun.lower()}")
        any_action.triggered.connect(lambda: self.set_selected([], notify=True))
        menu.addSeparator()
        for item_id, label, colour in items:
            action = menu.addAction(swatch_icon(colour) if colour else swatch_icon(),
                                    literal(label))
            action.setCheckable(True)
            action.setData(item_id)
            action.toggled.connect(lambda on, i=item_id: self._toggled(i, on))
            self._items[item_id] = label
            self._actions[item_id] = action
        self.set_selected([i for i in self._selected if i in self._items])

    def action(self, item_id: str) -> QAction:
        self.fill()
        return self._actions[item_id]

    def selected(self) -> list[str]:
        return list(self._selected)

    def set_selected(self, ids, notify: bool = False) -> None:
        ids = list(dict.fromkeys(ids))
        if ids and self.stale:
            self.fill()                      # the label names them
        self._selected = ids
        for item_id, action in self._actions.items():
            action.blockSignals(True)
            action.setChecked(item_id in ids)
            action.blockSignals(False)
        self._update_label()
        if notify:
            self.changed.emit()

    def _toggled(self, item_id: str, on: bool) -> None:
        ids = [i for i in self._selected if i != item_id] + ([item_id] if on else [])
        self.set_selected(ids, notify=True)

    def _update_label(self) -> None:
        names = [self._items.get(i, i) for i in self._selected]
        if not names:
            text = f"{self.noun}: any"
        elif len(names) == 1:
            text = f"{self.noun}: {names[0]}"
        else:
            text = f"{self.plural}: " + " + ".join(names)
        self.setText(literal(text))
        self.setToolTip(text)


class SpeakerBox(QComboBox):
    """The speaker to filter by: typed, or picked from the project's speakers (``source``,
    read again only when the box is used after ``invalidate``: a quote edit costs no query)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.source: Callable[[], list[str]] = list
        self._stale = True
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMinimumContentsLength(16)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        line = self.lineEdit()
        assert line is not None, "an editable combo box has a line edit"
        self.line = line
        line.setPlaceholderText("Speaker: any")
        line.setClearButtonEnabled(True)
        line.setMaxLength(MAX_PERSON)
        completer = QCompleter(self.model(), self)     # suggestions containing what is typed
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        self.setToolTip("Only quotes said by this speaker: an actor (name or alias) or the "
                        "words typed as a speaker (any case)")

    def invalidate(self) -> None:
        """The project's speakers may have changed: list them again when next used."""
        self._stale = True

    def refill(self) -> None:
        """List the project's speakers now (what is typed stays)."""
        self._stale = False
        text = self.currentText()
        self.blockSignals(True)
        try:
            self.clear()
            self.addItems(self.source())
            self.setCurrentIndex(-1)
            self.setEditText(text)
        finally:
            self.blockSignals(False)

    def focusInEvent(self, event) -> None:
        if self._stale:
            self.refill()
        super().focusInEvent(event)

    def showPopup(self) -> None:
        if self._stale:
            self.refill()
        super().showPopup()


def _languages(project) -> list[str]:
    """The languages of the project's documents and quotes, sorted."""
    langs = {d.language for d in project.documents.list() if d.language}
    langs.update(project.quotes.languages())      # listed in SQL, nothing counted
    return sorted(langs)


class FilterBar(QWidget):
    """Emits ``filterChanged(QuoteFilter)`` whenever the user changes a criterion."""

    filterChanged = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.actors = PickerButton("Actor", "Actors (all of)", self)
        self.themes = PickerButton("Theme", "Themes (all of)", self)
        self.docs = PickerButton("Document", "Documents (any of)", self)
        self.langs = PickerButton("Language", "Languages (any of)", self)
        self.speaker = SpeakerBox(self)
        self.star = QToolButton(self)
        self.star.setText("★ only")
        self.star.setCheckable(True)
        self.star.setToolTip("Show starred quotes only")
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search quotes and notes…")
        self.search.setClearButtonEnabled(True)
        self.clear_button = QPushButton("Clear filters", self)

        pickers = QHBoxLayout()
        for picker in (self.actors, self.themes, self.docs, self.langs):
            pickers.addWidget(picker)
            picker.changed.connect(self._emit)
        pickers.addWidget(self.speaker)
        pickers.addStretch(1)
        second = QHBoxLayout()
        second.addWidget(self.search, 1)
        second.addWidget(self.star)
        second.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(pickers)
        layout.addLayout(second)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._emit)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self._emit)
        self.speaker.editTextChanged.connect(lambda _text: self._search_timer.start())
        self.speaker.activated.connect(lambda _index: self._emit())
        self.speaker.line.returnPressed.connect(self._emit)
        self.star.toggled.connect(lambda _on: self._emit())
        self.clear_button.clicked.connect(self.clear)

    def reload_choices(self, project, codebook_only: bool = False) -> None:
        """List the project's choices in the pickers when they are next opened (keeping
        what is picked and still exists)."""
        codebook = project.codebook
        self.actors.set_source(lambda: [(a.id, a.name, a.colour)
                                        for a in codebook.actors(links=False)])
        self.themes.set_source(lambda: [(t.id, t.name, t.colour)
                                        for t in codebook.themes(links=False)])
        self.speaker.invalidate()             # an actor's name may have changed
        if codebook_only:
            return
        self.docs.set_source(lambda: [(d.id, d.title or "Untitled", None)
                                      for d in project.documents.list()])
        self.langs.set_source(lambda: [(lang, lang, None) for lang in _languages(project)])

    def current_filter(self) -> QuoteFilter:
        return QuoteFilter(actors=self.actors.selected(), themes=self.themes.selected(),
                           docs=self.docs.selected(), langs=self.langs.selected(),
                           starred=True if self.star.isChecked() else None,
                           text=self.search.text().strip(),
                           speaker=" ".join(self.speaker.currentText().split()))

    def set_filter(self, quote_filter: QuoteFilter, notify: bool = True) -> None:
        self._search_timer.stop()
        for widget in (self.star, self.search, self.speaker):
            widget.blockSignals(True)
        self.actors.set_selected(quote_filter.actors)
        self.themes.set_selected(quote_filter.themes)
        self.docs.set_selected(quote_filter.docs)
        self.langs.set_selected(quote_filter.langs)
        self.star.setChecked(bool(quote_filter.starred))
        self.search.setText(quote_filter.text)
        self.speaker.setEditText(quote_filter.speaker)
        for widget in (self.star, self.search, self.speaker):
            widget.blockSignals(False)
        if notify:
            self._emit()

    def clear(self) -> None:
        self.set_filter(QuoteFilter())

    def _emit(self) -> None:
        self._search_timer.stop()
        self.filterChanged.emit(self.current_filter())
