"""The tag popup as an analyst uses it all day (issue #16, point 1), through the real
window: typed text and key presses in the popup, a double-click on a highlight in the
pane's viewport; what counts is what the project file holds (a fresh connection)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor

from briefer.gui.reader.placement import selection_rect
from briefer.gui.shell.changes import Changes

from .test_tagging import file_rows, quote_in_file, seed_codebook, select


def open_first(window):
    docs = window.hub.project.documents.list()
    return window.reader.open_document(docs[0]["id"])


def test_enter_on_a_typed_new_name_asks_and_keeps_it(main_window, qtbot):
    window = main_window
    seed_codebook(window.hub.project)
    window.hub.notify(Changes(codebook=True))
    pane = open_first(window)
    path = window.hub.project.path
    text = pane.doc["text"]
    select(pane, 10, 60)
    qtbot.keyClick(pane.view, Qt.Key_T, Qt.ControlModifier)
    popup = window.tag_popup
    qtbot.keyClicks(popup.filter_edit, "Deadline diplomacy")
    qtbot.keyClick(popup.filter_edit, Qt.Key_Return)
    assert popup.isVisible(), "Enter on a new name must not save without it"
    assert popup.ask.isVisible() and "“Deadline diplomacy” is new" in popup.ask_label.text()
    assert file_rows(path, "SELECT id FROM quotes") == []
    qtbot.keyClick(popup.ask_theme, Qt.Key_Return)          # answer: a theme
    assert popup.isVisible() and not popup.ask.isVisible()
    # a new actor, as a person
    popup.actor_kind.setCurrentText("person")
    qtbot.keyClicks(popup.filter_edit, "Pete Hegseth")
    qtbot.keyClick(popup.filter_edit, Qt.Key_Return)
    qtbot.keyClick(popup.ask_actor, Qt.Key_Return)
    # an existing name typed whole is ticked, not offered as new
    qtbot.keyClicks(popup.filter_edit, "Export controls")
    qtbot.keyClick(popup.filter_edit, Qt.Key_Return)
    assert not popup.ask.isVisible()
    # a note of two lines: Shift+Enter is a new line, Enter saves
    popup.note.setFocus()
    qtbot.keyClicks(popup.note, "first line")
    qtbot.keyClick(popup.note, Qt.Key_Return, Qt.ShiftModifier)
    qtbot.keyClicks(popup.note, "second line")
    qtbot.keyClick(popup.note, Qt.Key_Return)
    assert not popup.isVisible()
    row = quote_in_file(path, text[10:60])
    assert row[3] == "first line\nsecond line"
    assert row[6] == "Deadline diplomacy|Export controls"
    assert "Pete Hegseth" in row[5].split("|")
    assert file_rows(path, "SELECT kind FROM actors WHERE name = 'Pete Hegseth'") == [("person",)]
    # one undo step takes back the quote and what it created
    window.act_undo.trigger()
    assert quote_in_file(path, text[10:60]) is None
    assert file_rows(path, "SELECT id FROM themes WHERE name = 'Deadline diplomacy'") == []


def test_popup_sits_beside_its_selection(main_window, qtbot):
    window = main_window
    pane = open_first(window)
    select(pane, 0, 12)
    qtbot.keyClick(pane.view, Qt.Key_T, Qt.ControlModifier)
    popup = window.tag_popup
    qtbot.waitExposed(popup)
    chosen = selection_rect(pane.view)
    assert chosen.isValid() and chosen.width() > 0
    assert not popup.frameGeometry().intersects(chosen), (popup.frameGeometry(), chosen)


def test_popup_reopens_on_a_highlight(main_window, qtbot):
    window = main_window
    seed_codebook(window.hub.project)
    pane = open_first(window)
    path = window.hub.project.path
    text = pane.doc["text"]
    start = text.index(" ", 40) + 1
    end = text.index(" ", start + 30)
    qid = window.hub.project.quotes.add(pane.doc_id, start, end, themes=["Distillation"])
    window.hub.notify(Changes.of_quotes(qid))
    # Ctrl+T with the cursor in the highlight (nothing selected) edits that quote
    cursor = pane.view.textCursor()
    cursor.setPosition(pane.map.to16(start + 5))
    pane.view.setTextCursor(cursor)
    pane.view.setFocus()
    qtbot.keyClick(pane.view, Qt.Key_T, Qt.ControlModifier)
    popup = window.tag_popup
    assert popup is not None and popup.quote["id"] == qid
    popup.reject()
    # a double-click on the highlight in the viewport opens it too
    cursor = QTextCursor(pane.view.document())
    cursor.setPosition(pane.map.to16(start + 3))
    point = pane.view.cursorRect(cursor).center() + QPoint(2, 0)
    qtbot.mouseDClick(pane.view.viewport(), Qt.LeftButton, pos=point)
    popup = window.tag_popup
    assert popup.quote["id"] == qid and popup.isVisible()
    popup.note.setFocus()
    qtbot.keyClicks(popup.note, "edited from the text")
    qtbot.keyClick(popup.note, Qt.Key_Return)
    assert quote_in_file(path, text[start:end])[3] == "edited from the text"
    # a double-click on its row in the quotes table as well
    dock = window.docks["quotesDock"]
    row = dock.model.row_of(qid)
    rect = dock.view.visualRect(dock.model.index(row, 1))
    window.tag_popup = None
    qtbot.mouseClick(dock.view.viewport(), Qt.LeftButton, pos=rect.center())   # selects it
    rect = dock.view.visualRect(dock.model.index(dock.model.row_of(qid), 1))
    qtbot.mouseDClick(dock.view.viewport(), Qt.LeftButton, pos=rect.center())
    assert window.tag_popup is not None and window.tag_popup.isVisible()
    assert window.tag_popup.quote["id"] == qid
    window.tag_popup.reject()


def test_a_number_key_says_how_to_take_it_back(main_window, qtbot):
    window = main_window
    seed_codebook(window.hub.project)
    pane = open_first(window)
    select(pane, 200, 240)
    qtbot.keyClick(pane.view, Qt.Key_1)
    assert "Ctrl+Z" in window.statusBar().currentMessage()
