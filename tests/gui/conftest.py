"""GUI fixtures: a hub over a seeded project; the real main window (added by the window's tests)."""

from __future__ import annotations

import gc
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

from briefer.gui.shell.changes import Changes


@pytest.fixture(autouse=True)
def _collect_on_the_gui_thread():
    """As the app does (``gui/shell/gc_guard.py``): no automatic collection, which could run
    in a worker thread and destroy Qt objects there; the test's garbage is collected here,
    on the GUI thread, when it ends."""
    gc.disable()
    yield
    gc.collect()
    gc.enable()


@pytest.fixture
def hub(qtbot, project):
    from briefer.gui.shell.hub import Hub

    h = Hub()
    h.set_project(project)
    yield h
    h.undo_stack.clear()


@contextmanager
def hub_on_copy(source: Path, folder: Path):
    """A hub on a copy of ``source`` (a closed, checkpointed project file: no -wal to copy),
    for tests sharing one large project built once per module."""
    from briefer.core.store import Project
    from briefer.gui.shell.hub import Hub

    path = folder / source.name
    shutil.copyfile(source, path)
    h = Hub()
    h.set_project(Project.open(path))
    try:
        yield h
    finally:
        h.undo_stack.clear()
        h.project.close()


# -- fixtures of the docks (library, quotes, codebook, matrix) ---------------------------
def _doc_by_title(project, start: str) -> str:
    return next(d.id for d in project.documents.list() if (d.title or "").startswith(start))


@pytest.fixture
def coded(hub):
    """The hub's project with the demo annotations (when ``core.demo`` exists) plus four
    quotes of known tags; returns {name: quote id} of those four."""
    project = hub.project
    try:
        from briefer.core.demo import load_demo
    except ImportError:
        load_demo = None
    if load_demo is not None:
        load_demo(project)
    piss = _doc_by_title(project, "Anthropic managed")
    crisis = _doc_by_title(project, "Anthropic's 72-Hour")
    quotes = {
        "summoned": project.quotes.add_text(
            piss, "Anthropic was summoned to the Pentagon by Secretary Hegseth",
            actors=["Test Pentagon", "Test Anthropic"], themes=["Test Military use"]),
        "ultimatum": project.quotes.add_text(
            crisis, "Hegseth gave him an ultimatum",
            actors=["Test Pentagon"], themes=["Test Military use", "Test Pressure"],
            note="deadline Friday 5:01 PM", starred=True),
        "musk": project.quotes.add_text(
            crisis, "Elon Musk posted on X", actors=["Test Musk"], themes=["Test Pressure"]),
        "untagged": project.quotes.add_text(piss, "industrial-scale distillation"),
    }
    hub.notify(Changes(codebook=True))
    hub.notify(Changes(quotes=True))
    return quotes


@pytest.fixture
def file_rows(project_path):
    """A function reading tables of the project file through a fresh sqlite3 connection."""
    import sqlite3

    def read(*tables: str) -> dict:
        conn = sqlite3.connect(str(project_path))
        try:
            return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall()) for t in tables}
        finally:
            conn.close()

    return read


@pytest.fixture
def settings(tmp_path):
    """A settings file of the test's own (QSettings caches the user's paths per process)."""
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "briefer-settings.ini"), QSettings.IniFormat)


@pytest.fixture
def main_window(qtbot, project, settings):
    """The real main window on a seeded temporary project, shown; tasks drained at teardown."""
    from PySide6.QtCore import QThreadPool

    from briefer.gui.shell.mainwindow import MainWindow
    from briefer.gui.shell.tasks import running_tasks

    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    assert window.open_project_path(project.path)
    window.show()
    qtbot.waitExposed(window)
    yield window
    QThreadPool.globalInstance().waitForDone(10_000)
    qtbot.waitUntil(lambda: not running_tasks(), timeout=5000)
    window.hub.undo_stack.clear()
    if window.hub.has_project:
        window.hub.project.close()


@pytest.fixture
def shown(qtbot):
    """Show a widget at a given size, owned by qtbot, and wait until it is on screen."""
    def _shown(widget, width: int, height: int):
        qtbot.addWidget(widget)
        widget.resize(width, height)
        widget.show()
        qtbot.waitExposed(widget)
        return widget
    return _shown
