"""The inspector beside the quotes table: the selected quote's actors, themes, note and star.

Every edit is an ``EditQuoteCommand`` on the hub's undo stack. The note is saved when the
editor loses focus or after a short pause in typing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import NotFound
from ...core.records import Actor, Quote, Theme
from ..shell.changes import Changes
from ..shell.hub import Hub
from ..widgets.swatch import swatch_icon
from .commands import EditQuoteCommand
from .columns import ORPHAN_MARK
from .sourcing import SourcingFields

NOTE_IDLE_MS = 800


class NoteEdit(QPlainTextEdit):
    focusLost = Signal()

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.focusLost.emit()


class QuoteInspector(QWidget):
    #: The Delete button was pressed.
    deleteRequested = Signal()

    def __init__(self, hub: Hub, parent=None):
        super().__init__(parent)
        self.hub = hub
        self.quote_id: str | None = None
        self._quote: Quote | None = None
        self._loading = False

        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.star = QCheckBox("★ Starred", self)
        self.delete_button = QPushButton("Delete quote", self)
        self.delete_button.setToolTip("Delete the selected quote (Del); undo brings it back")
        self.actor_list = QListWidget(self)
        self.theme_list = QListWidget(self)
        self.note = NoteEdit(self)
        self.note.setPlaceholderText("Note…")
        self.note.setTabChangesFocus(True)

        top = QHBoxLayout()
        top.addWidget(self.star)
        top.addStretch(1)
        top.addWidget(self.delete_button)
        lists = QHBoxLayout()
        for title, widget in (("Actors", self.actor_list), ("Themes", self.theme_list)):
            column = QVBoxLayout()
            column.addWidget(QLabel(title, self))
            column.addWidget(widget)
            lists.addLayout(column)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addLayout(top)
        layout.addLayout(lists, 2)
        layout.addWidget(self.note, 1)
        self.sourcing = SourcingFields(translation=True, parent=self)
        layout.addWidget(self.sourcing)
        self._sourcing_timer = QTimer(self)
        self._sourcing_timer.setSingleShot(True)
        self._sourcing_timer.setInterval(NOTE_IDLE_MS)
        self._sourcing_timer.timeout.connect(self.save_sourcing)
        self.sourcing.edited.connect(self.save_sourcing)
        assert self.sourcing.translation is not None, "made with translation=True"
        self.sourcing.translation.textChanged.connect(
            lambda: None if self._loading else self._sourcing_timer.start())

        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(NOTE_IDLE_MS)
        self._note_timer.timeout.connect(self.save_note)
        self.note.textChanged.connect(self._note_typed)
        self.note.focusLost.connect(self.save_note)
        self.star.toggled.connect(self._star_toggled)
        self.actor_list.itemChanged.connect(lambda _item: self._tags_changed("actors"))
        self.theme_list.itemChanged.connect(lambda _item: self._tags_changed("themes"))
        self.delete_button.clicked.connect(self.deleteRequested)
        hub.changed.connect(self._on_changed)
        hub.projectOpened.connect(lambda: self.show_quote(None))
        self.show_quote(None)

    # -- showing ---------------------------------------------------------------------
    def show_quote(self, quote_id: str | None) -> None:
        """Show ``quote_id`` (None = nothing), saving a pending note of the previous one first."""
        if quote_id != self.quote_id:
            self.save_note()
            self.save_sourcing()
        self.quote_id = quote_id or None
        self.reload()

    def reload(self) -> None:
        """Read the quote and the codebook again from the store."""
        self._quote = None
        if self.quote_id and self.hub.has_project:
            try:
                self._quote = self.hub.project.quotes.get(self.quote_id)
            except NotFound:
                self.quote_id = None
        quote = self._quote
        self._loading = True
        try:
            writable = quote is not None and not self.hub.project.read_only
            for widget in (self.star, self.actor_list, self.theme_list, self.note,
                           self.delete_button, self.sourcing):
                widget.setEnabled(writable)
            if quote is None:
                self.heading.setText("No quote selected.")
                self.star.setChecked(False)
                self.actor_list.clear()
                self.theme_list.clear()
                self.note.setPlainText("")
                self.sourcing.set_quote(None)
                return
            excerpt = " ".join(quote.exact.split())
            if len(excerpt) > 240:
                excerpt = excerpt[:239] + "…"
            mark = f"{ORPHAN_MARK} — " if quote.orphaned else ""
            self.heading.setText(f"{mark}“{excerpt}”\n— {quote.doc_title or 'Untitled'}")
            self.star.setChecked(bool(quote.starred))
            project = self.hub.project
            actors = project.codebook.actors(links=False)
            self._fill(self.actor_list, actors, quote.actor_ids)
            self._fill(self.theme_list, project.codebook.themes(links=False), quote.theme_ids)
            self.sourcing.set_choices(actors)
            if not self._sourcing_timer.isActive():     # unsaved typing is kept
                self.sourcing.set_quote(quote)
            typing = self._note_timer.isActive()       # unsaved typing is kept (saved soon)
            if not typing and self.note.toPlainText() != quote.note:
                self.note.setPlainText(quote.note)
        finally:
            self._loading = False

    @staticmethod
    def _fill(widget: QListWidget, items: Sequence[Actor | Theme],
              checked_ids: Sequence[str]) -> None:
        """Show ``items`` checked as given; update in place when the same ids are listed
        (a tick may be the very item whose signal is being handled)."""
        same = [widget.item(i).data(Qt.ItemDataRole.UserRole) for i in range(widget.count())] == \
            [entry.id for entry in items]
        if not same:
            widget.clear()
        for row, entry in enumerate(items):
            item = widget.item(row) if same else QListWidgetItem(widget)
            item.setText(entry.name)
            item.setIcon(swatch_icon(entry.colour))
            item.setData(Qt.ItemDataRole.UserRole, entry.id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable
                          | Qt.ItemFlag.ItemIsSelectable)
            item.setCheckState(Qt.CheckState.Checked if entry.id in checked_ids
                               else Qt.CheckState.Unchecked)

    def item(self, kind: str, name: str) -> QListWidgetItem:
        """The list item of the actor or theme called ``name`` (``kind``: "actors"/"themes")."""
        widget = self.actor_list if kind == "actors" else self.theme_list
        return widget.findItems(name, Qt.MatchFlag.MatchExactly)[0]

    # -- editing ---------------------------------------------------------------------
    def _on_changed(self, changes: Changes, _source) -> None:
        ids = changes.quote_ids
        if changes.codebook or changes.documents or changes.quotes and self.quote_id \
                and (ids is None or self.quote_id in ids):
            self.reload()

    def _star_toggled(self, on: bool) -> None:
        if self._loading or self._quote is None or bool(self._quote.starred) == on:
            return
        self.hub.push(EditQuoteCommand(self.hub, self._quote.id, starred=on,
                                       text="Star quote" if on else "Unstar quote"))

    def _tags_changed(self, kind: str) -> None:
        if self._loading or self._quote is None:
            return
        widget = self.actor_list if kind == "actors" else self.theme_list
        ids = [widget.item(i).data(Qt.ItemDataRole.UserRole) for i in range(widget.count())
               if widget.item(i).checkState() == Qt.CheckState.Checked]
        if set(ids) == set(getattr(self._quote, f"{kind[:-1]}_ids")):
            return
        self.hub.push(EditQuoteCommand(self.hub, self._quote.id, text="Tag quote", **{kind: ids}))

    def save_sourcing(self) -> None:
        """Store the sourcing fields that differ from the quote's (one undo step)."""
        self._sourcing_timer.stop()
        if self._loading or self._quote is None or not self.hub.has_project:
            return
        shown = self.sourcing.values()
        now = {"speaker": self._quote.speaker, "carrier": self._quote.carrier,
               "credibility": self._quote.credibility,
               "translation": self._quote.translation,
               "print_note": bool(self._quote.print_note),
               "excluded": bool(self._quote.excluded)}
        changed = {k: v for k, v in shown.items() if v != now[k]}
        if not changed:
            return
        # as typed (the reload after the push shows the stored names): a save while the push
        # is announced (the edit moved this row out of a speaker filter, the selection went to
        # the next row and the inspector follows) finds nothing left to save
        self._quote = dataclasses.replace(self._quote, **changed)
        self.hub.push(EditQuoteCommand(self.hub, self._quote.id, text="Edit sourcing", **changed))

    def _note_typed(self) -> None:
        if not self._loading and self._quote is not None:
            self._note_timer.start()

    def save_note(self) -> None:
        """Store the note if it differs from the quote's (one undo step per save)."""
        self._note_timer.stop()
        if self._loading or self._quote is None or not self.hub.has_project:
            return
        text = self.note.toPlainText()
        if text == self._quote.note:
            return
        # so a reload during the push does not save twice
        self._quote = dataclasses.replace(self._quote, note=text)
        self.hub.push(EditQuoteCommand(self.hub, self._quote.id, note=text, text="Edit note"))
