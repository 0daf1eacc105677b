"""Long work off the GUI thread, with a progress dialog, cancel, and callbacks on the GUI thread.

In the spirit of anki's ``aqt/operations`` and ``taskman``: the GUI hands a plain function
to :func:`run_task`; it runs on ``QThreadPool.globalInstance()`` and reports back through
queued signals, so ``on_done`` / ``on_error`` always run on the GUI thread.

The function gets two callables::

    def work(progress, cancelled):
        with Project.open(path) as project:          # its OWN connection: sqlite
            ...                                      # connections don't cross threads
            progress(done, total, "label")           # any thread; throttled for the GUI
            if cancelled(): ...                      # the user pressed Cancel

A worker never touches widgets or the GUI's ``hub.project``.
"""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

ProgressFn = Callable[..., None]
WorkFn = Callable[[ProgressFn, Callable[[], bool]], Any]

#: The dialog appears only for work lasting longer than this (milliseconds).
DIALOG_DELAY_MS = 400
#: Progress reports closer together than this are dropped (seconds), except the last.
PROGRESS_INTERVAL = 0.05

_running: set[Task] = set()


class _Bridge(QObject):
    """Lives on the GUI thread; the worker emits, the GUI thread receives (queued)."""

    progressed = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object, str)


class _Runnable(QRunnable):
    def __init__(self, task: Task):
        super().__init__()
        self.setAutoDelete(True)
        self.task = task

    def run(self) -> None:  # worker thread
        task = self.task
        try:
            result = task.fn(task.report_progress, task.cancelled)
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the GUI
            task.bridge.failed.emit(exc, traceback.format_exc())
        else:
            task.bridge.finished.emit(result)
        finally:
            task.done_event.set()


class Task(QObject):
    """One piece of work under way; keep it or not (the module keeps it alive)."""

    def __init__(self, parent: QWidget | None, label: str, fn: WorkFn,
                 on_done: Callable[[Any], None] | None,
                 on_error: Callable[[BaseException], None] | None, show_dialog: bool = True):
        super().__init__(None)
        self.label = label
        self.fn = fn
        self.on_done = on_done
        self.on_error = on_error
        self.result: Any = None
        self.error: BaseException | None = None
        self.traceback = ""
        self.done_event = threading.Event()
        self._cancel = threading.Event()
        self._last_report = 0.0
        self.bridge = _Bridge()
        self.bridge.progressed.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self.bridge.finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)
        self.bridge.failed.connect(self._on_failed, Qt.ConnectionType.QueuedConnection)
        self.dialog: QProgressDialog | None = None
        if show_dialog:
            self.dialog = QProgressDialog(label, "Cancel", 0, 0, parent)
            self.dialog.setWindowTitle("Briefer")
            self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
            self.dialog.setMinimumDuration(DIALOG_DELAY_MS)
            self.dialog.setAutoClose(False)
            self.dialog.setAutoReset(False)
            self.dialog.canceled.connect(self.cancel)
            self.dialog.setValue(0)

    # -- any thread ------------------------------------------------------------
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def report_progress(self, done: int = 0, total: int = 0, label: str = "") -> None:
        now = time.monotonic()
        if done < total and now - self._last_report < PROGRESS_INTERVAL:
            return
        self._last_report = now
        self.bridge.progressed.emit(int(done), int(total), str(label or ""))

    @property
    def done(self) -> bool:
        return self.done_event.is_set()

    # -- GUI thread --------------------------------------------------------------
    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, label: str) -> None:
        dialog = self.dialog          # setValue on a modal dialog processes events:
        if dialog is None:            # the task may finish (and close it) meanwhile
            return
        if label:
            dialog.setLabelText(f"{self.label}\n{label}")
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total else 0)

    @Slot(object)
    def _on_finished(self, result: Any) -> None:
        self.result = result
        self._close()
        if self.on_done is not None:
            self.on_done(result)

    @Slot(object, str)
    def _on_failed(self, exc: BaseException, tb: str) -> None:
        self.error, self.traceback = exc, tb
        self._close()
        if self.on_error is not None:
            self.on_error(exc)
        else:
            traceback.print_exception(exc)

    def _close(self) -> None:
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.reset()
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None
        _running.discard(self)


def run_task(parent: QWidget | None, label: str, fn: WorkFn,
             on_done: Callable[[Any], None] | None = None,
             on_error: Callable[[BaseException], None] | None = None, *,
             show_dialog: bool = True) -> Task:
    """Run ``fn(progress, cancelled)`` on the thread pool; return its :class:`Task`.

    ``on_done(result)`` or ``on_error(exception)`` runs on the GUI thread afterwards.
    """
    task = Task(parent, label, fn, on_done, on_error, show_dialog)
    _running.add(task)
    QThreadPool.globalInstance().start(_Runnable(task))
    return task


def running_tasks() -> list[Task]:
    return list(_running)


def wait_for_all(timeout_ms: int = 30_000) -> bool:
    """Block until every worker has returned (tests, quitting); callbacks still need events."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
