"""Opening the project a user means: the one named, or the default one seeded with the articles."""

from __future__ import annotations

import os

from .core.store import Project
from .paths import project_path, seed_files


def open_project(path: str | os.PathLike | None = None, *, seed: bool = True,
                 create: bool = True) -> Project:
    """Open ``path`` (or ``$BRIEFER_PROJECT``, or the default project).

    A project created by this call imports the seed articles when ``seed`` is true.
    """
    project = Project.open(project_path(path), create=create)
    if project.created and seed:
        project.import_files(seed_files())
    return project
