"""GUI fixtures: a hub over a seeded project; the real main window (added by the window's tests)."""

from __future__ import annotations

import pytest


@pytest.fixture
def hub(qtbot, project):
    from briefer.gui.hub import Hub

    h = Hub()
    h.set_project(project)
    yield h
    h.undo_stack.clear()
