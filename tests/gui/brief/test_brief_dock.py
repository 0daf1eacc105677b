"""The brief composer in the app: its text fields (saved, undone, kept for their project), the
marking, and the contents (theme order, filters, kept in the project) — through the real window
and widgets. Key judgments: ``test_judgments_panel.py``; export and preview:
``test_brief_export.py``."""

from __future__ import annotations

import json

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QTextCursor

from briefer.core.store import Project
from briefer.gui.shell.changes import Changes

from ..stored import stored_settings
from tests.briefer_cli import cli_json

SUMMARY = "Washington and Anthropic are at an impasse over military use."


# -- the window ------------------------------------------------------------------------
def test_menus_and_docks(window):
    assert window.act_export_brief.shortcut() == QKeySequence("Ctrl+E")
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    assert window.act_export_brief in file_menu.actions()
    assert window.act_preview_brief in view_menu.actions()
    assert window.docks["briefDock"].toggleViewAction() in view_menu.actions()
    assert window.docks["briefDock"].objectName() == "briefDock"


# -- the text fields ---------------------------------------------------------------------
def test_summary_and_fields_are_saved_to_the_project(qtbot, window, composer):
    path = window.hub.project.path
    summary = composer.summary
    summary.setFocus()
    summary.selectAll()
    qtbot.keyClicks(summary, SUMMARY)
    qtbot.keyClick(summary, Qt.Key_Return)
    qtbot.keyClick(summary, Qt.Key_Return)
    qtbot.keyClicks(summary, "- Talks stalled")
    with qtbot.waitSignal(window.hub.changed, timeout=3000):
        pass                                            # saved after a pause in typing
    assert stored_settings(path)["summary"] == f"{SUMMARY}\n\n- Talks stalled"
    composer.analyst.setFocus()
    composer.analyst.clear()
    qtbot.keyClicks(composer.analyst, "J. Analyst")
    qtbot.keyClick(composer.analyst, Qt.Key_Tab)         # leaving the field saves at once
    assert stored_settings(path)["analyst"] == "J. Analyst"
    # typing then hiding the dock (the window closing hides it) saves without waiting
    composer.title.setFocus()
    composer.title.selectAll()
    qtbot.keyClicks(composer.title, "Pentagon vs Anthropic")
    composer.hide()
    assert stored_settings(path)["title"] == "Pentagon vs Anthropic"


def test_marking_from_the_list_or_free_text(qtbot, window, composer):
    path = window.hub.project.path
    combo = composer.marking
    combo.showPopup()
    view = combo.view()
    index = view.model().index(combo.findText("TLP:AMBER+STRICT"), 0)
    qtbot.waitUntil(view.isVisible)
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=view.visualRect(index).center())
    assert stored_settings(path)["marking"] == "TLP:AMBER+STRICT"
    assert "Traffic Light Protocol" in composer.marking_note.text()
    combo.lineEdit().setFocus()
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo.lineEdit(), "internal use only")
    qtbot.keyClick(combo.lineEdit(), Qt.Key_Return)
    assert stored_settings(path)["marking"] == "internal use only"
    assert composer.marking_note.text() == "Printed as INTERNAL USE ONLY (free text)"


def test_pending_typing_goes_to_the_project_it_was_typed_for(qtbot, window, composer, tmp_path):
    old = window.hub.project.path
    composer.summary.setPlainText("Typed just before switching projects")   # timer pending
    assert composer._timer.isActive()
    assert window.open_project_path(tmp_path / "other.briefer", create=True, seed=False)
    assert stored_settings(old)["summary"] == "Typed just before switching projects"
    assert composer.summary.toPlainText() == ""
    assert stored_settings(window.hub.project.path).get("summary", "") == ""


def test_typing_a_summary_is_one_undo_step_of_the_window(qtbot, window, composer):
    path = window.hub.project.path
    old = stored_settings(path).get("summary", "")
    composer.summary.setFocus()
    composer.summary.moveCursor(QTextCursor.End)
    for words in (" First words.", " More words."):       # two saves in one visit
        with qtbot.waitSignal(window.hub.changed, timeout=3000):
            qtbot.keyClicks(composer.summary, words)
    assert stored_settings(path)["summary"] == old + " First words. More words."
    assert window.act_undo.text().endswith("Edit brief summary")
    quotes_view = window.docks["quotesDock"].view
    quotes_view.setFocus()                               # the summary keeps its own Ctrl+Z
    qtbot.waitUntil(quotes_view.hasFocus)
    with qtbot.waitSignal(window.hub.changed):
        qtbot.keyClick(quotes_view, Qt.Key_Z, Qt.ControlModifier)
    assert stored_settings(path)["summary"] == old
    assert composer.summary.toPlainText() == old
    window.act_redo.trigger()
    assert stored_settings(path)["summary"] == old + " First words. More words."
    assert composer.summary.toPlainText() == old + " First words. More words."
    # a new visit to the field is a new step
    composer.title.setFocus()
    composer.title.selectAll()
    qtbot.keyClicks(composer.title, "New title")
    qtbot.keyClick(composer.title, Qt.Key_Tab)
    count = window.hub.undo_stack.count()
    window.act_undo.trigger()
    assert window.hub.undo_stack.index() == count - 1
    assert stored_settings(path)["title"] != "New title"
    assert stored_settings(path)["summary"] == old + " First words. More words."


