"""The brief in the app: the composer (fields, marking, theme order, filters, key judgments),
the export flow off the GUI thread (engine choice, notices, "Open folder", retry with Qt),
and the preview of the compiled PDF — all through the real window and widgets."""

from __future__ import annotations

import json
import os
import stat
import subprocess

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QDesktopServices, QKeySequence, QTextCursor
from PySide6.QtWidgets import QFileDialog, QMessageBox

from briefer.core.store import Project
from briefer.gui.brief.export import ENGINE_KEY, WKHTMLTOPDF_KEY, PreferencesDialog
from briefer.gui.quotes.columns import EXCERPT
from briefer.gui.shell.changes import Changes

from ..stored import newer_copy, stored_judgments, stored_settings
from tests.briefer_cli import cli_json

SUMMARY = "Washington and Anthropic are at an impasse over military use."


@pytest.fixture
def window(main_window):
    from briefer.core.demo import load_demo

    load_demo(main_window.hub.project)
    main_window.hub.notify(Changes(codebook=True))
    main_window.hub.notify(Changes(quotes=True))
    main_window.hub.notify(Changes(settings=True, judgments=True))
    composer = main_window.docks["briefDock"]
    composer.show()
    composer.raise_()
    return main_window


@pytest.fixture
def composer(window):
    return window.docks["briefDock"]


def pdftotext(path) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                         check=True).stdout.decode("utf-8")
    return " ".join(out.split())


@pytest.fixture
def save_to(monkeypatch, tmp_path):
    """The save dialog answers ``tmp_path/name`` (the export adds ``.pdf``)."""
    def answer(name: str = "brief"):
        target = tmp_path / "exports" / name
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
        return target.with_name(target.name if target.suffix == ".pdf" else target.name + ".pdf")
    return answer


def wait_export(qtbot, window):
    export = window.brief_export
    qtbot.waitUntil(lambda: export.result is not None or export.error is not None, timeout=20_000)
    return export


def button(box: QMessageBox, text: str):
    return next(b for b in box.buttons() if b.text().replace("&", "") == text)


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


# -- key judgments ---------------------------------------------------------------------
def test_add_edit_and_remove_a_key_judgment(qtbot, window, composer, monkeypatch):
    path = window.hub.project.path
    panel = composer.judgments
    composer.tabs.setCurrentWidget(panel)
    before = stored_judgments(path)
    # select a quote in the quotes table: it becomes the one "Add selected quote" adds
    quotes = window.docks["quotesDock"]
    quote_id = quotes.model.quote_id(0)
    index = quotes.model.index(0, EXCERPT)
    qtbot.mouseClick(quotes.view.viewport(), Qt.LeftButton,
                     pos=quotes.view.visualRect(index).center())
    assert panel.supporting.selected == quote_id and panel.supporting.add_button.isEnabled()
    qtbot.mouseClick(panel.new_button, Qt.LeftButton)
    qtbot.keyClicks(panel.statement, "The Pentagon will not back down.")
    panel.confidence.setCurrentIndex(panel.confidence.findData("high"))
    panel.confidence.activated.emit(panel.confidence.currentIndex())
    with qtbot.waitSignal(window.hub.changed):
        qtbot.mouseClick(panel.supporting.add_button, Qt.LeftButton)
    after = stored_judgments(path)
    assert len(after) == len(before) + 1
    new = after[-1]
    assert (new.text, new.confidence, list(new.quote_ids)) == \
        ("The Pentagon will not back down.", "high", [quote_id])
    assert panel.list.currentItem().data(Qt.UserRole) == new.id
    assert "[High]" in panel.list.currentItem().text()
    # edit the statement (saved when the editor loses focus), then unlink the quote
    panel.statement.setFocus()
    qtbot.keyClicks(panel.statement, " Not before Friday.")
    composer.title.setFocus()
    qtbot.waitUntil(lambda: stored_judgments(path)[-1].text.endswith("Not before Friday."))
    panel.supporting.list.setCurrentRow(0)
    qtbot.mouseClick(panel.supporting.remove_button, Qt.LeftButton)
    assert list(stored_judgments(path)[-1].quote_ids) == []
    monkeypatch.setattr(QMessageBox, "question", no_question)      # undo brings it back
    qtbot.mouseClick(panel.remove_button, Qt.LeftButton)
    assert [j.id for j in stored_judgments(path)] == [j.id for j in before]
    assert panel.list.count() == len(before)
    window.act_undo.trigger()
    assert stored_judgments(path)[-1].id == new.id and panel.list.count() == len(after)


