"""File ▸ Check project… through the real window: another program (a child process writing
through plain ``sqlite3``) leaves kept counts that drifted and a speaker naming no actor; the
menu action lists them in the dialog, Repair mends them in one transaction (read back through
a fresh connection) and the views reload; Cancel stops a check or a repair (a repair stopped
writes nothing), and what Repair cannot mend is listed without offering it."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt

from briefer.core import schema
from briefer.gui.shell.changes import Changes

#: Another program's writes: REPLACE of link rows that are there, with recursive_triggers
#: off (the implicit delete fires no trigger: the kept counts drift), and an actor deleted
#: with foreign keys off (the speaker id is left naming nobody).
OTHER_PROGRAM = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
q1, q2, a1, a2, t1 = sys.argv[2:]
conn.execute("INSERT OR REPLACE INTO quote_actors (quote_id, actor_id) VALUES (?, ?)", [q1, a1])
conn.execute("REPLACE INTO quote_themes (quote_id, theme_id) VALUES (?, ?)", [q2, t1])
conn.execute("UPDATE OR REPLACE quote_actors SET actor_id = ? WHERE quote_id = ? AND actor_id = ?",
             [a1, q1, a2])
conn.execute("DELETE FROM actors WHERE name = 'Reuters'")
conn.close()
"""

#: Holds the write lock until told to go (a line on stdin).
LOCK_HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
conn.close()
"""


def other_program(*args: str) -> None:
    proc = subprocess.run([sys.executable, "-c", OTHER_PROGRAM, *args], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr


def file_state(path) -> dict:
    """Kept counts, counted links and each quote's speaker, read through a fresh connection."""
    conn = sqlite3.connect(str(path))
    try:
        out = {table: ({tuple(r[:-1]): r[-1] for r in conn.execute(f"SELECT * FROM {table}")},
                       {tuple(r[:-1]): r[-1] for r in conn.execute(sql)})
               for table, sql in schema.COUNT_QUERIES.items()}
        out["speakers"] = sorted(conn.execute(
            "SELECT id, speaker_actor_id, speaker_text FROM quotes"))
        return out
    finally:
        conn.close()


@pytest.fixture
def broken(main_window):
    """The window's project after another program wrote it: (window, ids by name)."""
    project = main_window.hub.project
    doc = project.documents.list()[0].id
    a1, a2 = (project.codebook.add_actor(n) for n in ("Port authority", "Union"))
    project.codebook.add_actor("Reuters")
    t1 = project.codebook.add_theme("Trade")
    q1 = project.quotes.add(doc, 0, 19, actors=[a1, a2], themes=[t1], speaker="Reuters")
    q2 = project.quotes.add(doc, 20, 45, actors=[a1], themes=[t1])
    main_window.hub.notify(Changes.everything())
    other_program(str(project.path), q1, q2, a1, a2, t1)
    main_window.hub.check_external_changes()             # the views show what the file holds
    return main_window, {"q1": q1, "q2": q2, "a1": a1, "a2": a2, "t1": t1}


def run_check(qtbot, window):
    window.act_check.trigger()
    checking = window.project_check
    qtbot.waitUntil(lambda: checking.task.done and checking.dialog.isVisible(), timeout=30_000)
    return checking


def codebook_count(window, actor_id: str) -> str:
    dock = window.docks["codebookDock"]
    dock.show()
    dock.raise_()
    item = next(i for i in dock.actor_tree.top_items()
                if i.data(0, Qt.ItemDataRole.UserRole) == actor_id)
    return item.text(2)


def test_the_menu_lists_the_problems_and_repair_mends_them(qtbot, broken):
    window, ids = broken
    path = window.hub.project.path
    assert "Check project…" in [a.text().replace("&", "") for a in
                                window.menuBar().actions()[0].menu().actions()]
    before = file_state(path)
    assert before["actor_counts"][0] != before["actor_counts"][1]
    assert codebook_count(window, ids["a1"]) == "4"              # the drifted kept count

    checking = run_check(qtbot, window)
    dialog = checking.dialog
    assert dialog.summary.text() == f"{path.name}: 4 problems found; Repair can mend 4 of them."
    text = dialog.text()
    assert ("Kept counts that differ from the links (quotes per actor, theme and matrix "
            "cell): 3") in text
    assert "Speakers and carriers naming an actor that is no longer there: 1" in text
    assert f"quote {ids['q1']}: its speaker names an actor that is no longer there" in text
    assert "briefer check --repair" not in text                  # the app's words, not the CLI's
    assert dialog.repair_button.isEnabled()
    assert file_state(path) == before                            # a check writes nothing

    with qtbot.waitSignal(window.hub.changed, timeout=30_000) as changed:
        qtbot.mouseClick(dialog.repair_button, Qt.MouseButton.LeftButton)
    assert changed.args[0] == Changes(quotes=True, codebook=True)
    qtbot.waitUntil(lambda: checking.task.done, timeout=30_000)
    assert dialog.summary.text() == (f"Repaired 4 things. Checked again: {path.name}: no "
                                     "problems found.")
    assert dialog.text().count("Repaired: ") == 4
    assert not dialog.repair_button.isEnabled()
    after = file_state(path)
    for table in schema.COUNT_QUERIES:
        assert after[table][0] == after[table][1], table
    assert after["actor_counts"][0][(ids["a1"],)] == 2
    assert (ids["q1"], None, "") in after["speakers"]
    assert codebook_count(window, ids["a1"]) == "2"              # the view reloaded
    assert window.hub.project.check() == []


