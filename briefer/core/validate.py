"""Checks on text before it is written: valid Unicode, and sizes within the limits below.

Every public write method of the core passes what the user typed through :func:`text`
(or :func:`settings`), so a lone surrogate or a 200 MB note is refused with a message
that says what is wrong, instead of crashing on encode or bloating the project file.
The limits are generous for an analyst's work and documented in README.md.
"""

from __future__ import annotations

import datetime
import re
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from . import grading
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
MAX_TRANSLATION = 100_000     # the analyst's translation of a quote
MAX_REASON = 1_000            # a one-line reason (a source's reliability grade)
MAX_BASIS = 10_000            # the basis of a key judgment
MAX_URL = 4_000               # a document's URL

#: Limit of each brief setting; settings not named here get MAX_SETTING.
SETTING_LIMITS = {"summary": MAX_SUMMARY, "scope": MAX_SUMMARY, "outlook": MAX_SUMMARY,
                  "indicators": MAX_SUMMARY, "gaps": MAX_SUMMARY}


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
        if key == "cutoff" and value:
            iso_date(str(value), "cut-off date")


_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def iso_date(value: str | None, what: str = "date") -> str | None:
    """An ISO date (YYYY, YYYY-MM or YYYY-MM-DD, a real day), or None for None / ""."""
    if value is None or not value.strip():
        return None
    value = text(value, what, 40).strip()
    parts = value.split("-")
    try:
        if not _DATE.match(value):
            raise ValueError
        datetime.date(int(parts[0]), int((parts + ["1"])[1]), int((parts + ["1", "1"])[2]))
    except ValueError:
        raise InvalidInput(f"The {what} {value!r} is not a date: write YYYY-MM-DD "
                           "(or YYYY-MM, YYYY).") from None
    return value


def iso_moment(value: str | None, what: str) -> str | None:
    """An ISO date or date-time (e.g. a page's access time), or None for None / ""."""
    if value is None or not value.strip():
        return None
    value = text(value, what, 64).strip()
    if "T" not in value and " " not in value:
        return iso_date(value, what)
    try:
        datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(f"The {what} {value!r} is not a date or time: write YYYY-MM-DD "
                           "or YYYY-MM-DDTHH:MM.") from None
    return value


def url(value: str | None) -> str | None:
    """A web address (http or https), or None for None / ""."""
    if value is None or not value.strip():
        return None
    value = text(value, "URL", MAX_URL).strip()
    if not re.match(r"^https?://[^\s/]+", value, re.IGNORECASE) or any(c.isspace() for c in value):
        raise InvalidInput(f"{value!r} is not a web address: write it as https://…")
    return value


def source_type(value: str) -> str:
    key = (value or "").strip().lower().replace("-", "_").replace(" ", "_")
    if key not in grading.SOURCE_TYPES:
        raise InvalidInput(f"Source type must be one of {', '.join(grading.SOURCE_TYPES)}, "
                           f"not {value!r}.")
    return key


def reliability(value: str) -> str:
    key = (value or "").strip().upper()
    if key not in grading.RELIABILITY:
        raise InvalidInput(f"Reliability must be a grade A–F (F: cannot be judged), not {value!r}.")
    return key


def credibility(value: int | str) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        number = 0
    if number not in grading.CREDIBILITY:
        raise InvalidInput(f"Credibility must be 1–6 (6: cannot be judged), not {value!r}.")
    return number


def likelihood(value: str | None) -> str | None:
    """A key of the ICD 203 scale (words such as "very likely" accepted), or None for none."""
    if value is None or not str(value).strip() or str(value).strip().lower() == "none":
        return None
    key = str(value).strip().lower().replace("-", "_").replace(" ", "_")
    by_words = {words.replace(" ", "_"): k for k, (words, _) in grading.LIKELIHOOD.items()}
    key = by_words.get(key, key)
    if key not in grading.LIKELIHOOD:
        raise InvalidInput(f"Likelihood must be one of {', '.join(grading.LIKELIHOOD)}, "
                           f"not {value!r}.")
    return key


@contextmanager
def stored_text(what: str) -> Iterator[None]:
    """Turn SQLite's failure to decode damaged stored text into a clear DamagedProject."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        if "decode" not in str(exc).lower():
            raise
        raise DamagedProject(f"The project holds {what} that is not valid UTF-8 text; "
                             "run `briefer check` (in the app: File ▸ Check project…) to "
                             "see which, and restore it from a backup or re-import it."
                             ) from None
