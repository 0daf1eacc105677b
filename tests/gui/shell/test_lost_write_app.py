"""Issue 9.1 through the real app: the window holds the project, the brief reads it again
in the same process, a terminal beside it runs the CLI, then a quote tagged in the window
must be visible to other processes at once and be on disk as a SIGKILL would leave it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from briefer.brief.compile import open_read_only
from tests.briefer_cli import run_cli
from tests.faults.children import copy_as_crashed, fresh_rows, no_traceback
from tests.gui.reader.test_tagging import open_two, select


def test_quote_tagged_after_a_foreign_read_reaches_other_processes(main_window, qtbot, tmp_path):
    window = main_window
    path = window.hub.project.path
    open_read_only(path).close()                 # what the brief preview's worker does
    foreign = run_cli("quotes", "--project", path)   # a terminal beside the app
    assert foreign.returncode == 0, foreign.stderr
    no_traceback(foreign)

    _left, right = open_two(window)
    text = right.doc.text
    start = text.index("Anthropic")
    select(right, start, start + len("Anthropic"))
    qtbot.keyClick(right.view, Qt.Key_T, Qt.ControlModifier)
    popup = window.tag_popup
    qtbot.keyClicks(popup.filter_edit, "Survives")
    qtbot.keyClick(popup.filter_edit, Qt.Key_Return)         # a new name: actor or theme?
    qtbot.keyClick(popup.ask_theme, Qt.Key_Return)           # a theme
    qtbot.keyClick(popup.filter_edit, Qt.Key_Return)         # nothing typed: save
    qtbot.waitUntil(lambda: bool(window.hub.project.quotes.list()), timeout=5000)
    qid = window.hub.project.quotes.list()[0].id

    assert (qid,) in fresh_rows(path, "SELECT id FROM quotes"), "other processes cannot see it"
    crashed = copy_as_crashed(path, tmp_path / "after-sigkill")
    assert (qid,) in fresh_rows(crashed, "SELECT id FROM quotes")
    check = run_cli("check", "--project", crashed)
    assert check.returncode == 0 and check.stdout.strip() == "ok", check.stderr
