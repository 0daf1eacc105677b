"""Who is working: the analyst's name recorded on each quote made or changed.

The app sets it from its settings (:func:`set_analyst`); otherwise ``BRIEFER_ANALYST``, else
the operating system's user name.
"""

from __future__ import annotations

import os

_chosen: str | None = None


def set_analyst(name: str | None) -> None:
    """Use ``name`` for this process (the app's setting); None or "" falls back."""
    global _chosen
    _chosen = (name or "").strip() or None


def current_analyst() -> str:
    """The analyst's name: the app's setting, ``BRIEFER_ANALYST``, or the OS user ("" if none)."""
    if _chosen:
        return _chosen
    env = os.environ.get("BRIEFER_ANALYST", "").strip()
    if env:
        return env
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):      # no user name in this environment
        return ""
