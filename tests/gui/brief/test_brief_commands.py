"""Undoable brief changes: settings (merged per editing session) and key judgments, checked
in the project file through connections of the test's own."""

from __future__ import annotations

import pytest

from briefer.gui.brief.commands import (
    AddJudgmentCommand,
    EditBriefSettingsCommand,
    EditJudgmentCommand,
    RemoveJudgmentCommand,
)
from briefer.gui.quotes.commands import DeleteQuoteCommand

from ..stored import stored_judgments, stored_settings


@pytest.fixture
def quote_ids(hub):
    doc = hub.project.documents.list()[0]
    return [hub.project.quotes.add(doc.id, start, start + 20) for start in (0, 50, 100)]


# -- settings ----------------------------------------------------------------------------
def test_settings_edit_undo_redo(hub, qtbot):
    path = hub.project.path
    old = stored_settings(path)
    with qtbot.waitSignal(hub.changed):
        assert hub.push(EditBriefSettingsCommand(hub, summary="New summary", title="T")) is None
    stored = stored_settings(path)
    assert (stored["summary"], stored["title"]) == ("New summary", "T")
    assert hub.undo_stack.undoText() == "Edit brief summary, title"
    with qtbot.waitSignal(hub.changed):
        hub.undo_stack.undo()
    assert stored_settings(path)["summary"] == old["summary"]
    assert stored_settings(path)["title"] == old["title"]
    hub.undo_stack.redo()
    assert stored_settings(path)["summary"] == "New summary"


def test_typing_in_one_session_is_one_undo_step(hub):
    path = hub.project.path
    old = hub.project.settings.get()["summary"]
    session = object()
    for text in ("W", "Wash", "Washington is"):
        hub.push(EditBriefSettingsCommand(hub, session=session, summary=text))
    assert hub.undo_stack.count() == 1 and stored_settings(path)["summary"] == "Washington is"
    hub.push(EditBriefSettingsCommand(hub, session=session, title="Other field"))
    hub.push(EditBriefSettingsCommand(hub, session=object(), summary="Next visit"))
    hub.push(EditBriefSettingsCommand(hub, summary="No session: never merges"))
    hub.push(EditBriefSettingsCommand(hub, summary="No session: never merges either"))
    assert hub.undo_stack.count() == 5
    for _ in range(4):
        hub.undo_stack.undo()
    assert stored_settings(path)["summary"] == "Washington is"
    hub.undo_stack.undo()
    assert stored_settings(path)["summary"] == old
    hub.undo_stack.redo()
    assert stored_settings(path)["summary"] == "Washington is"


def test_typing_back_to_the_start_leaves_no_step(hub):
    hub.push(EditBriefSettingsCommand(hub, analyst="Someone"))
    session = object()
    hub.push(EditBriefSettingsCommand(hub, session=session, analyst="Someone else"))
    hub.push(EditBriefSettingsCommand(hub, session=session, analyst="Someone"))
    assert hub.undo_stack.count() == 1
    hub.undo_stack.undo()
    assert stored_settings(hub.project.path)["analyst"] == ""


# -- key judgments -----------------------------------------------------------------------
def test_add_edit_remove_judgment_round_trip(hub, quote_ids):
    path = hub.project.path
    add = AddJudgmentCommand(hub, "Talks will stall.", "high", quote_ids[:2])
    assert hub.push(add) is None
    jid = add.judgment_id
    added = stored_judgments(path)
    assert [(j.id, j.text, j.confidence) for j in added] == [
        (jid, "Talks will stall.", "high")]
    assert set(list(added[0].quote_ids)) == set(quote_ids[:2])
    hub.undo_stack.undo()
    assert stored_judgments(path) == []
    hub.undo_stack.redo()
    assert stored_judgments(path) == added                   # the same judgment, id and all

    hub.push(EditJudgmentCommand(hub, jid, text="Talks stalled.", confidence="low",
                                 quotes=quote_ids[2:]))
    edited = stored_judgments(path)[0]
    assert (edited.text, edited.confidence, list(edited.quote_ids)) == (
        "Talks stalled.", "low", quote_ids[2:])
    hub.undo_stack.undo()
    assert stored_judgments(path) == added                   # times too
    hub.undo_stack.redo()
    redone = stored_judgments(path)
    assert redone[0].text == "Talks stalled." and list(redone[0].quote_ids) == quote_ids[2:]

    hub.push(RemoveJudgmentCommand(hub, jid))
    assert stored_judgments(path) == []
    hub.undo_stack.undo()
    assert stored_judgments(path) == redone
    assert hub.undo_stack.count() == 3


def test_undone_removal_comes_back_in_place_with_links(hub, quote_ids, file_rows):
    first = hub.project.judgments.add("First", "low")
    middle = hub.project.judgments.add("Middle", "high", quote_ids)
    hub.project.judgments.add("Last")
    before = file_rows("judgments", "judgment_quotes")
    hub.push(RemoveJudgmentCommand(hub, middle))
    assert [j.id for j in stored_judgments(hub.project.path)][:1] == [first]
    assert middle not in {r[0] for r in file_rows("judgment_quotes")["judgment_quotes"]}
    hub.undo_stack.undo()
    assert file_rows("judgments", "judgment_quotes") == before


def test_undo_brings_back_links_whichever_comes_back_first(hub, quote_ids):
    jid = hub.project.judgments.add("Rests on quotes", "moderate", quote_ids)
    hub.push(RemoveJudgmentCommand(hub, jid))
    hub.push(DeleteQuoteCommand(hub, quote_ids[0]))
    hub.undo_stack.undo()                    # the quote first: its judgment is not back yet
    hub.undo_stack.undo()                    # the judgment: linked to the quote again
    assert set(list(hub.project.judgments.list()[0].quote_ids)) == set(quote_ids)


def test_statement_typing_merges_into_the_add(hub):
    session = object()
    add = AddJudgmentCommand(hub, "The Pent", session=session)
    hub.push(add)
    hub.push(EditJudgmentCommand(hub, add.judgment_id, text="The Pentagon will", session=session))
    hub.push(EditJudgmentCommand(hub, add.judgment_id, text="The Pentagon will act.",
                                 session=session))
    assert hub.undo_stack.count() == 1 and hub.undo_stack.undoText() == "Add key judgment"
    hub.undo_stack.undo()
    assert hub.project.judgments.list() == []
    hub.undo_stack.redo()
    [row] = hub.project.judgments.list()
    assert (row.id, row.text) == (add.judgment_id, "The Pentagon will act.")
    hub.push(EditJudgmentCommand(hub, row.id, confidence="high", session=session))
    hub.push(EditJudgmentCommand(hub, row.id, text="Later visit", session=object()))
    assert hub.undo_stack.count() == 3


def test_refusals_are_messages_and_leave_the_stack(hub, qtbot):
    with qtbot.waitSignal(hub.errorOccurred) as blocker:
        message = hub.push(AddJudgmentCommand(hub, "   "))
    assert "statement" in message and blocker.args == [message]
    jid = hub.project.judgments.add("Kept")
    assert "Confidence" in hub.push(EditJudgmentCommand(hub, jid, confidence="certain"))
    assert hub.undo_stack.count() == 0
    assert hub.project.judgments.list()[0].confidence == "moderate"
