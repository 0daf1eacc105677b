"""Undoable codebook changes: add, edit, merge, delete actors and themes; reorder themes.

Each command writes the project file in ``redo``/``undo`` and tells the hub
(``Changes(codebook=True)``, with ``quotes`` when quote links moved). Undo restores
the file exactly: a deleted or merged-away actor comes back with its id, row and links,
and a merge target gets back its aliases and links.

``run(hub, command)`` (``hub.push``) does the change once first, so a refusal of the
store (a taken name, an unknown kind) becomes a message, not a broken undo stack.
"""

from __future__ import annotations

from ..commands import Command
from ..shell.changes import Changes
from ..shell.hub import Hub

KINDS = ("actor", "theme")


class CodebookCommand(Command):
    """Base: ``apply`` / ``revert`` change the store; ``notify`` tells the hub."""

    #: Whether the command changes which quotes an actor/theme is linked to.
    links_change = False

    def __init__(self, hub: Hub, kind: str, text: str):
        super().__init__(hub, text)
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
        self.kind = kind

    # the codebook's methods for this kind: add_actor / add_theme, actor (the snapshot), ...
    def _api(self, verb: str):
        codebook = self.hub.project.codebook
        return getattr(codebook, self.kind) if verb == "snapshot" else \
            getattr(codebook, f"{verb}_{self.kind}")

    def changes_made(self) -> Changes:
        # the brief's settings name themes/actors; quotes show their names and colours
        return Changes(codebook=True, quotes=bool(self.links_change))

def run(hub: Hub, command: CodebookCommand) -> str | None:
    """Do ``command`` and put it on the undo stack; return the store's refusal instead, if any."""
    return hub.push(command)


class AddCommand(CodebookCommand):
    """Create an actor (name, kind, aliases, colour) or theme (name, description, colour).

    ``kind`` (positional) is "actor" or "theme"; an actor's own kind goes in ``fields``.
    """

    def __init__(self, hub: Hub, kind: str, name: str, /, **fields):
        super().__init__(hub, kind, f"Add {kind} “{name}”")
        self.fields = dict(fields, name=name)
        self.item_id: str | None = None
        self.snapshot: dict | None = None

    def apply(self) -> None:
        if self.snapshot is None:
            self.item_id = self._api("add")(**self.fields)
        else:
            self._api("restore")(self.snapshot)

    def revert(self) -> None:
        self.snapshot = self._api("snapshot")(self.item_id)
        self._api("delete")(self.item_id)


class EditCommand(CodebookCommand):
    """Rename, recolour, or change aliases / kind (actors) or description (themes)."""

    def __init__(self, hub: Hub, kind: str, ref: str, text: str | None = None, /, **changes):
        super().__init__(hub, kind, text or f"Edit {kind}")
        self.item_id = self._api("resolve")(ref)
        self.changes = {k: v for k, v in changes.items() if v is not None}
        self.before: dict | None = None

    def apply(self) -> None:
        self.before = self._api("snapshot")(self.item_id)
        self._api("update")(self.item_id, **self.changes)

    def revert(self) -> None:
        self._api("restore")(self.before)


class MergeCommand(CodebookCommand):
    """Merge ``source`` into ``target``: links move, an actor's name becomes an alias."""

    links_change = True

    def __init__(self, hub: Hub, kind: str, source: str, target: str):
        super().__init__(hub, kind, f"Merge {kind}s")
        resolve = self._api("resolve")
        self.source_id, self.target_id = resolve(source), resolve(target)
        self.source: dict | None = None
        self.target: dict | None = None
        self.count = 0

    def apply(self) -> None:
        snapshot = self._api("snapshot")
        self.source, self.target = snapshot(self.source_id), snapshot(self.target_id)
        merge = getattr(self.hub.project.codebook, f"merge_{self.kind}s")
        self.count = merge(self.source_id, self.target_id)

    def revert(self) -> None:
        restore = self._api("restore")
        restore(self.target)
        restore(self.source)


class DeleteCommand(CodebookCommand):
    """Delete an actor or theme; the quotes stay, their links to it go (and come back on undo)."""

    links_change = True

    def __init__(self, hub: Hub, kind: str, ref: str):
        super().__init__(hub, kind, f"Delete {kind}")
        self.item_id = self._api("resolve")(ref)
        self.snapshot: dict | None = None
        self.count = 0

    def apply(self) -> None:
        self.snapshot = self._api("snapshot")(self.item_id)
        self.count = self._api("delete")(self.item_id)

    def revert(self) -> None:
        self._api("restore")(self.snapshot)


class ReorderThemesCommand(CodebookCommand):
    """Set the theme order (the brief's section order) from a list of ids."""

    def __init__(self, hub: Hub, order: list[str]):
        super().__init__(hub, "theme", "Reorder themes")
        self.order = list(order)
        self.before: dict[str, int] | None = None

    def apply(self) -> None:
        self.before = self.hub.project.codebook.theme_positions()
        self.hub.project.codebook.reorder_themes(self.order)

    def revert(self) -> None:
        assert self.before is not None          # Hub.push applies a command before any revert
        self.hub.project.codebook.restore_theme_positions(self.before)


# -- the names the brief asks for ----------------------------------------------------------
def AddActorCommand(hub, name, kind="organisation", aliases=(), colour=None):
    return AddCommand(hub, "actor", name, kind=kind, aliases=list(aliases), colour=colour)


def AddThemeCommand(hub, name, description="", colour=None):
    return AddCommand(hub, "theme", name, description=description, colour=colour)


def EditActorCommand(hub, ref, *, name=None, kind=None, aliases=None, colour=None, text=None):
    return EditCommand(hub, "actor", ref, text, name=name, kind=kind,
                       aliases=None if aliases is None else list(aliases), colour=colour)


def EditThemeCommand(hub, ref, *, name=None, description=None, colour=None, text=None):
    return EditCommand(hub, "theme", ref, text, name=name, description=description, colour=colour)


def MergeActorsCommand(hub, source, target):
    return MergeCommand(hub, "actor", source, target)


def MergeThemesCommand(hub, source, target):
    return MergeCommand(hub, "theme", source, target)


def DeleteActorCommand(hub, ref):
    return DeleteCommand(hub, "actor", ref)


def DeleteThemeCommand(hub, ref):
    return DeleteCommand(hub, "theme", ref)
