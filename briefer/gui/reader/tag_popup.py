"""Tagging a selection: the tag popup (Ctrl+T) and the number keys 1–9.

The popup lists actors and themes as checklists filtered by what is typed, creates
actors and themes on the fly, ticks the actors the codebook finds in the selection
(``project.codebook.suggest_actors``), and has a note and a star. Enter saves through
``AddQuoteCommand`` (or ``EditQuoteCommand`` when the selection is exactly an existing
quote), so the change is in the project file and on the undo stack at once.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QFont, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from ...core.errors import BrieferError
from ..quotes.commands import AddQuoteCommand, EditQuoteCommand
from ..shell.hub import Hub
from ..widgets.swatch import swatch_icon

ID_ROLE = Qt.UserRole
SEARCH_ROLE = Qt.UserRole + 1
EXCERPT_CHARS = 160


class TagList(QListWidget):
    """A checklist of actors or themes; items carry an id (or, for new ones, a name)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setUniformItemSizes(True)
        # Enter is left to the dialog (it saves); Space or a double-click ticks.
        self.itemDoubleClicked.connect(self._toggle)

    def _toggle(self, item: QListWidgetItem) -> None:
        item.setCheckState(Qt.Unchecked if item.checkState() == Qt.Checked else Qt.Checked)

    def add(self, key: str, name: str, colour: str, checked: bool, search: str = "",
            hint: str = "") -> QListWidgetItem:
        item = QListWidgetItem(swatch_icon(colour), name)
        item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemIsUserCheckable)
        item.setCheckState(Qt.Checked if checked else Qt.Unchecked)
        item.setData(ID_ROLE, key)
        item.setData(SEARCH_ROLE, f"{name} {search}".casefold())
        if hint:
            item.setToolTip(hint)
            font = QFont(item.font())
            font.setItalic(True)
            item.setFont(font)
        self.addItem(item)
        return item

    def items(self) -> list[QListWidgetItem]:
        return [self.item(i) for i in range(self.count())]

    def checked(self) -> list[str]:
        return [it.data(ID_ROLE) for it in self.items() if it.checkState() == Qt.Checked]

    def item_named(self, name: str) -> QListWidgetItem | None:
        return next((it for it in self.items() if it.text().casefold() == name.casefold()), None)

    def filter(self, text: str) -> None:
        needle = text.strip().casefold()
        first = None
        for it in self.items():
            hidden = bool(needle) and needle not in it.data(SEARCH_ROLE)
            it.setHidden(hidden)
            if not hidden and first is None:
                first = it
        if first is not None:
            self.setCurrentItem(first)


