"""Issue #11 points 1, 3 and 5 in the inspector: speaker, translation, print-note and
exclude typed into real widgets land in the project file; undo takes them back."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt

from briefer.gui.shell.changes import Changes


def stored(path, quote_id):
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute("SELECT speaker_text, translation, print_note, excluded FROM quotes "
                            "WHERE id = ?", [quote_id]).fetchone()
    finally:
        conn.close()


def test_inspector_edits_sourcing(main_window, qtbot):
    window = main_window
    project = window.hub.project
    doc = project.documents.list()[0]
    qid = project.quotes.add(doc["id"], 10, 60)
    window.hub.notify(Changes.of_quotes(qid))
    dock = window.docks["quotesDock"]
    dock.select_quote(qid)
    dock._selection_changed()
    fields = dock.inspector.sourcing
    path = project.path
    fields.speaker.lineEdit().setFocus()
    qtbot.keyClicks(fields.speaker.lineEdit(), "a PTT forum post")
    qtbot.keyClick(fields.speaker.lineEdit(), Qt.Key_Return)
    assert stored(path, qid)[0] == "a PTT forum post"
    fields.translation.setFocus()
    qtbot.keyClicks(fields.translation, "The analyst's English")
    qtbot.waitUntil(lambda: stored(path, qid)[1] == "The analyst's English", timeout=3000)
    qtbot.mouseClick(fields.print_note, Qt.LeftButton)
    qtbot.mouseClick(fields.excluded, Qt.LeftButton)
    assert stored(path, qid) == ("a PTT forum post", "The analyst's English", 1, 1)
    window.act_undo.trigger()
    assert stored(path, qid)[3] == 0
    assert not fields.excluded.isChecked()
