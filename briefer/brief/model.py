"""The brief's content, gathered from a project: pure data, no Qt, no HTML.

``build_brief(project, options)`` only reads the project. Orphaned quotes (whose text
could not be found again after their document changed) are left out. A quote filed
under several themes (or, grouped by actor, several actors) is printed in each of
those sections, and each copy says where else it appears.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from ..core.aggregates import QuoteCounts
from ..core.corpus_pdf import page_of
from ..core.errors import InvalidInput
from ..core.grading import RELIABILITY, SOURCE_TYPES, grade, likelihood_words, tlp_rule
from ..core.records import Quote
from . import limits
from .clock import compile_time
from .limits import cut
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


def build_brief(project, options: BriefOptions | None = None,
                now: datetime | None = None) -> Brief:
    """Gather the brief's content from ``project`` (read only)."""
    options = options or BriefOptions()
    if options.group_by not in GROUP_BY:
        raise InvalidInput(f"Group the brief by theme or actor, not {options.group_by!r}.")
    settings = project.settings.get()
    language = options.language or settings.get("language") or "en"
    marking, tlp = normalise_marking(options.marking if options.marking is not None
                                     else settings.get("marking"))
    all_themes = project.codebook.themes()
    all_actors = project.codebook.actors()
    theme_ids = {project.codebook.resolve_theme(t) for t in options.themes}
    actor_ids = {project.codebook.resolve_actor(a) for a in options.actors}
    doc_ids = {project.documents.resolve(d) for d in options.docs}

    # Only the quotes the filters keep are read (in SQL: any of the themes, any of the
    # actors, any of the documents), then the judgments' evidence that is not among them.
    # Excluded quotes are kept in the project but never printed.
    chosen = {"any_themes": sorted(theme_ids), "any_actors": sorted(actor_ids),
              "docs": sorted(doc_ids), "starred": True if options.starred_only else None,
              "orphaned": False, "excluded": False}
    rows = project.quotes.list(**chosen)
    judgment_rows = project.judgments.list()
    evidence_rows = {r.id: r for r in rows}
    missing = sorted({q for j in judgment_rows for q in j.quote_ids} - evidence_rows.keys())
    excluded_ids: set[str] = set()
    for i in range(0, len(missing), 500):
        evidence_rows.update((r.id, r) for r in project.quotes.list(
            ids=missing[i:i + 500], orphaned=False, excluded=False))
        excluded_ids.update(project.quotes.ids(ids=missing[i:i + 500], orphaned=False,
                                               excluded=True))

    documents = {d.id: d for d in project.documents.list()}
    cited_docs = sorted({r.doc_id for r in evidence_rows.values()},
                        key=lambda d: (documents[d].date is None, documents[d].date or "",
                                       (documents[d].title or "").casefold()))
    number = {doc_id: i for i, doc_id in enumerate(cited_docs, 1)}
    quotes = {qid: _quote(r, number[r.doc_id], language) for qid, r in evidence_rows.items()}
    for qid, r in evidence_rows.items():
        doc = documents[r.doc_id]
        quotes[qid].page = page_of(doc.pages, r.start_cp)
        quotes[qid].reliability = doc.reliability or "F"
        quotes[qid].doc_author = doc.author or ""
    brief_quotes = [quotes[r.id] for r in rows]

    sections = (_theme_sections(all_themes, theme_ids, brief_quotes) if options.group_by == "theme"
                else _actor_sections(all_actors, actor_ids, brief_quotes))
    used: dict[int, int] = {}
    for q in brief_quotes:
        used[q.source_no] = used.get(q.source_no, 0) + 1
    sources = []
    for doc_id in cited_docs:
        d = documents[doc_id]
        sources.append(Source(number[doc_id], doc_id, d.title or "Untitled", d.outlet or "",
                              d.author or "", d.date or "", d.language or "und",
                              language_label(d.language), used.get(number[doc_id], 0),
                              d.source_type or "unknown", d.reliability or "F",
                              d.reliability_reason or "", d.url or "", d.accessed or ""))
    dates = sorted(s.date[:10] for s in sources if s.date)
    judgments = []
    for i, j in enumerate(judgment_rows, 1):
        evidence = [quotes[q] for q in j.quote_ids if q in quotes]
        judgments.append(BriefJudgment(i, j.text, j.confidence, evidence,
                                       len([q for q in j.quote_ids if q not in quotes
                                            and q not in excluded_ids]),
                                       likelihood_words(j.likelihood),
                                       cut(j.basis or "", limits.JUDGMENT_CHARS, "basis")))
    counts = project.quotes.matrix(**chosen)          # counted in SQL
    actors, matrix = _actor_summary(all_actors, all_themes, counts)
    summary = cut(settings.get("summary", ""), limits.SUMMARY_CHARS, "summary")
    for j in judgments:
        j.text = cut(j.text, limits.JUDGMENT_CHARS, "key judgment")
    limits.check_total(sum(len(e.quote.text) + len(e.quote.note)
                           for s in sections for e in s.entries)
                       + sum(len(q.text) for j in judgments for q in j.evidence)
                       + len(summary) + sum(len(j.text) for j in judgments))
    title = (options.title if options.title is not None else settings.get("title")) \
        or "Situation brief"
    subtitle = options.subtitle if options.subtitle is not None else settings.get("subtitle", "")
    return Brief(
        title=cut(title, limits.TITLE_CHARS, "title"),
        subtitle=cut(subtitle, limits.SUBTITLE_CHARS, "sub-title"),
        analyst=cut(settings.get("analyst", ""), limits.ANALYST_CHARS, "name"),
        marking=cut(marking, limits.MARKING_CHARS, "marking"), tlp=tlp, language=language,
        summary=summary, compiled_at=now or compile_time(),
        period=(dates[0], dates[-1]) if dates else None, group_by=options.group_by,
        sections=sections, judgments=judgments, actors=actors, matrix=matrix, sources=sources,
        quote_count=len(brief_quotes), filters=_describe_filters(project, options),
        **_brief_sections(settings), tlp_rule=tlp_rule(marking),
        excluded=len(project.quotes.ids(orphaned=False, excluded=True)))


