"""Checks on text before it is written: valid Unicode, and sizes within the limits below.

Every public write method of the core passes what the user typed through :func:`text`
(or :func:`settings`), so a lone surrogate or a 200 MB note is refused with a message
that says what is wrong, instead of crashing on encode or bloating the project file.
The limits are generous for an analyst's work and documented in README.md.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from .errors import DamagedProject, InvalidInput

#: Longest value accepted for each kind of text, in characters (code points).
MAX_NOTE = 100_000            # a quote's note
MAX_NAME = 200                # an actor's or theme's name, an alias
MAX_DESCRIPTION = 10_000      # a theme's description
MAX_TITLE = 1_000             # a document's title, outlet, author
MAX_JUDGMENT = 10_000         # a key judgment's statement
MAX_SUMMARY = 100_000         # the brief's summary (bottom line up front)
MAX_SETTING = 1_000           # any other brief setting (title, analyst, marking…)
MAX_DOCUMENT = 20 * 1024 * 1024  # a document's text (as the import's file-size limit)
MAX_SEARCH = 1_000            # a search query

#: Limit of each brief setting; settings not named here get MAX_SETTING.
SETTING_LIMITS = {"summary": MAX_SUMMARY}


def text(value: str, what: str, limit: int) -> str:
    """Return ``value`` if it is a str of valid Unicode of at most ``limit`` characters;
    else raise :class:`InvalidInput` naming ``what`` (e.g. "note"), the size and the limit."""
    if not isinstance(value, str):
        raise InvalidInput(f"The {what} must be text, not {type(value).__name__}.")
    if len(value) > limit:
        raise InvalidInput(f"The {what} is {len(value):,} characters long; "
                           f"the limit is {limit:,}.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InvalidInput(f"The {what} contains a character that is not valid text "
                           f"(a lone surrogate, U+{ord(value[exc.start]):04X}, at character "
                           f"{exc.start + 1:,}).") from None
    return value


def valid(value: str, what: str) -> str:
    """:func:`text` without a size limit: for names and ids looked up, not written."""
    return text(value, what, limit=1 << 62)


def optional(value: str | None, what: str, limit: int) -> str | None:
    """:func:`text` for a value that may be None (left alone)."""
    return None if value is None else text(value, what, limit)


def settings(values: Mapping[str, object]) -> None:
    """Check brief settings before they are written (each value as the str it is stored as)."""
    for key, value in values.items():
        text(str(key), "setting name", MAX_NAME)
        text(str(value), f"setting {key!r}", SETTING_LIMITS.get(key, MAX_SETTING))


@contextmanager
def stored_text(what: str) -> Iterator[None]:
    """Turn SQLite's failure to decode damaged stored text into a clear DamagedProject."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        if "decode" not in str(exc).lower():
            raise
        raise DamagedProject(f"The project holds {what} that is not valid UTF-8 text; "
                             "run `briefer check` to see which, and restore it from a "
                             "backup or re-import it.") from None
