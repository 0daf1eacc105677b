"""Tagging through the real window: select with a QTextCursor, Ctrl+T, the popup, Enter;
then read the project file with a fresh connection."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from briefer.core.anchoring import Utf16Map
from briefer.core.store import Project
from briefer.gui.shell.changes import Changes


def file_rows(path, sql, args=()):
    """Read the project file with a connection of our own (what is on disk)."""
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def quote_in_file(path, exact):
    rows = file_rows(path, """
        SELECT q.id, q.start_cp, q.end_cp, q.note, q.starred,
          (SELECT group_concat(a.name, '|') FROM quote_actors l JOIN actors a ON a.id = l.actor_id
            WHERE l.quote_id = q.id),
          (SELECT group_concat(t.name, '|') FROM quote_themes l JOIN themes t ON t.id = l.theme_id
            WHERE l.quote_id = q.id)
        FROM quotes q WHERE q.exact = ?""", [exact])
    if not rows:
        return None
    tidy = lambda names: "|".join(sorted(names.split("|"))) if names else names
    return (*rows[0][:5], tidy(rows[0][5]), tidy(rows[0][6]))


def select(pane, start_cp, end_cp):
    """A real selection in the pane's editor, made with a QTextCursor in UTF-16 units."""
    m = Utf16Map(pane.doc.text)
    cursor = QTextCursor(pane.view.document())
    cursor.setPosition(m.to16(start_cp))
    cursor.setPosition(m.to16(end_cp), QTextCursor.KeepAnchor)
    pane.view.setFocus()
    pane.view.setTextCursor(cursor)
    pane.activated.emit(pane)


def open_two(window):
    docs = window.hub.project.documents.list()
    window.reader.open_document(docs[0].id)
    right = window.reader.open_document(docs[2].id, beside=True)
    return window.reader.panes[0], right


def seed_codebook(project):
    project.codebook.add_actor("Anthropic", aliases=["Claude"])
    project.codebook.add_actor("Pentagon", kind="state", aliases=["DoW", "Department of War"])
    for name in ("Distillation", "Military use", "Export controls"):
        project.codebook.add_theme(name)


def test_tag_selection_through_popup_lands_in_file(main_window, qtbot):
    window = main_window
    seed_codebook(window.hub.project)
    window.hub.notify(Changes(codebook=True))
    _left, right = open_two(window)
    text = right.doc.text
    start = text.index("Anthropic")
    end = text.index(".", start) + 1
    select(right, start, end)
    assert "Selection:" in window.selection_label.text()
    qtbot.keyClick(right.view, Qt.Key_T, Qt.ControlModifier)
    popup = window.tag_popup
    assert popup is not None and popup.isVisible()
    # the actor named in the selection is suggested (ticked)
    suggested = {a.name for a in window.hub.project.codebook.actors()
                 if a.id in popup.actors.checked()}
    assert "Anthropic" in suggested
    # type-to-filter, tick a theme, create an actor on the fly, note, star
    qtbot.keyClicks(popup.filter_edit, "milit")
    visible = [it.text() for it in popup.themes.all_items() if not it.isHidden()]
    assert visible == ["Military use"]
    popup.themes.all_items()[1].setCheckState(Qt.Checked)
    popup.filter_edit.clear()
    qtbot.keyClicks(popup.filter_edit, "Hegseth")
    qtbot.mouseClick(popup.new_actor, Qt.LeftButton)
    qtbot.keyClicks(popup.note, "key claim")
    popup.star.setChecked(True)
    qtbot.keyClick(popup.note, Qt.Key_Return)                # Enter saves
    assert not popup.isVisible()
    row = quote_in_file(window.hub.project.path, text[start:end])
    assert row is not None
    _qid, s, e, note, starred, actors, themes = row
    assert (s, e, note, starred) == (start, end, "key claim", 1)
    assert set(actors.split("|")) == suggested | {"Hegseth"}
    assert themes == "Military use"
    # drawn at once
    m = Utf16Map(text)
    spans = [(x.cursor.selectionStart(),
              x.cursor.selectionEnd()) for x in right.view.extraSelections()]
    assert (m.to16(start), m.to16(end)) in spans


