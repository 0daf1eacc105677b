"""Migration 0007_document_chars: a version-6 project opened by another process gains each
document's length in code points, and listing documents reads no text (#13)."""

from __future__ import annotations

import json
import sqlite3

from sqlite_utils import Database

from briefer.core import schema
from tests.briefer_cli import run_cli

OLD = "Harbour cranes were old. 港口起重机很旧。"          # code points, not bytes


def test_a_version_6_project_is_upgraded_and_lists_lengths(tmp_path):
    path = tmp_path / "v6.briefer"
    conn = sqlite3.connect(path)
    assert schema.upgrade(Database(conn), stop_before="0007_document_chars") == 6
    conn.execute("INSERT INTO documents (id, title, text, sha256, imported_at, updated_at, "
                 "language) VALUES ('d1', 'Old', ?, 'x', '2026-01-01', '2026-01-01', 'en')", [OLD])
    conn.commit()
    conn.close()
    source = tmp_path / "new.txt"
    source.write_text("Ships waited at the quay.\n", encoding="utf-8")
    proc = run_cli("import", "--project", str(path), "--json", str(source))     # migrates
    assert proc.returncode == 0, proc.stderr
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION >= 7
    stored = dict(conn.execute("SELECT title, chars FROM documents"))
    conn.close()
    assert stored == {"Old": len(OLD),
                      "Ships waited at the quay.": len("Ships waited at the quay.\n")}
    listed = json.loads(run_cli("doc", "list", "--project", str(path), "--json").stdout)
    assert {d["title"]: d["chars"] for d in listed} == stored


def test_a_text_update_keeps_the_length_and_the_listing_reads_no_text(tmp_path):
    from briefer.core.store import Project

    path = tmp_path / "p.briefer"
    with Project.open(path) as project:
        doc = project.documents.add("Short text.", title="T")
    longer = "A much longer text, 港口 included, replaces it."
    with Project.open(path) as project:
        project.documents.update_text(doc, longer)
    asked: list[str] = []            # SQLite's length() of a text, watched: never asked for
    listed = json.loads(run_cli("doc", "list", "--project", str(path), "--json").stdout)
    assert [d["chars"] for d in listed] == [len(longer)]
    with Project.open(path, read_only=True) as project:
        db = project.store.db
        db.conn.create_function("length", 1, lambda v: asked.append(v) or len(v))
        assert [d.chars for d in project.documents.list()] == [len(longer)]
    assert asked == []


def test_check_notices_pieces_that_do_not_spell_the_text(tmp_path):
    """The pieces a quote's context is read from must match the text: `briefer check`
    (another process) reports a document whose pieces were changed behind its back."""
    import sqlite3

    path = tmp_path / "p.briefer"
    article = tmp_path / "a.txt"
    article.write_text("Pieces of text. " * 3000, encoding="utf-8")
    assert run_cli("import", article, project=path).returncode == 0
    assert run_cli("check", project=path).stdout.strip() == "ok"
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE document_chunks SET text = 'tampered' WHERE n = 1")
    conn.close()
    done = run_cli("check", project=path)
    assert done.returncode != 0 and "stored pieces do not match its text" in done.stderr
