"""The Codebook dock: actors and themes with colour swatches and quote counts.

Add, rename, recolour, edit (aliases and kind; description), merge, delete, and the
theme order (drag, or the up/down buttons). Every change is an undoable command of
``codebook_commands``; the dock only asks and shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QMenu,
    QMessageBox,
    QTabWidget,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.records import Actor, Theme
from ..shell.changes import Changes
from ..shell.hub import Hub
from ..widgets.lazy_dock import LazyDock
from ..widgets.swatch import swatch_icon
from . import commands as cc

if TYPE_CHECKING:                  # the edit dialogs are imported when one first opens
    from .dialogs import ActorDialog, ThemeDialog

NAME, DETAIL, COUNT = 0, 1, 2


class CodebookTree(QTreeWidget):
    """A flat list of actors or themes; the themes' one can be reordered by drag."""

    #: Items were dragged into a new order.
    orderChanged = Signal()

    def __init__(self, columns: list[str], draggable: bool, parent=None, *,
                 long_detail: bool = False):
        super().__init__(parent)
        self.setColumnCount(len(columns))
        self.setHeaderLabels(columns)
        # The counts always in view, the dock as narrow as it is: the name (and a long
        # detail, the themes' descriptions) share the width and elide; a short detail (the
        # actors' kind) and the count fit their text; nothing scrolls sideways.
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(DETAIL, QHeaderView.ResizeMode.Stretch if long_detail
                                    else QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COUNT, QHeaderView.ResizeMode.ResizeToContents)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        if draggable:
            self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
            self.setDefaultDropAction(Qt.DropAction.MoveAction)

    def dropEvent(self, event) -> None:
        super().dropEvent(event)
        QTimer.singleShot(0, self.orderChanged.emit)    # after Qt has finished the move

    def top_items(self) -> list[QTreeWidgetItem]:
        """The rows in order (the tree is flat: every row is a top-level item)."""
        items = [self.topLevelItem(i) for i in range(self.topLevelItemCount())]
        return [item for item in items if item is not None]

    def ids(self) -> list[str]:
        return [item.data(NAME, Qt.ItemDataRole.UserRole) for item in self.top_items()]

    def current_id(self) -> str | None:
        item = self.currentItem()
        return item.data(NAME, Qt.ItemDataRole.UserRole) if item is not None else None

    def select_id(self, item_id: str | None) -> None:
        for item in self.top_items():
            if item.data(NAME, Qt.ItemDataRole.UserRole) == item_id:
                self.setCurrentItem(item)
                return