def no_question(*_args, **_kwargs):
    raise AssertionError("no confirmation is asked: undo brings it back")


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


def test_removed_judgment_comes_back_with_its_id_and_links(qtbot, window, composer, monkeypatch):
    path = window.hub.project.path
    panel = composer.judgments
    composer.tabs.setCurrentWidget(panel)
    before = stored_judgments(path)
    linked = next(j for j in before if len(j.quote_ids) > 1)
    monkeypatch.setattr(QMessageBox, "question", no_question)
    panel.list.setCurrentRow(panel.judgment_ids().index(linked.id))
    assert panel.judgment_id == linked.id
    with qtbot.waitSignal(window.hub.changed):
        qtbot.mouseClick(panel.remove_button, Qt.LeftButton)
    assert linked.id not in [j.id for j in stored_judgments(path)]
    assert linked.id not in panel.judgment_ids() and panel.judgment_id is None
    window.act_undo.trigger()
    assert stored_judgments(path) == before                  # same id, place, times, links
    assert panel.judgment_ids() == [j.id for j in before]
    window.act_redo.trigger()
    assert linked.id not in panel.judgment_ids()


def test_a_new_judgment_typed_in_one_visit_is_one_step(qtbot, window, composer):
    path = window.hub.project.path
    panel = composer.judgments
    composer.tabs.setCurrentWidget(panel)
    before = stored_judgments(path)
    qtbot.mouseClick(panel.new_button, Qt.LeftButton)
    for words in ("Talks will", " resume in March."):
        with qtbot.waitSignal(window.hub.changed, timeout=3000):
            qtbot.keyClicks(panel.statement, words)
    composer.tabs.setFocus()
    new = stored_judgments(path)[-1]
    assert new.text == "Talks will resume in March." and panel.judgment_id == new.id
    assert window.act_undo.text().endswith("Add key judgment")
    window.act_undo.trigger()
    assert stored_judgments(path) == before and panel.judgment_id is None
    window.act_redo.trigger()
    assert stored_judgments(path)[-1] == new


def test_a_judgment_typed_before_switching_goes_to_its_project(qtbot, window, composer,
                                                               tmp_path):
    old = window.hub.project.path
    panel = composer.judgments
    composer.tabs.setCurrentWidget(panel)
    qtbot.mouseClick(panel.new_button, Qt.LeftButton)
    qtbot.keyClicks(panel.statement, "Typed just before switching")   # save pending
    assert panel._timer.isActive()
    assert window.open_project_path(tmp_path / "other.briefer", create=True, seed=False)
    assert stored_judgments(old)[-1].text == "Typed just before switching"
    assert stored_judgments(window.hub.project.path) == [] and panel.list.count() == 0
    assert window.hub.undo_stack.count() == 0


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


