"""Exporting the brief from the app: the export flow off the GUI thread (engine choice,
notices, "Open PDF" and "Open folder", retry with Qt), the engine preferences, and the preview
of the compiled PDF — through the real window and widgets."""

from __future__ import annotations

import os
import stat
import subprocess

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox

from briefer.gui.brief.export import ENGINE_KEY, WKHTMLTOPDF_KEY, PreferencesDialog
from briefer.gui.shell.changes import Changes

from ..stored import newer_copy

SUMMARY = "Washington and Anthropic are at an impasse over military use."


def pdftotext(path) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                         check=True).stdout.decode("utf-8")
    return " ".join(out.split())


@pytest.fixture
def save_to(monkeypatch, tmp_path):
    """The save dialog answers ``tmp_path/name`` (the export adds ``.pdf``)."""
    def answer(name: str = "brief"):
        target = tmp_path / "exports" / name
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
        return target.with_name(target.name if target.suffix == ".pdf" else target.name + ".pdf")
    return answer


def wait_export(qtbot, window):
    export = window.brief_export
    qtbot.waitUntil(lambda: export.result is not None or export.error is not None, timeout=20_000)
    return export


def button(box: QMessageBox, text: str):
    return next(b for b in box.buttons() if b.text().replace("&", "") == text)


def test_export_with_the_qt_engine_open_pdf_and_open_folder(qtbot, window, composer, save_to,
                                                             monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    window.settings.setValue(ENGINE_KEY, "qt")
    composer.summary.setPlainText(SUMMARY)               # still unsaved: the export saves it
    out = save_to("situation")
    qtbot.mouseClick(composer.export_button, Qt.LeftButton)
    export = wait_export(qtbot, window)
    assert export.error is None and export.result.path == out and out.is_file()
    assert export.result.engine_used == "qt"
    assert SUMMARY in pdftotext(out)
    box = export.message_box
    assert str(out) in box.text() and "built-in Qt engine" in box.text()
    assert box.defaultButton() is button(box, "Open PDF")       # Enter opens the PDF
    qtbot.mouseClick(button(box, "Open PDF"), Qt.LeftButton)
    button(box, "Open folder").click()                  # the box may have closed: click()
    assert [u.toLocalFile() for u in opened] == [str(out), str(out.parent)]


def test_missing_wkhtmltopdf_with_auto_uses_qt_with_a_notice(qtbot, window, save_to, tmp_path):
    window.settings.setValue(ENGINE_KEY, "auto")
    window.settings.setValue(WKHTMLTOPDF_KEY, str(tmp_path / "nowhere" / "wkhtmltopdf"))
    out = save_to("fallback.pdf")
    window.act_export_brief.trigger()
    export = wait_export(qtbot, window)
    assert export.result.path == out and export.result.engine_used == "qt"
    assert "Qt engine" in export.result.notice
    assert "Qt engine" in export.message_box.text()


@pytest.mark.skipif(os.name != "posix", reason="the fake wkhtmltopdf is a shell script")
def test_failing_wkhtmltopdf_offers_the_qt_engine(qtbot, window, save_to, tmp_path):
    exe = tmp_path / "fake-wkhtmltopdf"
    exe.write_text('#!/bin/sh\nif [ "$1" = "--version" ]; then echo "wkhtmltopdf 0.12.6"; '
                   'exit 0; fi\necho "Error: something broke" >&2\nexit 1\n')
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    window.settings.setValue(ENGINE_KEY, "wkhtmltopdf")
    window.settings.setValue(WKHTMLTOPDF_KEY, str(exe))
    out = save_to("retry")
    window.act_export_brief.trigger()
    export = wait_export(qtbot, window)
    assert export.result is None and not out.exists()
    box = export.message_box
    assert "something broke" in box.text() and "--engine" not in box.text()
    qtbot.mouseClick(button(box, "Try the Qt engine"), Qt.LeftButton)
    export = wait_export(qtbot, window)
    assert export.result.engine_used == "qt" and out.is_file()


def test_preview_shows_the_compiled_pdf(qtbot, window, composer):
    window.settings.setValue(ENGINE_KEY, "qt")
    preview = window.docks["briefPreviewDock"]
    assert not preview.isVisible()
    qtbot.mouseClick(composer.preview_button, Qt.LeftButton)
    assert preview.isVisible()
    qtbot.waitUntil(lambda: preview.result is not None or preview.error is not None, timeout=20_000)
    assert preview.error is None
    assert preview.page_count() > 1 and preview.document.pageCount() == preview.result.pages
    assert "pages" in preview.status.text()
    window.hub.notify(Changes(settings=True, judgments=True))
    assert preview.stale and "Refresh" in preview.status.text()


def test_preferences_dialog_keeps_engine_and_path(qtbot, window):
    dialog = PreferencesDialog(window.settings, window)
    qtbot.addWidget(dialog)
    dialog.engine.setCurrentIndex(dialog.engine.findData("wkhtmltopdf"))
    dialog.path.setText("/opt/wk/bin/wkhtmltopdf")
    dialog.accept()
    assert window.settings.value(ENGINE_KEY) == "wkhtmltopdf"
    assert window.settings.value(WKHTMLTOPDF_KEY) == "/opt/wk/bin/wkhtmltopdf"


def test_read_only_project_can_be_exported_but_not_edited(qtbot, window, composer, monkeypatch,
                                                          save_to, tmp_path):
    newer = newer_copy(window.hub.project, tmp_path / "newer.briefer")
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.Ok)
    assert window.open_project_path(newer) and window.hub.project.read_only
    assert not composer.summary.isEnabled() and not composer.judgments.new_button.isEnabled()
    window.settings.setValue(ENGINE_KEY, "qt")
    out = save_to("read-only")
    window.act_export_brief.trigger()
    assert wait_export(qtbot, window).result.path == out and out.is_file()
