"""``documents.list()`` is read once for the views opening a project (#13, start-up) and
again whenever the file changed: written here, committed by another process (the CLI),
or rolled back."""

from __future__ import annotations

import pytest
from tests.briefer_cli import cli_ok



@pytest.fixture
def listings(project):
    """How many times the documents' listing query ran."""
    seen: list[str] = []
    project.store.db.conn.set_trace_callback(
        lambda sql: seen.append(sql) if "FROM documents d ORDER BY" in sql else None)
    yield seen
    project.store.db.conn.set_trace_callback(None)


def titles(project) -> dict[str, str]:
    return {d.id: d.title for d in project.documents.list()}


def test_an_unchanged_file_is_listed_once(project, listings):
    first = project.documents.list()
    again = project.documents.list()
    assert again == first and again is not first and len(listings) == 1
    again.clear()                                # a caller's list is its own
    assert project.documents.list() == first and len(listings) == 1


def test_a_change_here_or_by_another_process_is_listed(project, listings):
    doc = project.documents.list()[0]
    project.documents.update(doc.id, title="Edited here")
    assert titles(project)[doc.id] == "Edited here"
    cli_ok("doc", "edit", doc.id, "--title", "Edited by the CLI", "--project", str(project.path))
    assert titles(project)[doc.id] == "Edited by the CLI"
    start = project.documents.list()[1]
    quotes = start.quotes
    cli_ok("quote", "add", "--project", str(project.path), "--doc", start.id, "--start", "0",
           "--end", "5")
    assert {d.id: d.quotes for d in project.documents.list()}[start.id] == quotes + 1
    project.documents.delete(doc.id)
    assert doc.id not in titles(project)
    assert len(listings) == 5


def test_a_listing_inside_a_transaction_is_not_kept(project):
    doc = project.documents.list()[0]
    with pytest.raises(RuntimeError), project.store.transaction():
        project.documents.update(doc.id, title="Rolled back")
        assert titles(project)[doc.id] == "Rolled back"
        raise RuntimeError("roll back")
    assert titles(project)[doc.id] == doc.title
