"""At 3,000 quotes the quotes table fetches its ids in windows: the model holds the first
``WINDOW`` rows until the view scrolls, the status line counts every quote the filter
selects, and the keyboard's end (Ctrl+End), a selection from elsewhere, sorting and new
quotes all reach rows not fetched yet."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, qInstallMessageHandler
from PySide6.QtTest import QAbstractItemModelTester

from briefer.gui.quotes.columns import EXCERPT, SORT_KEYS, order_by
from briefer.gui.quotes.model import WINDOW
from briefer.gui.quotes.quote_filter import QuoteFilter

from ..conftest import hub_on_copy

DOCS, PER_DOC = 30, 100
QUOTES = DOCS * PER_DOC
WORDS = "sanctions export controls negotiators met ministry partners markets chips".split()


@pytest.fixture(scope="module")
def many_file(tmp_path_factory) -> Path:
    """30 documents of 100 quotes each (every third one about Geneva), stored as given."""
    from briefer.core.records import Quote
    from briefer.core.store import Project

    path = tmp_path_factory.mktemp("many") / "many.briefer"
    rng = random.Random(3)
    project = Project.open(path)
    actors = [project.codebook.add_actor(f"Actor {i:02d}") for i in range(12)]
    themes = [project.codebook.add_theme(f"Theme {i}") for i in range(5)]
    stamp = project.store.now()
    quotes, n = [], 0
    for d in range(DOCS):
        sentences = []
        for _ in range(PER_DOC):
            words = [rng.choice(WORDS) for _ in range(rng.randint(4, 9))]
            if n % 3 == 0:
                words.insert(1, "Geneva")
            sentences.append(f"{n:05d} " + " ".join(words) + ".")
            n += 1
        text = "\n".join(sentences)
        doc = project.documents.add(text, title=f"Report {d:02d}", language="en",
                                    date=f"2025-{1 + d % 12:02d}-01")
        at = 0
        for s in sentences:
            start = text.index(s, at)
            at = start + len(s)
            quotes.append(Quote(
                id=project.store.new_id(), doc_id=doc, start_cp=start, end_cp=at, exact=s,
                prefix="", suffix="", language="en", created_at=stamp, updated_at=stamp,
                note=rng.choice(("", "", "follow up", "Checked")),
                starred=rng.random() < 0.2, credibility=rng.randint(1, 6),
                speaker_actor_id=rng.choice((None, None, *actors)),
                speaker_text=rng.choice(("", "an official")),
                actor_ids=tuple(rng.sample(actors, rng.randint(0, 2))),
                theme_ids=tuple(rng.sample(themes, rng.randint(1, 2)))))
    project.quotes.add_many(quotes)
    project.close()
    return path


@pytest.fixture
def many_hub(qtbot, many_file, tmp_path):
    with hub_on_copy(many_file, tmp_path) as hub:
        yield hub


@pytest.fixture
def dock(qtbot, shown, many_hub):
    from briefer.gui.quotes.dock import QuotesDock

    widget = shown(QuotesDock(many_hub), 900, 500)
    qtbot.wait(1)
    return widget


def test_the_model_holds_a_window_until_the_view_scrolls(qtbot, dock, many_hub):
    every = many_hub.project.quotes.ids()
    assert WINDOW < QUOTES
    assert dock.model.rowCount() == WINDOW
    assert dock.model.total() == QUOTES
    assert dock.count_label.text() == f"{QUOTES:,} quotes"
    assert dock.model.ids() == every[:WINDOW]
    dock.view.scrollToBottom()
    qtbot.waitUntil(lambda: dock.model.rowCount() > WINDOW)
    assert dock.model.rowCount() == 2 * WINDOW < QUOTES     # one more window, not every row
    assert dock.model.ids() == every[:2 * WINDOW]
    assert dock.count_label.text() == f"{QUOTES:,} quotes"
    dock.view.scrollToBottom()                          # as many again
    qtbot.waitUntil(lambda: dock.model.rowCount() > 2 * WINDOW)
    assert dock.model.ids() == every[:4 * WINDOW] and 4 * WINDOW < QUOTES


def test_the_windowed_model_passes_qt_model_tester(qtbot, many_hub):
    """Qt's tester fetches more rows as it checks: windows, filters and sorting."""
    from briefer.gui.quotes.model import QuotesModel

    messages: list[str] = []
    old = qInstallMessageHandler(lambda _mode, _context, text: messages.append(text))
    try:
        model = QuotesModel(many_hub)
        tester = QAbstractItemModelTester(
            model, QAbstractItemModelTester.FailureReportingMode.Warning)
        assert WINDOW < model.rowCount() < QUOTES
        model.set_filter(QuoteFilter(text="Geneva"))
        model.sort(EXCERPT, Qt.DescendingOrder)
        model.fetch_all()
        assert model.rowCount() == model.total() == QUOTES // 3
    finally:
        qInstallMessageHandler(old)
    assert tester is not None and [m for m in messages if "FAIL" in m] == []


