"""Issue 9.1: a foreign read while a process holds the project must not lose its writes.

Closing any descriptor of a file drops all of a process's POSIX locks on it; the other
process then thinks nobody uses the write-ahead log and deletes it. Each test here has a
holder (a child process, or the app under pytest-qt) that reads the project a second way,
a foreign reader (the CLI), then a write by the holder that must be visible to others at
once and survive a SIGKILL.
"""

from __future__ import annotations

import os
import signal

import pytest

from briefer.core.store import Project

from tests.briefer_cli import run_cli
from .children import fresh_rows, no_traceback, read_line, spawn, tell

HOLDER = """
    import sys
    from briefer.core.store import Project
    from briefer.brief.compile import open_read_only
    path = sys.argv[1]
    p = Project.open(path)
    doc = p.documents.list()[0].id
    # What the app does on its own: a second look at the same file (a brief preview opens
    # it read-only, the import dialog asks what it is).
    open_read_only(path).close()
    Project.open(path).close()
    print("ready", flush=True)
    for i, line in enumerate(sys.stdin):
        qid = p.quotes.add(doc, 10 * i, 10 * i + 8, themes=["Lost write"])
        print(qid, flush=True)
"""


@pytest.fixture
def seeded(project_path):
    from briefer.paths import seed_files

    with Project.open(project_path) as p:
        p.documents.import_files(seed_files()[:2])
    return project_path


def test_write_after_foreign_read_is_seen_at_once_and_survives_sigkill(seeded):
    holder = spawn(HOLDER, seeded)
    try:
        assert read_line(holder) == "ready"
        tell(holder)
        first = read_line(holder)
        foreign = run_cli("quotes", "--json", "--project", seeded)   # a terminal beside the app
        assert foreign.returncode == 0, foreign.stderr
        no_traceback(foreign)
        tell(holder)
        second = read_line(holder)
        seen = {r[0] for r in fresh_rows(seeded, "SELECT id FROM quotes")}
        assert {first, second} <= seen, "another process does not see the holder's writes"
        assert os.path.exists(str(seeded) + "-wal") or len(seen) == 2
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    check = run_cli("check", "--project", seeded)
    assert check.returncode == 0 and check.stdout.strip() == "ok", check.stderr
    with Project.open(seeded) as p:
        ids = {q.id for q in p.quotes.list()}
    assert {first, second} <= ids
