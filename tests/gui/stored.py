"""Reading what the project file holds, through connections of the test's own."""

from __future__ import annotations

import sqlite3

from briefer.core.store import Project


def stored_settings(path) -> dict:
    """The settings as in the file."""
    conn = sqlite3.connect(str(path))
    try:
        return dict(conn.execute("SELECT key, value FROM settings"))
    finally:
        conn.close()


def stored_judgments(path) -> list[dict]:
    with Project.open(path, create=False) as project:
        return project.judgments()
