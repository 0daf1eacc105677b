"""Issue 9, "live with a second instance": a change made by another process (the CLI) shows
in the open app within a couple of seconds, and the app's own undo stack is kept."""

from __future__ import annotations

from briefer.gui.commands import Command  # noqa: F401  (the app's one change base)
from briefer.gui.shell.changes import Changes
from tests.briefer_cli import run_cli


def test_a_quote_added_by_the_cli_appears_in_the_open_app(main_window, qtbot):
    window = main_window
    hub = window.hub
    project = hub.project
    doc = project.documents.list()[0]
    # One change of the app's own, on its undo stack.
    window.reader.open_document(doc.id)
    before_undo = hub.undo_stack.count()
    project_quotes = lambda: len(hub.project.quotes.list())
    assert project_quotes() == 0
    changed = []
    hub.changed.connect(lambda changes, source: changed.append((changes, source)))
    done = run_cli("annotate", "--doc", doc.id, "--start", "0", "--end", "12",
                   "--theme", "From the terminal", "--project", project.path)
    assert done.returncode == 0, done.stderr
    qtbot.waitUntil(lambda: bool(changed), timeout=5000)
    assert changed == [(Changes.everything(), hub.EXTERNAL)]
    pane = window.reader.panes[0]
    qtbot.waitUntil(lambda: len(pane.quotes) == 1, timeout=3000)
    assert "From the terminal" in {t.name for t in hub.project.codebook.themes()}
    assert hub.undo_stack.count() == before_undo
    # Nothing new from outside: no second refresh.
    changed.clear()
    assert hub.check_external_changes() is False and not changed


def test_the_apps_own_worker_writes_are_not_reported_as_another_programs(main_window):
    """An import or merge writes through a worker's own connection, then announces what it
    changed; the watcher must not report the same change again as another program's."""
    from briefer.core.store import Project

    hub = main_window.hub
    doc = hub.project.documents.list()[0]
    with Project.open(hub.project.path) as worker:      # what a worker thread does
        worker.quotes.add(doc.id, 0, 12, themes=["From a worker"])
    hub.notify(Changes.of_quotes(), source=None)
    assert hub.check_external_changes() is False
