"""The Codebook dock: add, rename, recolour, edit, merge, delete, reorder — with undo and redo,
checked in the project file through a fresh sqlite3 connection."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QDialogButtonBox,
    QInputDialog,
    QMessageBox,
    QToolButton,
)

from briefer.gui.shell.changes import Changes

CODEBOOK = ("actors", "themes", "quote_actors", "quote_themes")


@pytest.fixture
def dock(qtbot, hub, coded):
    from briefer.gui.codebook.dock import CodebookDock

    widget = CodebookDock(hub)
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.fixture
def answers(monkeypatch):
    """Canned answers for the static dialogs; what they were asked is recorded."""
    asked = {}

    def answer(name, value):
        def fake(*args, **kwargs):
            asked[name] = args
            return value
        return fake

    def set_answer(**values):
        for name, value in values.items():
            owner = {"getText": QInputDialog, "getItem": QInputDialog, "getColor": QColorDialog,
                     "question": QMessageBox, "warning": QMessageBox}[name]
            monkeypatch.setattr(owner, name, staticmethod(answer(name, value)))
        return asked

    return set_answer


def actor_row(file_rows, actor_id):
    return [r for r in list(file_rows("actors")["actors"]) if r[0] == actor_id]


def test_lists_actors_and_themes_with_counts(dock, hub):
    project = hub.project
    names = [dock.actor_tree.topLevelItem(i).text(0)
             for i in range(dock.actor_tree.topLevelItemCount())]
    assert names == [a["name"] for a in project.codebook.actors()]
    dock.select("actor", "Test Pentagon")
    assert dock.actor_tree.currentItem().text(2) == "2"
    assert not dock.actor_tree.currentItem().icon(0).isNull()
    dock.select("theme", "Test Pressure")
    assert dock.kind() == "theme" and dock.theme_tree.currentItem().text(2) == "2"


def test_add_actor_undo_redo(qtbot, dock, hub, answers, file_rows):
    answers(getText=("Test Newcomer", True))
    before = file_rows(*CODEBOOK)
    button = next(b for b in dock.findChildren(QToolButton) if b.defaultAction() is dock.add_action)
    qtbot.mouseClick(button, Qt.LeftButton)
    actor_id = hub.project.codebook.resolve_actor("Test Newcomer")
    added = actor_row(file_rows, actor_id)
    assert added and dock.actor_tree.current_id() == actor_id
    hub.undo_stack.undo()
    assert file_rows(*CODEBOOK) == before
    hub.undo_stack.redo()
    assert actor_row(file_rows, actor_id) == added           # same id, same row


def test_rename_and_recolour_theme_undo_redo(dock, hub, answers, file_rows):
    before = file_rows(*CODEBOOK)
    dock.select("theme", "Test Pressure")
    answers(getText=("Test Coercion", True), getColor=QColor("#123456"))
    dock.rename_action.trigger()
    dock.colour_action.trigger()
    theme = next(t for t in hub.project.codebook.themes() if t["name"] == "Test Coercion")
    assert theme["colour"] == "#123456"
    assert dock.theme_tree.currentItem().text(0) == "Test Coercion"
    hub.undo_stack.undo()
    hub.undo_stack.undo()
    assert file_rows(*CODEBOOK) == before
    hub.undo_stack.redo()
    assert hub.project.codebook.resolve_theme("Test Coercion") == theme["id"]


def test_renaming_to_a_taken_name_is_refused_with_a_message(dock, hub, answers, file_rows):
    before = file_rows(*CODEBOOK)
    dock.select("actor", "Test Musk")
    asked = answers(getText=("test pentagon", True), warning=QMessageBox.Ok)
    dock.rename_action.trigger()
    assert "already" in asked["warning"][2]
    assert file_rows(*CODEBOOK) == before and hub.undo_stack.count() == 0


def test_edit_dialog_sets_aliases_and_kind(qtbot, dock, hub, file_rows):
    before = file_rows(*CODEBOOK)
    dock.select("actor", "Test Pentagon")
    dialog = dock.edit_item()
    dialog.kind.setCurrentText("state")
    dialog.aliases.setPlainText("DoD\nDepartment of War\n")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)
    actor = next(a for a in hub.project.codebook.actors() if a["name"] == "Test Pentagon")
    assert (actor["kind"], list(actor["aliases"])) == ("state", ["DoD", "Department of War"])
    assert "Department of War" in dock.actor_tree.currentItem().toolTip(0)
    hub.undo_stack.undo()
    assert file_rows(*CODEBOOK) == before


def test_theme_dialog_sets_the_description(qtbot, dock, hub):
    dock.select("theme", "Test Military use")
    dialog = dock.edit_item()
    dialog.description.setPlainText("Use of Claude by the armed forces")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)
    theme = next(t for t in hub.project.codebook.themes() if t["name"] == "Test Military use")
    assert theme["description"] == "Use of Claude by the armed forces"


def test_merge_actor_undo_restores_source_links_and_target_aliases(
        dock, hub, coded, answers, file_rows):
    project = hub.project
    before = file_rows(*CODEBOOK)
    source = project.codebook.resolve_actor("Test Pentagon")
    target = project.codebook.resolve_actor("Test Musk")
    dock.select("actor", "Test Pentagon")
    changed = []
    hub.changed.connect(lambda changes, _source: changed.append(changes))
    asked = answers(getItem=("Test Musk", True))
    dock.merge_action.trigger()
    assert "(2 quotes)" in asked["getItem"][2]
    assert changed == [Changes(codebook=True, quotes=True)]      # quote links moved
    merged = file_rows(*CODEBOOK)
    assert not actor_row(file_rows, source)
    assert {q for q, a in merged["quote_actors"] if a == target} == \
        {coded["summoned"], coded["ultimatum"], coded["musk"]}
    target_actor = next(a for a in project.codebook.actors() if a["id"] == target)
    assert "Test Pentagon" in list(target_actor["aliases"])
    hub.undo_stack.undo()
    assert file_rows(*CODEBOOK) == before
    hub.undo_stack.redo()
    assert file_rows(*CODEBOOK) == merged


def test_merge_theme_undo(dock, hub, answers, file_rows):
    before = file_rows(*CODEBOOK)
    dock.select("theme", "Test Pressure")
    answers(getItem=("Test Military use", True))
    dock.merge_action.trigger()
    assert [t["quotes"] for t in hub.project.codebook.themes()
            if t["name"] == "Test Military use"] == [3]
    hub.undo_stack.undo()
    assert file_rows(*CODEBOOK) == before


def test_delete_says_how_many_quotes_and_undo_brings_back_the_same_id(
        dock, hub, coded, answers, file_rows):
    project = hub.project
    before = file_rows(*CODEBOOK)
    actor_id = project.codebook.resolve_actor("Test Pentagon")
    dock.select("actor", actor_id)
    asked = answers(question=QMessageBox.Yes)
    dock.delete_action.trigger()
    assert "2 quotes" in asked["question"][2]
    assert not actor_row(file_rows, actor_id)
    assert coded["ultimatum"] in {q["id"] for q in project.quotes.list()}     # the quotes stay
    hub.undo_stack.undo()
    assert file_rows(*CODEBOOK) == before
    assert dock.actor_tree.ids().count(actor_id) == 1
    hub.undo_stack.redo()
    assert not actor_row(file_rows, actor_id)


def test_declined_delete_changes_nothing(dock, hub, answers, file_rows):
    before = file_rows(*CODEBOOK)
    dock.select("theme", "Test Pressure")
    answers(question=QMessageBox.No)
    dock.delete_action.trigger()
    assert file_rows(*CODEBOOK) == before and hub.undo_stack.count() == 0


def test_theme_order_by_buttons_and_by_drag_with_undo(dock, hub, file_rows):
    project = hub.project
    before = file_rows(*CODEBOOK)
    names = [t["name"] for t in project.codebook.themes()]
    dock.select("theme", names[-1])
    dock.up_action.trigger()
    expected = names[:-2] + [names[-1], names[-2]]
    assert [t["name"] for t in project.codebook.themes()] == expected
    assert [dock.theme_tree.topLevelItem(i).text(0) for i in range(len(names))] == expected
    assert dock.theme_tree.current_id() == project.codebook.resolve_theme(names[-1])
    hub.undo_stack.undo()
    assert file_rows(*CODEBOOK) == before
    # a drag ends with the tree in the new order and orderChanged
    tree = dock.theme_tree
    item = tree.takeTopLevelItem(0)
    tree.addTopLevelItem(item)
    tree.orderChanged.emit()
    assert [t["name"] for t in project.codebook.themes()] == names[1:] + names[:1]
    hub.undo_stack.undo()
    assert file_rows(*CODEBOOK) == before


def test_add_theme_goes_last_and_undo_removes_it(dock, hub, answers, file_rows):
    before = file_rows(*CODEBOOK)
    dock.show_tab("theme")
    answers(getText=("Test Export controls", True))
    dock.add_action.trigger()
    assert hub.project.codebook.themes()[-1]["name"] == "Test Export controls"
    hub.undo_stack.undo()
    assert file_rows(*CODEBOOK) == before
