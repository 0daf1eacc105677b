"""The brief's settings kept in a project (title, analyst, marking, summary, …)."""

from __future__ import annotations

from . import validate
from .base import Store

#: Settings every project has, with their defaults.
DEFAULT_SETTINGS = {
    "title": "Situation brief",
    "subtitle": "",
    "analyst": "",
    "marking": "TLP:CLEAR",
    "summary": "",
    "language": "en",
}


class Settings:
    """The project's settings (``project.settings``): text values by key."""

    def __init__(self, store: Store):
        self._store = store

    def get(self) -> dict[str, str]:
        """Every setting: the defaults, overridden by what the project holds."""
        values = dict(DEFAULT_SETTINGS)
        values.update(self._store.db.execute("SELECT key, value FROM settings").fetchall())
        return values

    def value(self, key: str) -> str:
        """One setting ("" when there is none)."""
        return self.get().get(key, "")

    def set(self, **values: object) -> None:
        """Store settings (each as text), checked first, in one transaction."""
        self._store.writable()
        validate.settings(values)
        with self._store.db.atomic():
            for key, value in values.items():
                self._store.table("settings").insert({"key": key, "value": str(value)},
                                                     replace=True)
