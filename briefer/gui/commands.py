"""Undoable changes. Each command writes the project file and tells the hub what changed.

``Command`` is the base of every undo command in the app: ``apply`` / ``revert`` change the
store, ``changes_made`` declares what they changed (a ``Changes``), and ``notify`` sends that on
the hub's one ``changed`` signal, with the command as its source. ``Hub.push`` applies a
command once before it goes on the stack, so a failed write never leaves a command on the
stack that did nothing.
Quotes keep their id through delete/undo, so links from judgments and the brief survive.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from .shell.changes import Changes
from .shell.hub import WRITE_ERRORS, Hub, error_message


class Command(QUndoCommand):
    """Base: subclasses implement ``apply``, ``revert`` and ``changes_made``."""

    def __init__(self, hub: Hub, text: str):
        super().__init__(text)
        self.hub = hub
        self.applied = False          # set by Hub.push after its own first apply

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError

    def changes_made(self) -> Changes:
        """What the last apply or revert changed (views reload only for these parts)."""
        raise NotImplementedError

    def notify(self) -> None:
        self.hub.notify(self.changes_made(), self)

    def redo(self) -> None:
        if self.applied:
            self.applied = False
        else:
            self._guarded(self.apply)
        self.notify()

    def undo(self) -> None:
        self._guarded(self.revert)
        self.notify()

    def _guarded(self, step) -> None:
        """Undo/redo from the stack: a failed write is reported; the views reload from the file."""
        try:
            step()
        except WRITE_ERRORS as exc:
            self.hub.errorOccurred.emit(error_message(exc))
