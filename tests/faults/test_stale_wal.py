"""Issue 9.5: a -wal left beside the file by another copy of the project is not merged
silently; a -wal left by a crash of this very file is replayed as before."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess

import pytest

from briefer.core.store import Project

from tests.briefer_cli import run_cli
from .children import fresh_rows, no_traceback, read_line, spawn

WRITER = """
    import sys
    from briefer.core.store import Project
    p = Project.open(sys.argv[1])
    doc = p.documents.list()[0].id
    p.settings.set(title="Written by the other copy")
    for i in range(2):
        print(p.quotes.add(doc, 20 * i, 20 * i + 10, themes=["Other copy"]), flush=True)
    print("ready", flush=True)
    sys.stdin.readline()
"""


@pytest.fixture
def project_with_quotes(project_path):
    from briefer.paths import seed_files

    with Project.open(project_path) as p:
        p.documents.import_files(seed_files()[:1])
        doc = p.documents.list()[0].id
        p.quotes.add(doc, 100, 120, themes=["Mine"])
    return project_path


def _crash_writer(path):
    proc = spawn(WRITER, path)
    ids = [read_line(proc), read_line(proc)]
    assert read_line(proc) == "ready"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert os.path.getsize(str(path) + "-wal") > 0
    return ids


def test_log_of_another_copy_is_refused_and_nothing_is_touched(project_with_quotes, tmp_path):
    path = project_with_quotes
    other = tmp_path / "kept-copy.briefer"
    shutil.copy(path, other)                   # the analyst's other copy of the project
    _crash_writer(path)                        # this copy crashes, leaving its -wal
    subprocess.run(["cp", str(other), str(path)], check=True)
    later = (tmp_path / (path.name + "-wal")).stat().st_mtime + 60
    os.utime(path, (later, later))             # the copy is put in place after the log
    before = path.read_bytes(), (tmp_path / (path.name + "-wal")).read_bytes()
    proc = run_cli("docs", "--project", path)
    no_traceback(proc)
    assert proc.returncode != 0
    assert path.name + "-wal" in proc.stderr and "another copy" in proc.stderr, proc.stderr
    assert (path.read_bytes(), (tmp_path / (path.name + "-wal")).read_bytes()) == before
    # Moving the log aside opens the file as it is: the other copy's title, its one quote.
    os.rename(str(path) + "-wal", tmp_path / "kept.wal")
    os.path.exists(str(path) + "-shm") and os.rename(str(path) + "-shm", tmp_path / "kept.shm")
    assert run_cli("check", "--project", path).stdout.strip() == "ok"
    assert fresh_rows(path,
                      "SELECT value FROM settings WHERE key = 'title'") == [("Situation brief",)]
    assert len(fresh_rows(path, "SELECT id FROM quotes")) == 1


def test_log_left_by_a_crash_of_this_file_is_replayed(project_with_quotes):
    ids = _crash_writer(project_with_quotes)
    proc = run_cli("quotes", "--json", "--project", project_with_quotes)
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    assert all(i in proc.stdout for i in ids)
