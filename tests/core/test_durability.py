"""Crash safety and concurrent writers, with real child processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

from briefer.core.store import Project

PYTHON = sys.executable


def spawn(code: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([PYTHON, "-c", textwrap.dedent(code), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ})


def read_lines_until(proc: subprocess.Popen, count: int, timeout: float = 60) -> list[str]:
    lines, deadline = [], time.monotonic() + timeout
    while len(lines) < count and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line.strip())
    return lines


def test_sigkill_during_batch_import_loses_nothing_committed(tmp_path, project_path):
    files = []
    for i in range(400):
        f = tmp_path / f"article_{i:03}.txt"
        f.write_text(f"Article {i}\nThe Pentagon and Anthropic, part {i}. " * 20, encoding="utf-8")
        files.append(str(f))
    Project.open(project_path).close()
    child = spawn("""
        import sys
        from briefer.core.store import Project
        p = Project.open(sys.argv[1])
        def progress(done, total, result):
            print(result.doc_id, flush=True)
        p.documents.import_files(sys.argv[2:], progress=progress)
        print("finished", flush=True)
    """, str(project_path), *files)
    committed = read_lines_until(child, 40)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert len(committed) == 40 and "finished" not in committed
    with Project.open(project_path) as project:
        ids = {d["id"] for d in project.documents.list()}
        assert set(committed) <= ids
        assert len(ids) < 400
        assert project.check() == []


def test_sigkill_during_tagging_loses_nothing_committed(project, project_path):
    doc = project.documents.list()[0]
    child = spawn("""
        import sys
        from briefer.core.store import Project
        p = Project.open(sys.argv[1])
        doc = sys.argv[2]
        i = 0
        while True:
            qid = p.quotes.add(doc, i % 500, i % 500 + 20, actors=[f"Actor {i % 7}"],
                              themes=[f"Theme {i % 5}"], note=f"note {i}")
            print(qid, flush=True)
            i += 1
    """, str(project_path), doc["id"])
    committed = read_lines_until(child, 60)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert len(committed) == 60
    with Project.open(project_path) as again:
        stored = {q["id"]: q for q in again.quotes.list()}
        assert set(committed) <= set(stored)
        for qid in committed:
            assert len(list(stored[qid]["actors"])) == 1 and len(list(stored[qid]["themes"])) == 1
        assert again.check() == []


def test_a_second_writer_waits_instead_of_failing(project, project_path):
    holder = subprocess.Popen([PYTHON, "-c", textwrap.dedent("""
        import sqlite3, sys
        conn = sqlite3.connect(sys.argv[1], isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO settings (key, value) VALUES ('held', 'yes')")
        print("locked", flush=True)
        sys.stdin.readline()                 # holds the write lock until told to let go
        conn.execute("COMMIT")
        print("released", flush=True)
    """), str(project_path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert read_lines_until(holder, 1) == ["locked"]
    outcome: list[object] = []

    def write() -> None:
        try:
            with Project.open(project_path) as own:     # a connection of this thread's own
                own.codebook.add_actor("Waited For")  # blocks until the holder commits
            outcome.append("written")
        except Exception as exc:             # noqa: BLE001 - reported by the assertion below
            outcome.append(exc)

    writer = threading.Thread(target=write)
    writer.start()
    writer.join(timeout=0.5)                 # a writer that fails at once has ended by now
    assert outcome == [], outcome
    holder.stdin.write("go\n")
    holder.stdin.flush()
    assert read_lines_until(holder, 1) == ["released"]
    writer.join(timeout=60)
    assert holder.wait(timeout=30) == 0
    assert outcome == ["written"]
    assert project.codebook.resolve_actor("Waited For")
    assert project.settings.get()["held"] == "yes"
