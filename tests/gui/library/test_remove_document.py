"""Library (issue #16, point 4): Remove document is undoable and says how many quotes go
with it (checked in the file, and by a second process: the CLI); titles are readable and
every column shows at the dock's default width; the properties dialog fits its fields."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt

from briefer.gui.library.dock import QUOTES, TITLE
from tests.briefer_cli import cli_json


@pytest.fixture
def library(shown, hub):
    from briefer.gui.library.dock import LibraryDock

    return shown(LibraryDock(hub), 360, 500)     # the default layout's width at 1600 px


def in_file(path, sql, args=()):
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def cli_docs(path) -> list[str]:
    """The documents' ids as another process lists them."""
    return [d["id"] for d in cli_json("--project", path, "doc", "list")]


def test_remove_document_and_undo(library, hub, coded, project_path):
    doc = next(d for d in hub.project.documents.list()
               if d.title.startswith("Anthropic's 72-Hour"))
    quote_ids = {r[0] for r in in_file(project_path, "SELECT id FROM quotes WHERE doc_id = ?",
                                       [doc.id])}
    links = in_file(project_path, "SELECT * FROM quote_themes ORDER BY 1, 2")
    assert len(quote_ids) >= 2
    messages = []
    hub.statusMessage.connect(messages.append)
    menu = library.context_menu(library.index_of(doc.id))
    remove = next(a for a in menu.actions() if a.text() == "Remove document…")
    remove.trigger()
    assert in_file(project_path, "SELECT id FROM documents WHERE id = ?", [doc.id]) == []
    assert in_file(project_path, "SELECT id FROM quotes WHERE doc_id = ?", [doc.id]) == []
    assert doc.id not in cli_docs(project_path)               # another process agrees
    assert f"its {len(quote_ids)} quotes" in messages[-1] and "Ctrl+Z" in messages[-1]
    assert not library.index_of(doc.id).isValid()
    hub.undo_stack.undo()
    assert doc.id in cli_docs(project_path)
    assert {r[0] for r in in_file(project_path, "SELECT id FROM quotes WHERE doc_id = ?",
                                  [doc.id])} == quote_ids
    assert in_file(project_path, "SELECT * FROM quote_themes ORDER BY 1, 2") == links
    hits = in_file(project_path, "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?",
                   ["Hegseth"])
    assert hits, "the document is found by full-text search again"


def test_titles_and_every_column_fit_the_dock(library):
    view = library.view
    header = view.horizontalHeader()
    assert view.horizontalScrollBar().maximum() == 0
    right = header.sectionViewportPosition(QUOTES) + header.sectionSize(QUOTES)
    assert right <= view.viewport().width()                   # the count column is on screen
    assert view.textElideMode() == Qt.ElideMiddle
    assert header.sectionSize(TITLE) >= 90


def test_properties_dialog_is_sized_for_its_fields(library, hub, qtbot):
    doc_id = hub.project.documents.list()[0].id
    dialog = library.show_properties(doc_id)
    qtbot.waitExposed(dialog)
    assert dialog.width() >= 560
    assert dialog.title.width() >= 400
    dialog.reject()
