"""The Matrix dock: how many quotes tie each actor to each theme, as a shaded grid.

Rows are actors, columns themes (in the brief's order); a cell's shade grows with its
count; headers carry names, swatches and totals. Clicking a cell asks the quotes table to
show exactly those quotes (``hub.filterRequested``). Counted in SQL by ``project.quotes.matrix()``.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from typing import TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...core.records import Actor, Theme
from ..shell.changes import Changes
from ..shell.hub import Hub
from ..widgets.rotated_header import RotatedHeader
from ..widgets.roles import (ALIGNMENT, BACKGROUND, CENTRED, DECORATION, DISPLAY, FOREGROUND,
                             HORIZONTAL, NO_FLAGS, SELECTABLE, TOOLTIP, USER, VERTICAL)
from ..widgets.swatch import readable_text, swatch_icon

_ROOT = QModelIndex()         # the default parent of rowCount/columnCount
EMPTY = QColor("#ffffff")
FULL = QColor("#1d4e89")
Tag = TypeVar("Tag", Actor, Theme)


def shade(count: int, highest: int) -> QColor:
    """White for 0, ``FULL`` for the highest count, linear in between."""
    if count <= 0 or highest <= 0:
        return QColor(EMPTY)
    f = 0.15 + 0.85 * count / highest
    return QColor.fromRgbF(EMPTY.redF() + (FULL.redF() - EMPTY.redF()) * f,
                           EMPTY.greenF() + (FULL.greenF() - EMPTY.greenF()) * f,
                           EMPTY.blueF() + (FULL.blueF() - EMPTY.blueF()) * f)


def _with_count(item: Tag, quotes: int) -> Tag:
    """An actor or theme with another quote count."""
    return dataclasses.replace(item, quotes=quotes)


def _recount(items: list[Tag], totals: dict[str, int]) -> list[int]:
    """Give the actors or themes whose quote count moved their new one (in place); return
    where they are."""
    moved_at = [i for i, item in enumerate(items) if item.quotes != totals.get(item.id, 0)]
    for i in moved_at:
        items[i] = _with_count(items[i], totals.get(items[i].id, 0))
    return moved_at


class MatrixModel(QAbstractTableModel):
    """Actor × theme counts of quotes carrying both."""

    def __init__(self, hub: Hub, parent=None):
        super().__init__(parent)
        self.hub = hub
        self.actors: list[Actor] = []
        self.themes: list[Theme] = []
        self.counts: Counter = Counter()
        self.highest = 0
        self._shades: dict[int, tuple[QColor, QColor]] = {}
        self._shades_of = 0                   # the highest count they were made for
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        if self.hub.has_project:
            project = self.hub.project
            codebook = project.codebook        # counts only: no quote ids read
            self.actors, self.themes = codebook.actors(links=False), codebook.themes(links=False)
            self.counts = Counter(project.quotes.matrix_cells())     # counted in SQL
        else:
            self.actors, self.themes, self.counts = [], [], Counter()
        self.highest = max(self.counts.values(), default=0)
        self.endResetModel()

    def update_quotes(self, quote_ids: frozenset[str]) -> None:
        """A few quotes changed (added, retagged, removed; the codebook did not): recount
        only the rows of the actors they carry now and of those whose totals moved (an
        actor taken off a quote, or a removed quote's), and redraw those rows and headers."""
        if not self.hub.has_project:
            return
        quotes = self.hub.project.quotes
        by_actor, by_theme = quotes.tag_totals()
        moved = {a.id for a in self.actors if a.quotes != by_actor.get(a.id, 0)}
        rows = moved | quotes.actors_of(quote_ids)
        cells = quotes.matrix_rows(sorted(rows))
        for key in [k for k in self.counts if k[0] in rows]:
            del self.counts[key]
        self.counts.update(cells)
        headers = {Qt.Orientation.Vertical: _recount(self.actors, by_actor),
                   Qt.Orientation.Horizontal: _recount(self.themes, by_theme)}
        highest, self.highest = self.highest, max(self.counts.values(), default=0)
        last_column = len(self.themes) - 1
        if highest != self.highest:         # every shade changes
            if self.actors and self.themes:
                self.dataChanged.emit(self.index(0, 0),
                                      self.index(len(self.actors) - 1, last_column))
        else:
            for row, actor in enumerate(self.actors):
                if actor.id in rows and last_column >= 0:
                    self.dataChanged.emit(self.index(row, 0), self.index(row, last_column))
        for orientation, moved_at in headers.items():      # only the totals that moved
            for i in moved_at:
                self.headerDataChanged.emit(orientation, i, i)

    def _shade(self, n: int) -> tuple[QColor, QColor]:
        """(background, text) of a cell counting ``n``, made once per count and highest."""
        if self._shades_of != self.highest:
            self._shades, self._shades_of = {}, self.highest
        if n not in self._shades:
            background = shade(n, self.highest)
            self._shades[n] = (background, readable_text(background))
        return self._shades[n]

    def count(self, actor_id: str, theme_id: str) -> int:
        return self.counts.get((actor_id, theme_id), 0)

    def cell(self, index: QModelIndex) -> tuple[str, str]:
        """(actor id, theme id) of a cell."""
        return self.actors[index.row()].id, self.themes[index.column()].id

    def index_of(self, actor_ref: str, theme_ref: str) -> QModelIndex:
        """The cell of an actor and theme given by id or name."""
        project = self.hub.project
        actor_id = project.codebook.resolve_actor(actor_ref)
        theme_id = project.codebook.resolve_theme(theme_ref)
        row = [a.id for a in self.actors].index(actor_id)
        column = [t.id for t in self.themes].index(theme_id)
        return self.index(row, column)

    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self.actors)

    def columnCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self.themes)

    def flags(self, index):
        return SELECTABLE if index.isValid() else NO_FLAGS

    def data(self, index, role=DISPLAY):
        if not index.isValid():
            return None
        actor, theme = self.actors[index.row()], self.themes[index.column()]
        n = self.count(actor.id, theme.id)
        if role == DISPLAY:
            return str(n) if n else ""
        if role == USER:
            return n
        if role == BACKGROUND:
            return self._shade(n)[0]
        if role == FOREGROUND:
            return self._shade(n)[1]
        if role == ALIGNMENT:
            return CENTRED
        if role == TOOLTIP:
            return (f"{actor.name} × {theme.name}: {n} quote{'s' if n != 1 else ''}"
                    + (" — click to list them" if n else ""))
        return None

    def headerData(self, section, orientation, role=DISPLAY):
        items = self.actors if orientation == VERTICAL else self.themes
        if not 0 <= section < len(items):
            return None
        item = items[section]
        if role == DISPLAY and orientation == HORIZONTAL:     # themes: rotated
            return f"{item.name} ({item.quotes})"
        if role == DISPLAY:
            return f"{item.name} ({item.quotes})"
        if role == DECORATION:
            return swatch_icon(item.colour)
        if role == TOOLTIP:
            return f"{item.name}: {item.quotes} quote{'s' if item.quotes != 1 else ''} in all"
        return None


