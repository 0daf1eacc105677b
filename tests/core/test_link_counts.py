"""Migrations 0008_link_counts and 0009_quote_order_indexes (#13): quotes per actor, theme
and actor × theme cell kept in tables by triggers, and indexes in the quotes' document order.

An older project upgraded by another process gains the tables (filled from its links), the
triggers (the FTS triggers stay) and the indexes; every change to links keeps the counts
equal to a count of the links, read through a connection of the test's own; ``briefer
check`` notices a count that drifted; an older file opened read-only counts the links."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from sqlite_utils import Database

from briefer.core import schema
from briefer.core.chunks import pieces
from briefer.core.store import Project
from tests.briefer_cli import run_cli

TEXT = "Ports closed early. Ships waited at the quay. Cranes were idle. Crews went home."
STAMP = "2026-01-01T00:00:00Z"


def file_counts(path) -> dict[str, tuple[dict, dict]]:
    """{count table: (its rows, the same counted from the links)}, read afresh."""
    conn = sqlite3.connect(path)
    try:
        return {table: ({tuple(r[:-1]): r[-1] for r in conn.execute(f"SELECT * FROM {table}")},
                        {tuple(r[:-1]): r[-1] for r in conn.execute(sql)})
                for table, sql in schema.COUNT_QUERIES.items()}
    finally:
        conn.close()


def other_program_writes(path, sql: str, *args: str) -> None:
    """One statement run by another process through plain ``sqlite3``; it must change a row."""
    script = ("import sqlite3, sys\n"
              "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
              "assert conn.execute(sys.argv[2], sys.argv[3:]).rowcount == 1\n"
              "conn.close()\n")
    proc = subprocess.run([sys.executable, "-c", script, str(path), sql, *args],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr


def assert_counts_right(path) -> None:
    for table, (kept, counted) in file_counts(path).items():
        assert kept == counted, table


def old_project(path: Path, stop_before: str = "0008_link_counts") -> None:
    """A project of the schema before ``stop_before``: one document, two actors, two themes,
    three quotes tagged, written with SQL as that schema stood."""
    conn = sqlite3.connect(path)
    schema.upgrade(Database(conn), stop_before=stop_before)
    conn.execute("INSERT INTO documents (id, title, text, sha256, imported_at, updated_at, "
                 "language, date, chars) VALUES ('d1', 'Old', ?, ?, ?, ?, 'en', '2025-01-02', ?)",
                 [TEXT, hashlib.sha256(TEXT.encode()).hexdigest(), STAMP, STAMP, len(TEXT)])
    conn.executemany("INSERT INTO document_chunks (doc_id, n, text) VALUES ('d1', ?, ?)",
                     list(pieces(TEXT)))
    for table, rows in (("actors", [("a1", "Port authority"), ("a2", "Union")]),
                        ("themes", [("t1", "Trade"), ("t2", "Labour")])):
        conn.executemany(f"INSERT INTO {table} (id, name, colour, created_at) "
                         f"VALUES (?, ?, '#123456', '{STAMP}')", rows)
    for qid, start, end in (("q1", 0, 19), ("q2", 20, 45), ("q3", 46, 61)):
        conn.execute("INSERT INTO quotes (id, doc_id, start_cp, end_cp, exact, created_at, "
                     "updated_at) VALUES (?, 'd1', ?, ?, ?, ?, ?)",
                     [qid, start, end, TEXT[start:end], STAMP, STAMP])
    conn.executemany("INSERT INTO quote_actors VALUES (?, ?)",
                     [("q1", "a1"), ("q1", "a2"), ("q2", "a1"), ("q3", "a2")])
    conn.executemany("INSERT INTO quote_themes VALUES (?, ?)",
                     [("q1", "t1"), ("q2", "t1"), ("q2", "t2")])
    conn.commit()
    conn.close()


def test_an_older_project_upgraded_by_another_process_gains_counts_triggers_and_indexes(
        tmp_path):
    path = tmp_path / "v7.briefer"
    old_project(path)
    proc = run_cli("check", "--project", str(path))          # another process migrates, checks
    assert proc.returncode == 0, proc.stdout + proc.stderr
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION >= 9
    triggers = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    plan = " ".join(r[3] for r in conn.execute(
        "EXPLAIN QUERY PLAN SELECT q.id FROM quotes q JOIN documents d ON d.id = q.doc_id "
        "ORDER BY d.date IS NULL, d.date, d.title, q.start_cp, q.end_cp, q.id"))
    conn.close()
    assert {f"quote_{k}s_count_{w}" for k in ("actor", "theme")
            for w in ("insert", "delete", "update")} <= triggers
    assert {"quotes_ai", "quotes_ad", "quotes_au"} <= triggers          # FTS triggers kept
    assert {"documents_order", "quotes_doc_order"} <= indexes and "quotes_doc" not in indexes
    assert "documents_order" in plan and "quotes_doc_order" in plan
    kept = file_counts(path)
    assert kept["actor_counts"][0] == {("a1",): 2, ("a2",): 2}
    assert kept["theme_counts"][0] == {("t1",): 2, ("t2",): 1}
    assert kept["matrix_counts"][0] == {("a1", "t1"): 2, ("a2", "t1"): 1, ("a1", "t2"): 1}
    assert_counts_right(path)
    # a tag written by another process moves the counts; the search index still follows
    proc = run_cli("quote", "add", "--project", str(path), "--json", "--doc", "d1",
                   "--quote", "Crews went home", "--actor", "Union", "--theme", "Labour")
    assert proc.returncode == 0, proc.stderr
    assert file_counts(path)["matrix_counts"][0][("a2", "t2")] == 1
    assert_counts_right(path)
    listed = json.loads(run_cli("quote", "list", "--project", str(path), "--json",
                                "--search", "crews").stdout)
    assert [q["text"] for q in listed] == ["Crews went home"]


def test_counts_stay_right_through_every_change_to_links(project_path):
    project = Project.open(project_path)
    path = project_path
    doc = project.documents.add(TEXT, title="Ports", date="2025-03-01")
    other = project.documents.add("Another text with a few words in it.", title="Other")
    a1, a2, a3 = (project.codebook.add_actor(n) for n in ("Port authority", "Union", "Navy"))
    t1, t2 = (project.codebook.add_theme(n) for n in ("Trade", "Labour"))
    q1 = project.quotes.add(doc, 0, 19, actors=[a1, a2], themes=[t1])
    q2 = project.quotes.add(doc, 20, 45, actors=[a1], themes=[t1, t2])
    project.quotes.add(other, 0, 12, actors=[a3], themes=[t2])
    assert_counts_right(path)
    assert file_counts(path)["matrix_counts"][0][(a1, t1)] == 2
    steps = [
        # another program moves a link row (the *_count_update triggers): an actor to
        # another actor, a theme to another quote
        lambda: other_program_writes(
            path, "UPDATE quote_actors SET actor_id = ? WHERE quote_id = ? AND actor_id = ?",
            a3, q1, a2),
        lambda: other_program_writes(
            path, "UPDATE quote_themes SET quote_id = ? WHERE quote_id = ? AND theme_id = ?",
            q1, q2, t2),
        lambda: project.quotes.update(q1, actors=[a2, a3], themes=[t2]),      # retag
        lambda: project.quotes.update(q2, actors=[]),                         # untag
        lambda: project.quotes.restore(project.quotes.delete(q2)),            # delete, undo
        lambda: project.quotes.restore(project.quotes.get(q1)),               # over itself
        lambda: project.codebook.restore_actor(project.codebook.actor(a3)),
        lambda: project.codebook.merge_actors(a2, a3),
        lambda: project.codebook.delete_theme(t1),
        lambda: project.documents.delete(other),                              # cascades
        lambda: project.quotes.delete(q1),
    ]
    for step in steps:
        step()
        assert_counts_right(path)
    project.close()
    assert run_cli("check", "--project", str(path)).returncode == 0


def test_check_notices_a_kept_count_that_drifted(project_path):
    project = Project.open(project_path)
    doc = project.documents.add(TEXT, title="Ports")
    project.quotes.add(doc, 0, 19, actors=["Union"], themes=["Trade"])
    project.close()
    assert run_cli("check", "--project", str(project_path)).returncode == 0
    conn = sqlite3.connect(project_path)
    conn.execute("UPDATE matrix_counts SET quotes = 5")
    conn.commit()
    conn.close()
    proc = run_cli("check", "--project", str(project_path))
    assert proc.returncode != 0
    assert "matrix_counts: 1 kept count(s) differ from the links" in proc.stdout + proc.stderr


def test_an_older_file_opened_read_only_counts_the_links(tmp_path):
    path = tmp_path / "old.briefer"
    old_project(path)
    with Project.open(path, read_only=True) as project:
        assert project.schema_version == 7
        assert project.quotes.tag_totals() == ({"a1": 2, "a2": 2}, {"t1": 2, "t2": 1})
        assert project.quotes.matrix_cells() == {("a1", "t1"): 2, ("a2", "t1"): 1,
                                                 ("a1", "t2"): 1}
        assert project.quotes.matrix_rows(["a2"]) == {("a2", "t1"): 1}
        assert {a.name: a.quotes for a in project.codebook.actors(links=False)} == {
            "Port authority": 2, "Union": 2}
        assert project.check() == []
