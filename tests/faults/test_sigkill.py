"""Issue 9: SIGKILL at random moments (seeded) during import, tagging, brief and backup.

After each kill: every id the child printed (it prints only after the call returned) is
in the file, `briefer check` passes, and no half-written target exists.
"""

from __future__ import annotations

import os
import random
import signal
import time

import pytest

from briefer.core.store import Project

from tests.briefer_cli import run_cli
from .children import fresh_rows, spawn

ROUNDS = 4
WORK = {
    "import": """
        import sys
        from pathlib import Path
        from briefer.core.store import Project
        p = Project.open(sys.argv[1])
        folder = Path(sys.argv[2])
        print("ready", flush=True)
        for i in range(100000):
            f = folder / f"a{i}.txt"
            f.write_text(f"Article {i}\\n\\n" + f"Paragraph {i} of the dispute. " * 50)
            r = p.documents.import_file(f)
            print("doc", r.doc_id, flush=True)
    """,
    "tagging": """
        import sys
        from briefer.core.store import Project
        p = Project.open(sys.argv[1])
        doc = p.documents.list()[0].id
        print("ready", flush=True)
        for i in range(100000):
            q = p.quotes.add(doc, i % 500, i % 500 + 9, actors=[f"A{i % 5}"], themes=[f"T{i % 3}"])
            p.quotes.update(q, note=f"note {i}", starred=i % 2 == 0)
            print("quote", q, flush=True)
    """,
}


@pytest.fixture
def seeded(project_path):
    from briefer.paths import seed_files

    with Project.open(project_path) as p:
        p.documents.import_files(seed_files()[:1])
    return project_path


def _kill_at_random(proc, rng, low=0.05, high=1.2):
    from .children import read_line, remaining_lines

    assert read_line(proc) == "ready"
    first = read_line(proc, timeout=120)      # one unit of work done, however busy the machine
    time.sleep(rng.uniform(low, high))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    return [line.split() for line in [first, *remaining_lines(proc)] if line.strip()]


@pytest.mark.parametrize("kind", sorted(WORK))
def test_sigkill_during_work_loses_nothing_returned(seeded, tmp_path, kind):
    rng = random.Random(f"briefer-{kind}")
    printed = []
    for round_ in range(ROUNDS):
        folder = tmp_path / f"round{round_}"
        folder.mkdir()
        proc = spawn(WORK[kind], seeded, folder)
        printed += [words[1] for words in _kill_at_random(proc, rng) if len(words) == 2]
    table = "documents" if kind == "import" else "quotes"
    on_disk = {r[0] for r in fresh_rows(seeded, f"SELECT id FROM {table}")}
    missing = set(printed) - on_disk
    print(f"\n{kind}: {len(printed)} returned before {ROUNDS} kills, {len(missing)} missing")
    assert printed and not missing
    check = run_cli("check", "--project", seeded)
    assert check.returncode == 0 and check.stdout.strip() == "ok", check.stderr


def test_sigkill_during_backup_leaves_no_half_target(seeded, tmp_path):
    with Project.open(seeded) as p:
        doc = p.documents.list()[0].id
        for i in range(200):
            p.quotes.add(doc, i, i + 20, note="x" * 2000)
    rng = random.Random("briefer-backup")
    code = """
        import sys
        from briefer.core.store import Project
        p = Project.open(sys.argv[1])
        print("ready", flush=True)
        for i in range(100000):
            p.backup(sys.argv[2], overwrite=True)
            print("backup", i, flush=True)
    """
    target = tmp_path / "copy.briefer"
    for _ in range(ROUNDS):
        _kill_at_random(spawn(code, seeded, target), rng, 0.05, 0.6)
        if target.exists():   # complete, or not there at all
            assert len(fresh_rows(target, "SELECT id FROM quotes")) == 200
    assert run_cli("check", "--project", seeded).stdout.strip() == "ok"
