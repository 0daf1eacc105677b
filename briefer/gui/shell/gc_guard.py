"""Python's cyclic garbage collector runs only on the GUI thread.

Left to itself, CPython collects cycles in whatever thread happens to allocate when a
threshold is crossed: a worker compiling a brief or importing files. A Qt object found in
such a cycle is then destroyed on the worker thread, which Qt does not allow (its timers
stay registered with the GUI thread's event loop and fire on freed memory: a crash in
``QTimerInfoList::activateTimers``). As Anki does, automatic collection is switched off
and the GUI thread collects on a timer instead.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

#: How often the GUI thread collects (milliseconds).
INTERVAL_MS = 2_000


def collect_on_gui_thread(parent: QObject, interval_ms: int = INTERVAL_MS) -> QTimer:
    """Switch off automatic collection; collect every ``interval_ms`` on ``parent``'s thread."""
    gc.disable()
    timer = QTimer(parent)
    timer.setInterval(interval_ms)
    timer.timeout.connect(gc.collect)
    timer.start()
    return timer
