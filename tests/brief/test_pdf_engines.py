"""Which engine writes the brief: Qt when wkhtmltopdf is missing or named wrongly, a hung or
failing wkhtmltopdf stopped and reported (with the way out), and wkhtmltopdf reading no file
and no network. Its resources and process group: ``test_engine_bounds.py``."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from briefer.brief.compile import NOT_FOUND_NOTICE, EngineError, compile_brief
from briefer.brief.model import BriefOptions

from .conftest import fake_wkhtmltopdf, pdftotext


def test_missing_wkhtmltopdf_falls_back_to_qt(demo_project, no_wkhtmltopdf, tmp_path):
    out = tmp_path / "brief.pdf"
    result = compile_brief(demo_project, out, BriefOptions(), engine="auto")
    assert result.engine_used == "qt" and result.notice == NOT_FOUND_NOTICE
    assert "Page 1 of" in pdftotext(out, page=1)
    with pytest.raises(EngineError, match="wkhtmltopdf was not found"):
        compile_brief(demo_project, tmp_path / "other.pdf", BriefOptions(), engine="wkhtmltopdf")
    assert not (tmp_path / "other.pdf").exists()


def test_named_wkhtmltopdf_that_does_not_exist(demo_project, tmp_path):
    missing = tmp_path / "nowhere" / "wkhtmltopdf"
    result = compile_brief(demo_project, tmp_path / "a.pdf", wkhtmltopdf=missing)
    assert result.engine_used == "qt" and str(missing) in result.notice
    with pytest.raises(EngineError, match="not found"):
        compile_brief(demo_project, tmp_path / "b.pdf", engine="wkhtmltopdf", wkhtmltopdf=missing)


@pytest.mark.skipif(os.name != "posix", reason="fake wkhtmltopdf is a shell script")
def test_hung_wkhtmltopdf_is_stopped(demo_project, tmp_path):
    pidfile = tmp_path / "pid"
    exe = fake_wkhtmltopdf(tmp_path, f'echo $$ > "{pidfile}"\nsleep 120 &\n'
                                     f'echo $! >> "{pidfile}"\nwait\n')
    folder = tmp_path / "out"
    with pytest.raises(EngineError, match=r"did not finish within 1 s.*--engine qt"):
        compile_brief(demo_project, folder / "brief.pdf", engine="wkhtmltopdf", wkhtmltopdf=exe,
                      timeout=1)
    assert list(folder.iterdir()) == []                    # no PDF, no partial file
    for pid in map(int, pidfile.read_text().split()):      # the whole process group is gone
        for _ in range(50):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            if Path(f"/proc/{pid}/stat").exists() and \
                    Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] == "Z":
                break                                       # a zombie: dead, not yet reaped
            time.sleep(0.1)
        else:
            pytest.fail(f"process {pid} still runs")
    result = compile_brief(demo_project, folder / "brief.pdf", engine="auto", wkhtmltopdf=exe,
                           timeout=1)
    assert result.engine_used == "qt" and "did not finish" in result.notice


@pytest.mark.skipif(os.name != "posix", reason="fake wkhtmltopdf is a shell script")
def test_failing_wkhtmltopdf_is_reported(demo_project, tmp_path):
    exe = fake_wkhtmltopdf(tmp_path, 'echo "Error: Failed to load page, with network status '
                                     'code 3" >&2\nexit 1\n')
    with pytest.raises(EngineError, match=r"exit code 1.*Failed to load page.*--engine qt"):
        compile_brief(demo_project, tmp_path / "brief.pdf", engine="wkhtmltopdf", wkhtmltopdf=exe)
    assert not (tmp_path / "brief.pdf").exists()


def test_wkhtmltopdf_reads_no_file_and_no_network(wkhtmltopdf_exe, tmp_path):
    """Defence in depth: even unescaped markup (which the brief never contains) reaches
    neither local files nor the network, and runs no JavaScript."""
    import socket

    from briefer.brief.wkhtml import run_wkhtmltopdf

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.setblocking(False)
    port = server.getsockname()[1]
    page = tmp_path / "raw.html"
    page.write_text(f"""<html><body><p>visible</p>
        <iframe src="file:///etc/passwd" width="500" height="300"></iframe>
        <img src="http://127.0.0.1:{port}/x.png">
        <link rel="stylesheet" href="http://127.0.0.1:{port}/s.css">
        <script>document.write("JAVASCRIPT RAN")</script></body></html>""", encoding="utf-8")
    out = tmp_path / "raw.pdf"
    try:
        run_wkhtmltopdf(Path(wkhtmltopdf_exe), page, out, timeout=60)
        with pytest.raises(BlockingIOError):
            server.accept()
    finally:
        server.close()
    text = pdftotext(out)
    assert "visible" in text
    assert "root:" not in text and "JAVASCRIPT RAN" not in text
