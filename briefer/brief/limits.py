"""The brief's own size limits: what it prints of each field, and how much in all.

The core limits what it stores; these keep one brief bounded in time and memory whatever
the project holds (a 200 MB note once made a brief take 4.3 GB). A field over its limit
is printed up to the limit and ends in a visible marker saying how much was left out and
why; a brief whose printed text would still exceed ``TOTAL_CHARS`` is refused with a
message naming its size and the limit. The README lists the same figures.
"""

from __future__ import annotations

from ..core.errors import BrieferError

#: Characters printed of each field (the rest is replaced by a marker).
TITLE_CHARS = 500
SUBTITLE_CHARS = 1_000
ANALYST_CHARS = 200
MARKING_CHARS = 200
SUMMARY_CHARS = 50_000
JUDGMENT_CHARS = 5_000
QUOTE_CHARS = 20_000
NOTE_CHARS = 10_000
#: Characters of quote text and notes in one brief, after the cuts above (~6,000 pages).
TOTAL_CHARS = 20_000_000


class BriefTooLarge(BrieferError):
    """The brief would print more text than ``TOTAL_CHARS``."""


def cut(text: str | None, limit: int, what: str) -> str:
    """``text`` up to ``limit`` characters; longer text ends in a marker saying so."""
    text = text or ""
    if len(text) <= limit:
        return text
    return (f"{text[:limit].rstrip()} […{len(text) - limit:,} more characters of this {what} "
            f"are not printed: a brief prints at most {limit:,}]")


def check_total(chars: int) -> None:
    """Refuse a brief whose printed quotes and notes would exceed ``TOTAL_CHARS``."""
    if chars > TOTAL_CHARS:
        raise BriefTooLarge(
            f"The brief would print {chars:,} characters of quotes and notes; the limit is "
            f"{TOTAL_CHARS:,}. Choose fewer quotes (--theme, --actor, --doc, --starred).")
