"""The "Contents" tab of the brief composer: what goes in the brief.

Group by theme or actor, the themes (drag to order the sections, an undoable codebook change;
tick to include only some), the actors (tick to include only some), starred quotes only —
kept in the project's settings (``OPTION_KEYS``, not undoable; a read-only project keeps
them only here). Each theme and actor shows its quote count.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...brief.options import OPTION_KEYS, BriefOptions, brief_options, saved_ids
from ..codebook import commands as cc
from ..shell.changes import Changes
from ..shell.hub import WRITE_ERRORS, Hub, error_message
from ..widgets.swatch import swatch_icon


class ThemeOrderList(QListWidget):
    """Themes, checkable, reordered by drag; ``orderChanged`` after a move."""

    orderChanged = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.model().rowsMoved.connect(lambda *_args: QTimer.singleShot(0, self.orderChanged.emit))

    def dropEvent(self, event) -> None:
        super().dropEvent(event)
        QTimer.singleShot(0, self.orderChanged.emit)    # after Qt has finished the move


def _ids(widget: QListWidget, checked_only: bool = False) -> list[str]:
    items = (widget.item(i) for i in range(widget.count()))
    return [item.data(Qt.ItemDataRole.UserRole) for item in items
            if not checked_only or item.checkState() == Qt.CheckState.Checked]


class BriefContents(QWidget):
    """The contents chosen for the brief; ``show_project`` shows a project's saved choices."""

    def __init__(self, hub: Hub, parent: QWidget | None = None):
        super().__init__(parent)
        self.hub = hub
        self._ticks: dict[str, list[str]] = {"themes": [], "actors": []}

        self.group_by = QComboBox(self)
        self.group_by.addItem("Theme", "theme")
        self.group_by.addItem("Actor", "actor")
        self.starred_only = QCheckBox("Starred quotes only", self)
        self.themes = ThemeOrderList(self)
        self.themes.setToolTip("Drag to set the order of the brief's sections; "
                               "tick to include only those themes")
        self.actors = QListWidget(self)
        self.actors.setToolTip("Tick to include only quotes naming those actors")
        contents = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(QLabel("Group by:", self))
        row.addWidget(self.group_by)
        row.addStretch(1)
        row.addWidget(self.starred_only)
        contents.addLayout(row)
        contents.addWidget(QLabel("Themes — drag to order the brief's sections. The brief "
                                  "covers every theme; tick some to cover only those.",
                                  self, wordWrap=True))
        contents.addWidget(self.themes, 3)
        contents.addWidget(QLabel("Actors — the brief covers every actor; tick some to cover "
                                  "only those.", self, wordWrap=True))
        contents.addWidget(self.actors, 2)

        self.themes.orderChanged.connect(self._themes_reordered)
        self.group_by.currentIndexChanged.connect(lambda _i: self._options_changed())
        self.starred_only.toggled.connect(lambda _on: self._options_changed())
        self.themes.itemChanged.connect(lambda _item: self._ticks_changed("themes"))
        self.actors.itemChanged.connect(lambda _item: self._ticks_changed("actors"))

    def show_project(self, values: dict[str, str], writable: bool) -> None:
        """The choices saved in a project's settings (``values``)."""
        self.themes.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove if writable
                                    else QAbstractItemView.DragDropMode.NoDragDrop)
        with QSignalBlocker(self.group_by), QSignalBlocker(self.starred_only):
            found = self.group_by.findData(values.get(OPTION_KEYS["group_by"]) or "theme")
            self.group_by.setCurrentIndex(max(0, found))
            self.starred_only.setChecked(values.get(OPTION_KEYS["starred"]) == "1")
        self._ticks = {kind: saved_ids(values.get(OPTION_KEYS[kind])) for kind in self._ticks}
        self.fill_lists()

    def fill_lists(self) -> None:
        """The themes (in their order) and actors, ticked as chosen (``_ticks``, by id: a
        deleted theme that an undo brings back comes back ticked)."""
        if not self.hub.has_project:
            return
        project = self.hub.project
        for widget, rows in ((self.themes, project.codebook.themes(links=False)),
                             (self.actors, project.codebook.actors(links=False))):
            ticked = set(self._ticks["themes" if widget is self.themes else "actors"])
            with QSignalBlocker(widget):
                widget.clear()
                for row in rows:
                    count = row.quotes
                    item = QListWidgetItem(swatch_icon(row.colour),
                                           f"{row.name}  ({count})", widget)
                    item.setData(Qt.ItemDataRole.UserRole, row.id)
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                                  | Qt.ItemFlag.ItemIsUserCheckable
                                  | (Qt.ItemFlag.ItemIsDragEnabled if widget is self.themes
                                     else Qt.ItemFlag.NoItemFlags))
                    item.setCheckState(Qt.CheckState.Checked if row.id in ticked
                                       else Qt.CheckState.Unchecked)

    def update_counts(self) -> None:
        """Show each theme's and actor's quote count again, in place (counted in SQL)."""
        if not self.hub.has_project:
            return
        by_actor, by_theme = self.hub.project.quotes.tag_totals()
        for widget, counts in ((self.themes, by_theme), (self.actors, by_actor)):
            with QSignalBlocker(widget):
                for i in range(widget.count()):
                    item = widget.item(i)
                    name = item.text().rsplit("  (", 1)[0]
                    text = f"{name}  ({counts.get(item.data(Qt.ItemDataRole.UserRole), 0)})"
                    if item.text() != text:           # only the counts that moved
                        item.setText(text)

    def _ticks_changed(self, kind: str) -> None:
        """A box was ticked or unticked: keep the ticks (and those of items not listed now)."""
        widget = getattr(self, kind)
        listed = set(_ids(widget))
        self._ticks[kind] = (_ids(widget, checked_only=True)
                             + [i for i in self._ticks[kind] if i not in listed])
        self._options_changed()

    def _options_changed(self) -> None:
        """Keep the contents chosen in the project's settings (a read-only one: only here)."""
        if not self.hub.has_project or self.hub.project.read_only:
            return
        values = {OPTION_KEYS["group_by"]: self.group_by.currentData() or "theme",
                  OPTION_KEYS["themes"]: json.dumps(self._ticks["themes"]),
                  OPTION_KEYS["actors"]: json.dumps(self._ticks["actors"]),
                  OPTION_KEYS["starred"]: "1" if self.starred_only.isChecked() else "0"}
        try:
            self.hub.project.settings.set(**values)
            self.hub.notify(Changes(settings=True), self)   # the preview is out of date
        except WRITE_ERRORS as exc:
            self.hub.statusMessage.emit(f"The brief's contents were not kept: {error_message(exc)}")

    def _themes_reordered(self) -> None:
        order = _ids(self.themes)
        if not self.hub.has_project \
                or order == [t.id for t in self.hub.project.codebook.themes(links=False)]:
            return
        refusal = cc.run(self.hub, cc.ReorderThemesCommand(self.hub, order))
        if refusal:
            self.hub.statusMessage.emit(refusal)
            self.fill_lists()
        else:
            self.hub.notify(Changes(settings=True), self)

    def options(self) -> BriefOptions:
        """The project's brief settings (``brief_options``) with the choices made here."""
        return brief_options(self.hub.project, group_by=self.group_by.currentData(),
                             themes=_ids(self.themes, checked_only=True),
                             actors=_ids(self.actors, checked_only=True),
                             starred_only=self.starred_only.isChecked())
