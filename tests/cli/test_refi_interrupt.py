"""``briefer import-refi`` on a large file, in a child process on a terminal: it shows its
progress on stderr, and Ctrl+C (a real SIGINT) while it checks or while it writes leaves
the project exactly as it was (read back through a fresh connection), with a clear message
and exit status 130."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from briefer.core.store import Project
from briefer.project import open_project
from tests.briefer_cli import start_cli

SOURCES, SELECTIONS = 60, 50
WORDS = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel")


def _large_qdpx(path: Path) -> Path:
    """A project of SOURCES sources with SELECTIONS coded selections each."""
    g = "{:08X}-0000-4000-8000-{:012X}".format
    codes = "".join(f'<Code guid="{g(1, n)}" name="Theme {n}" isCodable="true"/>'
                    for n in range(20))
    sources, files = [], {}
    for s in range(SOURCES):
        # short selections: the quotes' language is the document's, no detection needed
        sentences = [f"Item {s}-{k} {WORDS[k % 8]} {WORDS[(k + s) % 8]}. "
                     for k in range(SELECTIONS)]
        text = "".join(sentences)
        sels, pos = [], 0
        for k, sentence in enumerate(sentences):
            end = pos + len(sentence) - 1
            sels.append(f'<PlainTextSelection guid="{g(3, s * 1000 + k)}" '
                        f'name="{sentence.strip()}" startPosition="{pos}" endPosition="{end}">'
                        f'<Coding guid="{g(4, s * 1000 + k)}"><CodeRef targetGUID='
                        f'"{g(1, k % 20)}"/></Coding></PlainTextSelection>')
            pos += len(sentence)
        files[f"sources/{g(2, s)}.txt"] = text
        sources.append(f'<TextSource guid="{g(2, s)}" name="Source {s}" '
                       f'plainTextPath="internal://{g(2, s)}.txt">{"".join(sels)}</TextSource>')
    qde = (f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" '
           f'name="big" origin="MAXQDA 24"><CodeBook><Codes>{codes}</Codes></CodeBook>'
           f'<Sources>{"".join(sources)}</Sources></Project>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("project.qde", qde)
        for name, text in files.items():
            zf.writestr(name, text)
    return path


def _state(path: Path) -> dict:
    """Every table's row count and the documents and quotes, through a fresh connection."""
    with Project.open(path, create=False) as p:
        tables = [r[0] for r in p.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        counts = {t: p.db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        assert p.check() == []
        return {"counts": counts, "docs": [d.sha256 for d in p.documents.list()],
                "quotes": [q.row() for q in p.quotes.list()]}


def _run_on_terminal(project: Path, qdpx: Path, interrupt_when: str | None):
    """Run the import with stderr on a pseudo-terminal; send SIGINT when a progress line
    containing ``interrupt_when`` has been shown. (exit status, stderr as text)"""
    master, slave = pty.openpty()
    proc = start_cli(
        "import-refi", "--project", project, qdpx, stdin=subprocess.DEVNULL, stderr=slave,
        text=False,
        # a test runner may have been started with SIGINT ignored; the user's shell has not
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    os.close(slave)
    seen, sent, deadline = b"", False, time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:        # EIO: the child has exited and closed the terminal
                chunk = b""
            if not chunk:
                break
            seen += chunk
        if interrupt_when and not sent and interrupt_when.encode() in seen:
            proc.send_signal(signal.SIGINT)
            sent = True
    proc.wait(timeout=60)
    proc.stdout.close()
    os.close(master)
    return proc.returncode, seen.decode("utf-8", "replace")


@pytest.fixture(scope="module")
def qdpx(tmp_path_factory):
    return _large_qdpx(tmp_path_factory.mktemp("refi") / "big.qdpx")


@pytest.fixture
def project(tmp_path):
    path = tmp_path / "p.briefer"
    with open_project(path, seed=False) as p:
        p.documents.add("Something the analyst had already.", title="Before")
    return path


@pytest.mark.parametrize("step", ["sources checked", "sources written"])
def test_ctrl_c_leaves_the_project_unchanged(qdpx, project, step):
    before = _state(project)
    code, err = _run_on_terminal(project, qdpx, interrupt_when=f"/ {SOURCES:,} {step}")
    assert code == 130, err[-2000:]
    assert f"Interrupted: nothing was imported from {qdpx.name}; the project is unchanged." \
        in err
    assert "Traceback" not in err
    assert _state(project) == before


def test_progress_is_shown_and_the_import_completes(qdpx, project):
    code, err = _run_on_terminal(project, qdpx, interrupt_when=None)
    assert code == 0, err[-2000:]
    for step in ("checked", "written"):
        assert f"/ {SOURCES:,} sources {step}" in err
    assert f"{SOURCES:,} / {SOURCES:,} sources written" in err
    after = _state(project)
    assert after["counts"]["quotes"] == SOURCES * SELECTIONS
    assert len(after["docs"]) == SOURCES + 1


#: The command line in a child process, with Ctrl+C landing just after the import committed.
LATE_CTRL_C = """
import sys
from briefer.core import refi_import
real = refi_import.import_refi
def committed_then_interrupted(*args, **kwargs):
    real(*args, **kwargs)
    raise KeyboardInterrupt
refi_import.import_refi = committed_then_interrupted
from briefer.cli import main
sys.argv = ["briefer", "import-refi", "--project", sys.argv[1], sys.argv[2]]
raise SystemExit(main())
"""


def test_ctrl_c_after_an_import_that_only_filled_the_brief_says_it_was_written(tmp_path):
    """A file whose only news is the brief's sections (settings): Ctrl+C after the commit
    must not claim that nothing was imported."""
    from briefer.core.refi_export import export_qdpx
    from briefer.core.refi_import import import_refi

    ours = tmp_path / "ours.briefer"
    with open_project(tmp_path / "theirs.briefer", seed=False) as theirs:
        (tmp_path / "first.qdpx").write_bytes(export_qdpx(theirs)[0])
        with open_project(ours, seed=False) as project:      # ours has all the rest
            import_refi(project, tmp_path / "first.qdpx")
        theirs.settings.set(summary="Ports stay shut.", gaps="- Who ordered it")
        (tmp_path / "brief.qdpx").write_bytes(export_qdpx(theirs)[0])
    proc = subprocess.run([sys.executable, "-c", LATE_CTRL_C, str(ours),
                           str(tmp_path / "brief.qdpx")], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 130, proc.stderr
    assert "the import had finished; it was written in full" in proc.stderr, proc.stderr
    with Project.open(ours, create=False) as project:
        assert project.settings.value("summary") == "Ports stay shut."