# -- export and preview ------------------------------------------------------------------
def test_export_with_the_qt_engine_open_pdf_and_open_folder(qtbot, window, composer, save_to,
                                                             monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    window.settings.setValue(ENGINE_KEY, "qt")
    composer.summary.setPlainText(SUMMARY)               # still unsaved: the export saves it
    out = save_to("situation")
    qtbot.mouseClick(composer.export_button, Qt.LeftButton)
    export = wait_export(qtbot, window)
    assert export.error is None and export.result.path == out and out.is_file()
    assert export.result.engine_used == "qt"
    assert SUMMARY in pdftotext(out)
    box = export.message_box
    assert str(out) in box.text() and "built-in Qt engine" in box.text()
    assert box.defaultButton() is button(box, "Open PDF")       # Enter opens the PDF
    qtbot.mouseClick(button(box, "Open PDF"), Qt.LeftButton)
    button(box, "Open folder").click()                  # the box may have closed: click()
    assert [u.toLocalFile() for u in opened] == [str(out), str(out.parent)]


def test_missing_wkhtmltopdf_with_auto_uses_qt_with_a_notice(qtbot, window, save_to, tmp_path):
    window.settings.setValue(ENGINE_KEY, "auto")
    window.settings.setValue(WKHTMLTOPDF_KEY, str(tmp_path / "nowhere" / "wkhtmltopdf"))
    out = save_to("fallback.pdf")
    window.act_export_brief.trigger()
    export = wait_export(qtbot, window)
    assert export.result.path == out and export.result.engine_used == "qt"
    assert "Qt engine" in export.result.notice
    assert "Qt engine" in export.message_box.text()


@pytest.mark.skipif(os.name != "posix", reason="the fake wkhtmltopdf is a shell script")
def test_failing_wkhtmltopdf_offers_the_qt_engine(qtbot, window, save_to, tmp_path):
    exe = tmp_path / "fake-wkhtmltopdf"
    exe.write_text('#!/bin/sh\nif [ "$1" = "--version" ]; then echo "wkhtmltopdf 0.12.6"; '
                   'exit 0; fi\necho "Error: something broke" >&2\nexit 1\n')
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    window.settings.setValue(ENGINE_KEY, "wkhtmltopdf")
    window.settings.setValue(WKHTMLTOPDF_KEY, str(exe))
    out = save_to("retry")
    window.act_export_brief.trigger()
    export = wait_export(qtbot, window)
    assert export.result is None and not out.exists()
    box = export.message_box
    assert "something broke" in box.text() and "--engine" not in box.text()
    qtbot.mouseClick(button(box, "Try the Qt engine"), Qt.LeftButton)
    export = wait_export(qtbot, window)
    assert export.result.engine_used == "qt" and out.is_file()


def test_preview_shows_the_compiled_pdf(qtbot, window, composer):
    window.settings.setValue(ENGINE_KEY, "qt")
    preview = window.docks["briefPreviewDock"]
    assert not preview.isVisible()
    qtbot.mouseClick(composer.preview_button, Qt.LeftButton)
    assert preview.isVisible()
    qtbot.waitUntil(lambda: preview.result is not None or preview.error is not None, timeout=20_000)
    assert preview.error is None
    assert preview.page_count() > 1 and preview.document.pageCount() == preview.result.pages
    assert "pages" in preview.status.text()
    window.hub.notify(Changes(settings=True, judgments=True))
    assert preview.stale and "Refresh" in preview.status.text()


def test_preferences_dialog_keeps_engine_and_path(qtbot, window):
    dialog = PreferencesDialog(window.settings, window)
    qtbot.addWidget(dialog)
    dialog.engine.setCurrentIndex(dialog.engine.findData("wkhtmltopdf"))
    dialog.path.setText("/opt/wk/bin/wkhtmltopdf")
    dialog.accept()
    assert window.settings.value(ENGINE_KEY) == "wkhtmltopdf"
    assert window.settings.value(WKHTMLTOPDF_KEY) == "/opt/wk/bin/wkhtmltopdf"


def test_read_only_project_can_be_exported_but_not_edited(qtbot, window, composer, monkeypatch,
                                                          save_to, tmp_path):
    newer = newer_copy(window.hub.project, tmp_path / "newer.briefer")
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.Ok)
    assert window.open_project_path(newer) and window.hub.project.read_only
    assert not composer.summary.isEnabled() and not composer.judgments.new_button.isEnabled()
    window.settings.setValue(ENGINE_KEY, "qt")
    out = save_to("read-only")
    window.act_export_brief.trigger()
    assert wait_export(qtbot, window).result.path == out and out.is_file()


def test_likelihood_basis_and_warnings_of_a_key_judgment(qtbot, window, composer):
    """Issue #11 point 4 in the app: likelihood and basis are saved (and undone) in the file;
    the composer warns when a high-confidence judgment rests on one source."""
    path = window.hub.project.path
    panel = composer.judgments
    composer.tabs.setCurrentWidget(panel)
    quotes = window.docks["quotesDock"]
    index = quotes.model.index(0, EXCERPT)
    qtbot.mouseClick(quotes.view.viewport(), Qt.LeftButton,
                     pos=quotes.view.visualRect(index).center())
    qtbot.mouseClick(panel.new_button, Qt.LeftButton)
    qtbot.keyClicks(panel.statement, "Talks resume within the month.")
    panel.confidence.setCurrentIndex(panel.confidence.findData("high"))
    panel.likelihood.setCurrentIndex(panel.likelihood.findData("likely"))
    panel.likelihood.activated.emit(panel.likelihood.currentIndex())
    with qtbot.waitSignal(window.hub.changed):
        qtbot.mouseClick(panel.supporting.add_button, Qt.LeftButton)
    panel.basis.setFocus()
    qtbot.keyClicks(panel.basis, "Both sides said so on the record")
    qtbot.keyClick(panel.basis, Qt.Key_Return)
    new = stored_judgments(path)[-1]
    assert (new.likelihood, new.basis) == ("likely", "Both sides said so on the record")
    assert panel.warnings.isVisible()
    assert "Talks resume within the month." in panel.warnings.text()
    assert "rests on one source only" in panel.warnings.text()
    window.hub.undo_stack.undo()                                 # the basis
    assert stored_judgments(path)[-1].basis == ""
