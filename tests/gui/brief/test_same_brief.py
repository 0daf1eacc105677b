"""One project file, one brief: the app's Export and ``briefer brief`` compile the same HTML.

The app side is the real export (the composer's Export button, the Qt engine, off the GUI
thread); the command line runs in a child process. Only the compile time may differ.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

import briefer.brief.compile as brief_compile
from briefer.gui.brief.export import ENGINE_KEY
from tests.briefer_cli import cli_ok

COMPILED = (re.compile(r'(<p class="label">COMPILED</p><p class="value">)[^<]*(</p>)'),
            re.compile(r"(Compiled with Briefer \S+ on )[^.]*(\.)"))


def without_compile_time(html: str) -> str:
    for pattern in COMPILED:
        html, found = pattern.subn(r"\1…\2", html)
        assert found == 1, pattern.pattern
    return html


def test_the_app_and_the_cli_compile_the_same_brief(qtbot, window, tmp_path, monkeypatch):
    from briefer.gui.codebook.commands import DeleteThemeCommand

    composer, hub = window.docks["briefDock"], window.hub
    # Contents chosen in the composer: by actor, two themes ticked, then one of them deleted
    # (its tick is kept in the file, for an undo to bring back).
    composer.contents.group_by.setCurrentIndex(composer.contents.group_by.findData("actor"))
    composer.contents.themes.item(0).setCheckState(Qt.Checked)
    composer.contents.themes.item(1).setCheckState(Qt.Checked)
    gone = composer.contents.themes.item(1).data(Qt.UserRole)
    hub.push(DeleteThemeCommand(hub, gone))
    assert composer.options().themes and gone not in composer.options().themes

    # The app: File ▸ Export brief with the Qt engine; the real compile, also writing its HTML.
    app_html = tmp_path / "app.html"
    real = brief_compile.compile_brief          # imported by the export when it runs
    monkeypatch.setattr(brief_compile, "compile_brief",
                        lambda *a, **kw: real(*a, **{**kw, "html_out": app_html}))
    window.settings.setValue(ENGINE_KEY, "qt")
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "app.pdf"), ""))
    qtbot.mouseClick(composer.export_button, Qt.LeftButton)
    export = window.brief_export
    qtbot.waitUntil(lambda: export.result is not None or export.error is not None, timeout=60_000)
    assert export.error is None, export.error

    # The command line, in another process, on the same file.
    cli_html = tmp_path / "cli.html"
    cli_ok("brief", "--project", hub.project.path, "--engine", "qt", "--out",
           tmp_path / "cli.pdf", "--html", cli_html)

    app, cli = (without_compile_time(p.read_text(encoding="utf-8")) for p in (app_html, cli_html))
    assert "grouped by actor" in app and "ACTOR · " in app       # the composer's choice
    assert app == cli