def _brief_sections(settings: dict) -> dict[str, str]:
    """Scope, cut-off date, outlook, indicators and information gaps, as the analyst wrote them."""
    return {key: cut(settings.get(key) or "", limits.SUMMARY_CHARS, key)
            for key in ("scope", "cutoff", "outlook", "indicators", "gaps")}


def _quote(row: Quote, source_no: int, language: str) -> BriefQuote:
    lang = row.language or "und"
    foreign = not same_language(lang, language)
    label = language_label(lang)
    if row.language2 and not same_language(row.language2, language) \
            and row.language2 != lang:
        foreign, label = True, f"{label} with {language_label(row.language2)}"
    return BriefQuote(
        id=row.id, text=cut(row.exact, limits.QUOTE_CHARS, "quote"), language=lang,
        language2=row.language2,
        note=cut(row.note, limits.NOTE_CHARS, "note") if row.print_note else "",
        starred=bool(row.starred), actors=list(row.actors),
        themes=list(row.themes), source_no=source_no, doc_title=row.doc_title or "Untitled",
        doc_outlet=row.doc_outlet or "", doc_date=row.doc_date or "",
        foreign=foreign, language_label=label, speaker=row.speaker or "",
        carrier=row.carrier or "", credibility=row.credibility or 6,
        translation=cut(row.translation or "", limits.QUOTE_CHARS, "translation"),
        event_date=row.event_date or "")


