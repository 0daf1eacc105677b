"""At 50,000 quotes the library, quotes and matrix views load lazily: they fetch only what
is shown (rows counted by wrapping the core calls), also after another process wrote."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from .conftest import hub_on_copy
from tests.briefer_cli import cli_json, cli_ok


DOCS, QUOTES = 250, 50_000


@pytest.fixture(scope="module")
def big_file(tmp_path_factory) -> Path:
    """A project of 250 documents and 50,000 tagged quotes (stored as given: ``add_many``)."""
    from briefer.core.records import Quote
    from briefer.core.store import Project

    path = tmp_path_factory.mktemp("big") / "big.briefer"
    rng = random.Random(5)
    project = Project.open(path)
    actors = [project.codebook.add_actor(f"Actor {i:03d}") for i in range(60)]
    themes = [project.codebook.add_theme(f"Theme {i:02d}") for i in range(12)]
    stamp = project.store.now()
    text = "Sanctions were discussed in Geneva by the negotiators. " * 40
    quotes = []
    for d in range(DOCS):
        doc = project.documents.add(text + f"Report {d:03d}.", title=f"Report {d:03d}",
                                    outlet=f"Outlet {d % 7}", language="en")
        for _ in range(QUOTES // DOCS):
            start = rng.randrange(0, len(text) - 60)
            quotes.append(Quote(
                id=project.store.new_id(), doc_id=doc, start_cp=start, end_cp=start + 40,
                exact=text[start:start + 40], prefix="", suffix="", language="en",
                created_at=stamp, updated_at=stamp,
                actor_ids=tuple(rng.sample(actors, rng.randint(0, 2))),
                theme_ids=tuple(rng.sample(themes, rng.randint(1, 2)))))
    project.quotes.add_many(quotes)
    project.close()
    return path


@pytest.fixture
def big_hub(qtbot, big_file, tmp_path):
    with hub_on_copy(big_file, tmp_path) as hub:
        yield hub


@pytest.fixture
def reads(big_hub, monkeypatch):
    """Quote rows ``quotes.list`` handed out, and calls of ``documents.list``."""
    counted = {"quote_rows": 0, "quote_calls": 0, "document_lists": 0}
    project = big_hub.project
    quotes_list, documents_list = project.quotes.list, project.documents.list

    def list_quotes(*args, **kwargs):
        rows = quotes_list(*args, **kwargs)
        counted["quote_rows"] += len(rows)
        counted["quote_calls"] += 1
        return rows

    def list_documents(*args, **kwargs):
        counted["document_lists"] += 1
        return documents_list(*args, **kwargs)

    monkeypatch.setattr(project.quotes, "list", list_quotes)
    monkeypatch.setattr(project.documents, "list", list_documents)
    return counted


def cli_adds_a_quote(hub) -> None:
    doc = hub.project.documents.list()[-1]
    cli_ok("quote", "add", "--project", hub.project.path, "--doc", doc.id, "--quote",
           "negotiators", "--theme", "Theme 00", "--actor", "Actor 000")


def test_the_quotes_dock_reads_only_the_rows_it_shows(qtbot, shown, big_hub, reads):
    from briefer.gui.quotes.dock import QuotesDock
    from briefer.gui.quotes.model import PAGE, WINDOW

    dock = shown(QuotesDock(big_hub), 900, 400)
    qtbot.wait(1)
    assert dock.model.total() == QUOTES and dock.model.rowCount() == WINDOW < QUOTES
    visible = dock.view.rowAt(dock.view.viewport().height() - 1) + 1
    assert 0 < visible < PAGE
    assert reads["quote_rows"] <= PAGE            # the first page: the filter bar reads none
    cli_adds_a_quote(big_hub)
    before = reads["quote_rows"]
    # the hub notices the foreign write (PRAGMA data_version) and every view refreshes
    qtbot.waitUntil(lambda: dock.model.total() == QUOTES + 1, timeout=10_000)
    qtbot.wait(1)
    assert reads["quote_rows"] - before <= PAGE


def test_the_matrix_counts_without_reading_a_quote(qtbot, shown, big_hub, reads):
    from briefer.gui.quotes.matrix import MatrixDock

    dock = shown(MatrixDock(big_hub), 600, 400)
    dock.refresh()
    model = dock.model
    cell = model.index_of("Actor 000", "Theme 00")
    before = model.count(*model.cell(cell))
    cli_adds_a_quote(big_hub)
    # the hub notices the foreign write (PRAGMA data_version) and the matrix counts again
    qtbot.waitUntil(lambda: model.count(*model.cell(cell)) == before + 1, timeout=10_000)
    assert (reads["quote_calls"], reads["quote_rows"]) == (0, 0)
    assert before + 1 == big_hub.project.quotes.matrix(
        actors=["Actor 000"], themes=["Theme 00"]).quotes


def test_the_library_hands_the_view_only_a_batch_and_filters_every_document(
        qtbot, shown, big_hub, reads):
    from briefer.gui.library.dock import BATCH, TITLE, LibraryDock

    dock = shown(LibraryDock(big_hub), 600, 400)
    assert (dock.proxy.rowCount(), reads["document_lists"]) == (BATCH, 1) and BATCH < DOCS
    assert reads["quote_calls"] == 0
    dock.filter_box.setText("REPORT 24")       # case-folded; among the rows not yet fetched
    titles = [dock.proxy.index(r, TITLE).data() for r in range(dock.proxy.rowCount())]
    assert titles == [f"Report {n:03d}" for n in range(240, 250)]
    dock.filter_box.clear()
    assert dock.proxy.rowCount() == BATCH
    dock.view.scrollToBottom()
    qtbot.waitUntil(lambda: dock.proxy.rowCount() > BATCH)
    assert dock.proxy.rowCount() <= 2 * BATCH and reads["document_lists"] == 1
    last = big_hub.project.documents.list()[-1]
    assert dock.index_of(last.id).data() == last.title
    assert dock.proxy.rowCount() == DOCS          # the row asked for was fetched


def test_tagging_a_quote_updates_the_views_without_reading_every_id(
        qtbot, shown, big_hub, reads, monkeypatch):
    """One quote tagged at 50,000: the quotes table asks the store for the new quote's id
    alone (and a few sort keys), the matrix recounts no full matrix, the library lists no
    document; yet the new row sits where a full query puts it, and the counts agree with
    what another process (the CLI) reads from the file."""

    from briefer.gui.library.dock import QUOTES as QUOTES_COLUMN, LibraryDock
    from briefer.gui.quotes.commands import AddQuoteCommand
    from briefer.gui.quotes.dock import QuotesDock
    from briefer.gui.quotes.matrix import MatrixDock

    quotes_dock = shown(QuotesDock(big_hub), 900, 400)
    matrix = shown(MatrixDock(big_hub), 600, 400)
    library = shown(LibraryDock(big_hub), 600, 400)
    qtbot.wait(1)
    project = big_hub.project
    counted = {"ids": 0, "full_matrix": 0}
    ids, full_matrix = project.quotes.ids, project.quotes.matrix_cells

    def count_ids(*args, **kwargs):
        out = ids(*args, **kwargs)
        counted["ids"] += len(out)
        return out

    def count_matrix(*args, **kwargs):
        counted["full_matrix"] += 1
        return full_matrix(*args, **kwargs)

    monkeypatch.setattr(project.quotes, "ids", count_ids)
    monkeypatch.setattr(project.quotes, "matrix_cells", count_matrix)
    lists_before = reads["document_lists"]
    doc = library.model.row(5)
    cell = matrix.model.index_of("Actor 001", "Theme 02")
    cell_before = matrix.model.count(*matrix.model.cell(cell))
    command = AddQuoteCommand(big_hub, doc.id, 3, 30, actors=["Actor 001"], themes=["Theme 02"])
    assert big_hub.push(command) is None
    qtbot.wait(1)
    assert counted == {"ids": 1, "full_matrix": 0}
    assert reads["document_lists"] == lists_before
    model = quotes_dock.model
    assert model.total() == QUOTES + 1 and model.rowCount() < QUOTES     # ids in windows
    model.fetch_all()
    assert model.ids() == ids()                    # the row went where a full query puts it
    assert matrix.model.count(*matrix.model.cell(cell)) == cell_before + 1
    in_file = {d["id"]: d["quotes"] for d in cli_json("doc", "list", "--project", project.path)}
    shown_count = library.model.index(library.model.position(doc.id), QUOTES_COLUMN).data()
    assert shown_count == str(in_file[doc.id]) == str(doc.quotes + 1)
    big_hub.undo_stack.undo()                     # the quote removed: its row and counts go
    qtbot.wait(1)
    assert model.rowCount() == model.total() == QUOTES and model.ids() == ids()
    assert matrix.model.count(*matrix.model.cell(cell)) == cell_before
    assert counted["full_matrix"] == 0
