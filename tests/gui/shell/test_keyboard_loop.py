"""The whole loop by keyboard only (issue #16, point 7): open beside, select with
Shift+arrows, tag, move between quotes, filter, export — every step a ``qtbot.keyClick``;
the project file (a fresh connection) and the exported PDF say it happened."""

from __future__ import annotations

import sqlite3
import subprocess

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from briefer.gui.brief.export import ENGINE_KEY
from briefer.gui.shell.changes import Changes


def quotes_in_file(path):
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute("""SELECT q.exact, group_concat(t.name) FROM quotes q
                               LEFT JOIN quote_themes l ON l.quote_id = q.id
                               LEFT JOIN themes t ON t.id = l.theme_id
                               GROUP BY q.id ORDER BY q.start_cp""").fetchall()
    finally:
        conn.close()


def spans_in_file(path):
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute("SELECT start_cp, end_cp FROM quotes ORDER BY start_cp").fetchall()
    finally:
        conn.close()


def keys(qtbot, widget, *presses):
    for key, mods in presses:
        qtbot.keyClick(widget, key, mods)


def focused():
    return QApplication.focusWidget()


def test_the_loop_by_keyboard_only(main_window, qtbot, tmp_path, monkeypatch):
    window = main_window
    project = window.hub.project
    project.codebook.add_theme("Military use")
    project.codebook.add_theme("Pressure")
    window.hub.notify(Changes(codebook=True))
    path = project.path
    first = window.reader.panes[0]
    first.view.setFocus()
    qtbot.keyClick(first.view, Qt.Key_B, Qt.ControlModifier | Qt.AltModifier)    # open beside
    assert len(window.reader.panes) == 2
    pane = window.reader.current
    assert pane is window.reader.panes[1]
    pane.view.setFocus()
    # select the first three words with Shift+Ctrl+Right, tag with Ctrl+T
    keys(qtbot, pane.view, (Qt.Key_Home, Qt.ControlModifier),
         *[(Qt.Key_Right, Qt.ControlModifier | Qt.ShiftModifier)] * 3)
    span = pane.selection_cp()
    assert span and span[1] > span[0]
    qtbot.keyClick(pane.view, Qt.Key_T, Qt.ControlModifier)
    popup = window.tag_popup
    qtbot.keyClicks(popup.filter_edit, "milit")
    qtbot.keyClick(popup.filter_edit, Qt.Key_Return)          # the only match: ticked
    qtbot.keyClick(popup.filter_edit, Qt.Key_Return)          # empty box: saves
    assert not popup.isVisible()
    text = pane.doc["text"]
    assert quotes_in_file(path) == [(text[span[0]:span[1]], "Military use")]
    # a second quote further on: down a few lines, select a line, key 2 = "Pressure"
    keys(qtbot, pane.view, *[(Qt.Key_Down, Qt.NoModifier)] * 4, (Qt.Key_Home, Qt.NoModifier),
         (Qt.Key_End, Qt.ShiftModifier))
    assert pane.selection_cp()
    qtbot.keyClick(pane.view, Qt.Key_2)
    assert len(quotes_in_file(path)) == 2
    # move between quotes: Alt+Up goes back to the first, Alt+Down to the second
    qtbot.keyClick(pane.view, Qt.Key_Up, Qt.AltModifier)
    assert pane.selection_cp() == span
    qtbot.keyClick(pane.view, Qt.Key_Down, Qt.AltModifier)
    assert pane.selection_cp() == spans_in_file(path)[1]
    # filter the quotes by keyboard: Ctrl+L, type
    qtbot.keyClick(pane.view, Qt.Key_L, Qt.ControlModifier)
    dock = window.docks["quotesDock"]
    assert focused() is dock.filter_bar.search
    qtbot.keyClicks(dock.filter_bar.search, text[span[0]:span[1]].split()[0])
    dock.filter_bar._emit()                                    # the typing timer, at once
    assert dock.model.rowCount() == 1
    # export: Ctrl+E, the save dialog answered
    out = tmp_path / "kb-brief.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    # wkhtmltopdf: the Qt engine lays text out on the worker thread while this thread draws
    # panes, which crashed the test process (reported; not this test's concern)
    window.settings.setValue(ENGINE_KEY, "wkhtmltopdf")
    qtbot.keyClick(focused(), Qt.Key_E, Qt.ControlModifier)
    export = window.brief_export
    qtbot.waitUntil(lambda: export.result is not None or export.error is not None, timeout=30_000)
    assert export.error is None and out.is_file()
    printed = " ".join(subprocess.run(["pdftotext", "-enc", "UTF-8", str(out), "-"],
                                      capture_output=True, check=True).stdout.decode().split())
    assert " ".join(text[span[0]:span[1]].split()) in printed
