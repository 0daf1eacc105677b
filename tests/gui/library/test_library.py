"""The Library dock: the documents table, its filter and sorting, opening, the properties dialog."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox

from briefer.gui.library.dock import (
    DATE,
    LANGUAGE,
    OUTLET,
    QUOTES,
    TITLE,
    DocIdRole,
)
from briefer.gui.library.properties import valid_date
from briefer.gui.shell.changes import Changes


@pytest.fixture
def library(shown, qtbot, hub):
    from briefer.gui.library.dock import LibraryDock

    widget = LibraryDock(hub)
    return shown(widget, 800, 400)


def cells(library, column) -> list[str]:
    return [library.proxy.index(r, column).data() for r in range(library.proxy.rowCount())]


def doc_row(project_path, doc_id):
    conn = sqlite3.connect(str(project_path))
    try:
        return conn.execute(
            "SELECT title, outlet, author, date, language FROM documents WHERE id = ?", [doc_id]
        ).fetchone()
    finally:
        conn.close()


def test_lists_every_document_with_its_fields(library, hub):
    docs = hub.project.documents.list()
    assert library.proxy.rowCount() == len(docs) == 5
    assert cells(library, TITLE) == [d.title for d in docs]
    assert cells(library, OUTLET) == [d.outlet or "" for d in docs]
    assert cells(library, DATE) == [d.date or "" for d in docs]
    assert cells(library, LANGUAGE) == [d.language for d in docs]
    assert cells(library, QUOTES) == ["0"] * 5


def test_quote_counts_follow_changes(library, hub, coded):
    counts = {d.id: str(d.quotes) for d in hub.project.documents.list()}
    shown = {library.proxy.index(r, 0).data(DocIdRole): library.proxy.index(r, QUOTES).data()
             for r in range(library.proxy.rowCount())}
    assert shown == counts and any(c != "0" for c in counts.values())


def test_filter_box_and_sorting(qtbot, library, hub):
    qtbot.keyClicks(library.filter_box, "btcc")
    assert cells(library, OUTLET) == ["BTCC"]
    library.filter_box.clear()
    header = library.view.horizontalHeader()
    pos = QPoint(header.sectionViewportPosition(TITLE) + 10, 5)
    qtbot.mouseClick(header.viewport(), Qt.LeftButton, pos=pos)
    titles = cells(library, TITLE)
    assert titles == sorted(titles, key=str.casefold)


def test_sorting_by_quote_count(library, hub, coded):
    library.view.sortByColumn(QUOTES, Qt.SortOrder.DescendingOrder)
    counts = [int(c) for c in cells(library, QUOTES)]
    assert counts == sorted(counts, reverse=True) and counts[0] > counts[-1]


def test_double_click_opens_the_document(qtbot, library, hub):
    doc_id = hub.project.documents.list()[2].id
    index = library.index_of(doc_id)
    rect = library.view.visualRect(index)
    qtbot.mouseClick(library.view.viewport(), Qt.LeftButton, pos=rect.center())
    with qtbot.waitSignal(hub.documentRequested, timeout=1000) as blocker:
        qtbot.mouseDClick(library.view.viewport(), Qt.LeftButton, pos=rect.center())
    assert blocker.args == [doc_id, False]


def test_context_menu_opens_beside_and_shows_properties(qtbot, library, hub):
    doc_id = hub.project.documents.list()[0].id
    menu = library.context_menu(library.index_of(doc_id))
    actions = {a.text(): a for a in menu.actions() if a.text()}
    assert list(actions) == ["Open", "Open beside", "Reload from file", "Properties…",
                            "Remove document…"]
    with qtbot.waitSignal(hub.documentRequested, timeout=1000) as blocker:
        actions["Open beside"].trigger()
    assert blocker.args == [doc_id, True]
    actions["Properties…"].trigger()
    assert library.dialog is not None and library.dialog.doc_id == doc_id
    library.dialog.reject()


def test_properties_dialog_saves_undoably(qtbot, library, hub, project_path):
    doc = hub.project.documents.list()[3]
    before = doc_row(project_path, doc.id)
    dialog = library.show_properties(doc.id)
    dialog.title.clear()
    qtbot.keyClicks(dialog.title, "Headwinds")
    dialog.outlet.setText("Newsletter")
    dialog.author.setText("A. Writer")
    dialog.date.setText("2026-02-25")
    dialog.language.setCurrentText("en")
    with qtbot.waitSignal(hub.changed, timeout=1000):
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)
    assert doc_row(project_path, doc.id) == ("Headwinds", "Newsletter", "A. Writer",
                                                "2026-02-25", "en")
    assert "Headwinds" in cells(library, TITLE)
    hub.undo_stack.undo()
    assert doc_row(project_path, doc.id) == before
    assert doc.title in cells(library, TITLE)
    hub.undo_stack.redo()
    assert doc_row(project_path, doc.id)[0] == "Headwinds"


def test_properties_dialog_allows_an_empty_date_and_refuses_a_wrong_one(qtbot, library, hub,
                                                                      project_path):
    doc = next(d for d in hub.project.documents.list() if d.date)
    dialog = library.show_properties(doc.id)
    ok = dialog.buttons.button(QDialogButtonBox.Ok)
    dialog.date.setText("2026-02-30")
    assert not ok.isEnabled() and "date" in dialog.problem.text()
    dialog.title.setText("")
    assert not ok.isEnabled()
    dialog.title.setText(doc.title)
    dialog.date.clear()
    assert ok.isEnabled()
    qtbot.mouseClick(ok, Qt.LeftButton)
    assert doc_row(project_path, doc.id)[3] is None
    assert hub.undo_stack.count() == 1


def test_unchanged_properties_push_nothing(qtbot, library, hub):
    dialog = library.show_properties(hub.project.documents.list()[0].id)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)
    assert hub.undo_stack.count() == 0


def test_valid_date():
    assert all(valid_date(d) for d in ("", "2026", "2026-03", "2026-03-03", " 2024-02-29 "))
    assert not any(valid_date(d) for d in ("2026-13", "2025-02-29", "03/03/2026", "2026-3-3"))


# -- reloading a document from its file ------------------------------------------------------
def quote_and_text(project_path, quote_id):
    conn = sqlite3.connect(str(project_path))
    try:
        return conn.execute("SELECT q.start_cp, q.end_cp, q.exact, q.orphaned, d.text "
                            "FROM quotes q JOIN documents d ON d.id = q.doc_id WHERE q.id = ?",
                            [quote_id]).fetchone()
    finally:
        conn.close()


def test_reload_from_file_reanchors_the_quotes(qtbot, library, hub, project_path, tmp_path):
    from briefer.gui.shell.tasks import running_tasks

    source = tmp_path / "talks.txt"
    head = "Talks in Geneva\n\nThe ministry said on Monday that it had been consulted.\n\n"
    tail = "Officials said the talks would resume next week. A spokesperson declined to comment.\n"
    source.write_text(head + tail, encoding="utf-8")
    doc_id = hub.project.documents.import_file(source).doc_id
    hub.notify(Changes(documents=True))
    kept = hub.project.quotes.add_text(doc_id, "the talks would resume next week")
    lost = hub.project.quotes.add_text(doc_id, "A spokesperson declined to comment")
    start, end, exact, _orphaned, _text = quote_and_text(project_path, kept)

    inserted = "A new paragraph now stands before the quote, added by the editors.\n\n"
    source.write_text(head + inserted + tail.replace(" A spokesperson declined to comment.", ""),
                      encoding="utf-8")
    actions = {a.text(): a for a in library.context_menu(library.index_of(doc_id)).actions()}
    assert actions["Reload from file"].isEnabled()
    messages = []
    hub.statusMessage.connect(messages.append)
    with qtbot.waitSignal(hub.changed, timeout=10_000):
        actions["Reload from file"].trigger()
    qtbot.waitUntil(lambda: not running_tasks(), timeout=5000)

    new_start, new_end, new_exact, new_orphaned, text = quote_and_text(project_path, kept)
    assert (new_start, new_end) == (start + len(inserted), end + len(inserted))
    assert text[new_start:new_end] == new_exact == exact and not new_orphaned
    assert quote_and_text(project_path, lost)[3] == 1                 # its text is gone
    assert hub.project.check() == []
    assert messages[-1] == "1 updated, 1 quote found again, 1 quote orphaned (text no longer found)"
    # the GUI reads the new text
    assert hub.project.quotes.get(kept).start_cp == new_start


def test_reload_from_file_is_disabled_when_the_file_is_gone(qtbot, library, hub, tmp_path):
    source = tmp_path / "gone.txt"
    source.write_text("A short report about export controls on advanced chips.\n", encoding="utf-8")
    doc_id = hub.project.documents.import_file(source).doc_id
    hub.notify(Changes(documents=True))
    source.unlink()
    actions = {a.text(): a for a in library.context_menu(library.index_of(doc_id)).actions()}
    assert not actions["Reload from file"].isEnabled()
    assert library.reload_from_file(doc_id) is None


def test_undoing_a_deletion_after_a_reload_anchors_the_quote_in_the_new_text(qtbot, library, hub,
                                                                               tmp_path):
    from briefer.gui.quotes.commands import DeleteQuoteCommand
    from briefer.gui.shell.tasks import running_tasks

    source = tmp_path / "brief.txt"
    body = "Ministers met on Tuesday. The deal was signed after midnight. Markets rose.\n"
    source.write_text(body, encoding="utf-8")
    doc_id = hub.project.documents.import_file(source).doc_id
    hub.notify(Changes(documents=True))
    qid = hub.project.quotes.add_text(doc_id, "The deal was signed after midnight.")
    hub.push(DeleteQuoteCommand(hub, qid))
    source.write_text("Update: a correction was added at the top.\n\n" + body, encoding="utf-8")
    with qtbot.waitSignal(hub.changed, timeout=10_000):
        library.reload_from_file(doc_id)
    qtbot.waitUntil(lambda: not running_tasks(), timeout=5000)
    hub.undo_stack.undo()
    q = hub.project.quotes.get(qid)
    text = hub.project.documents.get(doc_id).text
    assert text[q.start_cp:q.end_cp] == "The deal was signed after midnight."
    assert hub.project.check() == []


def test_a_tag_redraws_its_documents_count_alone(qtbot, library, hub, coded):
    """One quote added (as a tag does): the library announces one changed cell, its
    document's count, and neither resets nor re-lays out; the count column keeps its fixed
    width (a column sized to its contents would measure every row again); undoing it (the
    quote removed) puts the count back the same way."""
    from PySide6.QtWidgets import QHeaderView

    from briefer.gui.quotes.commands import AddQuoteCommand

    model = library.model
    doc = hub.project.documents.list()[1]
    row = model.position(doc.id)
    changed, resets = [], []
    model.dataChanged.connect(lambda a, b, roles=(): changed.append(
        (a.row(), a.column(), b.row(), b.column())))
    for signal in (model.modelReset, model.layoutChanged, library.proxy.modelReset,
                   library.proxy.layoutChanged):
        signal.connect(lambda *_: resets.append(1))
    asked = []                          # the cells the view asks about while it catches up
    data = model.data
    model.data = lambda index, role=Qt.DisplayRole: asked.append(
        (index.row(), index.column())) or data(index, role)
    QCoreApplication.processEvents()
    asked.clear()
    assert hub.push(AddQuoteCommand(hub, doc.id, 0, 20, actors=["Union"])) is None
    QCoreApplication.processEvents()
    assert changed == [(row, QUOTES, row, QUOTES)] and resets == []
    assert asked and set(asked) == {(row, QUOTES)}, sorted(set(asked))
    assert library.proxy.index(row, QUOTES).data() == str(doc.quotes + 1)
    header = library.view.horizontalHeader()
    assert header.sectionResizeMode(QUOTES) == QHeaderView.Fixed
    changed.clear()
    hub.undo_stack.undo()
    assert changed == [(row, QUOTES, row, QUOTES)] and resets == []
    assert library.proxy.index(row, QUOTES).data() == str(doc.quotes)


def test_the_count_column_widens_when_a_count_gains_a_digit(qtbot, library, hub):
    """Fixed, but as wide as the widest count: a hundredth quote widens it."""
    header = library.view.horizontalHeader()
    narrow = header.sectionSize(QUOTES)
    doc = hub.project.documents.list()[0]
    ids = [hub.project.quotes.add(doc.id, i, i + 3) for i in range(100)]
    hub.notify(Changes.of_quotes(*ids))
    assert library.proxy.index(library.model.position(doc.id), QUOTES).data() == "100"
    assert header.sectionSize(QUOTES) > narrow
