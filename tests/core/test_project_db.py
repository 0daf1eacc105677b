"""The project's connection (``projectfile.BriefDatabase``): reading a project needs no
sqlite-utils (issue #13, start-up); writes and upgrades go through it, in the connection's
own transactions. Checked in new processes (what a process has imported) and through a
fresh sqlite3 connection (what is in the file)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap

import pytest
from sqlite_utils import Database

from briefer.core import projectfile, schema
from briefer.core.errors import InvalidInput

HEAVY = ("sqlite_utils", "click", "dateutil", "pluggy")


def run(code: str, *args: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(code), *args],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_reading_a_project_imports_no_sqlite_utils_and_the_first_write_does(project):
    path = project.path
    doc = project.documents.list()[0]
    project.quotes.add(doc.id, 0, 20, actors=["Reader"], themes=["Reading"])
    project.close()
    out = run("""
        import json, sys
        from briefer.core.store import Project

        HEAVY = sys.argv[2].split(",")
        loaded = lambda: sorted(m for m in sys.modules if m.split(".")[0] in HEAVY)
        project = Project.open(sys.argv[1])
        docs = project.documents.list()
        text = project.documents.get(docs[0].id).text
        quotes = project.quotes.list()
        themes = [t.name for t in project.codebook.themes()]
        settings = project.settings.get()
        judgments = project.judgments.list()
        by_speaker = project.quotes.list(order_by="-speaker")     # sorts casefold text
        by_document = project.quotes.ids(order_by="document")
        before = loaded()
        project.codebook.add_theme("Written")          # the first write
        after = loaded()
        project.close()
        print(json.dumps({"before": before, "after": after, "docs": len(docs),
                          "text": len(text), "quotes": len(quotes), "themes": themes,
                          "marking": settings["marking"], "judgments": len(judgments),
                          "sorted": [len(by_speaker), len(by_document)]}))
    """, str(path), ",".join(HEAVY))
    assert out["before"] == []
    assert "sqlite_utils" in out["after"]
    assert out["docs"] == 5 and out["text"] > 100 and out["quotes"] == 1
    assert out["themes"] == ["Reading"] and out["marking"] == "TLP:CLEAR"
    assert out["sorted"] == [1, 1]
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT count(*) FROM themes WHERE name = 'Written'").fetchone() == (1,)
    finally:
        conn.close()


def test_a_repeated_column_name_reads_as_sqlite_utils_names_it(empty_project):
    sql = "SELECT 1 AS a, 2 AS a, 3 AS a_2, 4 AS a, 5 AS b"
    ours = list(empty_project.db.query(sql))
    theirs = list(Database(sqlite3.connect(":memory:")).query(sql))
    assert ours == theirs == [{"a": 1, "a_3": 2, "a_2": 3, "a_4": 4, "b": 5}]


def test_query_refuses_a_statement_that_returns_no_rows_before_running_it(empty_project,
                                                                        project_path):
    db = empty_project.db
    with pytest.raises(ValueError, match="returns rows"):
        db.query("CREATE TABLE nothing_back (x)")
    with pytest.raises(ValueError, match="returns rows"):
        db.query("/* a note */ WITH v(k) AS (VALUES ('left')) "
                 "INSERT INTO settings (key, value) SELECT k, 'x' FROM v")
    assert [r["v"] for r in db.query("-- rows\nWITH v(x) AS (SELECT 1) SELECT x AS v FROM v")
            ] == [1]
    assert list(db.query("PRAGMA user_version")) == [{"user_version": schema.SCHEMA_VERSION}]
    conn = sqlite3.connect(str(project_path))           # nothing of the refused ones ran
    try:
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'nothing_back'"
                            ).fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM settings WHERE key = 'left'").fetchone() == (0,)
    finally:
        conn.close()


def test_a_failed_inner_transaction_undoes_only_its_own_writes(empty_project):
    db = empty_project.db
    with db.atomic():
        db.execute("INSERT INTO settings (key, value) VALUES ('outer', '1')")
        with pytest.raises(InvalidInput), db.atomic():
            empty_project.store.table("settings").insert({"key": "inner", "value": "2"})
            raise InvalidInput("undo the inner one")
        empty_project.store.table("settings").insert({"key": "after", "value": "3"})
    conn = sqlite3.connect(empty_project.path)
    try:
        keys = {k for (k,) in conn.execute("SELECT key FROM settings")}
    finally:
        conn.close()
    assert {"outer", "after"} <= keys and "inner" not in keys


def test_sqlite_utils_writes_use_the_projects_transactions(empty_project):
    """sqlite-utils' own ``atomic`` (used by its multi-row writes) is the connection's: the
    outermost begins IMMEDIATE, so the write lock is held from its first statement."""
    utils = empty_project.db.utils
    assert utils.conn is empty_project.db.conn
    other = sqlite3.connect(empty_project.path, timeout=0, isolation_level=None)
    try:
        with utils.atomic():
            assert empty_project.db.conn.in_transaction
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")          # free again once it committed
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_an_unknown_name_is_an_attribute_error_not_a_recursion(empty_project):
    with pytest.raises(AttributeError):
        empty_project.db.__no_such_thing__  # noqa: B018
    with pytest.raises(AttributeError):
        empty_project.db.no_such_sqlite_utils_method  # noqa: B018
    assert isinstance(empty_project.db, projectfile.BriefDatabase)