def test_ctrl_end_reaches_the_true_last_row(qtbot, shown, dock, many_hub):
    from briefer.gui.quotes.dock import QuotesDock

    quotes = many_hub.project.quotes
    dock.view.setFocus()
    dock.view.selectRow(WINDOW - 1)                # the last row fetched: Down goes on
    qtbot.keyClick(dock.view, Qt.Key_Down)
    assert dock.selected_id() == quotes.ids()[WINDOW]
    qtbot.keyClick(dock.view, Qt.Key_PageDown)
    assert dock.model.rowCount() < QUOTES
    dock.view.selectRow(0)
    qtbot.keyClick(dock.view, Qt.Key_End, Qt.ControlModifier)
    assert dock.selected_id() == quotes.ids()[-1]
    assert dock.model.rowCount() == QUOTES
    # sorted by a column (a header click), the end is that order's last quote
    for column in SORT_KEYS:
        for order in (Qt.AscendingOrder, Qt.DescendingOrder):
            other = shown(QuotesDock(many_hub), 900, 500)
            other.view.sortByColumn(column, order)
            assert other.model.rowCount() == WINDOW
            other.view.setFocus()
            other.view.selectRow(0)
            qtbot.keyClick(other.view, Qt.Key_End, Qt.ControlModifier)
            assert other.selected_id() == quotes.ids(order_by=order_by(column, order))[-1]
            other.close()


def test_every_sort_orders_the_window_and_the_rest_as_the_store(qtbot, many_hub):
    from briefer.gui.quotes.model import QuotesModel

    model = QuotesModel(many_hub)
    quotes = many_hub.project.quotes
    for column in SORT_KEYS:
        for order in (Qt.AscendingOrder, Qt.DescendingOrder):
            model.set_filter(QuoteFilter())
            model.sort(column, order)
            expected = quotes.ids(order_by=order_by(column, order))
            assert model.ids() == expected[:WINDOW], (column, order)
            model.fetchMore()                  # sorted by a column: the rest in one query
            assert model.ids() == expected, (column, order)


def test_the_status_line_counts_every_match_of_a_search(qtbot, dock, many_hub):
    dock.filter_bar.search.setText("Geneva")
    qtbot.waitUntil(lambda: dock.model.filter.text == "Geneva")
    matches = many_hub.project.quotes.ids(search="Geneva")
    assert len(matches) == QUOTES // 3 > WINDOW
    assert dock.model.rowCount() == WINDOW
    assert dock.count_label.text() == f"{len(matches):,} quotes match the filters"
    dock.model.set_filter(QuoteFilter(text="Geneva", starred=True))
    starred = many_hub.project.quotes.ids(search="Geneva", starred=True)
    assert dock.model.rowCount() == len(starred) < WINDOW          # all of them: one window
    assert dock.count_label.text() == f"{len(starred):,} quotes match the filters"


def test_a_quote_selected_elsewhere_below_the_window_is_selected(qtbot, dock, many_hub):
    last = many_hub.project.quotes.ids()[-1]
    many_hub.quoteSelected.emit(last)
    assert dock.selected_id() == last
    assert dock.inspector.quote_id == last
    other = many_hub.project.quotes.ids()[-2]
    dock.model.set_filter(QuoteFilter(starred=False))               # a new window
    many_hub.quoteSelected.emit(other)
    assert dock.selected_id() == other


def test_new_quotes_count_and_take_their_place_whether_fetched_or_not(qtbot, dock, many_hub):
    from briefer.gui.quotes.commands import AddQuoteCommand

    project = many_hub.project
    docs = project.documents.list()            # in date order: the first and the last
    dock.view.selectRow(3)
    selected = dock.selected_id()
    many_hub.push(AddQuoteCommand(many_hub, docs[-1].id, 0, 5, themes=["Theme 0"]))
    assert dock.model.total() == QUOTES + 1 and dock.model.rowCount() == WINDOW
    assert dock.count_label.text() == f"{QUOTES + 1:,} quotes"
    many_hub.push(AddQuoteCommand(many_hub, docs[0].id, 0, 5, themes=["Theme 0"]))
    assert dock.model.total() == QUOTES + 2 and dock.model.rowCount() == WINDOW + 1
    assert dock.model.ids() == project.quotes.ids()[:WINDOW + 1]
    assert dock.selected_id() == selected                            # the selection stays
    many_hub.undo_stack.undo()
    many_hub.undo_stack.undo()
    assert dock.model.total() == QUOTES
    assert dock.count_label.text() == f"{QUOTES:,} quotes"
    dock.model.fetch_all()
    assert dock.model.ids() == project.quotes.ids()
