"""Every action of the app has a command-line counterpart (or is listed as view-only).

The real main window is built; every QAction reachable from its menu bar, the toolbar, the
library's and codebook's context menus and the reading panes' context menus is collected and
looked up in ``PARITY``. An action missing from the table fails the test, and so does a table
entry naming a command the CLI does not have.
"""

from __future__ import annotations

import re

import click
import pytest

from briefer.cli import cli

EXEMPT = "exempt"
#: Action text (without "&", "…" and the keyboard hint) → CLI command, or (EXEMPT, reason).
PARITY: dict[str, str | tuple[str, str]] = {
    # File
    "New project": "briefer --project P",               # any command creates P
    "Open project": "briefer --project P",
    "Open recent": (EXEMPT, "the CLI names the project each time (--project / $BRIEFER_PROJECT)"),
    "Save project as": "briefer backup",
    "Import documents": "briefer import",
    "Import from URL": "briefer import",
    "Export brief": "briefer brief --out",
    "Export brief as Word": "briefer brief --format --out",     # --format docx
    "Brief PDF engine": "briefer brief --engine --wkhtmltopdf",
    "Export": "briefer export --format",
    "W3C annotations": "briefer export --format",             # w3c
    "REFI-QDA project": "briefer export --format",            # qdpx
    "REFI-QDA codebook": "briefer export --format",           # qdc
    "Quotes as CSV": "briefer export --format",               # csv
    "Quotes as Excel": "briefer export --format",             # xlsx
    "Codebook as CSV": "briefer export --format",             # codebook-csv
    "Matrix as CSV": "briefer export --format",               # matrix-csv
    "One column per theme": "briefer export --theme-columns",
    "Import": ("briefer import-refi", "briefer import-codebook"),
    "REFI-QDA project or codebook": "briefer import-refi --actor-root --theme-names --positions",
    "Codebook from CSV": "briefer import-codebook",
    "Merge project": "briefer merge",
    "Check project": "briefer check --repair",
    "Quit": (EXEMPT, "ends the app"),
    # Edit
    "Undo": (EXEMPT, "the GUI's undo stack; every CLI command is one committed change"),
    "Redo": (EXEMPT, "the GUI's undo stack"),
    "Tag selection": "briefer quote add",
    "Delete quote": "briefer quote delete",
    "Find": "briefer quote list --search",
    "Preferences": "briefer --analyst",               # or $BRIEFER_ANALYST
    # View
    "Open beside": (EXEMPT, "view: panes"),
    "Close pane": (EXEMPT, "view: panes"),
    "Next pane": (EXEMPT, "view: panes"),
    "Colour by actor": (EXEMPT, "view: highlight colours"),
    "Preview brief": "briefer brief --html",          # the compiled brief, to open
    "Main toolbar": (EXEMPT, "view: shows or hides the toolbar"),
    "About Briefer": "briefer --version",
    "Load demo annotations": "briefer demo",
    "Keyboard shortcuts": (EXEMPT, "help: lists the app's keys (the CLI has --help)"),
    "User guide": (EXEMPT, "help: shows docs/user-guide.md"),
    "Focus mode": (EXEMPT, "view: hides the docks"),
    "Full screen": (EXEMPT, "view: the window's size"),
    "Next quote": (EXEMPT, "view: moves the selection between quotes (briefer quote list)"),
    "Previous quote": (EXEMPT, "view: moves the selection between quotes"),
    "Filter quotes": "briefer quote list --search",
    "Remove document": "briefer doc remove",
    "Snap quote ends": (EXEMPT, "how dragged ends snap; quote edit --start --end is exact"),
    "Snap quote ends: none": (EXEMPT, "app preference: quote edit --start --end is exact"),
    "Snap quote ends: to words": (EXEMPT, "app preference: quote edit --start --end is exact"),
    "Snap quote ends: to sentences": (EXEMPT, "app preference: quote edit --start --end is exact"),
    # Library context menu
    "Open": "briefer doc show",
    "Reload from file": "briefer import",              # a changed file updates its document
    "Properties": "briefer doc edit",
    # Codebook (buttons and context menu; the tab decides actor or theme: both must exist)
    "Add": ("briefer actor add", "briefer theme add"),
    "Rename": ("briefer actor rename", "briefer theme rename"),
    "Colour": ("briefer actor recolour", "briefer theme recolour"),
    "Edit": ("briefer actor alias add", "briefer actor alias remove", "briefer actor kind",
             "briefer theme describe"),
    "Merge": ("briefer actor merge", "briefer theme merge"),
    "Delete": ("briefer actor delete", "briefer theme delete"),
    "▲": "briefer theme move",
    "▼": "briefer theme move",
}


def clean(text: str) -> str:
    return re.sub(r"\s*\(.*\)$", "", text.replace("&", "").replace("…", "")).strip()


def menu_actions(menu) -> list:
    found = []
    for action in menu.actions():
        if action.isSeparator():
            continue
        found.append(action)
        if action.menu() is not None:
            found += menu_actions(action.menu())
    return found


def app_actions(window) -> dict[str, str]:
    """text → where it was found, for every action reachable in the window."""
    where = {}
    for menu_action in window.menuBar().actions():
        for action in menu_actions(menu_action.menu()):
            where[clean(action.text())] = f"menu {clean(menu_action.text())}"
    for action in window.toolbar.actions():
        where.setdefault(clean(action.text()), "toolbar")
    library = window.docks["libraryDock"]
    index = library.view.model().index(0, 0)
    for action in menu_actions(library.context_menu(index)):
        where.setdefault(clean(action.text()), "library context menu")
    codebook = window.docks["codebookDock"]
    codebook.raise_()                       # its tab (the dock is built when first shown)
    for action in codebook.buttons:
        where.setdefault(clean(action.text()), "codebook")
    for action in window.reader.context_actions:
        where.setdefault(clean(action.text()), "pane context menu")
    return where


def command_exists(path: str) -> bool:
    words = [w for w in path.split() if not w.startswith("-") and w != "P"][1:]
    command: click.Command = cli
    for word in words:
        if not isinstance(command, click.Group) or word not in command.commands:
            return False
        command = command.commands[word]
    options = {opt for p in command.params for opt in getattr(p, "opts", [])}
    return all(w in options for w in path.split() if w.startswith("--") and w != "--project") \
        or path.endswith("--project P")


def test_every_app_action_has_a_cli_counterpart(main_window):
    found = app_actions(main_window)
    docks = {clean(d.windowTitle()) for d in main_window.docks.values()}   # view: show a dock
    assert len(found) >= 25, found
    unmapped = sorted(f"{text!r} ({where})" for text, where in found.items()
                      if text not in PARITY and text not in docks)
    assert not unmapped, f"app actions with no CLI counterpart in PARITY: {unmapped}"


@pytest.mark.parametrize("text", sorted(PARITY))
def test_each_mapped_command_exists(text):
    target = PARITY[text]
    if isinstance(target, tuple) and target[0] == EXEMPT:
        assert target[1], f"{text}: an exemption needs a reason"
        return
    for path in (target if isinstance(target, tuple) else (target,)):
        assert command_exists(path), f"{text!r} maps to {path!r}, which the CLI does not have"