def test_cancel_stops_the_repair_and_it_writes_nothing(qtbot, broken, tmp_path):
    """The repair waits for another writer (BEGIN IMMEDIATE, the busy timeout); Cancel
    meanwhile: the repair stops and the file is as it was."""
    window, _ids = broken
    path = window.hub.project.path
    checking = run_check(qtbot, window)
    before = file_state(path)
    holder = subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, str(path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        qtbot.mouseClick(checking.dialog.repair_button, Qt.MouseButton.LeftButton)
        task = checking.task
        qtbot.wait(300)
        assert not task.done                                     # waiting for the lock
        task.cancel()
    finally:
        holder.communicate("go\n", timeout=30)
    qtbot.waitUntil(lambda: task.done, timeout=30_000)
    qtbot.waitUntil(lambda: checking.dialog.summary.text().startswith("The repair was"),
                    timeout=5000)
    assert checking.dialog.summary.text() == "The repair was stopped; nothing was changed."
    assert file_state(path) == before
    assert checking.dialog.again_button.isEnabled()
    assert checking.dialog.repair_button.isEnabled()             # still as much to mend


def test_the_check_reads_while_another_program_writes(qtbot, broken):
    """The check opens the file read-only: another program holding the write lock does not
    hold it up (a writable open would wait for the lock, then give up)."""
    window, _ids = broken
    path = window.hub.project.path
    holder = subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, str(path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        window.act_check.trigger()
        checking = window.project_check
        qtbot.waitUntil(lambda: checking.task.done and checking.dialog.isVisible(),
                        timeout=5000)
        assert checking.dialog.summary.text() == (f"{path.name}: 4 problems found; Repair "
                                                  "can mend 4 of them.")
        assert checking.dialog.repair_button.isEnabled()
    finally:
        holder.communicate("go\n", timeout=30)


def test_cancel_stops_the_check(qtbot, broken, monkeypatch):
    """A statement that would run for ever (in place of a check of a huge project) is
    interrupted by Cancel."""
    from briefer.core import check

    window, _ids = broken
    messages = []
    window.hub.statusMessage.connect(messages.append)
    endless = ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
               "SELECT count(*) FROM n")
    monkeypatch.setitem(check._CHECKS, "anchors",
                        lambda store: store.db.execute(endless).fetchall() and [])
    window.act_check.trigger()
    task = window.project_check.task
    qtbot.wait(300)
    assert not task.done
    task.cancel()
    qtbot.waitUntil(lambda: task.done, timeout=30_000)
    qtbot.waitUntil(lambda: "The check was stopped." in messages, timeout=5000)
    assert not window.project_check.dialog.isVisible()


def test_one_dialog_serves_every_check_of_the_project(qtbot, broken):
    """File ▸ Check project… again shows the same dialog (no new one each time)."""
    from briefer.gui.shell.checking import CheckDialog

    window, _ids = broken
    first = run_check(qtbot, window)
    first.dialog.close()
    second = run_check(qtbot, window)
    assert second.dialog is first.dialog
    assert len(window.findChildren(CheckDialog)) == 1


def test_what_repair_cannot_mend_is_listed_and_repair_not_offered(qtbot, main_window):
    window = main_window
    project = window.hub.project
    doc = project.documents.list()[0].id
    conn = subprocess.run(
        [sys.executable, "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
         "c.execute(\"UPDATE documents SET title = CAST(X'54FF6C6B73' AS TEXT) WHERE id = ?\", "
         "[sys.argv[2]]); c.commit()", str(project.path), doc],
        capture_output=True, text=True, timeout=60)
    assert conn.returncode == 0, conn.stderr
    checking = run_check(qtbot, window)
    dialog = checking.dialog
    assert dialog.summary.text() == (f"{project.path.name}: 1 problem found; none of them can "
                                     "be mended by Repair.")
    assert "Stored text that is damaged or was changed outside Briefer: 1" in dialog.text()
    assert f"document {doc}: its title is not valid UTF-8" in dialog.text()
    assert not dialog.repair_button.isEnabled()


def test_a_repair_that_fails_half_way_writes_nothing(qtbot, broken, monkeypatch):
    """The counts are recounted first; the disk then refuses the next step: the recount is
    rolled back with it (one transaction), and the dialog says what happened."""
    from briefer.core import check

    window, _ids = broken
    path = window.hub.project.path
    checking = run_check(qtbot, window)
    before = file_state(path)

    def refused(store):                  # the repair's second step, after the recount
        raise sqlite3.OperationalError("disk I/O error")
    monkeypatch.setattr(check, "_dangling_people", refused)
    qtbot.mouseClick(checking.dialog.repair_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: checking.task.done, timeout=30_000)
    qtbot.waitUntil(lambda: "disk I/O error" in checking.dialog.summary.text(), timeout=5000)
    assert "nothing was changed" in checking.dialog.summary.text()
    assert file_state(path) == before
    assert checking.dialog.repair_button.isEnabled()             # may be tried again
