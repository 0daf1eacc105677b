"""Issue 9.5: a project that cannot be written can still be read, and a full disk is called
a full disk. Uses a real read-only mount, an immutable file and a full tmpfs (the suite runs
as root; where mounting is not allowed the reason is given in the skip)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from briefer.core.store import Project

from tests.briefer_cli import run_cli
from .children import no_traceback


def _mount_tmpfs(where, *options):
    where.mkdir(parents=True, exist_ok=True)
    opts = ",".join(("size=16m", *options))
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", opts, "tmpfs", str(where)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    return where


def _umount(where):
    subprocess.run(["umount", "-l", str(where)], capture_output=True)


@pytest.fixture
def demo_copy(tmp_path):
    from briefer.paths import seed_files

    src = tmp_path / "src.briefer"
    with Project.open(src) as p:
        p.documents.import_files(seed_files()[:2])
        doc = p.documents.list()[0].id
        p.quotes.add(doc, 0, 12, themes=["Read only"])
    return src


@pytest.fixture
def read_only_mount(tmp_path, demo_copy):
    where = _mount_tmpfs(tmp_path / "ro")
    shutil.copy(demo_copy, where / "p.briefer")
    subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True)
    yield where / "p.briefer"
    _umount(where)


@pytest.mark.parametrize("command", [["docs"], ["quotes"], ["check"], ["actors"]])
def test_read_only_mount_is_readable(read_only_mount, command, tmp_path):
    proc = run_cli(*command, "--project", read_only_mount)
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    assert "damaged" not in proc.stderr and "restore" not in proc.stderr
    assert "read-only" in proc.stderr


def test_read_only_mount_backup_and_refused_write(read_only_mount, tmp_path):
    out = tmp_path / "copy.briefer"
    assert run_cli("backup", "--out", out, "--project", read_only_mount).returncode == 0
    with Project.open(out) as copy:
        assert len(copy.quotes.list()) == 1
    doc = Project.open(read_only_mount).documents.list()[0].id
    write = run_cli("annotate", "--doc", doc, "--start", "0", "--end", "5", "--project",
                    read_only_mount)
    no_traceback(write)
    assert write.returncode != 0 and "read-only" in write.stderr


def test_immutable_file_is_readable(demo_copy):
    done = subprocess.run(["chattr", "+i", str(demo_copy)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"chattr +i is not allowed here: {done.stderr.strip()}")
    try:
        proc = run_cli("quotes", "--json", "--project", demo_copy)
        no_traceback(proc)
        assert proc.returncode == 0 and "read-only" in proc.stderr, proc.stderr
        assert '"Read only"' in proc.stdout
    finally:
        subprocess.run(["chattr", "-i", str(demo_copy)])


def test_full_disk_is_called_full_not_damaged(tmp_path, demo_copy):
    where = _mount_tmpfs(tmp_path / "full", "size=1m")
    try:
        target = where / "p.briefer"
        shutil.copy(demo_copy, target)
        subprocess.run(["dd", "if=/dev/zero", f"of={where / 'filler'}", "bs=4k"],
                       capture_output=True)
        doc = Project.open(target).documents.list()[0].id
        big = run_cli("annotate", "--doc", doc, "--start", "0", "--end", "30", "--note",
                      "x" * 50_000, "--project", target)
        no_traceback(big)
        assert big.returncode != 0
        assert "damaged" not in big.stderr and "restore" not in big.stderr, big.stderr
        assert "full" in big.stderr, big.stderr
        (where / "filler").unlink()
        check = run_cli("check", "--project", target)
        assert check.returncode == 0 and check.stdout.strip() == "ok", check.stderr
    finally:
        _umount(where)


def test_an_older_file_on_a_read_only_mount_is_checked(tmp_path):
    """A schema 7 file Briefer cannot upgrade (no count tables yet): ``briefer check`` checks
    it, read-only, without a traceback."""
    from tests.core.test_link_counts import old_project

    src = tmp_path / "v7.briefer"
    old_project(src)
    where = _mount_tmpfs(tmp_path / "ro-old")
    try:
        shutil.copy(src, where / "v7.briefer")
        subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True)
        proc = run_cli("check", "--project", where / "v7.briefer")
        no_traceback(proc)
        assert proc.returncode == 0, proc.stderr
        assert "read-only" in proc.stderr and proc.stdout.strip() == "ok"
    finally:
        _umount(where)
