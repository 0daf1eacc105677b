"""wkhtmltopdf run with bounded memory, its whole process group stopped, a time-out that
grows with the brief; no litter after any outcome; a killed brief leaves no half PDF."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from briefer.brief import wkhtml
from briefer.brief.compile import Cancelled, EngineError, compile_brief
from tests.briefer_cli import run_cli, start_cli

from .conftest import fake_wkhtmltopdf

pytestmark = pytest.mark.skipif(os.name != "posix", reason="fake wkhtmltopdf is a shell script")


def _group_members(pgid: int) -> list[int]:
    """Live (not zombie) processes whose process group is ``pgid``."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.append(int(entry.name))
    return members


def _wait_for(path: Path, proc: subprocess.Popen | None = None) -> None:
    """Block until ``path`` has content (the fake wrote it), polling without a fixed sleep."""
    import select
    import time

    deadline = time.monotonic() + 60
    while not (path.exists() and path.read_text().strip()):
        assert time.monotonic() < deadline, f"{path} never written"
        assert proc is None or proc.poll() is None, proc.communicate()
        select.select([], [], [], 0.05)


def test_output_is_read_bounded(tmp_path):
    """100 MB of output: only the last 64 KB are kept, the message names the last line."""
    exe = fake_wkhtmltopdf(tmp_path, "head -c 100000000 /dev/zero | tr '\\0' 'x' >&2\n"
                                     "echo >&2; echo 'Error: the last line' >&2; exit 1\n")
    script = textwrap.dedent(f"""
        import resource, sys
        from pathlib import Path
        from briefer.brief.wkhtml import run_wkhtmltopdf, EngineError
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        try:
            run_wkhtmltopdf(Path({str(exe)!r}), Path({str(tmp_path / 'a.html')!r}),
                            Path({str(tmp_path / 'a.pdf')!r}), timeout=600)
        except EngineError as exc:
            print(exc)
        grew = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
        print("grew-kb", grew)
    """)
    (tmp_path / "a.html").write_text("<p>x</p>")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(Path(wkhtml.__file__).parents[2])})
    assert done.returncode == 0, done.stderr
    message, grew = done.stdout.splitlines()
    assert "exit code 1" in message and "Error: the last line" in message
    assert len(message) < 1500
    assert int(grew.split()[1]) < 40_000, grew           # KB; unbounded reading took 200 MB+


