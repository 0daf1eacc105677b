"""Exports follow the umask like any new file (made to be handed on); a backup stays private."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest


def _run(umask: int, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "briefer", *args], capture_output=True,
                          text=True, timeout=120, preexec_fn=lambda: os.umask(umask))


@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_exports_get_the_umasks_mode_and_a_backup_stays_private(tmp_path, umask):
    project = tmp_path / "p.briefer"
    assert _run(0o022, "actor", "add", "Foo", "--project", str(project)).returncode == 0
    for fmt in ("w3c", "csv", "codebook-csv", "qdpx"):
        out = tmp_path / f"out-{fmt}"
        done = _run(umask, "export", "--format", fmt, "--out", str(out), "--project", str(project))
        assert done.returncode == 0, done.stderr
        assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask, fmt
    backup = tmp_path / "copy.briefer"
    assert _run(umask, "backup", "--out", str(backup), "--project", str(project)).returncode == 0
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
