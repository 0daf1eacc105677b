"""The Quotes dock: its model under Qt's model tester, filters (AND), FTS, delete/undo,
inspector."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt, qInstallMessageHandler
from PySide6.QtTest import QAbstractItemModelTester

from briefer.gui.quotes.commands import EditQuoteCommand
from briefer.gui.quotes.columns import ACTORS, EXCERPT, NOTE, ORPHAN_MARK, STAR
from briefer.gui.quotes.model import QuotesModel
from briefer.gui.quotes.quote_filter import QuoteFilter
from briefer.gui.shell.changes import Changes


@pytest.fixture
def dock(shown, qtbot, hub, coded):
    from briefer.gui.quotes.dock import QuotesDock

    widget = QuotesDock(hub)
    return shown(widget, 900, 700)


def shown(dock) -> list[str]:
    return dock.model.ids()


def click_row(qtbot, dock, quote_id):
    index = dock.model.index(dock.model.row_of(quote_id), EXCERPT)
    dock.view.scrollTo(index)
    qtbot.mouseClick(dock.view.viewport(), Qt.LeftButton, pos=dock.view.visualRect(index).center())


@pytest.fixture
def model_failures():
    """Messages of QAbstractItemModelTester ("FAIL! …") while the test runs."""
    messages = []
    old = qInstallMessageHandler(lambda _mode, _context, text: messages.append(text))
    yield lambda: [m for m in messages if "FAIL" in m]
    qInstallMessageHandler(old)


# -- the model ---------------------------------------------------------------------------
def test_model_passes_qt_model_tester_through_changes(qtbot, model_failures, hub, coded):
    model = QuotesModel(hub)
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning)
    project = hub.project
    assert model.rowCount() == len(project.quotes.list())
    model.sort(EXCERPT, Qt.AscendingOrder)
    excerpts = [model.index(r, EXCERPT).data() for r in range(model.rowCount())]
    assert excerpts == sorted(excerpts, key=str.casefold)
    model.sort(STAR, Qt.AscendingOrder)
    assert model.index(0, STAR).data() == "★"
    model.set_filter(QuoteFilter(actors=[project.codebook.resolve_actor("Test Pentagon")]))
    assert set(model.ids()) == {coded["summoned"], coded["ultimatum"]}
    # an edit in place, a removal, an addition, a change of membership, a codebook change
    hub.push(EditQuoteCommand(hub, coded["ultimatum"], note="changed"))
    assert model.index(model.row_of(coded["ultimatum"]), NOTE).data() == "changed"
    hub.push(EditQuoteCommand(hub, coded["summoned"], actors=[]))
    assert model.ids() == [coded["ultimatum"]]
    hub.undo_stack.undo()
    assert set(model.ids()) == {coded["summoned"], coded["ultimatum"]}
    hub.push(EditQuoteCommand(hub, coded["musk"], actors=["Test Pentagon", "Test Musk"]))
    assert len(model.ids()) == 3
    project.codebook.update_actor("Test Pentagon", name="Test DoW")
    hub.notify(Changes(codebook=True))
    assert "Test DoW" in model.index(model.row_of(coded["musk"]), ACTORS).data()
    model.set_filter(QuoteFilter())
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            model.index(row, column).data(Qt.DecorationRole)
    assert tester is not None and model_failures() == []


def test_model_reads_rows_lazily_in_pages(hub, coded, monkeypatch):
    from briefer.gui.quotes import model as quotes_model

    monkeypatch.setattr(quotes_model, "PAGE", 2)
    monkeypatch.setattr(quotes_model, "CACHE_LIMIT", 4)
    model = QuotesModel(hub)
    assert len(model._cache) == 2                     # the top rows came with the query
    calls = []
    real = hub.project.quotes.list
    monkeypatch.setattr(hub.project.quotes, "list", lambda **kw: calls.append(kw) or real(**kw))
    model.index(model.rowCount() - 1, EXCERPT).data()
    assert len(calls) == 1 and len(calls[0]["ids"]) <= 2


def test_orphaned_quote_is_listed_with_a_marker(dock, hub, coded):
    project = hub.project
    doc = project.quotes.get(coded["musk"]).doc_id
    text = project.documents.get(doc).text.replace("Elon Musk posted on X",
                                                      "Someone wrote somewhere")
    project.documents.update_text(doc, text)
    hub.notify(Changes(quotes=True))
    row = dock.model.row_of(coded["musk"])
    assert row >= 0
    assert dock.model.index(row, EXCERPT).data().startswith(ORPHAN_MARK)


# -- filters -----------------------------------------------------------------------------
def test_an_ampersand_in_a_name_is_shown_not_taken_as_a_shortcut(qtbot, dock, hub, coded):
    """Qt reads "&" in a button's or action's text as a keyboard mnemonic ("Identity _trust"):
    names from the codebook are shown as typed."""
    project = hub.project
    theme = project.codebook.ensure_theme("Corporate identity & trust")
    hub.notify(Changes(codebook=True))
    button = dock.filter_bar.themes
    assert button.action(theme).text() == "Corporate identity && trust"
    button.action(theme).trigger()
    assert button.text() == "Theme: Corporate identity && trust"
    assert button.toolTip() == "Theme: Corporate identity & trust"


def test_actor_and_theme_filters_combine_as_and(qtbot, dock, hub, coded):
    project = hub.project
    pentagon = project.codebook.resolve_actor("Test Pentagon")
    pressure = project.codebook.resolve_theme("Test Pressure")
    dock.filter_bar.actors.action(pentagon).trigger()
    assert set(shown(dock)) == {coded["summoned"], coded["ultimatum"]}
    assert "Test Pentagon" in dock.filter_bar.actors.text()
    dock.filter_bar.themes.action(pressure).trigger()
    assert shown(dock) == [coded["ultimatum"]]
    assert shown(dock) == [q.id for q in project.quotes.list(actors=[pentagon],
                                                                themes=[pressure])]
    qtbot.mouseClick(dock.filter_bar.star, Qt.LeftButton)
    assert shown(dock) == [coded["ultimatum"]]
    qtbot.mouseClick(dock.filter_bar.clear_button, Qt.LeftButton)
    assert len(shown(dock)) == len(project.quotes.list())
    assert dock.filter_bar.actors.selected() == [] and not dock.filter_bar.star.isChecked()


def test_two_actors_must_both_be_on_a_quote(dock, hub, coded):
    project = hub.project
    for name in ("Test Pentagon", "Test Anthropic"):
        dock.filter_bar.actors.action(project.codebook.resolve_actor(name)).trigger()
    assert shown(dock) == [coded["summoned"]]


def test_document_and_language_filters(dock, hub, coded):
    project = hub.project
    doc = project.quotes.get(coded["musk"]).doc_id
    dock.filter_bar.docs.action(doc).trigger()
    assert set(shown(dock)) == {q.id for q in project.quotes.list(docs=[doc])}
    assert coded["musk"] in shown(dock) and coded["summoned"] not in shown(dock)
    dock.filter_bar.langs.action("en").trigger()
    assert set(shown(dock)) == {q.id for q in project.quotes.list(docs=[doc], langs=["en"])}


def test_free_text_uses_the_full_text_search(qtbot, dock, hub, coded):
    project = hub.project
    expected = {q.id for q in project.quotes.list(search="ultimatum")}
    assert coded["ultimatum"] in expected and coded["musk"] not in expected
    qtbot.keyClicks(dock.filter_bar.search, "ultimatum")
    qtbot.waitUntil(lambda: set(shown(dock)) == expected, timeout=2000)
    dock.filter_bar.search.clear()
    qtbot.keyClicks(dock.filter_bar.search, "deadline")        # the note is searched too
    qtbot.keyClick(dock.filter_bar.search, Qt.Key_Return)
    assert "deadline" not in project.quotes.get(coded["ultimatum"]).exact
    assert coded["ultimatum"] in shown(dock)
    assert set(shown(dock)) == {q.id for q in project.quotes.list(search="deadline")}


def test_filter_requested_sets_the_filters(dock, hub, coded):
    project = hub.project
    hub.filterRequested.emit({"actors": [project.codebook.resolve_actor("Test Musk")],
                              "themes": [project.codebook.resolve_theme("Test Pressure")]})
    assert shown(dock) == [coded["musk"]]
    assert "Test Musk" in dock.filter_bar.actors.text()
    assert dock.count_label.text() == "1 quote matches the filters"


def test_sorting_by_a_header_click(qtbot, dock, hub, coded):
    header = dock.view.horizontalHeader()
    pos = QPoint(header.sectionViewportPosition(NOTE) + header.sectionSize(NOTE) // 2, 5)
    qtbot.mouseClick(header.viewport(), Qt.LeftButton, pos=pos)
    notes = [dock.model.index(r, NOTE).data() for r in range(dock.model.rowCount())]
    filled = [n for n in notes if n]
    assert filled == sorted(filled, key=str.casefold) and notes[: len(filled)] == filled


# -- selection ---------------------------------------------------------------------------
def test_clicking_a_row_activates_and_selects_the_quote(qtbot, dock, hub, coded):
    activated, selected = [], []
    hub.quoteActivated.connect(activated.append)
    hub.quoteSelected.connect(selected.append)
    with qtbot.waitSignals([hub.quoteActivated, hub.quoteSelected], timeout=1000):
        click_row(qtbot, dock, coded["musk"])
    assert activated == selected == [coded["musk"]]
    assert dock.inspector.quote_id == coded["musk"]


def test_quote_selected_elsewhere_selects_its_row_without_echo(qtbot, dock, hub, coded):
    activated = []
    hub.quoteActivated.connect(activated.append)
    seen = []
    hub.quoteSelected.connect(seen.append)
    hub.quoteSelected.emit(coded["ultimatum"])
    assert dock.selected_id() == coded["ultimatum"]
    assert dock.inspector.quote_id == coded["ultimatum"]
    assert seen == [coded["ultimatum"]] and activated == []


# -- deleting ----------------------------------------------------------------------------
def test_delete_key_removes_the_quote_from_the_file_and_undo_restores_it(
        qtbot, dock, hub, coded, file_rows):
    tables = ("quotes", "quote_actors", "quote_themes")
    before = file_rows(*tables)
    click_row(qtbot, dock, coded["ultimatum"])
    qtbot.keyClick(dock.view, Qt.Key_Delete)
    assert coded["ultimatum"] not in shown(dock)
    after = file_rows(*tables)
    assert coded["ultimatum"] not in {r[0] for r in after["quotes"]}
    assert coded["ultimatum"] not in {r[0] for r in after["quote_actors"]}
    hub.undo_stack.undo()
    assert file_rows(*tables) == before
    assert coded["ultimatum"] in shown(dock)
    hub.undo_stack.redo()
    assert coded["ultimatum"] not in shown(dock)


def test_delete_button_of_the_inspector(qtbot, dock, hub, coded):
    click_row(qtbot, dock, coded["musk"])
    qtbot.mouseClick(dock.inspector.delete_button, Qt.LeftButton)
    assert coded["musk"] not in {q.id for q in hub.project.quotes.list()}
    assert hub.undo_stack.undoText() == "Delete quote"


# -- the inspector -----------------------------------------------------------------------
def test_inspector_edits_note_star_and_tags_into_the_file(qtbot, dock, hub, coded, file_rows):
    project = hub.project
    qid = coded["untagged"]
    click_row(qtbot, dock, qid)
    inspector = dock.inspector

    inspector.note.setFocus()
    qtbot.keyClicks(inspector.note, "check the date")
    qtbot.waitUntil(lambda: project.quotes.get(qid).note == "check the date", timeout=3000)
    row = next(r for r in file_rows("quotes")["quotes"] if r[0] == qid)
    assert "check the date" in row

    qtbot.mouseClick(inspector.star, Qt.LeftButton)
    assert project.quotes.get(qid).starred == 1

    item = inspector.item("actors", "Test Musk")
    item.setCheckState(Qt.Checked)
    item = inspector.item("themes", "Test Pressure")
    item.setCheckState(Qt.Checked)
    links = file_rows("quote_actors", "quote_themes")
    assert (qid, project.codebook.resolve_actor("Test Musk")) in links["quote_actors"]
    assert (qid, project.codebook.resolve_theme("Test Pressure")) in links["quote_themes"]
    assert "Test Musk" in dock.model.index(dock.model.row_of(qid), ACTORS).data()

    for _ in range(4):                  # themes, actors, star, note
        hub.undo_stack.undo()
    quote = project.quotes.get(qid)
    assert (quote.note, quote.starred, list(quote.actors),
            list(quote.themes)) == ("", 0, [], [])
    assert inspector.note.toPlainText() == "" and not inspector.star.isChecked()


def test_note_is_saved_when_focus_leaves(qtbot, dock, hub, coded):
    qid = coded["musk"]
    click_row(qtbot, dock, qid)
    dock.inspector.note.setPlainText("said on X")
    dock.inspector.note.focusLost.emit()
    assert hub.project.quotes.get(qid).note == "said on X"
    assert hub.undo_stack.undoText() == "Edit note"


def test_switching_quotes_saves_a_pending_note(qtbot, dock, hub, coded):
    click_row(qtbot, dock, coded["musk"])
    qtbot.keyClicks(dock.inspector.note, "pending")
    click_row(qtbot, dock, coded["summoned"])
    assert hub.project.quotes.get(coded["musk"]).note == "pending"
    assert dock.inspector.note.toPlainText() == ""
