"""What a brief holds, built in one place from the project's settings.

The app's Brief dock keeps its choices (group by, ticked themes and actors, starred only)
in the project's settings; ``brief_options(project, **overrides)`` turns them into the
``BriefOptions`` that the app's export and preview, ``briefer brief`` and the headless job
all compile, so one project file gives one brief whichever face compiles it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

#: The project settings the brief's text comes from (the app's Brief dock edits them).
TEXT_FIELDS = ("title", "subtitle", "analyst", "marking", "summary")
#: The project settings keeping the brief's contents (themes/actors: JSON lists of ids).
OPTION_KEYS = {"group_by": "brief_group_by", "themes": "brief_themes",
               "actors": "brief_actors", "starred": "brief_starred"}


@dataclass
class BriefOptions:
    """What to put in the brief. Empty lists mean "all"; names or ids are accepted."""
    group_by: str = "theme"
    themes: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    docs: list[str] = field(default_factory=list)
    starred_only: bool = False
    title: str | None = None
    marking: str | None = None
    subtitle: str | None = None
    language: str | None = None

    @classmethod
    def from_settings(cls, settings: Mapping[str, str | None], **overrides: Any) -> BriefOptions:
        """The brief a project's settings describe; each override given wins.

        An override that is None or an empty list is "not given" (so a command line's
        unset options fall back to the project's choices); ``starred_only=False`` is given.
        """
        saved: dict[str, Any] = {
            "group_by": settings.get(OPTION_KEYS["group_by"]) or "theme",
            "themes": saved_ids(settings.get(OPTION_KEYS["themes"])),
            "actors": saved_ids(settings.get(OPTION_KEYS["actors"])),
            "starred_only": settings.get(OPTION_KEYS["starred"]) == "1",
        }
        unknown = set(overrides) - {f.name for f in fields(cls)}
        if unknown:
            raise TypeError(f"BriefOptions has no {', '.join(sorted(unknown))}")
        for name, value in overrides.items():
            if value is None or (isinstance(value, (list, tuple)) and not value):
                continue
            saved[name] = list(value) if isinstance(value, (list, tuple)) else value
        return cls(**saved)


def brief_options(project, **overrides: Any) -> BriefOptions:
    """The brief of ``project`` as its settings describe it (what the app's composer shows),
    with ``overrides`` (see ``BriefOptions.from_settings``). Saved themes and actors that
    no longer exist (deleted since they were ticked) are left out, as the composer does;
    a theme or actor named in an override must exist."""
    options = BriefOptions.from_settings(project.settings.get(), **overrides)
    for kind in ("themes", "actors"):
        if not overrides.get(kind):
            known = {row["id"] for row in getattr(project.codebook, kind)()}
            setattr(options, kind, [i for i in getattr(options, kind) if i in known])
    return options


def saved_ids(value: str | None) -> list[str]:
    """A JSON list of ids as the settings keep it; anything else reads as none."""
    try:
        ids = json.loads(value or "[]")
    except ValueError:
        return []
    return [str(i) for i in ids] if isinstance(ids, list) else []
