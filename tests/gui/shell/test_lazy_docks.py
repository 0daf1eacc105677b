"""Docks are built when first shown (issue #13, start-up): a dock behind another tab is not
built at start; raising it shows the project as it is then, changes made meanwhile (in the
app or by the command line, in another process) included."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from PySide6.QtCore import QCoreApplication

from briefer.gui.codebook.commands import AddThemeCommand
from tests.briefer_cli import cli_ok


def tree_names(tree) -> dict[str, str]:
    """name → quote count shown, of a codebook tree."""
    return {tree.topLevelItem(i).text(0): tree.topLevelItem(i).text(2)
            for i in range(tree.topLevelItemCount())}


def test_the_docks_behind_a_tab_are_not_built_at_start(main_window):
    docks = main_window.docks
    for name in ("libraryDock", "quotesDock", "matrixDock"):      # on screen: filled
        assert docks[name].widget() is not None, name
    for name in ("codebookDock", "briefDock", "briefPreviewDock"):
        assert not docks[name].built, name
        assert docks[name].widget() is None, name
        assert not hasattr(docks[name], "theme_tree" if name == "codebookDock" else "tabs")
    # their tabs and View menu entries are there all the same
    assert docks["codebookDock"] in main_window.tabifiedDockWidgets(docks["libraryDock"])
    assert docks["briefDock"] in main_window.tabifiedDockWidgets(docks["matrixDock"])
    assert docks["codebookDock"].toggleViewAction().isEnabled()


def test_raising_the_codebook_shows_changes_made_before_it_was_built(main_window, qtbot):
    window, hub = main_window, main_window.hub
    codebook = window.docks["codebookDock"]
    assert not codebook.built
    # a theme added in the app (undoable command through the hub) ...
    assert hub.push(AddThemeCommand(hub, "Made in the app")) is None
    # ... and one by the command line (another process), noticed by the hub's watcher
    cli_ok("--project", hub.project.path, "theme", "add", "Made by the CLI")
    doc = hub.project.documents.list()[0]
    cli_ok("--project", hub.project.path, "quote", "add", "--doc", doc.id, "--start", "0",
           "--end", "12", "--theme", "Made by the CLI")
    qtbot.waitUntil(hub.check_external_changes, timeout=5000)
    assert not codebook.built                  # nothing was built for those changes

    codebook.raise_()                          # a click on its tab
    QCoreApplication.processEvents()
    assert codebook.built and codebook.isVisible()
    shown = tree_names(codebook.theme_tree)
    assert shown["Made in the app"] == "0"
    assert shown["Made by the CLI"] == "1"
    # and from now on it follows changes: an undo takes the app's theme away again
    hub.undo_stack.undo()
    assert "Made in the app" not in tree_names(codebook.theme_tree)


def test_raising_the_brief_composer_shows_settings_changed_by_the_cli(main_window, qtbot):
    hub, composer = main_window.hub, main_window.docks["briefDock"]
    cli_ok("--project", hub.project.path, "brief", "settings", "set", "--title",
           "Set before it was shown", "--group-by", "actor")
    qtbot.waitUntil(hub.check_external_changes, timeout=5000)
    assert not composer.built
    # an export before the composer was ever shown compiles what the settings say
    assert composer.options().group_by == "actor"

    composer.raise_()
    QCoreApplication.processEvents()
    assert composer.built
    assert composer.title.text() == "Set before it was shown"
    assert composer.contents.group_by.currentData() == "actor"
    assert composer.options().group_by == "actor"


def test_the_preview_is_built_when_first_shown(main_window):
    preview = main_window.docks["briefPreviewDock"]
    assert not preview.built and not preview.isVisible()
    main_window.act_preview_brief.trigger()        # View ▸ Preview brief: shows and compiles
    assert preview.built and preview.isVisible()
    assert preview.busy or preview.result is not None or preview.error is not None
    preview.task.cancel()


#: What the first screen does not need (issue #13): the PDF viewer and the brief's engines,
#: sqlite-utils (reading a project needs none; the first write imports it), reading files,
#: and what only a menu, a key or a drop opens (tagging, import, export, merge, dialogs).
NOT_AT_START = (
    "PySide6.QtPdf", "pdfkit", "rapidfuzz", "http.client", "langdetect",
    "sqlite_utils", "click", "dateutil", "pluggy",
    "briefer.brief.compile", "briefer.brief.build", "briefer.brief.model",
    "briefer.core.corpus", "briefer.core.metadata", "briefer.core.merge", "briefer.core.check",
    "briefer.core.removal", "briefer.core.starter", "briefer.core.demo",
    "briefer.gui.reader.tag_popup", "briefer.gui.reader.tag_lists",
    "briefer.gui.library.import_sources", "briefer.gui.library.importing",
    "briefer.gui.library.properties", "briefer.gui.library.commands",
    "briefer.gui.interchange.exporting", "briefer.gui.interchange.merging",
    "briefer.gui.interchange.report", "briefer.gui.interchange.preferences",
    "briefer.gui.shell.help",
    "briefer.gui.brief.export", "briefer.gui.brief.word_export", "briefer.gui.brief.judgments",
    "briefer.gui.codebook.dialogs",
)


def test_start_up_loads_only_what_the_first_screen_needs(project, tmp_path):
    """In a new process: the app up and idle, its project open and shown, has imported none
    of ``NOT_AT_START`` (nor anything under them)."""
    code = (
        "import json, sys\n"
        "from briefer.gui.shell.app import run\n"
        f"run(['briefer', '--project', {str(project.path)!r}], quit_after_shown=True)\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.startswith({NOT_AT_START!r}))))\n")
    project.close()
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_DATA_HOME": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "window usable after" in proc.stderr          # shown, and idle once
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == []


def test_the_menus_load_what_they_need_when_first_used(main_window):
    """What start-up leaves out comes in when asked for: the export flows, Help's dialogs."""
    window = main_window
    assert window.brief_export is window.brief_export              # made once, kept
    assert window.word_export.hub is window.hub
    window.act_shortcuts.trigger()
    assert "Ctrl+T" in window.help_dialog.browser.toPlainText()
    window.help_dialog.close()


def test_the_warm_up_loads_what_the_first_tag_needs_and_start_up_left_out():
    """``warm_up`` (run off the GUI thread 2 s after the window is up) imports sqlite-utils,
    which the first write would otherwise import on the GUI thread, and langdetect."""
    code = ("import json, sys\n"
            "from briefer.gui.shell.app import warm_up_in_background\n"
            "warm_up_in_background().join()\n"
            "print(json.dumps([m in sys.modules for m in "
            "('sqlite_utils', 'briefer.core.tables', 'langdetect')]))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == [True, True, True]
