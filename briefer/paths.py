"""Where Briefer finds its data (a checkout or a frozen build) and keeps its projects."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "Briefer"
PROJECT_ENV = "BRIEFER_PROJECT"
PROJECT_SUFFIX = ".briefer"


def bundle_root() -> Path:
    """The folder holding ``resources/`` and ``seeds/``: ``sys._MEIPASS`` when frozen."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return bundle_root() / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def seeds_dir() -> Path:
    return bundle_root() / "seeds"


def seed_files() -> list[Path]:
    """The articles a new project starts with (not the demo annotations)."""
    return sorted(p for p in seeds_dir().glob("*") if p.suffix.lower() in (".txt", ".md", ".html",
                                                                           ".htm"))


def is_checkout() -> bool:
    root = bundle_root()
    return not getattr(sys, "frozen", False) and (root / "pyproject.toml").exists()


def exports_dir() -> Path:
    """``exports/`` in a checkout; the user's documents folder otherwise."""
    if is_checkout():
        return bundle_root() / "exports"
    import platformdirs      # only where the user's folders are asked for (not at every start)

    return Path(platformdirs.user_documents_dir()) / "Briefer exports"


def data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_project_path() -> Path:
    return data_dir() / f"default{PROJECT_SUFFIX}"


def project_path(explicit: str | os.PathLike | None = None) -> Path:
    """``--project`` if given, else ``$BRIEFER_PROJECT``, else the default project."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(PROJECT_ENV)
    if env:
        return Path(env).expanduser()
    return default_project_path()
