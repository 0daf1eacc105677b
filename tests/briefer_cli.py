"""Running the ``briefer`` command line from tests, in a child process.

:func:`run_cli` runs ``python -m briefer ARGS`` as a second process with this checkout first on
its ``PYTHONPATH``: another process reading and writing the project's file, as the tests of the
store need (the ``run_main`` fixture of ``tests/conftest.py`` runs the command line in this
process instead). :func:`cli_ok` is a call that must succeed, :func:`cli_json` one whose
``--json`` output is read.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def run_cli(*args: object, project: str | os.PathLike | None = None,
            env: dict[str, str | None] | None = None, timeout: float = 120,
            **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """``briefer ARGS`` (then ``--project PROJECT`` when given) in a child process, its output
    captured as text. ``env`` sets variables over this process's (None removes one); other
    keyword arguments go to ``subprocess.run`` (``input``, ``errors``, ``preexec_fn``…)."""
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(
        filter(None, (str(ROOT), os.environ.get("PYTHONPATH"))))}
    for key, value in (env or {}).items():
        if value is None:
            environment.pop(key, None)
        else:
            environment[key] = value
    argv = [sys.executable, "-m", "briefer", *map(_argument, args)]
    if project is not None:
        argv += ["--project", os.fspath(project)]
    return subprocess.run(argv, capture_output=True, text=True, timeout=timeout,
                          env=environment, **kwargs)


def cli_ok(*args: object, **kwargs: Any) -> str:
    """The output of ``run_cli(*args, **kwargs)``, which must succeed."""
    proc = run_cli(*args, **kwargs)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def cli_json(*args: object, **kwargs: Any) -> Any:
    """The JSON that ``cli_ok(*args, "--json", **kwargs)`` prints."""
    return json.loads(cli_ok(*args, "--json", **kwargs))


def _argument(value: object) -> str:
    # bytes (a file name that is not UTF-8) as the str that subprocess encodes back to them
    return os.fsdecode(value) if isinstance(value, bytes) else str(value)
