"""Undoable changes of the brief: its settings (title, sub-title, analyst, marking, summary)
and its key judgments (add, edit, remove).

Like every command of the app they are ``commands.Command`` s, pushed with ``hub.push``
(a refusal of the store becomes a message, not a broken stack) and announced with
``Changes(judgments=True)`` on ``hub.changed``. A removed judgment comes back on undo with
its id, place and links.

Typing is saved in pieces (after a pause, when a field is left); the pieces of one
*editing session* of one field — the composer passes the same ``session`` token until the
field is left — merge into one undo step (a settings step whose typing ends where it
began drops off the stack).
"""

from __future__ import annotations

from typing import Any

from ...core.records import Judgment
from ..commands import Command
from ..shell.changes import Changes
from ..shell.hub import Hub

#: ``QUndoCommand.id`` of the commands that may merge (any value but -1, unique in the app).
SETTINGS_MERGE_ID = 0x42_52_01
JUDGMENT_MERGE_ID = 0x42_52_02

LABELS = {"title": "title", "subtitle": "sub-title", "analyst": "analyst",
          "marking": "marking", "summary": "summary"}


class EditBriefSettingsCommand(Command):
    """Set some of the brief's settings; undo puts their old values back.

    ``session``: a token of the editing session (``None``: never merges); successive
    commands of the same session changing the same settings merge into one step.
    """

    def __init__(self, hub: Hub, *, session: object = None, **values: str):
        if not values:
            raise ValueError("EditBriefSettingsCommand needs at least one setting.")
        names = [LABELS.get(key, key.replace("_", " ")) for key in values]
        super().__init__(hub, f"Edit brief {', '.join(names)}")
        self.session = session
        self.after = {key: str(value) for key, value in values.items()}
        current = hub.project.settings.get()
        self.before = {key: current.get(key, "") for key in values}

    def apply(self) -> None:
        self.hub.project.settings.set(**self.after)

    def revert(self) -> None:
        self.hub.project.settings.set(**self.before)

    def changes_made(self) -> Changes:
        return Changes(settings=True)

    def id(self) -> int:
        return SETTINGS_MERGE_ID

    def mergeWith(self, other) -> bool:
        if (not isinstance(other, EditBriefSettingsCommand) or self.session is None
                or other.session != self.session or other.after.keys() != self.after.keys()):
            return False
        self.after = dict(other.after)
        self.setObsolete(self.after == self.before)     # typed back to where it began
        return True


class JudgmentCommand(Command):
    """Base of the judgment commands: they change key judgments only."""

    def __init__(self, hub: Hub, text: str, session: object = None):
        super().__init__(hub, text)
        self.session = session
        self.judgment_id: str | None = None

    def changes_made(self) -> Changes:
        return Changes(judgments=True)

    def _absorbs(self, other) -> bool:
        """Whether ``other`` is more typing of this judgment's statement in this session."""
        return (isinstance(other, EditJudgmentCommand) and self.session is not None
                and other.session == self.session and other.judgment_id == self.judgment_id
                and set(other.changes) == {"text"})


class AddJudgmentCommand(JudgmentCommand):
    """Add a key judgment (statement, confidence, quotes); redo after undo brings back the
    same judgment (id and all). Later typing of its statement in the same session merges."""

    def __init__(self, hub: Hub, text: str, confidence: str = "moderate", quotes=(), *,
                 likelihood: str | None = None, basis: str = "", session: object = None):
        super().__init__(hub, "Add key judgment", session)
        self.args: dict[str, Any] = {"text": text, "confidence": confidence, "quotes": list(quotes),
                     "likelihood": likelihood or None, "basis": basis}
        self.snapshot: Judgment | None = None

    def apply(self) -> None:
        if self.snapshot is None:
            self.judgment_id = self.hub.project.judgments.add(**self.args)
        else:
            self.hub.project.judgments.restore(self.snapshot)

    def revert(self) -> None:
        assert self.judgment_id is not None, "revert runs after apply"
        self.snapshot = self.hub.project.judgments.remove(self.judgment_id)

    def id(self) -> int:
        return JUDGMENT_MERGE_ID

    def mergeWith(self, other) -> bool:
        if not self._absorbs(other) or self.snapshot is not None:
            return False
        self.args["text"] = other.changes["text"]
        return True


class EditJudgmentCommand(JudgmentCommand):
    """Change a judgment's statement, confidence or quotes (None = unchanged); undo puts
    back the judgment as it was (text, confidence, links, time of change)."""

    def __init__(self, hub: Hub, ref: str, *, text: str | None = None,
                 confidence: str | None = None, quotes=None, likelihood: str | None = None,
                 basis: str | None = None, session: object = None):
        changes = {"text": text, "confidence": confidence,
                   "quotes": None if quotes is None else list(quotes),
                   "likelihood": likelihood, "basis": basis}
        self.changes: dict[str, Any] = {k: v for k, v in changes.items() if v is not None}
        label = {"text": "Edit key judgment", "confidence": "Change confidence",
                 "quotes": "Change supporting quotes", "likelihood": "Change likelihood",
                 "basis": "Edit basis"}
        super().__init__(hub, label[next(iter(self.changes))] if len(self.changes) == 1
                         else "Edit key judgment", session)
        self.judgment_id: str = hub.project.judgments.resolve(ref)
        self.before: Judgment | None = None

    def apply(self) -> None:
        project = self.hub.project
        if self.before is None:
            self.before = project.judgments.get(self.judgment_id)
        project.judgments.update(self.judgment_id, **self.changes)

    def revert(self) -> None:
        assert self.before is not None, "revert runs after apply"
        self.hub.project.judgments.restore(self.before)

    def id(self) -> int:
        return JUDGMENT_MERGE_ID

    def mergeWith(self, other) -> bool:
        if not self._absorbs(other) or set(self.changes) != {"text"}:
            return False
        self.changes["text"] = other.changes["text"]
        return True


class RemoveJudgmentCommand(JudgmentCommand):
    """Remove a key judgment (its quotes stay); undo brings it back with its id and links."""

    def __init__(self, hub: Hub, ref: str):
        super().__init__(hub, "Remove key judgment")
        self.judgment_id: str = hub.project.judgments.resolve(ref)
        self.snapshot: Judgment | None = None

    def apply(self) -> None:
        self.snapshot = self.hub.project.judgments.remove(self.judgment_id)

    def revert(self) -> None:
        assert self.snapshot is not None, "revert runs after apply"
        self.hub.project.judgments.restore(self.snapshot)
