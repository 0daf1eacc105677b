"""Import from a URL: a local HTTP server on 127.0.0.1 only; the import runs in the CLI."""

from __future__ import annotations

import http.server
import json
import threading
from pathlib import Path

import pytest

from briefer.core import fetch
from tests.briefer_cli import run_cli

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = (ROOT / "tests" / "fixtures" / "web" / "en-harbour.html").read_bytes()


class Handler(http.server.BaseHTTPRequestHandler):
    release = threading.Event()

    def log_message(self, *args):  # keep the test output clean
        pass

    def do_GET(self):
        if self.path == "/article":
            self._send(200, ARTICLE, "text/html; charset=utf-8")
        elif self.path.startswith("/hop"):
            n = int(self.path[4:] or 0)
            self.send_response(302)
            self.send_header("Location", f"/hop{n + 1}" if n < 30 else "/article")
            self.end_headers()
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/article")
            self.end_headers()
        elif self.path == "/big":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(50 * 1024 * 1024))
            self.end_headers()
        elif self.path == "/slow":
            self.release.wait(30)   # answers only when the test is over
        else:
            self._send(404, b"<h1>Not found</h1>", "text/html")

    def _send(self, code: int, body: bytes, ctype: str):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server():
    Handler.release = threading.Event()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    Handler.release.set()
    httpd.shutdown()
    httpd.server_close()


#: The child fetches from the test's server directly.
NO_PROXY = {"http_proxy": None, "HTTP_PROXY": None}


def test_cli_imports_a_url_and_stores_the_url_and_access_date(server, tmp_path):
    project = str(tmp_path / "p.briefer")
    proc = run_cli("import", "--project", project, "--json", f"{server}/moved", env=NO_PROXY)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)[0]["status"] == "added"
    shown = json.loads(run_cli("doc", "show", "--project", project, "--json", f"{server}/moved",
                               env=NO_PROXY).stdout)
    assert shown["title"] == "Port authority halts night shipments after crane failure"
    assert shown["url"] == "https://www.harbourcourier.example/news/2026/03/04/port-night-shipments"
    assert shown["accessed"] and len(shown["accessed"]) == 10
    text = run_cli("doc", "show", "--project", project, "--text", shown["id"], env=NO_PROXY).stdout
    assert "Skip to main content" not in text and "crane operators" in text
    again = run_cli("import", "--project", project, "--json", f"{server}/moved", env=NO_PROXY)
    assert json.loads(again.stdout)[0]["status"] == "unchanged"


def test_http_errors_are_clear_and_the_batch_goes_on(server, tmp_path):
    project = str(tmp_path / "p.briefer")
    proc = run_cli("import", "--project", project, f"{server}/missing", f"{server}/article",
                   env=NO_PROXY)
    assert proc.returncode != 0
    assert f"Cannot fetch {server}/missing: the server answered 404 Not Found." in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout.startswith("added")


def test_too_many_redirects_are_refused(server):
    with pytest.raises(fetch.FetchFailed) as info:
        fetch.fetch(f"{server}/hop0")
    assert "too many redirects" in str(info.value)


def test_a_page_over_the_size_limit_is_refused_with_its_size(server):
    with pytest.raises(fetch.FetchFailed) as info:
        fetch.fetch(f"{server}/big")
    assert "the page is 50.0 MB" in str(info.value) and "over the 20.0 MB limit" in str(info.value)


def test_a_server_that_does_not_answer_times_out(server):
    with pytest.raises(fetch.FetchFailed) as info:
        fetch.fetch(f"{server}/slow", timeout=0.5)
    assert "no answer within 0.5 s" in str(info.value)


def test_nothing_but_http_is_fetched():
    with pytest.raises(fetch.FetchFailed) as info:
        fetch.fetch("file:///etc/passwd")
    assert "only http:// and https://" in str(info.value)


def test_an_unreachable_host_is_a_clear_error():
    with pytest.raises(fetch.FetchFailed) as info:
        fetch.fetch("http://127.0.0.1:9/", timeout=5)
    assert str(info.value).startswith("Cannot fetch http://127.0.0.1:9/:")
    assert "refused" in str(info.value).lower()
