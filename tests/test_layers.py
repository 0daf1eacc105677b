"""Layers point one way: gui → brief → core (and cli → brief → core).

Walks the AST of every module of the package (imports at any depth, lazy ones too) and
fails when a layer imports one above it:

- ``briefer/core`` imports no Qt, nor ``briefer.brief``, ``briefer.cli`` or ``briefer.gui``;
- ``briefer/brief`` imports neither ``briefer.gui`` nor ``briefer.cli``;
- ``briefer/cli`` imports no ``briefer.gui``, except the lazy ``gui.shell.app.run`` that the
  ``gui`` command starts the app with (allowed by name below).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "briefer"

#: Imports from a layer into one above it that are allowed, by (module, imported name).
ALLOWED = {
    ("briefer.cli", "briefer.gui.shell.app.run"),
    ("briefer.cli.maintenance", "briefer.gui.shell.app.run"),
}

FORBIDDEN = {
    "briefer.core": ("PySide6", "shiboken6", "PyQt5", "PyQt6", "briefer.brief", "briefer.cli",
                     "briefer.gui"),
    "briefer.brief": ("briefer.gui", "briefer.cli"),
    "briefer.cli": ("briefer.gui",),
}


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_names(tree: ast.AST, module: str, is_package: bool) -> list[tuple[int, str]]:
    """Every ``import``/``from … import`` in the tree as (line, absolute dotted name)."""
    names: list[tuple[int, str]] = []
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - (node.level - 1)]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            names.extend((node.lineno, f"{prefix}.{alias.name}") for alias in node.names)
    return names


def violations(root: Path = PACKAGE) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        module = module_name(path, root)
        layer = next((name for name in FORBIDDEN
                      if module == name or module.startswith(name + ".")), None)
        if layer is None:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, name in imported_names(tree, module, path.name == "__init__.py"):
            if (module, name) in ALLOWED:
                continue
            for bad in FORBIDDEN[layer]:
                if name == bad or name.startswith(bad + "."):
                    found.append(f"{path.relative_to(root.parent)}:{line}: {module} imports {name}")
    return found


def test_layers_point_one_way():
    assert violations() == []


@pytest.mark.parametrize("layer, source, expected", [
    ("core", "from PySide6.QtCore import QObject\n", "briefer.core.bad imports PySide6.QtCore"),
    ("core", "def f():\n    from ..brief import html\n", "briefer.core.bad imports briefer.brief"),
    ("brief", "from ..gui.pdf_engine import html_to_pdf\n",
     "briefer.brief.bad imports briefer.gui.pdf_engine"),
    ("cli", "import briefer.gui.mainwindow\n", "briefer.cli.bad imports briefer.gui.mainwindow"),
    ("cli", "from ..gui import app\n", "briefer.cli.bad imports briefer.gui.app"),
])
def test_the_walk_sees_an_upward_import(tmp_path, layer, source, expected):
    """The checker itself: an upward import planted in a copy of a layer is reported."""
    package = tmp_path / "briefer" / layer
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "bad.py").write_text(source)
    found = violations(tmp_path / "briefer")
    assert len(found) == 1 and expected in found[0]


def test_the_gui_command_alone_may_start_the_app(tmp_path):
    package = tmp_path / "briefer" / "cli"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("def gui():\n    from ..gui.shell.app import run\n")
    assert violations(tmp_path / "briefer") == []
