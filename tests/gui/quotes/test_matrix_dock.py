"""The Matrix dock: actor × theme counts; a click on a cell filters the quotes table to it."""

from __future__ import annotations

import sqlite3
from collections import Counter

import pytest
from PySide6.QtCore import QCoreApplication, Qt


@pytest.fixture
def matrix(shown, qtbot, hub, coded):
    from briefer.gui.quotes.matrix import MatrixDock

    widget = MatrixDock(hub)
    return shown(widget, 800, 500)


def counts_in_file(path) -> Counter:
    """Independent count: quotes linked to both, straight from the file."""
    conn = sqlite3.connect(str(path))
    try:
        rows = conn.execute("""SELECT a.actor_id, t.theme_id FROM quote_actors a
                               JOIN quote_themes t ON t.quote_id = a.quote_id""").fetchall()
    finally:
        conn.close()
    return Counter(rows)


def click_cell(qtbot, view, index):
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=view.visualRect(index).center())


def test_counts_match_the_project_file(matrix, hub, project_path):
    model = matrix.model
    expected = counts_in_file(project_path)
    assert model.rowCount() == len(hub.project.codebook.actors())
    assert model.columnCount() == len(hub.project.codebook.themes())
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            n = expected.get(model.cell(index), 0)
            assert index.data(Qt.UserRole) == n
            assert index.data() == (str(n) if n else "")
    index = model.index_of("Test Pentagon", "Test Military use")
    assert index.data() == "2"
    assert model.headerData(index.row(), Qt.Vertical) == "Test Pentagon (2)"


def test_shade_grows_with_the_count(matrix):
    model = matrix.model
    two = model.index_of("Test Pentagon", "Test Military use").data(Qt.BackgroundRole)
    one = model.index_of("Test Pentagon", "Test Pressure").data(Qt.BackgroundRole)
    zero = model.index_of("Test Musk", "Test Military use").data(Qt.BackgroundRole)
    assert zero.lightness() > one.lightness() >= two.lightness()


def test_counts_follow_changes_once_per_burst(qtbot, matrix, hub, coded):
    from briefer.gui.quotes.commands import EditQuoteCommand

    def cell():
        return matrix.model.index_of("Test Musk", "Test Military use").data()

    reloads = []
    matrix.model.modelReset.connect(lambda: reloads.append(1))
    assert cell() == ""
    hub.push(EditQuoteCommand(hub, coded["musk"], themes=["Test Military use", "Test Pressure"]))
    qtbot.waitUntil(lambda: cell() == "1", timeout=1000)
    assert reloads == []                # a quote's change updates its rows, no recount
    hub.undo_stack.undo()
    qtbot.waitUntil(lambda: cell() == "", timeout=1000)


def model_counts(model) -> Counter:
    return Counter({model.cell(model.index(r, c)): model.index(r, c).data(Qt.UserRole)
                    for r in range(model.rowCount()) for c in range(model.columnCount())
                    if model.index(r, c).data(Qt.UserRole)})


def test_a_quote_change_updates_only_its_rows_and_agrees_with_the_file(
        qtbot, matrix, hub, coded, project_path):
    """Adding, untagging (an actor taken off: its row found by its total) and deleting a
    quote: the cells and header totals equal an independent count of the file, without a
    full recount (counted by wrapping the store's full count)."""
    from briefer.gui.quotes.commands import AddQuoteCommand, DeleteQuoteCommand, EditQuoteCommand

    model, quotes = matrix.model, hub.project.quotes
    full = []
    original = quotes.matrix_cells
    quotes.matrix_cells = lambda **kw: full.append(kw) or original(**kw)
    pentagon = hub.project.codebook.resolve_actor("Test Pentagon")
    quote = next(q for q in quotes.list() if pentagon in q.actor_ids)
    steps = [EditQuoteCommand(hub, quote.id, actors=[]),
             AddQuoteCommand(hub, quote.doc_id, 0, 12, actors=["Test Musk", "Test Pentagon"],
                             themes=["Test Pressure"]),
             DeleteQuoteCommand(hub, coded["musk"])]
    for command in steps:
        assert hub.push(command) is None
        QCoreApplication.processEvents()
        assert model_counts(model) == counts_in_file(project_path)
        totals = {a.id: a.quotes for a in hub.project.codebook.actors(links=False)}
        assert {a.id: a.quotes for a in model.actors} == totals
    for _ in steps:
        hub.undo_stack.undo()
        QCoreApplication.processEvents()
        assert model_counts(model) == counts_in_file(project_path)
    assert full == []


def test_a_hidden_matrix_counts_when_shown_again(qtbot, matrix, hub, coded):
    from briefer.gui.quotes.commands import EditQuoteCommand

    matrix.hide()
    hub.push(EditQuoteCommand(hub, coded["musk"], themes=["Test Military use"]))
    QCoreApplication.processEvents()     # a visible matrix's zero timer would count now
    assert matrix.model.index_of("Test Musk", "Test Military use").data() == ""
    matrix.show()
    assert matrix.model.index_of("Test Musk", "Test Military use").data() == "1"


def test_clicking_a_cell_requests_its_filter(qtbot, matrix, hub):
    project = hub.project
    index = matrix.model.index_of("Test Pentagon", "Test Pressure")
    with qtbot.waitSignal(hub.filterRequested, timeout=1000) as blocker:
        click_cell(qtbot, matrix.view, index)
    assert blocker.args == [{"actors": [project.codebook.resolve_actor("Test Pentagon")],
                             "themes": [project.codebook.resolve_theme("Test Pressure")]}]


def test_clicking_a_cell_shows_exactly_its_quotes_in_the_quotes_dock(qtbot, matrix, hub, coded):
    from briefer.gui.quotes.dock import QuotesDock

    quotes = QuotesDock(hub)
    qtbot.addWidget(quotes)
    click_cell(qtbot, matrix.view, matrix.model.index_of("Test Pentagon", "Test Military use"))
    assert set(quotes.model.ids()) == {coded["summoned"], coded["ultimatum"]}
    click_cell(qtbot, matrix.view, matrix.model.index_of("Test Pentagon", "Test Pressure"))
    assert quotes.model.ids() == [coded["ultimatum"]]
    # every cell: the table lists as many quotes as the cell says
    model = matrix.model
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            matrix.open_cell(index)
            assert quotes.model.rowCount() == index.data(Qt.UserRole)


def test_theme_headers_are_whole_and_need_no_sideways_scrolling(shown, hub, coded):
    """Issue #16 point 5: every theme's name shows whole (rotated) with its total, columns
    are narrow, and a side dock's width shows them all without sideways scrolling."""
    from briefer.gui.quotes.matrix import MatrixDock

    themes = hub.project.codebook.themes()
    dock = shown(MatrixDock(hub), max(340, 170 + 40 * len(themes) + 40), 600)
    view, header = dock.view, dock.view.horizontalHeader()
    fm = header.fontMetrics()
    for section, theme in enumerate(themes):
        label = header.label(section)
        assert label == f"{theme.name} ({theme.quotes})"
        if fm.horizontalAdvance(label) <= 220:
            assert fm.horizontalAdvance(label) <= header.height() - 20, label   # not clipped
        assert header.sectionSize(section) <= 40
    assert view.verticalHeader().width() <= 170
    assert view.horizontalScrollBar().maximum() == 0
