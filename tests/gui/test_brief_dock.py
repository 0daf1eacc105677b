"""The brief in the app: the composer (fields, marking, theme order, filters, key judgments),
the export flow off the GUI thread (engine choice, notices, "Open folder", retry with Qt),
and the preview of the compiled PDF — all through the real window and widgets."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox

from briefer.core.store import Project
from briefer.gui.brief_export import ENGINE_KEY, WKHTMLTOPDF_KEY, PreferencesDialog
from briefer.gui.quotes_model import EXCERPT

SUMMARY = "Washington and Anthropic are at an impasse over military use."


@pytest.fixture
def window(main_window):
    from briefer.core.demo import load_demo

    load_demo(main_window.hub.project)
    main_window.hub.codebookChanged.emit()
    main_window.hub.quotesChanged.emit([])
    main_window.hub.briefChanged.emit()
    composer = main_window.docks["briefDock"]
    composer.show()
    composer.raise_()
    return main_window


@pytest.fixture
def composer(window):
    return window.docks["briefDock"]


def stored_settings(path) -> dict:
    """The settings as in the file, through a connection of the test's own."""
    conn = sqlite3.connect(str(path))
    try:
        return dict(conn.execute("SELECT key, value FROM settings"))
    finally:
        conn.close()


def stored_judgments(path) -> list[dict]:
    with Project.open(path, create=False) as project:
        return project.judgments()


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
    with qtbot.waitSignal(window.hub.briefChanged, timeout=3000):
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
def test_theme_order_by_drag_and_filters(qtbot, window, composer):
    project = window.hub.project
    names = [t["name"] for t in project.themes()]
    assert len(names) >= 3
    themes = composer.themes
    assert [themes.item(i).text().split("  (")[0] for i in range(themes.count())] == names
    # what an InternalMove drop does to a QListWidget in Qt 6: move the row in the model
    with qtbot.waitSignal(window.hub.codebookChanged, timeout=2000):
        assert themes.model().moveRow(QModelIndex(), 0, QModelIndex(), themes.count())
    expected = names[1:] + names[:1]
    with Project.open(project.path, create=False) as fresh:
        assert [t["name"] for t in fresh.themes()] == expected
    assert [themes.item(i).text().split("  (")[0] for i in range(themes.count())] == expected
    window.hub.undo_stack.undo()                         # a codebook change like any other
    assert [t["name"] for t in project.themes()] == names
    # filters: tick one theme and one actor, starred only, group by actor
    themes.item(1).setCheckState(Qt.Checked)
    composer.actors.item(0).setCheckState(Qt.Checked)
    composer.starred_only.setChecked(True)
    composer.group_by.setCurrentIndex(composer.group_by.findData("actor"))
    options = composer.options()
    assert options.themes == [themes.item(1).data(Qt.UserRole)]
    assert options.actors == [composer.actors.item(0).data(Qt.UserRole)]
    assert options.starred_only and options.group_by == "actor"
    window.hub.codebookChanged.emit()                    # ticks survive a reload
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
    qtbot.mouseClick(quotes.view.viewport(), Qt.LeftButton, pos=quotes.view.visualRect(index).center())
    assert panel.selected_quote == quote_id and panel.add_quote_button.isEnabled()
    qtbot.mouseClick(panel.new_button, Qt.LeftButton)
    qtbot.keyClicks(panel.statement, "The Pentagon will not back down.")
    panel.confidence.setCurrentIndex(panel.confidence.findData("high"))
    panel.confidence.activated.emit(panel.confidence.currentIndex())
    with qtbot.waitSignal(window.hub.briefChanged):
        qtbot.mouseClick(panel.add_quote_button, Qt.LeftButton)
    after = stored_judgments(path)
    assert len(after) == len(before) + 1
    new = after[-1]
    assert (new["text"], new["confidence"], new["quote_ids"]) == \
        ("The Pentagon will not back down.", "high", [quote_id])
    assert panel.list.currentItem().data(Qt.UserRole) == new["id"]
    assert "[High]" in panel.list.currentItem().text()
    # edit the statement (saved when the editor loses focus), then unlink the quote
    panel.statement.setFocus()
    qtbot.keyClicks(panel.statement, " Not before Friday.")
    composer.title.setFocus()
    qtbot.waitUntil(lambda: stored_judgments(path)[-1]["text"].endswith("Not before Friday."))
    panel.quotes.setCurrentRow(0)
    qtbot.mouseClick(panel.remove_quote_button, Qt.LeftButton)
    assert stored_judgments(path)[-1]["quote_ids"] == []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    qtbot.mouseClick(panel.remove_button, Qt.LeftButton)
    assert [j["id"] for j in stored_judgments(path)] == [j["id"] for j in before]
    assert panel.list.count() == len(before)


# -- export and preview ------------------------------------------------------------------
def test_export_with_the_qt_engine_and_open_folder(qtbot, window, composer, save_to, monkeypatch):
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
    qtbot.mouseClick(button(box, "Open folder"), Qt.LeftButton)
    assert [u.toLocalFile() for u in opened] == [str(out.parent)]


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
    window.hub.briefChanged.emit()
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
    from briefer.core import schema

    newer = tmp_path / "newer.briefer"
    window.hub.project.backup(newer)
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.Ok)
    assert window.open_project_path(newer) and window.hub.project.read_only
    assert not composer.summary.isEnabled() and not composer.judgments.new_button.isEnabled()
    window.settings.setValue(ENGINE_KEY, "qt")
    out = save_to("read-only")
    window.act_export_brief.trigger()
    assert wait_export(qtbot, window).result.path == out and out.is_file()
