"""The brief's content as records: pure data, no Qt, no HTML (``build.build_brief`` gathers
it from a project), and the words its parts are printed with (markings, languages, dates).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from ..core.grading import RELIABILITY, SOURCE_TYPES, grade
from .options import BriefOptions, brief_options  # noqa: F401 - re-exported: one place to ask

GROUP_BY = ("theme", "actor")
CONFIDENCE_WORDS = {"low": "Low confidence", "moderate": "Moderate confidence",
                    "high": "High confidence"}
LANGUAGE_NAMES = {
    "en": "English", "zh": "Chinese", "zh-hans": "Chinese (simplified)",
    "zh-hant": "Chinese (traditional)", "ja": "Japanese", "ko": "Korean", "ru": "Russian",
    "uk": "Ukrainian", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian",
    "pt": "Portuguese", "ar": "Arabic", "fa": "Persian", "tr": "Turkish", "he": "Hebrew",
    "vi": "Vietnamese", "und": "undetermined",
}
_TLP = re.compile(r"^TLP\s*:\s*(CLEAR|WHITE|GREEN|AMBER\s*\+\s*STRICT|AMBER|RED)$", re.I)


@dataclass
class BriefQuote:
    id: str
    text: str
    language: str
    language2: str | None
    note: str
    starred: bool
    actors: list[str]
    themes: list[str]
    source_no: int
    doc_title: str
    doc_outlet: str
    doc_date: str
    foreign: bool = False            # in another language than the brief's
    language_label: str = ""
    page: int | None = None          # the page of its document (a PDF) it starts on
    doc_author: str = ""
    speaker: str = ""                # who said it ("" : the document's outlet or author)
    carrier: str = ""                # "as quoted in"
    reliability: str = "F"           # of its document, A–F
    credibility: int = 6             # of the quote, 1–6
    translation: str = ""            # the analyst's
    event_date: str = ""

    @property
    def grade(self) -> str:
        """``B2``: the document's reliability and the quote's credibility."""
        return grade(self.reliability, self.credibility)

    @property
    def who(self) -> str:
        """Who the brief names as the quote's source: the speaker, else the document's
        outlet or author, else its title (never the actors the quote mentions)."""
        return self.speaker or self.doc_outlet or self.doc_author or self.doc_title


@dataclass
class SectionEntry:
    quote: BriefQuote
    also_under: list[str]            # other sections of this brief the quote appears in


@dataclass
class BriefSection:
    title: str
    description: str
    colour: str
    entries: list[SectionEntry]
    kind: str = "theme"              # "theme" | "actor" | "other"


@dataclass
class BriefJudgment:
    number: int
    text: str
    confidence: str
    evidence: list[BriefQuote]
    missing: int = 0                 # quotes it rests on that are orphaned (not printable)
    likelihood: str = ""             # "likely (55–80 %)", "" if not given
    basis: str = ""

    @property
    def confidence_label(self) -> str:
        return CONFIDENCE_WORDS.get(self.confidence, self.confidence)


@dataclass
class ActorSummary:
    name: str
    kind: str
    colour: str
    quotes: int
    themes: list[str]


@dataclass
class Matrix:
    actors: list[str]
    themes: list[str]
    counts: list[list[int]]          # counts[actor][theme]
    maximum: int
    actor_totals: list[int]          # distinct quotes naming the actor under any theme
    theme_totals: list[int]          # distinct quotes under the theme naming any actor
    total: int                       # distinct quotes with at least one actor and one theme


@dataclass
class Source:
    number: int
    doc_id: str
    title: str
    outlet: str
    author: str
    date: str
    language: str
    language_label: str
    quotes_used: int
    source_type: str = "unknown"
    reliability: str = "F"
    reliability_reason: str = ""
    url: str = ""
    accessed: str = ""

    @property
    def type_label(self) -> str:
        return SOURCE_TYPES.get(self.source_type, self.source_type)

    @property
    def reliability_label(self) -> str:
        return RELIABILITY.get(self.reliability, "")


@dataclass
class Brief:
    title: str
    subtitle: str
    analyst: str
    marking: str
    tlp: str | None                  # "CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED" or None
    language: str
    summary: str
    compiled_at: datetime
    period: tuple[str, str] | None
    group_by: str
    sections: list[BriefSection]
    judgments: list[BriefJudgment]
    actors: list[ActorSummary]
    matrix: Matrix
    sources: list[Source]
    quote_count: int
    filters: list[str]               # human-readable description of what was left out
    scope: str = ""
    cutoff: str = ""
    outlook: str = ""
    indicators: str = ""
    gaps: str = ""
    tlp_rule: str = ""               # the TLP marking's sharing rule in words
    excluded: int = 0                # quotes kept in the project but left out of the brief

    @property
    def quotes(self) -> list[BriefQuote]:
        """Each quote in the sections once, in order of first appearance."""
        seen: dict[str, BriefQuote] = {}
        for section in self.sections:
            for entry in section.entries:
                seen.setdefault(entry.quote.id, entry.quote)
        return list(seen.values())


def normalise_marking(marking: str | None) -> tuple[str, str | None]:
    """(marking in capitals, TLP level or None): ``tlp:amber + strict`` → TLP:AMBER+STRICT."""
    text = " ".join((marking or "").split()).upper()
    match = _TLP.match(text)
    if not match:
        return text, None
    level = re.sub(r"\s+", "", match.group(1))
    return f"TLP:{level}", ("CLEAR" if level == "WHITE" else level)


def language_label(code: str | None) -> str:
    code = (code or "und").strip()
    base = code.split("-")[0].lower()
    return LANGUAGE_NAMES.get(code.lower()) or LANGUAGE_NAMES.get(base) or code


def same_language(code: str | None, brief_language: str) -> bool:
    """True when a quote in ``code`` needs no language label in a brief in ``brief_language``."""
    code, brief = (code or "und").lower(), (brief_language or "en").lower()
    if code in ("und", "", brief):
        return True
    if "-" in brief:                 # a brief in zh-Hans labels zh-Hant quotes
        return False
    return code.split("-")[0] == brief


def short_date(value: str | None) -> str:
    """``2026-03-03T10:00`` → ``3 Mar 2026``; other text is returned as it is."""
    value = (value or "").strip()
    for fmt, size in (("%Y-%m-%d", 10), ("%Y-%m", 7), ("%Y", 4)):
        try:
            parsed = datetime.strptime(value[:size], fmt)
        except ValueError:
            continue
        if size == 10:
            return f"{parsed.day} {parsed:%b %Y}"
        return f"{parsed:%b %Y}" if size == 7 else value[:4]
    return value
