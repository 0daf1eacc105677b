"""The app collects Python's cyclic garbage on the GUI thread only (gui/shell/gc_guard.py)."""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QObject


def test_collection_runs_on_the_gui_thread_not_in_workers(qtbot):
    from briefer.gui.shell.gc_guard import collect_on_gui_thread

    was = gc.isenabled()
    owner = QObject()
    threads = []
    gc.callbacks.append(lambda phase, _info: phase == "start"
                        and threads.append(threading.current_thread().name))
    try:
        gc.enable()
        timer = collect_on_gui_thread(owner, interval_ms=10)
        assert not gc.isenabled() and timer.isActive()
        worker = threading.Thread(target=lambda: [[object()] for _ in range(200_000)],
                                  name="worker")
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: bool(threads), timeout=2000)
        assert "worker" not in threads and threading.main_thread().name in threads
    finally:
        gc.callbacks.pop()
        timer.stop()
        (gc.enable if was else gc.disable)()


def test_create_app_installs_it():
    from briefer.gui.shell.app import create_app

    app = create_app([])
    assert app._briefer_gc.isActive()
