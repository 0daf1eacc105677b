"""Hostile input through the command line, in a child process: a one-line message on stderr,
a non-zero exit where something was refused, never a traceback, and nothing else lost."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from briefer.core.store import Project


def briefer(project_path, *args):
    argv = [sys.executable, "-m", "briefer", *args, "--project", os.fsencode(project_path)]
    out = subprocess.run(argv, capture_output=True, timeout=180)
    return out.returncode, out.stdout.decode("utf-8", "replace"), out.stderr.decode("utf-8",
                                                                                    "replace")


def assert_clean_error(code, err, *needles):
    assert code != 0
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    for needle in needles:
        assert needle in lines[0], err


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
    code, out, err = briefer(project_path, "import", *[str(tmp_path / f) for f in files])
    assert code == 1 and "Traceback" not in err
    assert f"added     {tmp_path / 'good.txt'}" in out
    reasons = dict(line.split("  (", 1) for line in err.splitlines())
    shown = [str(project_path) if f == "db.txt" else str(tmp_path / f) for f in files[:-1]]
    assert [r.split()[1] for r in reasons] == shown  # a link is shown as what it points to
    assert "self.txt: it is a symbolic link that loops back on itself" in err
    assert "a.txt: it is a symbolic link that loops back on itself" in err
    assert "loop: it is a folder, not a file" in err
    assert "pipe.txt: it is not a regular file (it is a named pipe)" in err
    assert "gone.txt: the file does not exist" in err
    assert "test.briefer: it is this project's own database file" in err
    with Project.open(project_path) as p:
        assert [d["source_name"] for d in p.documents.list()] == ["good.txt"]
        assert p.check() == []


def test_import_with_an_unknown_encoding_is_one_line(project_path, tmp_path):
    (tmp_path / "a.txt").write_bytes("café".encode("cp1252"))
    code, out, err = briefer(project_path, "import", "--encoding", "klingon",
                             str(tmp_path / "a.txt"))
    assert_clean_error(code, err, "'klingon' is not a text encoding Briefer knows")
    code, out, err = briefer(project_path, "import", "--encoding", "cp1252",
                             str(tmp_path / "a.txt"))
    assert code == 0 and "added" in out, err


def test_a_file_whose_name_is_not_utf8_is_refused_by_name(project_path, tmp_path):
    bad = os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt")
    with open(bad, "wb") as fh:
        fh.write(b"Some text.\n")
    code, out, err = briefer(project_path, "import", bad)
    assert_clean_error(code, err, "its name is not valid UTF-8 text; rename the file")


@pytest.mark.parametrize("args, needle", [
    (["--note", b"bad \xff byte"], "The note contains a character that is not valid text "
                                   "(a lone surrogate, U+DCFF"),
    (["--actor", b"Anthrop\xedc"], "not valid text (a lone surrogate"),
    (["--note", "n" * 100_001], "The note is 100,001 characters long; the limit is 100,000."),
    (["--theme", "t" * 201], "The theme's name is 201 characters long; the limit is 200."),
])
def test_annotate_refuses_bad_text_in_one_line(project_path, doc_id, args, needle):
    code, out, err = briefer(project_path, "annotate", "--doc", doc_id, "--quote", "Pentagon",
                             *args)
    assert_clean_error(code, err, needle)
    with Project.open(project_path) as p:
        assert p.quotes.list() == [] and p.codebook.actors() == [] and p.codebook.themes() == []


def test_judgment_and_edit_doc_refuse_bad_text(project_path, doc_id):
    code, out, err = briefer(project_path, "judgment", "add", b"Talks \xff fail")
    assert_clean_error(code, err, "The judgment contains a character that is not valid text")
    code, out, err = briefer(project_path, "edit-doc", doc_id, "--title", "T" * 1001)
    assert_clean_error(code, err, "The title is 1,001 characters long; the limit is 1,000.")
    code, out, err = briefer(project_path, "docs", "--json")
    assert code == 0 and [d["title"] for d in json.loads(out)] == ["Talks"]


@pytest.mark.parametrize("query", ['"', "(", "NEAR(", "AND", "*", "-", "^x", "a:b", b"\xff"])
def test_search_never_crashes(project_path, doc_id, query):
    code, out, err = briefer(project_path, "quotes", "--search", query)
    assert "Traceback" not in err
    if query == b"\xff":
        assert_clean_error(code, err, "The search contains a character that is not valid text")
    else:
        assert code == 0 and err == ""


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
    code, out, err = briefer(project_path, "check")
    assert code == 1 and "Traceback" not in err
    assert f"document {doc_id}: {needle}" in err
    for command in (["docs"], ["quotes"], ["quotes", "--search", "Anthropic"]):
        code, out, err = briefer(project_path, *command)
        assert code == 0 and "Traceback" not in err, err


def test_a_damaged_title_is_a_clear_message(project_path, doc_id):
    corrupt(project_path, "UPDATE documents SET title = CAST(X'54FF6C6B73' AS TEXT)")
    code, out, err = briefer(project_path, "docs")
    assert_clean_error(code, err, "not valid UTF-8 text; run `briefer check`")
    code, out, err = briefer(project_path, "check")
    assert code == 1 and "Traceback" not in err
    assert f"document {doc_id}: its title is not valid UTF-8" in err
