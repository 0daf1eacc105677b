"""The one signal hub of the GUI: the open project, the undo stack, and what changed.

Every widget gets the hub, reads through ``hub.project`` and listens to the signals
below; nothing else connects widgets to each other (wiring happens in ``mainwindow``).
Changes go through undo commands (``hub.push``) so the project file and the screen
never disagree. What a change touched travels as one typed ``Changes`` on ``changed``:
each view reloads only for the parts it shows.
"""

from __future__ import annotations

import contextlib
import sqlite3
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from ...core.errors import BrieferError
from ...core.store import Project
from .changes import Changes

if TYPE_CHECKING:
    from ..commands import Command

#: What a change to the project may fail with: a refusal of the core, or a write the disk refused.
WRITE_ERRORS = (BrieferError, sqlite3.Error, OSError)


def error_message(exc: BaseException) -> str:
    """One line for the user: the core's own words, or what SQLite / the system said."""
    if isinstance(exc, BrieferError):
        return str(exc)
    detail = getattr(exc, "strerror", None) or str(exc)
    return f"The project file could not be written ({detail}); nothing was changed."


class Hub(QObject):
    #: A project was opened (or replaced); everything reloads.
    projectOpened = Signal()
    #: The project changed: (``Changes``, source). The source is what made the change
    #: (an undo command, a widget, ``EXTERNAL`` for another program, or None).
    changed = Signal(object, object)
    #: Show this quote: open its document, scroll to it, flash it.
    quoteActivated = Signal(str)
    #: The current quote changed (a table row or a highlight was clicked; "" = none).
    quoteSelected = Signal(str)
    #: Open the tag popup on this quote (a double-click on a highlight, stripe or row).
    quoteEditRequested = Signal(str)
    #: Open a document: (doc id, in a new pane beside the current one).
    documentRequested = Signal(str, bool)
    #: Filter the quotes table: {"actors": [ids], "themes": [ids], "docs": [ids], ...}.
    filterRequested = Signal(dict)
    #: A short message for the status bar.
    statusMessage = Signal(str)
    #: A change failed (refused by the core, or the disk refused the write): the message.
    errorOccurred = Signal(str)

    #: The source of a change another program (the CLI, a second window) made to the file.
    EXTERNAL = "external"

    #: How often the project file is asked whether another program changed it (ms).
    WATCH_INTERVAL_MS = 1000

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._project: Project | None = None
        self.undo_stack = QUndoStack(self)
        self.colour_by = "theme"          # or "actor": what highlights are coloured by
        self._seen_version: int | None = None
        self._watch = QTimer(self)
        self._watch.setInterval(self.WATCH_INTERVAL_MS)
        self._watch.timeout.connect(self.check_external_changes)

    @property
    def project(self) -> Project:
        if self._project is None:
            raise RuntimeError("No project is open.")
        return self._project

    @property
    def has_project(self) -> bool:
        return self._project is not None

    def set_project(self, project: Project) -> None:
        """Make ``project`` the open one (closing the previous) and tell everyone."""
        old, self._project = self._project, project
        self.undo_stack.clear()
        if old is not None and old is not project:
            old.close()
        self._seen_version = project.data_version()
        self._watch.start()
        self.projectOpened.emit()

    def check_external_changes(self) -> bool:
        """Reload every view if another program committed to the file since the last look.

        ``PRAGMA data_version`` changes only for other connections' commits, so this app's
        own changes (already shown) never trigger it; the undo stack is kept.
        """
        if self._project is None:
            return False
        try:
            version = self._project.data_version()
        except sqlite3.Error:
            return False
        if version == self._seen_version:
            return False
        self._seen_version = version
        self.notify(Changes.everything(), self.EXTERNAL)
        self.statusMessage.emit("Another program changed the project; the views were refreshed.")
        return True

    def notify(self, changes: Changes, source: object = None) -> None:
        """Tell every view what changed (nothing is said when nothing changed).

        A change the app itself announces (an import, a merge, written by a worker thread
        through its own connection) is taken as seen, so the watcher does not report it
        again as another program's.
        """
        if source is not self.EXTERNAL and self._project is not None:
            with contextlib.suppress(sqlite3.Error):
                self._seen_version = self._project.data_version()
        if changes:
            self.changed.emit(changes, source)

    def push(self, command: Command) -> str | None:
        """Do a change once, then put it on the undo stack; return why it failed, if it did.

        ``command`` is a ``commands.Command``: its ``apply`` runs here, outside the stack,
        so a refused or failed write leaves the stack and the file as they were and is
        reported through ``errorOccurred`` instead.
        """
        try:
            command.apply()
        except WRITE_ERRORS as exc:
            message = error_message(exc)
            self.errorOccurred.emit(message)
            return message
        command.applied = True
        self.undo_stack.push(command)        # its first redo only notifies
        return None