class CodebookDock(LazyDock):
    def __init__(self, hub: Hub, parent=None, *, lazy: bool = False):
        super().__init__("Codebook", parent, lazy=lazy)
        self.setObjectName("codebookDock")
        self.hub = hub
        self._items: dict[str, dict[str, Actor | Theme]] = {"actor": {}, "theme": {}}
        self.dialog: ActorDialog | ThemeDialog | None = None     # the open edit dialog, if any
        if not lazy:
            self.ensure_built()

    def build(self) -> None:
        hub = self.hub
        self.actor_tree = CodebookTree(["Actor", "Kind", "Quotes"], False, self)
        self.theme_tree = CodebookTree(["Theme", "Description", "Quotes"], True, self,
                                       long_detail=True)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.actor_tree, "Actors")
        self.tabs.addTab(self.theme_tree, "Themes")

        self.add_action = self._action("Add…", "Add an actor or theme", self.add_item)
        self.rename_action = self._action("Rename…", "Rename the selected one", self.rename_item)
        self.colour_action = self._action("Colour…", "Change its colour", self.recolour_item)
        self.edit_action = self._action("Edit…", "Aliases and kind; description", self.edit_item)
        self.merge_action = self._action("Merge…", "Merge it into another", self.merge_item)
        self.delete_action = self._action("Delete…", "Delete it (its quotes stay)",
                                          self.delete_item)
        self.up_action = self._action("▲", "Move the theme up (brief order)",
                                      lambda: self.move_theme(-1))
        self.down_action = self._action("▼", "Move the theme down (brief order)",
                                        lambda: self.move_theme(+1))
        buttons = QHBoxLayout()
        buttons.setSpacing(2)
        self.buttons: dict[QAction, QToolButton] = {}
        for action in (self.add_action, self.rename_action, self.colour_action, self.edit_action,
                       self.merge_action, self.delete_action, self.up_action, self.down_action):
            button = QToolButton(self)
            button.setDefaultAction(action)
            buttons.addWidget(button)
            self.buttons[action] = button
        buttons.addStretch(1)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        self.setWidget(body)

        for tree in (self.actor_tree, self.theme_tree):
            tree.itemDoubleClicked.connect(lambda _item, _col: self.edit_item())
            tree.currentItemChanged.connect(lambda *_: self._update_actions())
            tree.customContextMenuRequested.connect(self._context_menu)
        self.theme_tree.orderChanged.connect(lambda: self.reorder_themes(self.theme_tree.ids()))
        self.tabs.currentChanged.connect(lambda _i: self._update_actions())
        hub.projectOpened.connect(self.reload)
        hub.changed.connect(self._on_changed)
        self.reload()

    def _action(self, text: str, tip: str, slot) -> QAction:
        action = QAction(text, self)
        action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    # -- showing ---------------------------------------------------------------------
    def _on_changed(self, changes: Changes, _source) -> None:
        if changes.codebook:
            self.reload()
        elif changes.quotes:
            self.update_counts()         # only the quote counts: no list rebuilt

    def update_counts(self) -> None:
        """Show each actor's and theme's quote count again, in place."""
        if not self.hub.has_project:
            return
        by_actor, by_theme = self.hub.project.quotes.tag_totals()     # one query, no rows
        for tree, counts in ((self.actor_tree, by_actor), (self.theme_tree, by_theme)):
            for item in tree.top_items():
                count = str(counts.get(item.data(NAME, Qt.ItemDataRole.UserRole), 0))
                if item.text(COUNT) != count:
                    item.setText(COUNT, count)

    def reload(self) -> None:
        if not self.hub.has_project:
            return
        project = self.hub.project
        actors, themes = project.codebook.actors(links=False), project.codebook.themes(links=False)
        self._items = {"actor": {a.id: a for a in actors}, "theme": {t.id: t for t in themes}}
        self._fill(self.actor_tree, actors, lambda a: a.kind,
                   lambda a: "Aliases: " + ", ".join(a.aliases) if a.aliases else a.name)
        self._fill(self.theme_tree, themes, lambda t: " ".join(t.description.split())[:80],
                   lambda t: t.description or t.name)
        self._update_actions()

    @staticmethod
    def _fill(tree: CodebookTree, items: Sequence[Actor | Theme], detail, tooltip) -> None:
        current = tree.current_id()
        tree.clear()
        for entry in items:
            item = QTreeWidgetItem([entry.name, detail(entry), str(entry.quotes)])
            item.setData(NAME, Qt.ItemDataRole.UserRole, entry.id)
            item.setIcon(NAME, swatch_icon(entry.colour))
            item.setToolTip(NAME, tooltip(entry))
            item.setTextAlignment(COUNT,
                                  Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                          | Qt.ItemFlag.ItemIsDragEnabled)
            tree.addTopLevelItem(item)
        tree.select_id(current)

    def kind(self) -> str:
        """"actor" or "theme": the tab shown."""
        return "actor" if self.tabs.currentIndex() == 0 else "theme"

    def tree(self, kind: str | None = None) -> CodebookTree:
        return self.actor_tree if (kind or self.kind()) == "actor" else self.theme_tree

    def show_tab(self, kind: str) -> None:
        self.tabs.setCurrentIndex(0 if kind == "actor" else 1)

    def select(self, kind: str, ref: str) -> None:
        """Show ``kind``'s tab with the actor/theme ``ref`` (id or name) selected."""
        self.show_tab(kind)
        resolve = getattr(self.hub.project.codebook, f"resolve_{kind}")
        self.tree(kind).select_id(resolve(ref))

    def current(self) -> Actor | Theme | None:
        item_id = self.tree().current_id()
        return self._items[self.kind()].get(item_id) if item_id else None

    def _update_actions(self) -> None:
        writable = self.hub.has_project and not self.hub.project.read_only
        chosen = writable and self.current() is not None
        self.add_action.setEnabled(writable)
        for action in (self.rename_action, self.colour_action, self.edit_action,
                       self.merge_action, self.delete_action):
            action.setEnabled(chosen)
        themes = self.kind() == "theme"
        for action in (self.up_action, self.down_action):
            self.buttons[action].setVisible(themes)
            action.setEnabled(themes and chosen)

    def _context_menu(self, pos) -> None:
        menu = QMenu(self)
        for action in (self.add_action, self.rename_action, self.colour_action, self.edit_action,
                       self.merge_action, self.delete_action):
            menu.addAction(action)
        menu.exec(self.tree().viewport().mapToGlobal(pos))

    # -- changing --------------------------------------------------------------------
    def _run(self, command: cc.CodebookCommand, select: str | None = None) -> bool:
        problem = cc.run(self.hub, command)
        if problem:
            QMessageBox.warning(self, "Codebook", problem)
            return False
        if select:
            self.tree(command.kind).select_id(select)
        self.hub.statusMessage.emit(command.text())
        return True

    def add_item(self) -> None:
        kind = self.kind()
        name, ok = QInputDialog.getText(self, f"New {kind}", f"Name of the new {kind}:")
        if ok and name.strip():
            command = cc.AddCommand(self.hub, kind, name.strip())
            if self._run(command):
                self.tree(kind).select_id(command.item_id)

    def rename_item(self) -> None:
        entry, kind = self.current(), self.kind()
        if entry is None:
            return
        name, ok = QInputDialog.getText(self, f"Rename {kind}", "New name:",
                                        QLineEdit.EchoMode.Normal, entry.name)
        if ok and name.strip() and name.strip() != entry.name:
            self._run(cc.EditCommand(self.hub, kind, entry.id, f"Rename {kind}",
                                     name=name.strip()), entry.id)

    def recolour_item(self) -> None:
        entry, kind = self.current(), self.kind()
        if entry is None:
            return
        colour = QColorDialog.getColor(QColor(entry.colour), self, f"Colour of “{entry.name}”")
        if colour.isValid() and colour.name() != entry.colour.lower():
            self._run(cc.EditCommand(self.hub, kind, entry.id, f"Recolour {kind}",
                                     colour=colour.name()), entry.id)

    def edit_item(self):
        """Open the actor's (aliases, kind) or theme's (description) dialog; returns it."""
        entry, kind = self.current(), self.kind()
        if entry is None:
            return None
        from .dialogs import ActorDialog, ThemeDialog

        dialog = (ActorDialog(entry, self) if isinstance(entry, Actor)
                  else ThemeDialog(entry, self))
        dialog.accepted.connect(lambda: self._apply_dialog(kind, entry, dialog.values()))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _apply_dialog(self, kind: str, entry: Actor | Theme, values: dict) -> None:
        self.dialog = None
        changes = {k: v for k, v in values.items() if v != getattr(entry, k, None)}
        if changes:
            self._run(cc.EditCommand(self.hub, kind, entry.id, f"Edit {kind}", **changes),
                      entry.id)

    def merge_item(self) -> None:
        entry, kind = self.current(), self.kind()
        if entry is None:
            return
        others = [e for e in self._items[kind].values() if e.id != entry.id]
        if not others:
            QMessageBox.information(self, f"Merge {kind}",
                                    f"There is no other {kind} to merge into.")
            return
        names = [e.name for e in others]
        label = f"Merge “{entry.name}” ({_quotes(entry.quotes)}) into:"
        if kind == "actor":
            label += "\n(its name becomes an alias of the one chosen)"
        name, ok = QInputDialog.getItem(self, f"Merge {kind}", label, names, 0, False)
        if ok and name in names:
            target = others[names.index(name)]
            self._run(cc.MergeCommand(self.hub, kind, entry.id, target.id), target.id)

    def delete_item(self) -> None:
        entry, kind = self.current(), self.kind()
        if entry is None:
            return
        text = (f"Delete the {kind} “{entry.name}”?\n\nIt is on {_quotes(entry.quotes)}; "
                f"{'they stay, without it' if entry.quotes else 'nothing else changes'}. "
                "Undo brings it back.")
        yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
        answer = QMessageBox.question(self, f"Delete {kind}", text, yes | no, no)
        if answer == yes:
            self._run(cc.DeleteCommand(self.hub, kind, entry.id))

    def move_theme(self, delta: int) -> None:
        order = self.theme_tree.ids()
        current = self.theme_tree.current_id()
        if current not in order:
            return
        i = order.index(current)
        j = i + delta
        if not 0 <= j < len(order):
            return
        order[i], order[j] = order[j], order[i]
        self.reorder_themes(order)

    def reorder_themes(self, order: list[str]) -> None:
        current = self.theme_tree.current_id()
        if order == [t.id for t in self.hub.project.codebook.themes(links=False)]:
            return
        self._run(cc.ReorderThemesCommand(self.hub, order), current)


def _quotes(n: int) -> str:
    return f"{n} quote" + ("" if n == 1 else "s")
