"""The brief's GUI tests: the main window on the demo project."""

from __future__ import annotations

import pytest

from briefer.gui.shell.changes import Changes


@pytest.fixture
def demo_window(main_window):
    """The main window on the demo project, every view told of it."""
    from briefer.core.demo import load_demo

    load_demo(main_window.hub.project)
    main_window.hub.notify(Changes(codebook=True, quotes=True, settings=True, judgments=True))
    return main_window


@pytest.fixture
def window(demo_window):
    """``demo_window`` with the brief composer's tab shown, as a user would open it."""
    composer = demo_window.docks["briefDock"]
    composer.show()
    composer.raise_()
    return demo_window


@pytest.fixture
def composer(window):
    return window.docks["briefDock"]
