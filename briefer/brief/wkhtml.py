"""The wkhtmltopdf engine: find the program, run it locked down, with a time-out.

pdfkit builds the command line (from our options only: the HTML is handed over as a
file, so pdfkit never reads ``<meta name="pdfkit-…">`` options out of it), but we run
the process ourselves: pdfkit has no time-out and a hung wkhtmltopdf would hang the
export. The process gets its own process group, which is killed on time-out or cancel.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from typing import Any
from functools import lru_cache
from pathlib import Path

import pdfkit

from ..core.errors import BrieferError

ENV_VAR = "BRIEFER_WKHTMLTOPDF"
#: The time-out grows with the brief: BASE_TIMEOUT + PER_QUOTE_TIMEOUT × quotes (seconds).
#: Measured: 1,000 quotes take ~3 s, so 50,000 quotes (~150 s) get 60 + 1,000 s.
BASE_TIMEOUT = 60.0
PER_QUOTE_TIMEOUT = 0.02
DEFAULT_TIMEOUT = BASE_TIMEOUT
#: Of wkhtmltopdf's output only the last this many bytes are kept (for the message).
OUTPUT_TAIL = 64 * 1024
UNPATCHED_ZOOM = 1.3
#: Ends the message of a failed run: the other engine is there to use.
QT_HINT = " Try the built-in Qt engine (--engine qt)."
#: Page margins in millimetres (top, right, bottom, left): room for the stamped furniture.
MARGINS_MM = (20, 16, 18, 16)
OPTIONS = {
    "quiet": "",
    "encoding": "utf-8",
    "page-size": "A4",
    "orientation": "Portrait",
    "margin-top": f"{MARGINS_MM[0]}mm",
    "margin-right": f"{MARGINS_MM[1]}mm",
    "margin-bottom": f"{MARGINS_MM[2]}mm",
    "margin-left": f"{MARGINS_MM[3]}mm",
    "print-media-type": "",
    "disable-javascript": "",
    "disable-local-file-access": "",
    "disable-external-links": "",
    "disable-smart-shrinking": "",
    "dpi": "96",
    "image-dpi": "300",
    "load-error-handling": "ignore",
    "load-media-error-handling": "ignore",
    # No network: any request would go to a proxy on the discard port, which refuses it.
    "proxy": "http://127.0.0.1:9",
}


class EngineError(BrieferError):
    """A PDF engine could not make the brief (missing, failed, hung, cancelled)."""


class Cancelled(BrieferError):
    """The user stopped the export."""


def brief_timeout(quotes: int) -> float:
    """The time-out for typesetting a brief of ``quotes`` quotes (see PER_QUOTE_TIMEOUT)."""
    return BASE_TIMEOUT + PER_QUOTE_TIMEOUT * max(0, quotes)


def find_wkhtmltopdf(explicit: str | os.PathLike | None = None) -> Path | None:
    """The wkhtmltopdf to use: ``explicit``, else ``$BRIEFER_WKHTMLTOPDF``, else PATH.

    An explicit path (or the environment variable) that is not an executable file
    raises ``EngineError``: the user asked for that program, so silence would mislead.
    """
    for given, where in ((explicit, "given"), (os.environ.get(ENV_VAR), f"named by ${ENV_VAR}")):
        if given:
            path = Path(given).expanduser()
            if path.is_file() and os.access(path, os.X_OK):
                return path
            found = shutil.which(str(given))
            if found:
                return Path(found)
            raise EngineError(f"wkhtmltopdf {where} ({path}) was not found or cannot be run.")
    found = shutil.which("wkhtmltopdf")
    return Path(found) if found else None


@lru_cache(maxsize=8)
def css_zoom(exe: str | os.PathLike) -> float:
    """The CSS zoom that makes this wkhtmltopdf print sizes as specified.

    Builds against unpatched Qt (Debian's, "wkhtmltopdf 0.12.6") print at about 0.77
    of the CSS size and ignore --zoom/--dpi (measured): the page zooms itself instead.
    Builds "with patched qt" honour --disable-smart-shrinking and need no zoom.
    """
    try:
        code, output = run_bounded([str(exe), "--version"], timeout=10)
    except (OSError, TimedOut, Cancelled):
        return UNPATCHED_ZOOM
    version = output.decode("utf-8", "replace").lower()
    return 1.0 if "patched qt" in version else UNPATCHED_ZOOM


def build_command(exe: Path, html_path: Path, pdf_path: Path) -> list[str]:
    config = pdfkit.configuration(wkhtmltopdf=str(exe))
    kit = pdfkit.PDFKit(str(html_path), "file", options=dict(OPTIONS), configuration=config)
    return kit.command(str(pdf_path))


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    for key in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        env.pop(key, None)
    if sys.platform.startswith("linux"):
        env["QT_QPA_PLATFORM"] = "offscreen"      # no window, no X server needed
    return env


def _kill(proc: subprocess.Popen) -> None:
    """Kill ``proc`` and every process of its group (its children, their children)."""
    try:
        if os.name == "posix":
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
    except (ProcessLookupError, PermissionError, OSError):
        pass
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass


class TimedOut(Exception):
    """``run_bounded`` stopped a program that ran past its time-out."""


class _Tail(threading.Thread):
    """Reads a pipe to its end, keeping only the last ``limit`` bytes (bounded memory,
    however much the program writes)."""

    def __init__(self, pipe, limit: int = OUTPUT_TAIL):
        super().__init__(daemon=True)
        self.pipe, self.limit, self.data = pipe, limit, b""

    def run(self) -> None:
        try:
            while chunk := self.pipe.read1(self.limit) if hasattr(self.pipe, "read1") \
                    else self.pipe.read(self.limit):
                self.data = (self.data + chunk)[-self.limit:]
        except (OSError, ValueError):
            pass


def run_bounded(cmd: list[str], *, timeout: float, cancelled=None,
                cwd: str | None = None) -> tuple[int, bytes]:
    """Run ``cmd`` in a process group of its own; return (exit code, last output).

    stdout and stderr are read together and only their last ``OUTPUT_TAIL`` bytes kept.
    On time-out (``TimedOut``) or cancel (``Cancelled``) the whole group is killed, so no
    child the program started outlives it. ``OSError`` if it cannot be started.
    """
    popen_args: dict[str, Any] = dict(stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                      stderr=subprocess.STDOUT, env=_child_env(), cwd=cwd)
    if os.name == "posix":
        popen_args["start_new_session"] = True
    else:
        popen_args["creationflags"] = getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0) | \
            getattr(subprocess, "CREATE_NO_WINDOW", 0)
    proc = subprocess.Popen(cmd, **popen_args)
    tail = _Tail(proc.stdout)
    tail.start()
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                proc.wait(timeout=0.2)
                break
            except subprocess.TimeoutExpired:
                if cancelled is not None and cancelled():
                    raise Cancelled("The brief was cancelled; no PDF was written.") from None
                if time.monotonic() > deadline:
                    raise TimedOut() from None
    except BaseException:
        _kill(proc)
        raise
    finally:
        if proc.returncode is not None and os.name == "posix":
            try:                  # the program is done: nothing of its group may stay
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError, OSError):
                pass
        tail.join(timeout=5)
        if proc.stdout is not None:
            proc.stdout.close()
    return proc.returncode, tail.data


def run_wkhtmltopdf(exe: Path, html_path: Path, pdf_path: Path, *,
                    timeout: float = DEFAULT_TIMEOUT, cancelled=None) -> None:
    """Render ``html_path`` to ``pdf_path``; raise ``EngineError`` naming what went wrong."""
    cmd = build_command(Path(exe), Path(html_path), Path(pdf_path))
    try:
        code, output = run_bounded(cmd, timeout=timeout, cancelled=cancelled,
                                   cwd=str(Path(html_path).parent))
    except OSError as exc:
        raise EngineError(f"wkhtmltopdf ({exe}) could not be started: "
                          f"{exc.strerror or exc}.") from exc
    except TimedOut:
        raise EngineError(f"wkhtmltopdf ({exe}) did not finish within {timeout:g} s and was "
                          "stopped." + QT_HINT) from None
    message = _last_lines(output)
    if code != 0 and not _looks_like_pdf(pdf_path):
        what = f"was killed by signal {-code}" if code < 0 else f"failed (exit code {code})"
        raise EngineError(f"wkhtmltopdf ({exe}) {what}"
                          + (f": {message.rstrip('.')}." if message else ".") + QT_HINT)
    if not _looks_like_pdf(pdf_path):
        raise EngineError(f"wkhtmltopdf ({exe}) finished but wrote no PDF"
                          + (f": {message.rstrip('.')}." if message else ".")
                          + QT_HINT)


def _looks_like_pdf(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            head = fh.read(5)
            fh.seek(max(0, os.path.getsize(path) - 1024))
            tail = fh.read()
    except OSError:
        return False
    return head == b"%PDF-" and b"%%EOF" in tail


def _last_lines(data: bytes, count: int = 3, width: int = 300) -> str:
    lines = [line.strip()[-width:] for line in data.decode("utf-8", "replace").splitlines()]
    lines = [line for line in lines if line and "XDG_RUNTIME_DIR" not in line]
    return " / ".join(lines[-count:])
