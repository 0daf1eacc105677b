"""Tagging a selection: the tag popup (Ctrl+T) and the number keys 1–9.

The popup lists actors and themes as checklists filtered by what is typed, creates
actors (of a chosen kind) and themes on the fly, ticks the actors the codebook finds in
the selection (``project.codebook.suggest_actors``), and has a multi-line note and a star.
Enter in the filter box never drops what was typed: an existing name is ticked, a new one
is offered as a new actor or theme. Enter elsewhere saves, as one undo step: new actors
and themes (``codebook.commands.AddCommand``), then ``AddQuoteCommand`` — or
``EditQuoteCommand`` when the popup is about an existing quote (Ctrl+T on a highlight,
a double-click on a highlight, a stripe or a row of the quotes table).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from ...core.codebook import ACTOR_KINDS
from ...core.errors import BrieferError
from ...core.records import Quote
from ..codebook.commands import AddCommand
from ..quotes.commands import AddQuoteCommand, EditQuoteCommand
from ..quotes.sourcing import SourcingFields
from ..shell.hub import Hub
from ..widgets.literal import literal
from .placement import place_beside
from .tag_lists import NoteEdit, TagList

EXCERPT_CHARS = 160
DEFAULT_KIND = "organisation"


class TagPopup(QDialog):
    """Actors, themes, note and star for a span; ``values()`` after it is accepted."""

    saved = Signal(dict)

    def __init__(self, hub: Hub, doc_id: str, start: int, end: int,
                 quote: Quote | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.hub, self.doc_id, self.start, self.end, self.quote = hub, doc_id, start, end, quote
        self.new_kinds: dict[str, str] = {}          # new actor name -> kind
        project = hub.project
        text = project.documents.get(doc_id).text[start:end]
        self.setWindowTitle("Edit quote" if quote else "Tag selection")
        excerpt = " ".join(text.split())
        if len(excerpt) > EXCERPT_CHARS:
            excerpt = excerpt[:EXCERPT_CHARS - 1] + "…"
        self.excerpt = QLabel(f"“{excerpt}”")
        self.excerpt.setWordWrap(True)
        self.excerpt.setTextFormat(Qt.TextFormat.PlainText)
        self.filter_edit = QLineEdit(placeholderText="Type to filter; Enter adds a new name")
        self.filter_edit.setClearButtonEnabled(True)
        self.actors = TagList()
        self.themes = TagList()
        suggested = set(project.codebook.suggest_actors(text)) if quote is None else set()
        have_actors = set(quote.actor_ids) if quote else set()
        have_themes = set(quote.theme_ids) if quote else set()
        for a in project.codebook.actors(links=False):
            hint = "Found in the selection" if a.id in suggested else ""
            self.actors.add(a.id, a.name, a.colour, a.id in suggested | have_actors,
                            " ".join(a.aliases), hint)
        for t in project.codebook.themes(links=False):
            self.themes.add(t.id, t.name, t.colour, t.id in have_themes,
                            t.description or "")
        self.new_actor = QPushButton("+ New actor")
        self.new_theme = QPushButton("+ New theme")
        self.actor_kind = QComboBox()
        self.actor_kind.addItems(list(ACTOR_KINDS))
        self.actor_kind.setCurrentText(DEFAULT_KIND)
        self.actor_kind.setToolTip("The kind a new actor gets")
        for button in (self.new_actor, self.new_theme):
            button.setAutoDefault(False)
        self.new_actor.clicked.connect(lambda: self.add_new(self.actors))
        self.new_theme.clicked.connect(lambda: self.add_new(self.themes))
        self.ask = self._make_ask_row()
        self.note = NoteEdit(quote.note if quote else "")
        self.note.submitted.connect(self.accept)
        self.star = QCheckBox("★ Star")
        self.star.setChecked(bool(quote and quote.starred))
        self.sourcing = SourcingFields(translation=False)
        speakers = project.quotes.suggest_speakers(doc_id, start)
        self.sourcing.set_choices(project.codebook.actors(), speakers)
        self.sourcing.set_quote(quote)
        if speakers and not (quote and quote.speaker):
            speaker_edit = self.sourcing.speaker.lineEdit()
            assert speaker_edit is not None              # the speaker box is editable
            speaker_edit.setPlaceholderText(
                f"Suggested: {speakers[0].name} (named just before) — ↓ to choose")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons

        actor_row = QHBoxLayout()
        actor_row.addWidget(self.new_actor, 1)
        actor_row.addWidget(self.actor_kind)
        grid = QGridLayout(self)
        grid.addWidget(self.excerpt, 0, 0, 1, 2)
        grid.addWidget(self.filter_edit, 1, 0, 1, 2)
        grid.addWidget(self.ask, 2, 0, 1, 2)
        grid.addWidget(QLabel("<b>Actors</b> (mentioned)"), 3, 0)
        grid.addWidget(QLabel("<b>Themes</b>"), 3, 1)
        grid.addWidget(self.actors, 4, 0)
        grid.addWidget(self.themes, 4, 1)
        grid.addLayout(actor_row, 5, 0)
        grid.addWidget(self.new_theme, 5, 1)
        grid.addWidget(self.note, 6, 0, 1, 2)
        grid.addWidget(self.sourcing, 7, 0, 1, 2)
        grid.addWidget(self.star, 8, 0)
        grid.addWidget(buttons, 8, 1)
        self.grid = grid
        self.filter_edit.textChanged.connect(self._filter)
        self.filter_edit.installEventFilter(self)      # Enter there: _filter_entered
        self.resize(520, 560)
        self.filter_edit.setFocus()

    def _make_ask_row(self) -> QWidget:
        """“X” is new: add it as [actor] [theme] — shown when Enter meets a new name."""
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        self.ask_label = QLabel()
        self.ask_actor = QPushButton("Actor")
        self.ask_theme = QPushButton("Theme")
        for button in (self.ask_actor, self.ask_theme):
            button.setAutoDefault(True)           # Enter on the focused one answers
        self.ask_actor.clicked.connect(lambda: self._answer(self.actors))
        self.ask_theme.clicked.connect(lambda: self._answer(self.themes))
        layout.addWidget(self.ask_label, 1)
        layout.addWidget(self.ask_actor)
        layout.addWidget(self.ask_theme)
        row.hide()
        return row

    def _filter(self, text: str) -> None:
        self.actors.filter(text)
        self.themes.filter(text)
        self.ask.hide()
        name = text.strip()
        for button, kind in ((self.new_actor, "actor"), (self.new_theme, "theme")):
            button.setText(literal(f"+ New {kind} “{name}”") if name else f"+ New {kind}")

    def _filter_entered(self) -> None:
        """Enter in the filter box: an empty box saves; a name is ticked (an existing one,
        or the only match) or offered as a new actor or theme; nothing typed is dropped."""
        name = " ".join(self.filter_edit.text().split())
        if not name:
            self.accept()
            return
        exact = [it for it in (self.actors.item_named(name), self.themes.item_named(name)) if it]
        matches = self.actors.shown() + self.themes.shown()
        chosen = exact[0] if len(exact) == 1 else (matches[0] if len(matches) == 1 else None)
        if chosen is not None:
            chosen.setCheckState(Qt.CheckState.Checked)
            self.filter_edit.clear()
            self.hub.statusMessage.emit(f"Ticked {chosen.text()}")
            return
        self.ask_label.setText(f"“{name}” is new. Add it as:")
        self.ask.show()
        self.ask_theme.setFocus()

    def _answer(self, which: TagList) -> None:
        self.ask.hide()
        self.add_new(which)
        self.filter_edit.setFocus()

    def add_new(self, which: TagList, name: str | None = None,
                kind: str | None = None) -> QListWidgetItem | None:
        """Add (ticked) an actor or theme named ``name`` or the filter text; it is created
        when the quote is saved (an actor of ``kind``, else the kind chosen beside
        "New actor"). An existing name is ticked instead."""
        name = " ".join((name if name is not None else self.filter_edit.text()).split())
        if not name:
            self.filter_edit.setFocus()
            return None
        item = which.item_named(name)
        if item is None:
            item = which.add(name, name, "#ffffff", True, hint="New: created when saved", new=True)
            if which is self.actors:
                self.new_kinds[name] = kind or self.actor_kind.currentText()
        item.setCheckState(Qt.CheckState.Checked)
        self.filter_edit.clear()
        which.scrollToItem(item)
        return item

    def eventFilter(self, obj, event) -> bool:
        if (obj is self.filter_edit and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self._filter_entered()          # consumed: the dialog's Save never sees it
            return True
        return super().eventFilter(obj, event)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Down and self.focusWidget() is self.filter_edit:
            shown = [w for w in (self.actors, self.themes) if w.shown()]
            (shown[0] if shown else self.actors).setFocus()
            return
        super().keyPressEvent(event)

    def values(self) -> dict:
        return {"actors": self.actors.checked(), "themes": self.themes.checked(),
                "note": self.note.text().strip(), "starred": self.star.isChecked(),
                **self.sourcing.values()}

    def accept(self) -> None:
        values = self.values()
        stack = self.hub.undo_stack
        stack.beginMacro("Edit quote" if self.quote else "Tag selection")
        try:
            for name in self.actors.checked_new():
                self.hub.push(AddCommand(self.hub, "actor", name,
                                         kind=self.new_kinds.get(name, DEFAULT_KIND)))
            for name in self.themes.checked_new():
                self.hub.push(AddCommand(self.hub, "theme", name))
            if self.quote is None:
                self.hub.push(AddQuoteCommand(self.hub, self.doc_id, self.start, self.end,
                                              **values))
            else:
                self.hub.push(EditQuoteCommand(self.hub, self.quote.id, **values,
                                               text="Edit quote tags"))
        except BrieferError as exc:
            self.hub.statusMessage.emit(str(exc))
        finally:
            stack.endMacro()
        self.saved.emit(values)
        super().accept()


def can_tag(hub: Hub, pane) -> str | None:
    """Why the pane's selection (or the quote under its cursor) cannot be tagged, or None."""
    if not hub.has_project:
        return "No project is open."
    if hub.project.read_only:
        return hub.project.notice or "This project is open read-only."
    span = pane.selection_cp() if pane is not None else None
    if span is None:
        if pane is not None and pane.quote_at_cursor() is not None:
            return None
        return "Select some text first (or put the cursor in a highlight to edit its quote)."
    if not pane.doc.text[span[0]:span[1]].strip():
        return "A quote needs some text, not only white space."
    return None


