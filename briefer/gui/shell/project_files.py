"""The File menu's project dialogs (New project, Open project, Save project as) and the
list of recent projects; opening a file is ``MainWindow.open_project_path``."""

from __future__ import annotations

import sqlite3
from functools import partial
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ... import paths
from ...core import projectfile
from ...core.errors import BrieferError
from ..widgets.literal import literal

PROJECT_FILTER = f"Briefer projects (*{paths.PROJECT_SUFFIX});;All files (*)"
MAX_RECENT = 8


def choose_project(w) -> None:
    path, _ = QFileDialog.getOpenFileName(w, "Open project", _folder(w), PROJECT_FILTER)
    if path:
        w.open_project_path(path, create=False)


def new_project(w) -> None:
    chosen, _ = QFileDialog.getSaveFileName(w, "New project", _folder(w), PROJECT_FILTER)
    if not chosen:
        return
    path = _with_suffix(chosen)
    if w.hub.has_project and path.resolve() == w.hub.project.path.resolve():
        QMessageBox.critical(w, "New project", "That is the project open now.")
        return
    if projectfile.is_held(path) or (path.exists() and projectfile.in_use(path)):
        QMessageBox.critical(w, "New project", f"{path.name} is open in another program; "
                             "it was left as it is. Choose another name.")
        return
    for extra in ("", "-wal", "-shm"):          # the dialog asked before replacing it
        Path(f"{path}{extra}").unlink(missing_ok=True)
    w.open_project_path(path, create=True)


def save_project_as(w) -> None:
    if not w.hub.has_project:
        return
    path, _ = QFileDialog.getSaveFileName(w, "Save project as", _folder(w), PROJECT_FILTER)
    if not path:
        return
    try:
        out = w.hub.project.backup(_with_suffix(path))
    except (BrieferError, ValueError, OSError, sqlite3.Error) as exc:
        QMessageBox.critical(w, "Save project as", str(exc))
        return
    w.open_project_path(out, create=False)


def remember(settings: QSettings, path: Path) -> None:
    key = str(Path(path).resolve())
    recent = [p for p in as_list(settings.value("recentProjects", [])) if p != key]
    settings.setValue("recentProjects", [key, *recent][:MAX_RECENT])
    settings.setValue("lastProject", key)


def fill_recent(w) -> None:
    w.recent_menu.clear()
    for p in as_list(w.settings.value("recentProjects", [])):
        w.recent_menu.addAction(literal(p), partial(w.open_project_path, p, create=False))
    w.recent_menu.setEnabled(True)


def _folder(w) -> str:
    return str(w.hub.project.path.parent) if w.hub.has_project else str(Path.home())


def _with_suffix(path: str) -> Path:
    chosen = Path(path)
    return chosen if chosen.suffix else chosen.with_suffix(paths.PROJECT_SUFFIX)


def as_list(value) -> list[str]:
    if value is None or value == "":
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value]
