"""Migration 0004_sources: a version-3 project opened by another process gains the
``url``, ``accessed`` and ``pages`` columns, keeps its documents and its full-text index."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from briefer.core import schema
from tests.briefer_cli import run_cli

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "tests" / "fixtures" / "web"


def test_a_version_3_project_is_upgraded_and_stores_sources(tmp_path):
    path = tmp_path / "v3.briefer"
    conn = sqlite3.connect(path)
    db = Database(conn)
    assert schema.upgrade(db, stop_before="0004_sources") == 3
    db["documents"].insert({"id": "d1", "title": "Old", "text": "Harbour cranes were old.",
                            "sha256": "x", "imported_at": "2026-01-01T00:00:00+00:00",
                            "updated_at": "2026-01-01T00:00:00+00:00", "language": "en"})
    conn.close()

    proc = run_cli("import", "--project", str(path), "--json", str(WEB / "en-harbour.html"))
    assert proc.returncode == 0, proc.stderr

    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION >= 4
    columns = {row[1] for row in conn.execute("PRAGMA table_info(documents)")}
    assert {"url", "accessed", "pages"} <= columns
    rows = conn.execute("SELECT id, url FROM documents ORDER BY imported_at").fetchall()
    assert rows[0] == ("d1", None)
    assert rows[1][1] == ("https://www.harbourcourier.example/news/2026/03/04/"
                          "port-night-shipments")
    # the FTS triggers survived the ALTER TABLEs: the new document is searchable
    hits = conn.execute("SELECT d.id FROM documents_fts f JOIN documents d ON d.rowid = f.rowid "
                        "WHERE documents_fts MATCH 'gantry'").fetchall()
    assert hits == [(rows[1][0],)]
    conn.close()
    shown = json.loads(run_cli("doc", "show", "--project", str(path), "--json", "d1").stdout)
    assert (shown["title"], shown["url"], shown["pages"]) == ("Old", None, None)
