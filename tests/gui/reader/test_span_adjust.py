"""Adjusting a saved quote's span from the text (issue #16, point 2): dragging an end with
the mouse on the pane's viewport, or Alt+arrows; ends snap to words; undoable; the file
holds the new text and its recomputed anchoring context."""

from __future__ import annotations

import re
import sqlite3

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor

from briefer.core import anchoring
from briefer.gui.shell.changes import Changes


def stored(path, quote_id):
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute("SELECT start_cp, end_cp, exact, prefix, suffix FROM quotes "
                            "WHERE id = ?", [quote_id]).fetchone()
    finally:
        conn.close()


def point_at(pane, cp: int) -> QPoint:
    cursor = QTextCursor(pane.view.document())
    cursor.setPosition(pane.map.to16(cp))
    rect = pane.view.cursorRect(cursor)
    return QPoint(rect.left(), rect.center().y())


def a_quote(window):
    pane = window.reader.open_document(window.hub.project.documents.list()[0]["id"])
    text = pane.doc["text"]
    start = text.index(" ", 30) + 1                       # a word's start
    end = text.index(" ", start + 20)                     # a word's end, same line
    qid = window.hub.project.quotes.add(pane.doc_id, start, end)
    window.hub.notify(Changes.of_quotes(qid))
    window.hub.quoteSelected.emit(qid)
    return pane, qid, start, end


def test_drag_the_end_of_a_quote_snaps_to_a_word_and_undoes(main_window, qtbot):
    window = main_window
    pane, qid, start, end = a_quote(window)
    path, text = window.hub.project.path, pane.doc["text"]
    assert pane.selected == qid
    word = re.search(r"\b[A-Za-z]{6,}\b", text[end + 1:end + 60])   # a long word further on
    target = end + 1 + word.start() + 2                   # inside it
    viewport = pane.view.viewport()
    qtbot.mousePress(viewport, Qt.LeftButton, pos=point_at(pane, end))
    qtbot.mouseMove(viewport, pos=point_at(pane, target))
    qtbot.mouseRelease(viewport, Qt.LeftButton, pos=point_at(pane, target))
    new_end = end + 1 + word.end()
    s, e, exact, prefix, suffix = stored(path, qid)
    assert (s, e) == (start, new_end)                     # snapped to the end of that word
    assert exact == text[start:new_end]
    assert (prefix, suffix) == anchoring.context(text, start, new_end)
    window.act_undo.trigger()
    assert stored(path, qid)[:3] == (start, end, text[start:end])


def test_alt_arrows_grow_and_trim_the_ends(main_window, qtbot):
    window = main_window
    pane, qid, start, end = a_quote(window)
    path, text = window.hub.project.path, pane.doc["text"]
    pane.view.setFocus()
    qtbot.keyClick(pane.view, Qt.Key_Right, Qt.AltModifier)           # end: one more word
    s, e, *_ = stored(path, qid)
    assert s == start and e > end and text[end:e].strip() and " " not in text[end + 1:e]
    qtbot.keyClick(pane.view, Qt.Key_Left, Qt.AltModifier)            # and back
    assert stored(path, qid)[:2] == (start, end)
    qtbot.keyClick(pane.view, Qt.Key_Left, Qt.AltModifier | Qt.ShiftModifier)   # start: grow
    s, e, *_ = stored(path, qid)
    assert s < start and e == end
    window.act_undo.trigger()
    assert stored(path, qid)[:2] == (start, end)


def test_a_press_inside_a_selection_does_not_drag_text(main_window, qtbot):
    window = main_window
    pane = window.reader.open_document(window.hub.project.documents.list()[0]["id"])
    cursor = QTextCursor(pane.view.document())
    cursor.setPosition(pane.map.to16(20))
    cursor.setPosition(pane.map.to16(60), QTextCursor.KeepAnchor)
    pane.view.setTextCursor(cursor)
    viewport = pane.view.viewport()
    qtbot.mousePress(viewport, Qt.LeftButton, pos=point_at(pane, 30))
    qtbot.mouseMove(viewport, pos=point_at(pane, 45))
    qtbot.mouseRelease(viewport, Qt.LeftButton, pos=point_at(pane, 45))
    assert pane.selection_cp() == (30, 45)                 # a new selection, no drag
