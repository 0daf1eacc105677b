"""The counts the link tables' triggers keep (schema 0008) stay equal to a count of the links
through the app's own changes and their undo: tag, untag, delete a quote, merge actors,
delete a theme (read through a connection of the test's own after each step)."""

from __future__ import annotations

import sqlite3

from briefer.core import schema


def kept_and_counted(path) -> list[tuple[str, dict, dict]]:
    conn = sqlite3.connect(str(path))
    try:
        return [(table,
                 {tuple(r[:-1]): r[-1] for r in conn.execute(f"SELECT * FROM {table}")},
                 {tuple(r[:-1]): r[-1] for r in conn.execute(sql)})
                for table, sql in schema.COUNT_QUERIES.items()]
    finally:
        conn.close()


def assert_right(path) -> None:
    for table, kept, counted in kept_and_counted(path):
        assert kept == counted, table


def test_counts_follow_tags_deletes_merges_and_their_undo(hub, coded, project_path):
    from briefer.gui.codebook.commands import DeleteCommand, MergeCommand
    from briefer.gui.quotes.commands import AddQuoteCommand, DeleteQuoteCommand, EditQuoteCommand

    project = hub.project
    doc = project.quotes.get(coded["musk"]).doc_id
    assert_right(project_path)
    before = kept_and_counted(project_path)
    steps = [
        lambda: AddQuoteCommand(hub, doc, 0, 30, actors=["Test Musk", "Test Pentagon"],
                                themes=["Test Pressure", "Test Military use"]),
        lambda: EditQuoteCommand(hub, coded["ultimatum"], actors=[]),              # untag
        lambda: EditQuoteCommand(hub, coded["untagged"], actors=["Test Musk"],
                                 themes=["Test Pressure"]),                         # tag
        lambda: DeleteQuoteCommand(hub, coded["summoned"]),
        lambda: MergeCommand(hub, "actor", "Test Musk", "Test Pentagon"),
        lambda: DeleteCommand(hub, "theme", "Test Pressure"),
    ]
    seen = []
    for make in steps:
        assert hub.push(make()) is None
        assert_right(project_path)
        seen.append(kept_and_counted(project_path))
    assert len({repr(s) for s in seen}) == len(steps)      # every step moved some count
    for _ in steps:
        hub.undo_stack.undo()
        assert_right(project_path)
    assert kept_and_counted(project_path) == before
