"""What the brief says about its own sourcing (ICD 206): the source summary statement, the
chronology, and the sources the bottom line cites. Pure data from a built :class:`Brief`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..core.grading import RELIABILITY, SOURCE_TYPES
from ..core.text import plural
from .model import Brief, short_date

_CITED = re.compile(r"\[(\d+)\]")


@dataclass
class ChronoEntry:
    date: str                        # ISO, for ordering
    label: str                       # as printed ("3 Mar 2026")
    what: str                        # "Published: …" or the quote's text
    source_no: int
    ref: str                         # "[3 · B2]" (the source's number and the grade)


def summary_statement(brief: Brief) -> list[str]:
    """Sentences counting the sources by type and by grade, naming single-source judgments
    and undated sources, and saying how many quotes carry the analyst's translation."""
    sources = brief.sources
    if not sources:
        return ["The brief cites no source."]
    types = Counter(s.source_type for s in sources)
    by_type = ", ".join(f"{plural(n, SOURCE_TYPES.get(t, t), _typeplural(t))}"
                        for t, n in sorted(types.items(), key=lambda kv: (-kv[1], kv[0])))
    grades = Counter(s.reliability for s in sources)
    by_grade = ", ".join(f"{g} ({RELIABILITY[g]}) {grades[g]}" for g in RELIABILITY if grades[g])
    out = [f"The brief rests on {plural(len(sources), 'source')}: {by_type}.",
           f"By reliability grade: {by_grade}."]
    single = []
    for j in brief.judgments:
        docs = sorted({q.source_no for q in j.evidence})
        if len(docs) == 1:
            single.append(f"KJ{j.number} (only [{docs[0]}])")
    out.append("Single-source judgments: " + (", ".join(single) if single else "none") + ".")
    undated = [f"[{s.number}] “{s.title}”" for s in sources if not s.date]
    out.append("Undated sources: " + ("; ".join(undated) if undated else "none") + ".")
    quotes = _all_quotes(brief)
    translated = sum(1 for q in quotes if q.translation)
    out.append(f"{translated} of {plural(len(quotes), 'quote')} carry the analyst's translation "
               f"beside the original." if translated != 1 else
               f"1 of {plural(len(quotes), 'quote')} carries the analyst's translation beside "
               f"the original.")
    if brief.excluded:
        out.append(f"{plural(brief.excluded, 'quote')} of the project "
                   f"{'is' if brief.excluded == 1 else 'are'} excluded from the brief.")
    return out


def _typeplural(key: str) -> str:
    words = SOURCE_TYPES.get(key, key)
    return {"social media": "social media", "state media": "state media",
            "academic": "academic sources", "other": "other sources",
            "unknown type": "sources of unknown type"}.get(words, words + "s")


def _all_quotes(brief: Brief) -> list:
    seen = {q.id: q for q in brief.quotes}
    for j in brief.judgments:
        for q in j.evidence:
            seen.setdefault(q.id, q)
    return list(seen.values())


def chronology(brief: Brief) -> list[ChronoEntry]:
    """Dated sources (their publication) and quotes with an event date, in time order."""
    from .quoting import quote_text, source_ref
    entries = [ChronoEntry(s.date[:10], short_date(s.date), f"Published: “{s.title}”",
                           s.number, f"[{s.number}]") for s in brief.sources if s.date]
    for q in _all_quotes(brief):
        if q.event_date:
            entries.append(ChronoEntry(q.event_date, short_date(q.event_date),
                                       quote_text(q.text, evidence=True, limit=180),
                                       q.source_no, source_ref(q)))
    entries.sort(key=lambda e: (e.date, e.source_no, e.what))
    return entries


def bluf_sources(brief: Brief) -> list[tuple[int, str]]:
    """The sources the bottom line cites as ``[n]``: (n, what it resolves to), in order;
    a number with no source says so."""
    titles = {s.number: s for s in brief.sources}
    out = []
    for n in dict.fromkeys(int(m) for m in _CITED.findall(brief.summary)):
        s = titles.get(n)
        who = (s.outlet or s.author) if s else ""
        out.append((n, (f"{who}, “{s.title}”" if who else f"“{s.title}”")
                    if s else "no such source in this brief"))
    return out
