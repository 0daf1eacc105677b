"""Text primitives shared by the core, the brief and the app: one copy of each.

- CJK: ``cjk_run()`` matches runs of Han, kana, Hangul, CJK punctuation and full-width
  forms; ``has_cjk`` asks whether a text holds any.
- Language tags: ``is_language_tag`` (the BCP-47 shape Briefer accepts: ``en``, ``zh-Hans``,
  ``pt-BR``, ``und``).
- Dates: ``is_iso_date`` (YYYY, YYYY-MM or YYYY-MM-DD, and a real day).
- Counts: ``plural`` ("1 quote", "2 quotes"), for every message that counts something.
- Excerpts: ``excerpt`` (white space folded, cut at ``size`` with "…") and ``excerpt_words``
  (cut at a word boundary, for printed text).

Language *detection* is ``textlang``; this module only checks and trims.
"""

from __future__ import annotations

import datetime
import functools
import re

#: Han, kana, Hangul, CJK punctuation and full-width forms, as a character class.
CJK_CLASS = ("[\u2e80-\u2fdf\u3000-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
             "\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0003134f]")
#: A language tag: a two- or three-letter primary subtag, then subtags of 2 to 8 characters.
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")
#: An ISO date as Briefer keeps it: YYYY, YYYY-MM or YYYY-MM-DD.
ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def plural(n: int, word: str, many: str | None = None) -> str:
    """``n`` and the word, singular for 1: "1 quote", "3 quotes", "2 analyses" (``many``)."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


@functools.cache
def cjk_run() -> re.Pattern[str]:
    """Runs of ``CJK_CLASS``: compiled when first used, not at import (~2 ms of the app's
    start, issue #13; the astral range makes a large character set)."""
    return re.compile(CJK_CLASS + "+")


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds any Chinese, Japanese or Korean character or punctuation."""
    return cjk_run().search(text) is not None


def is_language_tag(code: str) -> bool:
    """Whether ``code`` (as given: no stripping) is a language tag such as en, zh-Hans, und."""
    return LANGUAGE_TAG.fullmatch(code) is not None


def is_iso_date(text: str) -> bool:
    """Whether ``text`` (as given) is YYYY, YYYY-MM or YYYY-MM-DD naming a real month or day."""
    if not ISO_DATE.fullmatch(text):
        return False
    parts = [int(p) for p in text.split("-")] + [1, 1]
    try:
        datetime.date(parts[0], parts[1], parts[2])
    except ValueError:
        return False
    return True


def excerpt(text: str | None, size: int) -> str:
    """``text`` on one line (runs of white space as one space), at most ``size`` characters:
    a longer one is cut and ends in "…"."""
    text = " ".join((text or "").split())
    return text if len(text) <= size else text[:size - 1] + "…"


def excerpt_words(text: str, limit: int) -> str:
    """``text`` on one line, cut at the last word boundary before ``limit`` characters (a
    text without one is cut at ``limit``), trailing punctuation dropped, then " …"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(",;:.") + " …"