def _ends(pid: int, within: float = 30) -> bool:
    """Whether process ``pid`` ends (or has ended): told by the kernel through a pidfd, so
    a SIGKILL on its way is waited for, not raced; ``within`` only bounds a failing wait."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        return bool(poller.poll(within * 1000))
    finally:
        os.close(fd)


def test_version_probe_leaves_no_child(tmp_path):
    pidfile = tmp_path / "pid"
    exe = fake_wkhtmltopdf(tmp_path, "exit 0\n",
                           version=f'sleep 300 & echo $! > "{pidfile}"; '
                                   'echo "wkhtmltopdf 0.12.6 (with patched qt)"; exit 0')
    wkhtml.css_zoom.cache_clear()
    assert wkhtml.css_zoom(str(exe)) == 1.0
    sleeper = int(pidfile.read_text())
    try:
        assert _ends(sleeper), "the probe's child still runs"
    finally:
        try:
            os.kill(sleeper, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _hanging(tmp_path: Path) -> tuple[Path, Path]:
    """A fake that writes its pid, forks a sleeping child (pid too) and waits."""
    pidfile = tmp_path / "pids"
    exe = fake_wkhtmltopdf(tmp_path, f'sleep 300 & echo "$$ $!" > "{pidfile}.tmp"; '
                                     f'mv "{pidfile}.tmp" "{pidfile}"; wait\n')
    return exe, pidfile


def test_cancel_kills_the_whole_group(demo_project, tmp_path):
    exe, pidfile = _hanging(tmp_path)
    with pytest.raises(Cancelled, match="cancelled; no PDF was written"):
        compile_brief(demo_project, tmp_path / "out" / "b.pdf", engine="wkhtmltopdf",
                      wkhtmltopdf=exe, cancelled=lambda: pidfile.exists())
    leader, _ = map(int, pidfile.read_text().split())
    assert _group_members(leader) == []
    assert not (tmp_path / "out" / "b.pdf").exists()


def test_timeout_kills_the_whole_group(demo_project, tmp_path):
    exe, pidfile = _hanging(tmp_path)
    with pytest.raises(EngineError, match="did not finish within 1 s"):
        compile_brief(demo_project, tmp_path / "b.pdf", engine="wkhtmltopdf", wkhtmltopdf=exe,
                      timeout=1)
    leader, _ = map(int, pidfile.read_text().split())
    assert _group_members(leader) == []


def test_timeout_grows_with_the_brief(demo_project, tmp_path, monkeypatch):
    assert wkhtml.brief_timeout(0) == wkhtml.BASE_TIMEOUT
    assert wkhtml.brief_timeout(50_000) >= 1000          # a 50,000-quote brief may finish
    seen = []
    import briefer.brief.compile as compile_mod

    monkeypatch.setattr(compile_mod, "run_wkhtmltopdf",
                        lambda exe, page, raw, timeout, cancelled: seen.append(timeout)
                        or (_ for _ in ()).throw(EngineError("stop here")))
    exe = fake_wkhtmltopdf(tmp_path, "exit 1\n")
    for given in (None, 7.5):
        with pytest.raises(EngineError, match="stop here"):
            compile_brief(demo_project, tmp_path / "b.pdf", engine="wkhtmltopdf",
                                   wkhtmltopdf=exe, timeout=given)
    quotes = len(demo_project.quotes.list(orphaned=False, excluded=False))   # what it prints
    assert seen == [wkhtml.brief_timeout(quotes), 7.5] and quotes > 0


def test_cli_timeout_overrides(demo_project, tmp_path):
    exe, pidfile = _hanging(tmp_path)
    path = str(demo_project.path)
    demo_project.close()
    done = run_cli("brief", "--project", path, "--out", tmp_path / "b.pdf", "--engine",
                   "wkhtmltopdf", "--wkhtmltopdf", exe, "--timeout", "1")
    assert done.returncode != 0
    assert "did not finish within 1 s" in done.stderr and "Traceback" not in done.stderr
    assert _group_members(int(pidfile.read_text().split()[0])) == []


# -- litter ------------------------------------------------------------------------------
@pytest.fixture
def own_tmpdir(tmp_path, monkeypatch):
    folder = tmp_path / "TMPDIR"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.mark.parametrize("outcome", ["success", "failure", "timeout", "cancel"])
def test_no_litter_after_any_outcome(demo_project, tmp_path, own_tmpdir, outcome):
    out = tmp_path / "out"
    out.mkdir()
    (out / "brief.pdf").write_bytes(b"%PDF-old")
    if outcome == "success":
        compile_brief(demo_project, out / "brief.pdf", engine="qt")
    elif outcome == "failure":
        with pytest.raises(EngineError, match="exit code 3"):
            compile_brief(demo_project, out / "brief.pdf", engine="wkhtmltopdf",
                          wkhtmltopdf=fake_wkhtmltopdf(tmp_path, "exit 3\n"))
    else:
        exe, pidfile = _hanging(tmp_path)
        with pytest.raises(
            Cancelled if outcome == "cancel" else EngineError,
            match="was cancelled; no PDF"
            if outcome == "cancel"
            else "did not finish within 1 s|exit code 3",
        ):
            compile_brief(
                demo_project,
                out / "brief.pdf",
                engine="wkhtmltopdf",
                wkhtmltopdf=exe,
                timeout=1,
                cancelled=(lambda: pidfile.exists()) if outcome == "cancel" else None,
            )
    assert sorted(p.name for p in out.iterdir()) == ["brief.pdf"]
    assert (out / "brief.pdf").read_bytes().startswith(b"%PDF-")
    assert ((out / "brief.pdf").read_bytes() == b"%PDF-old") == (outcome != "success")
    assert list(own_tmpdir.iterdir()) == []


def test_killed_brief_leaves_no_half_pdf(demo_project, tmp_path):
    """A brief process SIGKILLed while wkhtmltopdf runs: the old PDF stays as it was and
    no partial target appears."""
    exe, pidfile = _hanging(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "brief.pdf").write_bytes(b"%PDF-old")
    path = str(demo_project.path)
    demo_project.close()
    child = start_cli("brief", "--project", path, "--out", out / "brief.pdf", "--engine",
                      "wkhtmltopdf", "--wkhtmltopdf", exe, stdout=subprocess.DEVNULL, text=False)
    try:
        _wait_for(pidfile, child)
        child.kill()
        child.wait()
    finally:
        leader = int(pidfile.read_text().split()[0]) if pidfile.exists() else None
        if leader:                      # the orphaned fake: stop it ourselves
            os.killpg(leader, signal.SIGKILL)
    assert (out / "brief.pdf").read_bytes() == b"%PDF-old"
    assert [p.name for p in out.iterdir()] == ["brief.pdf"]