def test_edit_undo_redo_delete_change_the_file(main_window, qtbot):
    window = main_window
    seed_codebook(window.hub.project)
    left, _right = open_two(window)
    path = window.hub.project.path
    text = left.doc.text
    start, end = 100, 160
    exact = text[start:end]
    select(left, start, end)
    window.act_tag.trigger()
    popup = window.tag_popup
    popup.themes.all_items()[0].setCheckState(Qt.Checked)
    qtbot.keyClick(popup.filter_edit, Qt.Key_Return)
    qid = quote_in_file(path, exact)[0]

    # edit: the same span again opens the popup on the existing quote
    select(left, start, end)
    window.act_tag.trigger()
    popup = window.tag_popup
    assert popup.quote is not None and popup.quote.id == qid
    assert popup.themes.checked() == [window.hub.project.codebook.resolve_theme("Distillation")]
    popup.note.setText("edited")
    popup.themes.all_items()[2].setCheckState(Qt.Checked)
    qtbot.keyClick(popup.note, Qt.Key_Enter)
    assert quote_in_file(path, exact)[3] == "edited"
    assert quote_in_file(path, exact)[6] == "Distillation|Export controls"

    window.act_undo.trigger()                                # undo the edit: in the file too
    assert quote_in_file(path, exact)[3] == ""
    assert quote_in_file(path, exact)[6] == "Distillation"
    window.act_redo.trigger()
    assert quote_in_file(path, exact)[3] == "edited"
    window.act_undo.trigger()
    window.act_undo.trigger()                                # undo the creation
    assert quote_in_file(path, exact) is None
    assert all(qid != q["id"] for q in left.quotes)
    window.act_redo.trigger()
    assert quote_in_file(path, exact)[0] == qid              # same id back

    # delete: click the highlight, Edit ▸ Delete quote, undo brings it back
    window.hub.quoteSelected.emit(qid)
    window.act_delete.trigger()
    assert quote_in_file(path, exact) is None
    window.act_undo.trigger()
    assert quote_in_file(path, exact)[0] == qid


def test_number_keys_apply_first_nine_themes(main_window, qtbot):
    window = main_window
    seed_codebook(window.hub.project)
    left, _right = open_two(window)
    path = window.hub.project.path
    text = left.doc.text
    select(left, 200, 240)
    qtbot.keyClick(left.view, Qt.Key_2)
    assert quote_in_file(path, text[200:240])[6] == "Military use"
    qtbot.keyClick(left.view, Qt.Key_3)                       # same span: adds a theme
    assert quote_in_file(path, text[200:240])[6] == "Export controls|Military use"
    qtbot.keyClick(left.view, Qt.Key_9)                       # no ninth theme: nothing
    assert "no theme 9" in window.statusBar().currentMessage()
    assert len(file_rows(path, "SELECT id FROM quotes")) == 1
    # without a selection a digit is just a key
    cursor = left.view.textCursor()
    cursor.clearSelection()
    left.view.setTextCursor(cursor)
    qtbot.keyClick(left.view, Qt.Key_1)
    assert len(file_rows(path, "SELECT id FROM quotes")) == 1


def test_emoji_and_crlf_quote_stores_code_points(main_window, qtbot):
    window = main_window
    text = ("Intro 😀😀 and 🎉\r\nSecond 𝕃𝕚𝕟𝕖 line: the DoW wants Claude unrestricted.\r\n"
            "Third 🚀 line.\r\n")
    doc_id = window.hub.project.documents.add(text, title="Emoji article", language="en")
    window.hub.project.codebook.add_actor("Pentagon", aliases=["DoW"])
    window.hub.notify(Changes(documents=True))
    pane = window.reader.open_document(doc_id)
    start = text.index("the DoW")
    end = text.index("\r\nThird") + 2                          # across the \r\n
    select(pane, start, end)
    assert pane.view.textCursor().selectionStart() == start + 7   # 7 astral chars before it
    window.act_tag.trigger()
    popup = window.tag_popup
    assert popup.actors.checked() == [window.hub.project.codebook.resolve_actor("Pentagon")]
    qtbot.keyClick(popup.filter_edit, Qt.Key_Return)
    row = quote_in_file(window.hub.project.path, text[start:end])
    assert row is not None and (row[1], row[2]) == (start, end)
    with Project.open(window.hub.project.path, create=False) as fresh:
        assert fresh.check() == []
        assert fresh.quotes.get(row[0]).exact == text[start:end]


def test_reopened_project_draws_the_highlight_again(main_window, qtbot, settings):
    from briefer.gui.shell.mainwindow import MainWindow

    window = main_window
    _left, right = open_two(window)
    text = right.doc.text
    select(right, 50, 120)
    window.act_tag.trigger()
    popup = window.tag_popup
    qtbot.keyClicks(popup.filter_edit, "Chips")
    popup.add_new(popup.themes)
    qtbot.keyClick(popup.filter_edit, Qt.Key_Return)
    path, doc_id = window.hub.project.path, right.doc_id
    window.close()                                           # saves panes to the settings

    again = MainWindow(settings=settings)
    qtbot.addWidget(again)
    assert again.open_project_path(path)
    again.show()
    qtbot.waitExposed(again)
    pane = next(p for p in again.reader.panes if p.doc_id == doc_id)
    m = Utf16Map(text)
    painted = set()
    for sel in pane.view.extraSelections():
        painted.update(range(sel.cursor.selectionStart(), sel.cursor.selectionEnd()))
    assert set(range(m.to16(50), m.to16(120))) <= painted
    assert len(again.reader.panes) == 2
    again.close()
    again.hub.project.close()


def test_tagging_refused_without_selection_or_on_whitespace(main_window):
    window = main_window
    left, _ = open_two(window)
    cursor = left.view.textCursor()
    cursor.clearSelection()
    left.view.setTextCursor(cursor)
    window.act_tag.trigger()
    assert window.tag_popup is None
    assert "Select some text" in window.statusBar().currentMessage()