def open_tag_popup(hub: Hub, pane, parent: QWidget | None = None) -> TagPopup | None:
    """Open the popup for the pane's selection, or for the quote under its cursor when
    nothing is selected (non-blocking); None with a status message when there is nothing."""
    problem = can_tag(hub, pane)
    if problem:
        hub.statusMessage.emit(problem)
        return None
    quote = pane.quote_at_selection()
    if pane.selection_cp() is None:
        quote = pane.quote_at_cursor()
        pane.select_cp(quote.start_cp, quote.end_cp)
    start, end = pane.selection_cp()
    return _show(TagPopup(hub, pane.doc_id, start, end, quote, parent), pane)


def open_quote_popup(hub: Hub, pane, quote_id: str,
                     parent: QWidget | None = None) -> TagPopup | None:
    """Open the popup on an existing quote shown in ``pane`` (its span is selected)."""
    quote = pane.quote_row(quote_id) if pane is not None else None
    if quote is None or quote.orphaned:
        hub.statusMessage.emit("That quote is not shown in a pane.")
        return None
    if hub.project.read_only:
        hub.statusMessage.emit(hub.project.notice or "This project is open read-only.")
        return None
    pane.select_cp(quote.start_cp, quote.end_cp)
    return _show(TagPopup(hub, pane.doc_id, quote.start_cp, quote.end_cp, quote, parent), pane)


