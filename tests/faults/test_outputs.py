"""Issue 9.4 and 9.8: no command writes onto a project, its -wal, -shm or journal.

A holder process keeps the project open with 10 committed quotes while the CLI is aimed at
the project's own files; every such call is refused with a reason, and every quote is there
afterwards (read by a fresh process) with `check` still ok.
"""

from __future__ import annotations

import pytest

from tests.briefer_cli import run_cli, start_cli
from .children import fresh_rows, no_traceback, read_line, spawn

HOLDER = """
    import sys
    from briefer.core.store import Project
    p = Project.open(sys.argv[1])
    doc = p.documents.list()[0].id
    for i in range(10):
        p.quotes.add(doc, 10 * i, 10 * i + 8, themes=["Kept"])
    print("ready", flush=True)
    sys.stdin.readline()
"""


@pytest.fixture
def held(project_path):
    from briefer.core.store import Project
    from briefer.paths import seed_files

    with Project.open(project_path) as p:
        p.documents.import_files(seed_files()[:1])
    holder = spawn(HOLDER, project_path)
    assert read_line(holder) == "ready"
    yield project_path
    holder.stdin.write("bye\n")
    holder.stdin.flush()
    holder.wait(timeout=30)


def _targets(p):
    return {"project": p, "wal": p.with_name(p.name + "-wal"), "shm": p.with_name(p.name + "-shm"),
            "journal": p.with_name(p.name + "-journal")}


@pytest.mark.parametrize("which", ["project", "wal", "shm", "journal"])
def test_outputs_aimed_at_the_project_are_refused(held, which, tmp_path):
    target = _targets(held)[which]
    calls = [("export", "--out", target), ("backup", "--out", target),
             ("brief", "--html", target, "--out", tmp_path / "b.pdf", "--engine", "qt")]
    for args in calls:
        proc = run_cli(*args, "--project", held)
        no_traceback(proc)
        assert proc.returncode != 0, (args, proc.stdout)
        assert ("Briefer project" in proc.stderr or "belongs to the project" in proc.stderr
                or "project itself" in proc.stderr), proc.stderr
    assert len(fresh_rows(held, "SELECT id FROM quotes")) == 10
    check = run_cli("check", "--project", held)
    assert check.returncode == 0 and check.stdout.strip() == "ok", check.stderr


def test_backup_onto_another_project_is_refused(held, tmp_path):
    other = tmp_path / "other.briefer"
    assert run_cli("backup", "--out", other, "--project", held).returncode == 0
    again = run_cli("backup", "--out", other, "--project", held)
    assert again.returncode != 0 and "--overwrite" in again.stderr
    no_traceback(again)
    assert run_cli("backup", "--out", other, "--overwrite", "--project", held).returncode == 0
    assert len(fresh_rows(other, "SELECT id FROM quotes")) == 10


def test_two_backups_to_one_target_never_mix(held, tmp_path):
    target = tmp_path / "copy.db"
    procs = [start_cli("backup", "--out", target, "--overwrite", "--project", held)
             for _ in range(2)]
    outs = [p.communicate(timeout=60) for p in procs]
    assert not any("Traceback" in o[1] for o in outs)
    assert [p.returncode for p in procs] == [0, 0], outs
    assert len(fresh_rows(target, "SELECT id FROM quotes")) == 10
    assert not list(tmp_path.glob("*.part")), "a backup left its temporary file"
