"""File ▸ Check project… when another program (a child process through plain ``sqlite3``,
foreign keys off) deleted an actor that quotes link to: the dialog says how many quotes link
to which missing actor, Repair drops the links and their kept counts (read back through a
fresh connection) and the quotes stay."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

from PySide6.QtCore import Qt

from .test_check_project import run_check

DELETE_ACTOR = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
assert conn.execute("DELETE FROM actors WHERE id = ?", [sys.argv[2]]).rowcount == 1
conn.close()
"""


def test_links_to_a_deleted_actor_are_listed_and_repair_drops_them(qtbot, main_window):
    window = main_window
    project = window.hub.project
    path = project.path
    doc = project.documents.list()[0].id
    gone, kept = (project.codebook.add_actor(n) for n in ("Port authority", "Union"))
    theme = project.codebook.add_theme("Trade")
    quotes = [project.quotes.add(doc, 0, 19, actors=[gone, kept], themes=[theme]),
              project.quotes.add(doc, 20, 45, actors=[gone], themes=[theme])]
    proc = subprocess.run([sys.executable, "-c", DELETE_ACTOR, str(path), gone],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr

    checking = run_check(qtbot, window)
    dialog = checking.dialog
    assert dialog.summary.text() == f"{path.name}: 1 problem found; Repair can mend 1 of them."
    assert "Links to actors, themes, quotes or judgments that are no longer there: 1" in (
        dialog.text())
    assert f"• 2 quotes link to actor {gone}, which no longer exists" in dialog.text()
    assert "foreign key" not in dialog.text()
    assert dialog.repair_button.isEnabled()

    with qtbot.waitSignal(window.hub.changed, timeout=30_000):
        qtbot.mouseClick(dialog.repair_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: checking.task.done, timeout=30_000)
    assert dialog.summary.text() == (f"Repaired 1 thing. Checked again: {path.name}: no "
                                     "problems found.")
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("SELECT quote_id, actor_id FROM quote_actors").fetchall() == [
            (quotes[0], kept)]
        assert conn.execute("SELECT * FROM actor_counts").fetchall() == [(kept, 1)]
        assert conn.execute("SELECT * FROM matrix_counts").fetchall() == [(kept, theme, 1)]
        assert conn.execute("SELECT COUNT(*) FROM quotes WHERE id IN (?, ?)",
                            quotes).fetchone() == (2,)
    finally:
        conn.close()
