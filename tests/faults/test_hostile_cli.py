"""Hostile input through the command line, in a child process: a one-line message on stderr,
a non-zero exit where something was refused, never a traceback, and nothing else lost."""

from __future__ import annotations

import json
import os
import sqlite3

import pytest

from briefer.core.store import Project
from tests.briefer_cli import run_cli

#: Output that is not UTF-8 is read with replacement characters.
LENIENT = {"encoding": "utf-8", "errors": "replace"}


def assert_clean_error(done, *needles):
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    for needle in needles:
        assert needle in lines[0], done.stderr


@pytest.fixture
def doc_id(project_path):
    with Project.open(project_path) as p:
        return p.documents.add("Anthropic refused the Pentagon's demand.\n", title="Talks")


def test_import_batch_with_loops_folders_and_fifos_imports_the_rest(project_path, tmp_path):
    (tmp_path / "self.txt").symlink_to("self.txt")
    (tmp_path / "loop").mkdir()
    (tmp_path / "loop" / "loop").symlink_to(tmp_path / "loop")
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "good.txt").write_text("A good article about chips.\n", encoding="utf-8")
    (tmp_path / "db.txt").symlink_to(project_path)
    Project.open(project_path).close()
    files = ["self.txt", "loop", "a.txt", "pipe.txt", "gone.txt", "db.txt", "good.txt"]
    done = run_cli("import", *[str(tmp_path / f) for f in files], project=project_path, **LENIENT)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"added     {tmp_path / 'good.txt'}" in done.stdout
    reasons = dict(line.split("  (", 1) for line in done.stderr.splitlines())
    shown = [str(project_path) if f == "db.txt" else str(tmp_path / f) for f in files[:-1]]
    assert [r.split()[1] for r in reasons] == shown  # a link is shown as what it points to
    assert "self.txt: it is a symbolic link that loops back on itself" in done.stderr
    assert "a.txt: it is a symbolic link that loops back on itself" in done.stderr
    assert "loop: it is a folder, not a file" in done.stderr
    assert "pipe.txt: it is not a regular file (it is a named pipe)" in done.stderr
    assert "gone.txt: the file does not exist" in done.stderr
    assert "test.briefer: it is this project's own database file" in done.stderr
    with Project.open(project_path) as p:
        assert [d.source_name for d in p.documents.list()] == ["good.txt"]
        assert p.check() == []


def test_import_with_an_unknown_encoding_is_one_line(project_path, tmp_path):
    (tmp_path / "a.txt").write_bytes("café".encode("cp1252"))
    done = run_cli("import", "--encoding", "klingon", tmp_path / "a.txt", project=project_path,
                   **LENIENT)
    assert_clean_error(done, "'klingon' is not a text encoding Briefer knows")
    done = run_cli("import", "--encoding", "cp1252", tmp_path / "a.txt", project=project_path,
                   **LENIENT)
    assert done.returncode == 0 and "added" in done.stdout, done.stderr


def test_a_file_whose_name_is_not_utf8_is_refused_by_name(project_path, tmp_path):
    bad = os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt")
    with open(bad, "wb") as fh:
        fh.write(b"Some text.\n")
    done = run_cli("import", bad, project=project_path, **LENIENT)
    assert_clean_error(done, "its name is not valid UTF-8 text; rename the file")


@pytest.mark.parametrize("args, needle", [
    (["--note", b"bad \xff byte"], "The note contains a character that is not valid text "
                                   "(a lone surrogate, U+DCFF"),
    (["--actor", b"Anthrop\xedc"], "not valid text (a lone surrogate"),
    (["--note", "n" * 100_001], "The note is 100,001 characters long; the limit is 100,000."),
    (["--theme", "t" * 201], "The theme's name is 201 characters long; the limit is 200."),
])
def test_annotate_refuses_bad_text_in_one_line(project_path, doc_id, args, needle):
    done = run_cli("annotate", "--doc", doc_id, "--quote", "Pentagon", *args,
                   project=project_path, **LENIENT)
    assert_clean_error(done, needle)
    with Project.open(project_path) as p:
        assert p.quotes.list() == [] and p.codebook.actors() == [] and p.codebook.themes() == []


def test_judgment_and_edit_doc_refuse_bad_text(project_path, doc_id):
    done = run_cli("judgment", "add", b"Talks \xff fail", project=project_path, **LENIENT)
    assert_clean_error(done, "The judgment contains a character that is not valid text")
    done = run_cli("edit-doc", doc_id, "--title", "T" * 1001, project=project_path, **LENIENT)
    assert_clean_error(done, "The title is 1,001 characters long; the limit is 1,000.")
    done = run_cli("docs", "--json", project=project_path, **LENIENT)
    assert done.returncode == 0 and [d["title"] for d in json.loads(done.stdout)] == ["Talks"]


@pytest.mark.parametrize("query", ['"', "(", "NEAR(", "AND", "*", "-", "^x", "a:b", b"\xff"])
def test_search_never_crashes(project_path, doc_id, query):
    done = run_cli("quotes", "--search", query, project=project_path, **LENIENT)
    assert "Traceback" not in done.stderr
    if query == b"\xff":
        assert_clean_error(done, "The search contains a character that is not valid text")
    else:
        assert done.returncode == 0 and done.stderr == ""


def corrupt(project_path, sql):
    conn = sqlite3.connect(project_path)
    conn.execute(sql)
    conn.commit()
    conn.close()


@pytest.mark.parametrize("sql, needle", [
    ("UPDATE documents SET text = CAST(X'416E7468726F70696300726566' AS TEXT)",
     "its text contains a NUL character (at byte 9)"),
    ("UPDATE documents SET text = CAST(X'416E7468FF726F706963' AS TEXT)",
     "its text is not valid UTF-8 (at byte 4)"),
    ("UPDATE documents SET text = 'Anthropic refused the Pentagon''s demand!\n'",
     "its text does not match its sha256"),
])
def test_check_reports_damaged_document_text(project_path, doc_id, sql, needle):
    with Project.open(project_path) as p:
        p.quotes.add_text(doc_id, "Anthropic", note="n")
    corrupt(project_path, sql)
    done = run_cli("check", project=project_path, **LENIENT)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"document {doc_id}: {needle}" in done.stderr
    for command in (["docs"], ["quotes"], ["quotes", "--search", "Anthropic"]):
        done = run_cli(*command, project=project_path, **LENIENT)
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr


def test_a_damaged_title_is_a_clear_message(project_path, doc_id):
    corrupt(project_path, "UPDATE documents SET title = CAST(X'54FF6C6B73' AS TEXT)")
    done = run_cli("docs", project=project_path, **LENIENT)
    assert_clean_error(done, "not valid UTF-8 text; run `briefer check`")
    done = run_cli("check", project=project_path, **LENIENT)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"document {doc_id}: its title is not valid UTF-8" in done.stderr
