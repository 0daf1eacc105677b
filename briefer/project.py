"""Opening the project a user means: the one named, or the default one seeded with the articles."""

from __future__ import annotations

import os

from .core.store import Project
from .paths import default_project_path, project_path, seed_files


def open_project(path: str | os.PathLike | None = None, *, seed: bool = True,
                 create: bool = True) -> Project:
    """Open ``path`` (or ``$BRIEFER_PROJECT``, or the default project).

    A project created by this call imports the seed articles when ``seed`` is true (a
    scratch project for a script or a test); the CLI and the app use ``open_user_project``.
    """
    project = Project.open(project_path(path), create=create)
    if project.created and seed:
        project.documents.import_files(seed_files())
    return project


def is_default_project(path: str | os.PathLike) -> bool:
    """True if ``path`` is the user's default project (the only one seeded on first start)."""
    return os.path.abspath(path) == os.path.abspath(default_project_path())


def open_user_project(explicit: str | os.PathLike | None = None, *, create: bool = True) -> Project:
    """Open the project the user means (``--project``, ``$BRIEFER_PROJECT``, else the default).

    Only the default project starts with the seed articles; one the user names starts empty
    (``briefer import seeds/*.txt`` fills it on purpose).
    """
    path = project_path(explicit)
    return open_project(path, seed=is_default_project(path), create=create)
