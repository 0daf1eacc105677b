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
        return project.judgments.list()


def newer_copy(project, path):
    """A copy of ``project`` at ``path`` that claims to come from a newer Briefer."""
    from briefer.core import schema

    project.backup(path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    return path
