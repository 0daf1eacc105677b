"""Issue #11 through the app: select text, set the speaker in the tag popup, grade the
document in its properties; both are in the project file (a fresh connection) and in the
exported brief (read back with pdftotext)."""

from __future__ import annotations

import sqlite3
import subprocess

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

from briefer.gui.brief.export import ENGINE_KEY
from briefer.gui.shell.changes import Changes

from .test_tagging import select


def row(path, sql, args=()):
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute(sql, args).fetchone()
    finally:
        conn.close()


def test_speaker_and_grade_set_in_the_app_reach_file_and_brief(main_window, qtbot, tmp_path,
                                                              monkeypatch):
    window = main_window
    project = window.hub.project
    project.codebook.add_actor("Guancha", kind="media")
    project.codebook.add_theme("Military use")
    window.hub.notify(Changes(codebook=True))
    doc = next(d for d in project.documents.list() if d["title"].startswith("Anthropic's 72-Hour"))
    pane = window.reader.open_document(doc["id"])
    text = pane.doc["text"]
    start = text.index("Hegseth gave him an ultimatum")
    end = start + len("Hegseth gave him an ultimatum")
    select(pane, start, end)
    qtbot.keyClick(pane.view, Qt.Key_T, Qt.ControlModifier)
    popup = window.tag_popup
    qtbot.keyClicks(popup.filter_edit, "Military")
    qtbot.keyClick(popup.filter_edit, Qt.Key_Return)             # ticks the theme
    speaker = popup.sourcing.speaker
    speaker.setFocus()
    qtbot.keyClicks(speaker.lineEdit(), "unnamed Pentagon official")
    popup.sourcing.credibility.setCurrentIndex(popup.sourcing.credibility.findData(2))
    carrier = popup.sourcing.carrier
    qtbot.keyClicks(carrier.lineEdit(), "Guancha")
    qtbot.keyClick(popup.filter_edit, Qt.Key_Return)             # saves
    assert not popup.isVisible()
    path = project.path
    assert row(path, "SELECT speaker_text, speaker_actor_id, credibility FROM quotes") == (
        "unnamed Pentagon official", None, 2)
    guancha = row(path, "SELECT id FROM actors WHERE name = 'Guancha'")[0]
    assert row(path, "SELECT carrier_actor_id FROM quotes") == (guancha,)

    # grade the document in its properties
    library = window.docks["libraryDock"]
    dialog = library.show_properties(doc["id"])
    dialog.source_type.setCurrentIndex(dialog.source_type.findData("news"))
    dialog.reliability.setCurrentIndex(dialog.reliability.findData("B"))
    qtbot.keyClicks(dialog.reliability_reason, "Established outlet, named reporters")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)
    assert row(path, "SELECT source_type, reliability, reliability_reason FROM documents "
                     "WHERE id = ?", [doc["id"]]) == (
        "news", "B", "Established outlet, named reporters")
    window.act_undo.trigger()                                    # undo: in the file too
    assert row(path, "SELECT reliability FROM documents WHERE id = ?", [doc["id"]]) == ("F",)
    window.act_redo.trigger()

    # the exported brief attributes the quote to its speaker and grades its citation
    out = tmp_path / "graded.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    window.settings.setValue(ENGINE_KEY, "wkhtmltopdf")
    window.brief_export.start()
    export = window.brief_export
    qtbot.waitUntil(lambda: export.result is not None or export.error is not None, timeout=30_000)
    assert export.error is None
    printed = " ".join(subprocess.run(["pdftotext", "-enc", "UTF-8", str(out), "-"],
                                      capture_output=True, check=True).stdout.decode().split())
    assert "unnamed Pentagon official (as quoted in Guancha)" in printed
    assert "· B2]" in printed