class TagPopup(QDialog):
    """Actors, themes, note and star for a span; ``values()`` after it is accepted."""

    saved = Signal(dict)

    def __init__(self, hub: Hub, doc_id: str, start: int, end: int,
                 quote: dict | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.hub, self.doc_id, self.start, self.end, self.quote = hub, doc_id, start, end, quote
        project = hub.project
        text = project.documents.get(doc_id).text[start:end]
        self.setWindowTitle("Edit quote" if quote else "Tag selection")
        excerpt = " ".join(text.split())
        if len(excerpt) > EXCERPT_CHARS:
            excerpt = excerpt[:EXCERPT_CHARS - 1] + "…"
        self.excerpt = QLabel(f"“{excerpt}”")
        self.excerpt.setWordWrap(True)
        self.excerpt.setTextFormat(Qt.PlainText)
        self.filter_edit = QLineEdit(placeholderText="Type to filter, or a name to add…")
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
        self.new_actor.setAutoDefault(False)
        self.new_theme.setAutoDefault(False)
        self.new_actor.clicked.connect(lambda: self.add_new(self.actors))
        self.new_theme.clicked.connect(lambda: self.add_new(self.themes))
        self.note = QLineEdit(quote.note if quote else "", placeholderText="Note")
        self.star = QCheckBox("★ Star")
        self.star.setChecked(bool(quote and quote.starred))
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Save).setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons

        grid = QGridLayout(self)
        grid.addWidget(self.excerpt, 0, 0, 1, 2)
        grid.addWidget(self.filter_edit, 1, 0, 1, 2)
        grid.addWidget(QLabel("<b>Actors</b>"), 2, 0)
        grid.addWidget(QLabel("<b>Themes</b>"), 2, 1)
        grid.addWidget(self.actors, 3, 0)
        grid.addWidget(self.themes, 3, 1)
        grid.addWidget(self.new_actor, 4, 0)
        grid.addWidget(self.new_theme, 4, 1)
        grid.addWidget(self.note, 5, 0, 1, 2)
        grid.addWidget(self.star, 6, 0)
        grid.addWidget(buttons, 6, 1)
        self.filter_edit.textChanged.connect(self._filter)
        self.resize(520, 440)
        self.filter_edit.setFocus()

    def _filter(self, text: str) -> None:
        self.actors.filter(text)
        self.themes.filter(text)
        name = text.strip()
        for button, kind in ((self.new_actor, "actor"), (self.new_theme, "theme")):
            button.setText(f"+ New {kind} “{name}”" if name else f"+ New {kind}")

    def add_new(self, which: TagList, name: str | None = None) -> QListWidgetItem | None:
        """Add (ticked) an actor or theme named ``name`` or the filter text; the core
        creates it when the quote is saved. An existing name is ticked instead."""
        name = " ".join((name if name is not None else self.filter_edit.text()).split())
        if not name:
            self.filter_edit.setFocus()
            return None
        item = which.item_named(name)
        if item is None:
            item = which.add(name, name, "#ffffff", True, hint="New: created when saved")
        item.setCheckState(Qt.Checked)
        self.filter_edit.clear()
        which.scrollToItem(item)
        return item

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key_Down and self.filter_edit.hasFocus():
            shown = [w for w in (self.actors, self.themes) if any(not i.isHidden() for i in w.items())]
            (shown[0] if shown else self.actors).setFocus()
            return
        super().keyPressEvent(event)

    def values(self) -> dict:
        return {"actors": self.actors.checked(), "themes": self.themes.checked(),
                    "note": self.note.text().strip(), "starred": self.star.isChecked()}

    def accept(self) -> None:
        values = self.values()
        try:
            if self.quote is None:
                self.hub.push(AddQuoteCommand(self.hub, self.doc_id, self.start, self.end, **values))
            else:
                self.hub.push(EditQuoteCommand(self.hub, self.quote.id, **values,
                                               text="Edit quote tags"))
        except BrieferError as exc:
            self.hub.statusMessage.emit(str(exc))
        self.saved.emit(values)
        super().accept()


def can_tag(hub: Hub, pane) -> str | None:
    """Why the pane's selection cannot be tagged, or None when it can."""
    if not hub.has_project:
        return "No project is open."
    if hub.project.read_only:
        return hub.project.notice or "This project is open read-only."
    span = pane.selection_cp() if pane is not None else None
    if span is None:
        return "Select some text first."
    if not pane.doc.text[span[0]:span[1]].strip():
        return "A quote needs some text, not only white space."
    return None


def open_tag_popup(hub: Hub, pane, parent: QWidget | None = None) -> TagPopup | None:
    """Open the popup for the pane's selection (non-blocking); None with a status message
    when there is nothing to tag."""
    problem = can_tag(hub, pane)
    if problem:
        hub.statusMessage.emit(problem)
        return None
    start, end = pane.selection_cp()
    popup = TagPopup(hub, pane.doc_id, start, end, pane.quote_at_selection(), parent)
    popup.setAttribute(Qt.WA_DeleteOnClose)
    place_near_selection(popup, pane.view)
    popup.open()
    return popup


def place_near_selection(popup: QWidget, view) -> None:
    """Put the popup just below the selection (above it when there is no room), on screen."""
    cursor = view.textCursor()
    ends = []
    for pos in (cursor.selectionStart(), cursor.selectionEnd()):
        c = QTextCursor(cursor)
        c.setPosition(pos)
        ends.append(view.cursorRect(c))
    top = view.viewport().mapToGlobal(ends[0].topLeft())
    bottom = view.viewport().mapToGlobal(ends[1].bottomLeft())
    screen = (view.screen() or popup.screen()).availableGeometry()
    size = popup.sizeHint().expandedTo(popup.size())
    x = min(max(screen.left(), top.x() - 24), screen.right() - size.width())
    y = bottom.y() + 8
    if y + size.height() > screen.bottom():
        y = max(screen.top(), top.y() - size.height() - 8)
    popup.move(QPoint(x, y))


def apply_theme_number(hub: Hub, pane, number: int) -> bool:
    """Number key ``number`` (1–9): give the selection the n-th theme, as a new quote or
    added to the quote that is exactly the selection."""
    problem = can_tag(hub, pane)
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
    elif theme.id not in quote.theme_ids:
        hub.push(EditQuoteCommand(hub, quote.id, themes=[*quote.theme_ids, theme.id],
                                  text=f"Add theme {theme.name}"))
    hub.statusMessage.emit(f"Tagged {theme.name}")
    return True
