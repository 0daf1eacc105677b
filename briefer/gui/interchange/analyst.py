"""The analyst's name kept in the app's settings (``ANALYST_KEY``), applied at start.

Apart from Edit ▸ Preferences… (``preferences.py``, imported when first opened): start-up
needs the name, not the dialog's widgets (issue #13)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...core.analyst import set_analyst

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings

ANALYST_KEY = "analyst"


def apply_saved_analyst(settings: QSettings) -> None:
    """At start: the name saved in the settings (none: ``BRIEFER_ANALYST`` or the OS user)."""
    set_analyst(str(settings.value(ANALYST_KEY, "") or ""))