def _theme_sections(themes, only: set, quotes: list[BriefQuote]) -> list[BriefSection]:
    chosen = [t for t in themes if not only or t.id in only]
    names = [t.name for t in chosen]
    by_theme: dict[str, list[BriefQuote]] = {n: [] for n in names}
    for q in quotes:                    # one pass over the quotes, not one per theme
        for name in dict.fromkeys(q.themes):
            if name in by_theme:
                by_theme[name].append(q)
    sections = []
    for t in chosen:
        items = list(by_theme[t.name])
        items.sort(key=lambda q: not q.starred)          # stable: starred first, then by date
        if items:
            sections.append(BriefSection(t.name, t.description or "", t.colour, [
                SectionEntry(q, [n for n in q.themes if n != t.name and n in names])
                for q in items]))
    rest = [q for q in quotes if not any(n in names for n in q.themes)]
    if rest:
        rest.sort(key=lambda q: not q.starred)
        sections.append(BriefSection("Other quotes", "Quotes not filed under a theme.",
                                     "#d9d9d9", [SectionEntry(q, []) for q in rest], "other"))
    return sections


def _actor_sections(actors, only: set, quotes: list[BriefQuote]) -> list[BriefSection]:
    chosen = [a for a in actors if not only or a.id in only]
    by_actor: dict[str, list[BriefQuote]] = {a.name: [] for a in chosen}
    for q in quotes:                    # one pass over the quotes, not one per actor
        for name in dict.fromkeys(q.actors):
            if name in by_actor:
                by_actor[name].append(q)
    chosen.sort(key=lambda a: (-len(by_actor[a.name]), a.name.casefold()))
    names = [a.name for a in chosen]
    sections = []
    for a in chosen:
        items = sorted(by_actor[a.name], key=lambda q: not q.starred)
        if items:
            sections.append(BriefSection(a.name, a.kind.capitalize(), a.colour, [
                SectionEntry(q, [n for n in q.actors if n != a.name and n in names])
                for q in items], "actor"))
    rest = sorted((q for q in quotes if not any(n in names for n in q.actors)),
                  key=lambda q: not q.starred)
    if rest:
        sections.append(BriefSection("Other quotes", "Quotes naming no actor.", "#d9d9d9",
                                     [SectionEntry(q, []) for q in rest], "other"))
    return sections


def _actor_summary(actors, themes, counts: QuoteCounts) -> tuple[list[ActorSummary], Matrix]:
    """Actors with quotes in the brief (most first) and the actor × theme matrix, from the
    counts the store made in SQL over the brief's quotes."""
    summaries, ids = [], {}
    for a in actors:
        if not counts.by_actor.get(a.id):
            continue
        under = [t.name for t in themes if counts.cell(a.id, t.id)]
        summaries.append(ActorSummary(a.name, a.kind, a.colour, counts.by_actor[a.id], under))
        ids[a.name] = a.id
    summaries.sort(key=lambda s: (-s.quotes, s.name.casefold()))
    used = [t for t in themes if counts.by_theme.get(t.id)]
    grid = [[counts.cell(ids[s.name], t.id) for t in used] for s in summaries]
    maximum = max((c for row in grid for c in row), default=0)
    totals = counts.totals                            # in quotes, not cells (one quote, many)
    return summaries, Matrix([s.name for s in summaries], [t.name for t in used], grid, maximum,
                             [totals.by_actor.get(ids[s.name], 0) for s in summaries],
                             [totals.by_theme.get(t.id, 0) for t in used], totals.quotes)


def _describe_filters(project, options: BriefOptions) -> list[str]:
    out = []
    if options.themes:
        names = {t.id: t.name for t in project.codebook.themes()}
        out.append("Themes: " + ", ".join(names[project.codebook.resolve_theme(t)]
                                          for t in options.themes))
    if options.actors:
        names = {a.id: a.name for a in project.codebook.actors()}
        out.append("Actors: " + ", ".join(names[project.codebook.resolve_actor(a)]
                                          for a in options.actors))
    if options.docs:
        titles = {d.id: d.title for d in project.documents.list()}
        out.append("Documents: " + ", ".join(titles[project.documents.resolve(d)] or "Untitled"
                                             for d in options.docs))
    if options.starred_only:
        out.append("Starred quotes only")
    return out
