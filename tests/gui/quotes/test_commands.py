"""Undo commands: a refused or failed write becomes a message and leaves stack and file as
they were."""

from __future__ import annotations

from briefer.gui.quotes.commands import (
    AddQuoteCommand,
    DeleteQuoteCommand,
    EditQuoteCommand,
)


def test_a_full_disk_is_reported_and_nothing_is_lost(hub, qtbot):
    project = hub.project
    doc = project.documents.list()[0]
    keep = hub.push(AddQuoteCommand(hub, doc["id"], 0, 30, themes=["Kept"]))
    assert keep is None and hub.undo_stack.count() == 1
    before = project.quotes.list()
    pages = project.db.execute("PRAGMA page_count").fetchone()[0]
    project.db.execute(f"PRAGMA max_page_count = {pages}")   # SQLite now refuses to grow
    with qtbot.waitSignal(hub.errorOccurred) as blocker:
        message = hub.push(AddQuoteCommand(hub, doc["id"], 40, 90, note="x" * 90_000))
    assert "full" in message and message == blocker.args[0]
    assert hub.undo_stack.count() == 1
    assert project.quotes.list() == before
    project.db.execute("PRAGMA max_page_count = 1073741823")
    hub.undo_stack.undo()                  # the stack still works on what really happened
    assert project.quotes.list() == []


def test_a_refusal_of_the_core_is_a_message(hub):
    doc = hub.project.documents.list()[0]
    message = hub.push(AddQuoteCommand(hub, doc["id"], 10, 10_000_000))
    assert "outside the document" in message
    assert hub.undo_stack.count() == 0


def test_edit_and_delete_round_trip_through_the_stack(hub):
    doc = hub.project.documents.list()[0]
    hub.push(AddQuoteCommand(hub, doc["id"], 0, 30, actors=["A"]))
    qid = hub.project.quotes.list()[0]["id"]
    hub.push(EditQuoteCommand(hub, qid, note="edited", starred=True))
    hub.push(DeleteQuoteCommand(hub, qid))
    assert hub.project.quotes.list() == []
    hub.undo_stack.undo()
    assert hub.project.quotes.get(qid)["note"] == "edited"
    hub.undo_stack.undo()
    assert hub.project.quotes.get(qid)["note"] == "" and not hub.project.quotes.get(qid)["starred"]
    hub.undo_stack.redo()
    hub.undo_stack.redo()
    assert hub.project.quotes.list() == []
