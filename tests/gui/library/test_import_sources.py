"""The import preview (corrections before committing), Import from URL, and drops that
leave files out (said, never silent)."""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QMimeData, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog, QMessageBox

WEB = Path(__file__).resolve().parents[2] / "fixtures" / "web"


@pytest.fixture
def dialogs(monkeypatch):
    """Message boxes recorded (kind, title, text) instead of shown."""
    shown = []
    for kind in ("critical", "warning", "information"):
        def record(_parent, title, text, *args, kind=kind, **kwargs):
            shown.append((kind, title, text))
            return QMessageBox.Ok
        monkeypatch.setattr(QMessageBox, kind, record)
    return shown


def test_preview_shows_what_will_be_kept_and_keeps_corrections(main_window, monkeypatch,
                                                                tmp_path, qtbot, dialogs):
    window = main_window
    image = tmp_path / "photo.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 20)
    files = [str(WEB / "de-bahn.html"), str(WEB / "zh-water.html"), str(image)]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: (files, ""))
    window.act_import.trigger()
    dlg = window.import_preview
    qtbot.waitUntil(lambda: dlg.ok.isEnabled(), timeout=20_000)
    table = dlg.table
    assert [table.item(0, c).text() for c in range(1, 5)] == [
        "Bahn verschiebt Ausbau der Nordstrecke um zwei Jahre", "Rheinische Rundschau",
        "2026-01-22", "de"]
    assert table.item(0, 5).text().startswith("Bahn verschiebt Ausbau")
    assert "Startseite" not in table.item(0, 5).text()
    assert table.item(2, 1).text().startswith("Not imported: unsupported file type '.png'")
    table.item(1, 2).setText("Xinhua")                     # the analyst corrects the outlet
    dlg.accept()
    qtbot.waitUntil(lambda: bool(dialogs), timeout=20_000)    # the import (and its edits) done
    outlets = {d.title: d.outlet for d in window.hub.project.documents.list()}
    assert len(outlets) == 7
    assert outlets["南方三省启动抗旱应急响应 保障城乡供水"] == "Xinhua"
    assert "photo.png: unsupported file type '.png'" in dialogs[0][2]


def test_dropping_an_image_and_a_project_with_an_article_reports_both(main_window, tmp_path,
                                                                       qtbot, dialogs):
    window = main_window
    article = tmp_path / "dropped.txt"
    article.write_text("Dropped article\n\nA spokesperson declined to comment on the report.\n")
    image = tmp_path / "chart.jpg"
    image.write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 20)
    other = tmp_path / "other.briefer"
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in (article, image, other)])
    window.dropEvent(QDropEvent(QPointF(10, 10), Qt.CopyAction, data, Qt.LeftButton,
                                Qt.NoModifier))
    qtbot.waitUntil(lambda: bool(dialogs), timeout=10_000)
    assert len(window.hub.project.documents.list()) == 6
    text = dialogs[0][2]
    assert "chart.jpg: unsupported file type '.jpg'" in text
    assert "other.briefer: a project file" in text


class _Page(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        body = (WEB / "en-harbour.html").read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def page_server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/news/port"
    httpd.shutdown()
    httpd.server_close()


def test_import_from_url_fetches_and_stores_the_address(main_window, qtbot, page_server):
    window = main_window
    window.act_import_url.trigger()
    dlg = window.import_url_dialog
    dlg.url.setText("ftp://example.test/x")
    dlg.accept()
    assert dlg.error.text() == "Give an address starting with http:// or https://."
    dlg.url.setText(page_server)
    dlg.accept()
    qtbot.waitUntil(lambda: len(window.hub.project.documents.list()) == 6, timeout=20_000)
    doc = next(d for d in window.hub.project.documents.list() if d.source_path == page_server)
    assert doc.title == "Port authority halts night shipments after crane failure"
    assert doc.accessed and doc.url.startswith("https://www.harbourcourier.example/")
