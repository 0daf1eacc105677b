"""Issue #11 in the quotes table: the Speaker column says who said each quote as the brief
attributes it, sorts in the store by a header click, and the filter bar's speaker box filters
as ``briefer quote list --speaker`` does, suggesting the project's speakers."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import QPoint, Qt

from briefer.gui.quotes.columns import CREDIBILITY, EXCERPT, SPEAKER
from briefer.gui.shell.changes import Changes

from ..conftest import _doc_by_title


@pytest.fixture
def said(hub):
    """Four quotes of the seed articles (no demo: only these have speakers): an actor by
    alias with a carrier, a description, the same actor by its name in another case, none."""
    project = hub.project
    piss = _doc_by_title(project, "Anthropic managed")
    crisis = _doc_by_title(project, "Anthropic's 72-Hour")
    coded = {
        "summoned": project.quotes.add_text(
            piss, "Anthropic was summoned to the Pentagon by Secretary Hegseth"),
        "ultimatum": project.quotes.add_text(crisis, "Hegseth gave him an ultimatum"),
        "musk": project.quotes.add_text(crisis, "Elon Musk posted on X"),
        "untagged": project.quotes.add_text(piss, "industrial-scale distillation"),
    }
    project.codebook.add_actor("Zhu Rui", kind="person", aliases=["Zhu"])
    project.quotes.update(coded["summoned"], speaker="Zhu", carrier="ChinaTalk")
    project.quotes.update(coded["ultimatum"], speaker="unnamed Taiwanese analyst",
                          credibility=2)
    project.quotes.update(coded["musk"], speaker="zhu rui")
    hub.notify(Changes(codebook=True, quotes=True))
    return coded


@pytest.fixture
def dock(shown, hub, said):
    from briefer.gui.quotes.dock import QuotesDock

    return shown(QuotesDock(hub), 1100, 700)


def cell(dock, quote_id, column):
    return dock.model.index(dock.model.row_of(quote_id), column).data()


def click_header(qtbot, dock, column):
    header = dock.view.horizontalHeader()
    pos = QPoint(header.sectionViewportPosition(column) + header.sectionSize(column) // 2, 5)
    qtbot.mouseClick(header.viewport(), Qt.LeftButton, pos=pos)


def type_speaker(qtbot, dock, text):
    box = dock.filter_bar.speaker
    box.lineEdit().clear()
    box.setFocus()
    qtbot.keyClicks(box.lineEdit(), text)


def stored_speaker(path, quote_id):
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute("SELECT speaker_actor_id, speaker_text FROM quotes WHERE id = ?",
                            [quote_id]).fetchone()
    finally:
        conn.close()


def test_the_speaker_column_attributes_each_quote_as_the_brief_does(dock, said):
    assert dock.model.headerData(SPEAKER, Qt.Horizontal) == "Speaker"
    assert cell(dock, said["summoned"], SPEAKER) == "Zhu Rui (as quoted in ChinaTalk)"
    assert cell(dock, said["ultimatum"], SPEAKER) == "unnamed Taiwanese analyst"
    assert cell(dock, said["musk"], SPEAKER) == "Zhu Rui"
    assert cell(dock, said["untagged"], SPEAKER) == ""
    tip = dock.model.index(dock.model.row_of(said["untagged"]), SPEAKER).data(Qt.ToolTipRole)
    assert "outlet or author" in tip
    assert cell(dock, said["ultimatum"], CREDIBILITY) == "2"
    assert cell(dock, said["musk"], CREDIBILITY) == "6"


def test_clicking_the_speaker_header_sorts_by_who_said_it(qtbot, dock, hub, said):
    click_header(qtbot, dock, SPEAKER)
    shown = [cell(dock, q, SPEAKER) for q in dock.model.ids()]
    named = [s for s in shown if s]
    assert named == ["unnamed Taiwanese analyst", "Zhu Rui", "Zhu Rui (as quoted in ChinaTalk)"]
    assert shown[:3] == named                        # quotes without a speaker come last
    assert dock.model.ids() == hub.project.quotes.ids(order_by="speaker")
    click_header(qtbot, dock, SPEAKER)               # again: descending, the unsaid first
    shown = [cell(dock, q, SPEAKER) for q in dock.model.ids()]
    assert shown[-3:] == named[::-1] and not any(shown[:-3])
    click_header(qtbot, dock, SPEAKER)               # ascending again; then an actor renamed
    project = hub.project
    project.codebook.update_actor("Zhu Rui", name="Aaron Zhu")
    hub.notify(Changes(codebook=True))
    assert [cell(dock, q, SPEAKER) for q in dock.model.ids()][:3] == [
        "Aaron Zhu", "Aaron Zhu (as quoted in ChinaTalk)", "unnamed Taiwanese analyst"]
    click_header(qtbot, dock, CREDIBILITY)
    grades = [cell(dock, q, CREDIBILITY) for q in dock.model.ids()]
    assert grades[0] == "2" and grades == sorted(grades)


def test_typing_a_speaker_filters_the_rows_as_the_cli_does(qtbot, dock, hub, said):
    project = hub.project
    type_speaker(qtbot, dock, "UNNAMED taiwanese analyst")     # words, any case
    qtbot.waitUntil(lambda: dock.model.ids() == [said["ultimatum"]], timeout=3000)
    assert dock.model.ids() == project.quotes.ids(speaker="unnamed taiwanese analyst")
    assert dock.count_label.text() == "1 quote matches the filters"
    type_speaker(qtbot, dock, "zhu")                           # an actor by its alias
    qtbot.keyClick(dock.filter_bar.speaker.lineEdit(), Qt.Key_Return)
    assert set(dock.model.ids()) == {said["summoned"], said["musk"]}
    assert dock.model.ids() == project.quotes.ids(speaker="Zhu Rui")
    type_speaker(qtbot, dock, "Zh")                            # not a speaker: nothing
    qtbot.keyClick(dock.filter_bar.speaker.lineEdit(), Qt.Key_Return)
    assert dock.model.ids() == []
    qtbot.mouseClick(dock.filter_bar.clear_button, Qt.LeftButton)
    assert dock.filter_bar.speaker.currentText() == ""
    assert len(dock.model.ids()) == len(project.quotes.ids())


def test_the_speaker_box_suggests_the_projects_speakers_and_picks_one(qtbot, dock, hub, said):
    box = dock.filter_bar.speaker
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    suggested = [box.itemText(i) for i in range(box.count())]
    assert suggested == ["unnamed Taiwanese analyst", "Zhu Rui"] == hub.project.quotes.speakers()
    # a speaker set in the inspector is suggested the next time the box is used
    dock.setFocus()
    dock.select_quote(said["untagged"])
    dock._selection_changed()
    speaker = dock.inspector.sourcing.speaker
    speaker.setFocus()
    qtbot.keyClicks(speaker.lineEdit(), "a PTT forum post")
    qtbot.keyClick(speaker.lineEdit(), Qt.Key_Return)
    assert stored_speaker(hub.project.path, said["untagged"]) == (None, "a PTT forum post")
    assert cell(dock, said["untagged"], SPEAKER) == "a PTT forum post"
    box.showPopup()
    assert [box.itemText(i) for i in range(box.count())] == [
        "a PTT forum post", "unnamed Taiwanese analyst", "Zhu Rui"]
    view = box.view()
    index = view.model().index(2, 0)
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=view.visualRect(index).center())
    assert box.currentText() == "Zhu Rui"
    assert set(dock.model.ids()) == {said["summoned"], said["musk"]}


def test_an_inspector_edit_of_the_speaker_leaves_a_filtered_table(qtbot, dock, hub, said):
    type_speaker(qtbot, dock, "Zhu Rui")
    qtbot.keyClick(dock.filter_bar.speaker.lineEdit(), Qt.Key_Return)
    assert set(dock.model.ids()) == {said["summoned"], said["musk"]}
    index = dock.model.index(dock.model.row_of(said["musk"]), EXCERPT)
    qtbot.mouseClick(dock.view.viewport(), Qt.LeftButton, pos=dock.view.visualRect(index).center())
    assert dock.inspector.quote_id == said["musk"]
    speaker = dock.inspector.sourcing.speaker
    speaker.setFocus()
    speaker.lineEdit().selectAll()
    qtbot.keyClicks(speaker.lineEdit(), "Elon Musk's X post")
    qtbot.keyClick(speaker.lineEdit(), Qt.Key_Return)
    assert stored_speaker(hub.project.path, said["musk"]) == (None, "Elon Musk's X post")
    assert dock.model.ids() == [said["summoned"]]
    # one undo step: the inspector, following the selection to the next row, saved nothing
    assert hub.undo_stack.count() == 1
    hub.undo_stack.undo()
    zhu = hub.project.codebook.resolve_actor("Zhu Rui")
    assert stored_speaker(hub.project.path, said["musk"]) == (zhu, "")
    assert set(dock.model.ids()) == {said["summoned"], said["musk"]}
