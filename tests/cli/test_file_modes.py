"""Exports follow the umask like any new file (made to be handed on); a backup stays private."""

from __future__ import annotations

import os
import stat
from functools import partial

import pytest

from tests.briefer_cli import run_cli


@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_exports_get_the_umasks_mode_and_a_backup_stays_private(tmp_path, umask):
    project = tmp_path / "p.briefer"
    assert run_cli("actor", "add", "Foo", project=project,
                   preexec_fn=partial(os.umask, 0o022)).returncode == 0
    for fmt in ("w3c", "csv", "codebook-csv", "qdpx"):
        out = tmp_path / f"out-{fmt}"
        done = run_cli("export", "--format", fmt, "--out", out, project=project,
                       preexec_fn=partial(os.umask, umask))
        assert done.returncode == 0, done.stderr
        assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask, fmt
    backup = tmp_path / "copy.briefer"
    assert run_cli("backup", "--out", backup, project=project,
                   preexec_fn=partial(os.umask, umask)).returncode == 0
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
