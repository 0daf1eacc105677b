"""The composer's ICD 203 warnings follow an edit of one quote in the inspector (its
exclusion, whether its note prints), and only the edits of quotes the checks read."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt

from briefer.gui.brief import judgments as judgments_panel
from briefer.gui.quotes.columns import EXCERPT
from briefer.gui.shell.changes import Changes

ONE_SOURCE = "rests on one source only"
WORKING_NOTE = "reads like a working note"


@pytest.fixture
def judged(main_window):
    """A high-confidence judgment on two quotes of two dated, B-graded seeds, a quote with a
    working note (not printed) and a quote nothing reads; the composer's judgments shown."""
    hub = main_window.hub
    project = hub.project
    docs = project.documents.list()[:2]
    for n, doc in enumerate(docs, 1):
        project.documents.update(doc.id, reliability="B", date=f"2026-02-0{n}")
    first = project.quotes.add(docs[0].id, 0, 40)
    second = project.quotes.add(docs[1].id, 0, 40)
    noted = project.quotes.add(docs[0].id, 100, 140, note="Confirm the date with the ministry")
    bystander = project.quotes.add(docs[1].id, 100, 140)
    project.judgments.add("Talks resume within the month.", "high", [first, second])
    hub.notify(Changes.everything())
    composer = main_window.docks["briefDock"]
    composer.show()
    composer.raise_()
    composer.tabs.setCurrentWidget(composer.judgments)
    return {"first": first, "second": second, "noted": noted, "bystander": bystander}


def select(qtbot, window, quote_id):
    dock = window.docks["quotesDock"]
    index = dock.model.index(dock.model.row_of(quote_id), EXCERPT)
    dock.view.scrollTo(index)
    qtbot.mouseClick(dock.view.viewport(), Qt.LeftButton, pos=dock.view.visualRect(index).center())
    assert dock.inspector.quote_id == quote_id
    return dock.inspector.sourcing


def stored(path, quote_id):
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute("SELECT excluded, print_note, speaker_text FROM quotes WHERE id = ?",
                            [quote_id]).fetchone()
    finally:
        conn.close()


def test_excluding_and_printing_a_note_in_the_inspector_update_the_warnings(
        qtbot, main_window, judged):
    window = main_window
    path = window.hub.project.path
    warnings = window.docks["briefDock"].judgments.warnings
    assert not warnings.isVisible() and warnings.text() == ""
    # leave one of the two sources out of the brief: the judgment rests on one source
    qtbot.mouseClick(select(qtbot, window, judged["second"]).excluded, Qt.LeftButton)
    assert stored(path, judged["second"])[0] == 1
    assert warnings.isVisible() and ONE_SOURCE in warnings.text()
    window.act_undo.trigger()
    assert stored(path, judged["second"])[0] == 0
    assert not warnings.isVisible() and ONE_SOURCE not in warnings.text()
    # print a working note (a quote the checks did not read until now)
    qtbot.mouseClick(select(qtbot, window, judged["noted"]).print_note, Qt.LeftButton)
    assert stored(path, judged["noted"])[1] == 1
    assert WORKING_NOTE in warnings.text() and "Confirm the date" in warnings.text()
    # and exclude it: an excluded quote prints nothing
    qtbot.mouseClick(select(qtbot, window, judged["noted"]).excluded, Qt.LeftButton)
    assert stored(path, judged["noted"])[:2] == (1, 1)
    assert not warnings.isVisible()


def test_only_edits_of_quotes_the_checks_read_run_them_again(
        qtbot, main_window, judged, monkeypatch):
    window = main_window
    path = window.hub.project.path
    runs = []
    check_brief = judgments_panel.check_brief
    monkeypatch.setattr(judgments_panel, "check_brief",
                        lambda project: runs.append(1) or check_brief(project))
    for name, runs_after in (("bystander", 0), ("noted", 0), ("first", 1)):
        speaker = select(qtbot, window, judged[name]).speaker
        speaker.setFocus()
        qtbot.keyClicks(speaker.lineEdit(), f"analyst of {name}")
        qtbot.keyClick(speaker.lineEdit(), Qt.Key_Return)
        assert stored(path, judged[name])[2] == f"analyst of {name}"
        assert len(runs) == runs_after, name
    window.hub.notify(Changes(codebook=True))           # not a change the checks read
    assert len(runs) == 1
