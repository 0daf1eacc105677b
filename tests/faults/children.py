"""Child processes for the faults suite: small Python writers and readers, run for real (the
command line in a child process: ``tests.briefer_cli.run_cli``)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

PYTHON = sys.executable


def spawn(code: str, *args: str) -> subprocess.Popen:
    """Start ``python -c CODE ARGS`` with pipes; the code may print and read lines."""
    return subprocess.Popen([PYTHON, "-c", textwrap.dedent(code), *map(str, args)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ})


def read_line(proc: subprocess.Popen, timeout: float = 60) -> str:
    """The child's next line of output (fails the test if it ends or goes quiet).

    A thread per child reads its lines into a queue: a select() on the pipe would miss
    lines already pulled into the reader's buffer.
    """
    import queue
    import threading

    lines = getattr(proc, "_lines", None)
    if lines is None:
        lines = proc._lines = queue.Queue()

        def pump():
            for line in proc.stdout:
                lines.put(line.rstrip("\n"))
            lines.put(None)
        threading.Thread(target=pump, daemon=True).start()
    try:
        line = lines.get(timeout=timeout)
    except queue.Empty:
        raise AssertionError("child said nothing in time") from None
    if line is None:
        raise AssertionError(f"child ended early: {proc.stderr.read()[-2000:]}")
    return line


def tell(proc: subprocess.Popen, line: str = "go") -> None:
    proc.stdin.write(line + "\n")
    proc.stdin.flush()


def fresh_rows(path: Path, sql: str) -> list[tuple]:
    """Rows read through a brand-new connection in a child process (no shared state)."""
    code = """
        import json, sqlite3, sys
        conn = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True, timeout=10)
        print(json.dumps(conn.execute(sys.argv[2]).fetchall()))
    """
    out = subprocess.run([PYTHON, "-c", textwrap.dedent(code), str(path), sql],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    import json

    return [tuple(r) for r in json.loads(out.stdout)]


def copy_as_crashed(path: Path, dest: Path) -> Path:
    """What a SIGKILL would leave on disk: the file and its -wal/-shm as they are now,
    copied by another process (``cp``), so no descriptor of this process is closed."""
    dest.mkdir(parents=True, exist_ok=True)
    names = [path.name + s for s in ("", "-wal",
                                     "-shm") if (path.parent / (path.name + s)).exists()]
    subprocess.run(["cp", "-p", *[str(path.parent / n) for n in names], str(dest)], check=True)
    return dest / path.name


def no_traceback(proc: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]


def remaining_lines(proc: subprocess.Popen, timeout: float = 30) -> list[str]:
    """Every line the child printed after the last ``read_line``, once it has ended."""
    found = []
    while True:
        try:
            found.append(read_line(proc, timeout))
        except AssertionError as exc:
            if "ended early" in str(exc):
                return found
            raise