class MatrixDock(QDockWidget):
    def __init__(self, hub: Hub, parent=None):
        super().__init__("Matrix", parent)
        self.setObjectName("matrixDock")
        self.hub = hub
        self.model = MatrixModel(hub, self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setHorizontalHeader(RotatedHeader(self.view))      # names read bottom-up
        self.view.verticalHeader().setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.view.verticalHeader().setMaximumWidth(170)              # long names elided
        self.view.setWordWrap(False)
        self.hint = QLabel("Quotes tagged with both an actor (row) and a theme (column). "
                           "Click a cell to list them.", self)
        self.hint.setWordWrap(True)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.hint)
        self.setWidget(body)

        self._stale = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.refresh)
        self.view.clicked.connect(self.open_cell)
        self.view.activated.connect(self.open_cell)
        hub.projectOpened.connect(self.schedule_refresh)    # counted when shown
        hub.changed.connect(self._on_changed)

    def _on_changed(self, changes: Changes, _source) -> None:
        ids = changes.quote_ids
        if changes.codebook or changes.documents or (changes.quotes and ids is None):
            self.schedule_refresh()
        elif ids and not self._stale:
            if self.isVisible():
                self.model.update_quotes(ids)       # only the rows those quotes touch
            else:
                self.schedule_refresh()

    def schedule_refresh(self) -> None:
        """Count again once the current burst of changes is over (or when next shown)."""
        self._stale = True
        if self.isVisible():
            self._timer.start(0)

    def refresh(self) -> None:
        self._timer.stop()
        self._stale = False
        self.model.reload()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def open_cell(self, index: QModelIndex) -> None:
        """Filter the quotes table to the quotes of this cell's actor and theme."""
        if not index.isValid():
            return
        actor_id, theme_id = self.model.cell(index)
        self.hub.filterRequested.emit({"actors": [actor_id], "themes": [theme_id]})
        n = self.model.count(actor_id, theme_id)
        self.hub.statusMessage.emit(f"{n} quote{'s' if n != 1 else ''}: "
                                    f"{self.model.actors[index.row()].name} × "
                                    f"{self.model.themes[index.column()].name}")
