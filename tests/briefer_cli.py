"""Running the ``briefer`` command line from tests, in a child process.

:func:`run_cli` runs ``python -m briefer ARGS`` as a second process with this checkout first on
its ``PYTHONPATH``: another process reading and writing the project's file, as the tests of the
store need (the ``run_main`` fixture of ``tests/conftest.py`` runs the command line in this
process instead). :func:`cli_ok` is a call that must succeed, :func:`cli_json` one whose
``--json`` output is read; :func:`start_cli` starts one without waiting (for children that
run at the same time, or are killed).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

Env = dict[str, str | None]


def run_cli(*args: object, project: str | os.PathLike | None = None, env: Env | None = None,
            timeout: float = 300, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """``briefer ARGS`` (then ``--project PROJECT`` when given) in a child process, its output
    captured as text. ``env`` sets variables over this process's (None removes one); other
    keyword arguments go to ``subprocess.run`` (``input``, ``errors``, ``preexec_fn``…)."""
    return subprocess.run(_argv(args, project), capture_output=True, text=True, timeout=timeout,
                          env=_environment(env), **kwargs)


def cli_ok(*args: object, **kwargs: Any) -> str:
    """The output of ``run_cli(*args, **kwargs)``, which must succeed."""
    proc = run_cli(*args, **kwargs)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def cli_json(*args: object, **kwargs: Any) -> Any:
    """The JSON that ``cli_ok(*args, "--json", **kwargs)`` prints."""
    return json.loads(cli_ok(*args, "--json", **kwargs))


def start_cli(*args: object, project: str | os.PathLike | None = None, env: Env | None = None,
              **kwargs: Any) -> subprocess.Popen:
    """``briefer ARGS`` started in a child process as ``run_cli`` runs it, not waited for;
    its output is piped, as text, unless ``kwargs`` say otherwise (``subprocess.Popen``'s)."""
    kwargs = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, "text": True, **kwargs}
    return subprocess.Popen(_argv(args, project), env=_environment(env), **kwargs)


def _argv(args: tuple[object, ...], project: str | os.PathLike | None) -> list[str]:
    # bytes (a name that is not UTF-8) as the str that subprocess encodes back to them
    argv = [sys.executable, "-m", "briefer",
            *(os.fsdecode(a) if isinstance(a, bytes) else str(a) for a in args)]
    if project is not None:
        argv += ["--project", os.fspath(project)]
    return argv


def _environment(env: Env | None) -> dict[str, str]:
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(
        filter(None, (str(ROOT), os.environ.get("PYTHONPATH"))))}
    for key, value in (env or {}).items():
        if value is None:
            environment.pop(key, None)
        else:
            environment[key] = value
    return environment
