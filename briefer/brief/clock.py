"""The time a brief says it was compiled.

``SOURCE_DATE_EPOCH`` (seconds since 1970, the reproducible-builds convention) fixes it, so
that two compilations of one project give the same text: for comparing engines, for tests,
and for an analyst who re-issues a brief with its original date. Otherwise: now, in the
machine's time zone.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime


def compile_time() -> datetime:
    """``SOURCE_DATE_EPOCH`` as a UTC time when it is a whole number a date can hold (up to
    the year 9999), else now: a bad value never stops a brief."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit() and len(epoch) < 20:
        try:
            return datetime.fromtimestamp(int(epoch), UTC)
        except (OverflowError, OSError, ValueError):
            pass
    return datetime.now().astimezone()