def _show(popup: TagPopup, pane) -> TagPopup:
    popup.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    popup.adjustSize()
    place_beside(popup, pane.view)
    popup.open()
    return popup


def apply_theme_number(hub: Hub, pane, number: int) -> bool:
    """Number key ``number`` (1–9): give the selection the n-th theme, as a new quote or
    added to the quote that is exactly the selection. The status bar says what was done
    and that Ctrl+Z takes it back."""
    problem = (can_tag(hub, pane) if pane is None or pane.selection_cp()
               else "Select some text first.")
    themes = hub.project.codebook.themes(links=False) if hub.has_project else []
    if problem is None and number > len(themes):
        problem = f"There is no theme {number} (the codebook has {len(themes)})."
    if problem:
        hub.statusMessage.emit(problem)
        return False
    theme = themes[number - 1]
    quote = pane.quote_at_selection()
    if quote is None:
        start, end = pane.selection_cp()
        hub.push(AddQuoteCommand(hub, pane.doc_id, start, end, themes=[theme.id]))
        hub.statusMessage.emit(f"New quote tagged {theme.name} — Ctrl+Z takes it back")
    elif theme.id not in quote.theme_ids:
        hub.push(EditQuoteCommand(hub, quote.id, themes=[*quote.theme_ids, theme.id],
                                  text=f"Add theme {theme.name}"))
        hub.statusMessage.emit(f"Tagged {theme.name} — Ctrl+Z takes it back")
    else:
        hub.statusMessage.emit(f"Already tagged {theme.name}")
    return True