def test_an_undo_keeps_what_is_being_typed(qtbot, window, composer):
    path = window.hub.project.path
    analyst = stored_settings(path)["analyst"]
    composer.analyst.setFocus()
    composer.analyst.selectAll()
    qtbot.keyClicks(composer.analyst, "Saved analyst")
    qtbot.keyClick(composer.analyst, Qt.Key_Tab)
    composer.summary.setFocus()
    composer.summary.selectAll()
    qtbot.keyClicks(composer.summary, "Not saved yet")    # a save is pending
    assert composer._timer.isActive()
    window.act_undo.trigger()                            # the analyst's step
    assert stored_settings(path)["analyst"] == analyst == composer.analyst.text()
    assert composer.summary.toPlainText() == "Not saved yet"
    composer.flush()
    assert stored_settings(path)["summary"] == "Not saved yet"
    # a field with focus but nothing unsaved follows the undo
    window.act_undo.trigger()
    assert composer.summary.hasFocus()
    assert composer.summary.toPlainText() == stored_settings(path)["summary"] != "Not saved yet"


# -- contents --------------------------------------------------------------------------
def test_a_tag_updates_the_lists_counts_in_place(qtbot, window, composer):
    """A quote tagged in the app: the theme and actor lists keep their items (not rebuilt)
    and show the counts another process (the CLI) reads from the file."""

    from briefer.gui.quotes.commands import AddQuoteCommand

    project = window.hub.project
    themes, actors = composer.contents.themes, composer.contents.actors
    items = [themes.item(i) for i in range(themes.count())]
    theme = project.codebook.themes()[0]
    actor = project.codebook.actors()[0]
    doc = project.documents.list()[0]
    assert window.hub.push(AddQuoteCommand(window.hub, doc.id, 0, 20, actors=[actor.id],
                                           themes=[theme.id])) is None
    assert [themes.item(i) for i in range(themes.count())] == items      # the same items
    for kind, widget in (("theme", themes), ("actor", actors)):
        in_file = {row["id"]: row["quotes"]
                   for row in cli_json(kind, "list", "--project", project.path)}
        shown = {widget.item(i).data(Qt.UserRole): widget.item(i).text()
                 for i in range(widget.count())}
        assert shown == {i: f"{name}  ({in_file[i]})" for i, name in
                         ((w.item(r).data(Qt.UserRole), w.item(r).text().rsplit("  (", 1)[0])
                          for w in (widget,) for r in range(w.count()))}
    assert themes.item(0).text() == f"{theme.name}  ({theme.quotes + 1})"


def test_theme_order_by_drag_and_filters(qtbot, window, composer):
    project = window.hub.project
    names = [t.name for t in project.codebook.themes()]
    assert len(names) >= 3
    themes = composer.contents.themes
    assert [themes.item(i).text().split("  (")[0] for i in range(themes.count())] == names
    # what an InternalMove drop does to a QListWidget in Qt 6: move the row in the model
    with qtbot.waitSignal(window.hub.changed, timeout=2000):
        assert themes.model().moveRow(QModelIndex(), 0, QModelIndex(), themes.count())
    expected = names[1:] + names[:1]
    with Project.open(project.path, create=False) as fresh:
        assert [t.name for t in fresh.codebook.themes()] == expected
    assert [themes.item(i).text().split("  (")[0] for i in range(themes.count())] == expected
    window.hub.undo_stack.undo()                         # a codebook change like any other
    assert [t.name for t in project.codebook.themes()] == names
    # filters: tick one theme and one actor, starred only, group by actor
    themes.item(1).setCheckState(Qt.Checked)
    composer.contents.actors.item(0).setCheckState(Qt.Checked)
    composer.contents.starred_only.setChecked(True)
    composer.contents.group_by.setCurrentIndex(composer.contents.group_by.findData("actor"))
    options = composer.options()
    assert options.themes == [themes.item(1).data(Qt.UserRole)]
    assert options.actors == [composer.contents.actors.item(0).data(Qt.UserRole)]
    assert options.starred_only and options.group_by == "actor"
    window.hub.notify(Changes(codebook=True))                    # ticks survive a reload
    assert composer.options().themes == options.themes


def test_contents_choices_are_kept_in_the_project(qtbot, window, composer, tmp_path, settings):
    from briefer.gui.brief.dock import BriefDock
    from briefer.gui.shell.hub import Hub

    path = window.hub.project.path
    composer.contents.group_by.setCurrentIndex(composer.contents.group_by.findData("actor"))
    composer.contents.starred_only.setChecked(True)
    composer.contents.themes.item(1).setCheckState(Qt.Checked)
    composer.contents.actors.item(0).setCheckState(Qt.Checked)
    chosen = composer.options()
    stored = stored_settings(path)
    assert (stored["brief_group_by"], stored["brief_starred"]) == ("actor", "1")
    assert json.loads(stored["brief_themes"]) == chosen.themes
    assert json.loads(stored["brief_actors"]) == chosen.actors
    assert window.open_project_path(tmp_path / "other.briefer", create=True, seed=False)
    assert composer.options().group_by == "theme" and not composer.options().starred_only
    assert window.open_project_path(path)
    assert composer.options() == chosen
    # a composer of its own on the same file (as after closing the app) shows them too
    hub = Hub()
    with Project.open(path, create=False) as project:
        hub.set_project(project)
        dock = BriefDock(hub, settings=settings)
        qtbot.addWidget(dock)
        assert dock.options() == chosen
        # the tick of a deleted theme comes back with the theme
        from briefer.gui.codebook.commands import DeleteThemeCommand
        hub.push(DeleteThemeCommand(hub, chosen.themes[0]))
        assert dock.options().themes == []
        hub.undo_stack.undo()
        assert dock.options().themes == chosen.themes
        hub.undo_stack.clear()
