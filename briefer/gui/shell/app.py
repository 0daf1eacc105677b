"""Starting the desktop app: the QApplication, its names (for QSettings), icon, the window."""

from __future__ import annotations

import argparse
import sys
import threading
import time

# The core before PySide6: PySide6's import hook reads the source of every module imported
# after it (looking for ``__feature__``), ~25 ms of CPU at start for these (issue #13).
# ``python -m briefer`` imports them before the GUI anyway. sqlite-utils is not among them
# (reading needs none): ``warm_up`` imports it later, off the GUI thread, through the hook
# (~15 ms more CPU there).
from ...core import store as _store  # noqa: F401

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from ... import __version__

ORGANIZATION = "Briefer"
APPLICATION = "Briefer"
#: How long after the window is up ``warm_up`` starts (ms): not while the first screens are
#: drawn and the deferred views built (on 2 cores the loading thread holds the interpreter
#: ~1 s); well before a first quote is usually tagged (one tagged earlier loads what it
#: needs itself).
WARM_UP_DELAY_MS = 2000


def create_app(argv: list[str] | None = None) -> QApplication:
    """The QApplication (the existing one if there is one), named for QSettings."""
    existing = QApplication.instance()
    if existing is None:
        app = QApplication(list(argv if argv is not None else sys.argv))
    elif isinstance(existing, QApplication):
        app = existing
    else:
        raise RuntimeError("a QCoreApplication without widgets is already running")
    app.setOrganizationName(ORGANIZATION)
    app.setOrganizationDomain("briefer.invalid")
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("briefer")
    from ..widgets.icons import app_icon
    from .gc_guard import collect_on_gui_thread

    app.setWindowIcon(app_icon())
    if not hasattr(app, "_briefer_gc"):
        app._briefer_gc = collect_on_gui_thread(app)   # type: ignore[attr-defined]
    return app


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="briefer", add_help=False)
    parser.add_argument("--project", default=None)
    parser.add_argument("project_file", nargs="?", default=None)
    args, _unknown = parser.parse_known_args(argv[1:])     # Qt's own options are ignored
    return args


def warm_up() -> None:
    """Load what the first tag needs and start-up left out: sqlite-utils (imported by the
    first write) and langdetect's profiles. Nothing of Qt: this runs off the GUI thread."""
    from ...core import tables  # noqa: F401
    from ...core.textlang import warm_up as load_language_profiles

    load_language_profiles()


def warm_up_in_background() -> threading.Thread:
    """Once the window is up and idle: ``warm_up`` off the GUI thread."""
    thread = threading.Thread(target=warm_up, name="briefer-warm-up", daemon=True)
    thread.start()
    return thread


def run(argv: list[str] | None = None, quit_after_shown: bool = False) -> int:
    """Open the window on the project named (``--project``), the last one, or the default
    one; return the exit code. ``quit_after_shown`` quits once the window is up (checks)."""
    started = time.perf_counter()
    argv = list(sys.argv if argv is None else argv)
    app = create_app(argv)
    args = parse_args(app.arguments() or argv)
    from .mainwindow import MainWindow

    window = MainWindow()
    window.start(args.project or args.project_file)
    window.show()
    QTimer.singleShot(WARM_UP_DELAY_MS, warm_up_in_background)
    if quit_after_shown:
        def done() -> None:
            print(f"window usable after {time.perf_counter() - started:.3f} s", file=sys.stderr)
            window.close()
            app.quit()
        QTimer.singleShot(0, done)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(run())
