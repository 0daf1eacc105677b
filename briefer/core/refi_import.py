"""REFI-QDA import: a ``.qdpx`` project or ``.qdc`` codebook from NVivo, MAXQDA, ATLAS.ti,
QualCoder or Briefer into a project.

**Codes to actors and themes** (:class:`MappingRule`, shown and changed in the import
dialog; ``describe()`` says it in words): a code under a top-level code named like "Actors"
(``actor_roots``) becomes an actor, any other code a theme; a top-level grouping code
("Actors", "Themes", or any code that is not codable and has children) becomes nothing itself.
A nested theme is named by its own name (``theme_names="leaf"``; two codes of one name
merge) or by its path ("Economy / Trade", ``"path"``). ``overrides`` maps one code (its
id) to "actor", "theme" or "skip".

**Positions** (``positions``): "auto" reads the file's ``origin``: NVivo counts UTF-16 units
(CRLF as two), ATLAS.ti code points with CRLF as one, everyone else (the standard) code points.
Every selection is then checked against the text its ``name`` gives: if the text is not at the
converted span, the other conventions are tried; if it is still not there, a text that occurs
exactly once is *relocated* (reported), else the quote is kept *orphaned* (never placed where
its text is not). A name that does not occur in the text at all ("Coding 1") is a label and is
checked by bounds only.

**Briefer's own fields** (:mod:`refi_fields`): a top-level code "Starred" stars the quotes
it codes (``"star"``); notes in the set "Key judgments", or written as a judgment, become key
judgments linked to the quotes whose selections refer to them (never a quote's note); from
a Briefer file, a selection's ``key: value`` Description lines are its sourcing and a
source's variables its grading; notes named "Brief: …" fill the brief's sections the
project has not written.

Documents already in the project (same text, sha256) are reused ("merged"); quotes and
judgments already present (same id) are left alone, so importing twice adds nothing.
Everything is prepared first, then written in one transaction; ``progress(done, total)``
is called for each source in both steps, and returning False cancels: nothing is written
(a cancel while writing rolls the transaction back), and so does any exception, a
``KeyboardInterrupt`` included.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import anchoring, textlang
from . import refi_fields as fields
from .analyst import current_analyst
from .attribution import sourcing_values
from .documents import sha256
from .errors import InvalidInput
from .ids import now
from .records import Quote
from .refi_notes import judgment_notes, write_brief, write_judgments
from .refi_read import Code, NotRefiQda, RefiFile, Selection, Source, read_refi

__all__ = ["MappingRule", "RefiImportReport", "import_refi", "plan_codes", "NotRefiQda"]

ACTOR_ROOTS = ("actors", "actor", "people", "persons", "organisations", "organizations",
               "stakeholders")
THEME_ROOTS = frozenset({"themes", "theme", "codes", "topics"})
#: A top-level code of one of these names (and no sub-codes) stars the quotes it codes.
STAR_NAMES = frozenset({"starred", "★ starred", "★"})
CONVENTIONS = ("codepoints", "utf16", "crlf-one")
_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")
_META_KEYS = ("outlet", "author", "date", "language", "url")


@dataclass
class MappingRule:
    actor_roots: tuple[str, ...] = ACTOR_ROOTS
    theme_names: str = "leaf"                 # "leaf" or "path"
    overrides: dict[str, str] = field(default_factory=dict)  # key -> actor/theme/star/skip
    positions: str = "auto"                   # "auto" or one of CONVENTIONS

    def describe(self) -> str:
        names = "its own name" if self.theme_names == "leaf" else "its path (A / B)"
        return (f"Codes under a top-level code named {', '.join(self.actor_roots)} become "
                f"actors; a top-level code \"Starred\" stars its quotes; every other code "
                f"becomes a theme named by {names}; grouping codes become nothing; "
                f"{len(self.overrides)} code(s) set by hand.")


@dataclass
class CodePlan:
    code: Code
    target: str          # "actor", "theme", "star", "group" (nothing) or "skip"
    name: str


@dataclass
class RefiImportReport:
    kind: str = "project"
    positions: str = ""
    documents_added: int = 0
    documents_merged: int = 0
    quotes_added: int = 0
    quotes_present: int = 0
    actors_added: int = 0
    themes_added: int = 0
    judgments_added: int = 0
    judgments_present: int = 0
    brief_sections: list = field(default_factory=list)   # settings filled from the file
    merged: list = field(default_factory=list)      # (code path, name it joined)
    relocated: list = field(default_factory=list)   # (selection, why)
    orphaned: list = field(default_factory=list)    # (selection, why)
    skipped: list = field(default_factory=list)     # (what, why)
    mapping: list = field(default_factory=list)     # CodePlan
    quote_ids: list = field(default_factory=list)
    cancelled: bool = False


def plan_codes(codes: list[Code], rule: MappingRule) -> list[CodePlan]:
    """What each code becomes under ``rule`` (the import dialog lists this)."""
    out = []
    roots = {r.casefold() for r in rule.actor_roots}
    for c in codes:
        top = c.path[0].casefold()
        is_root_group = len(c.path) == 1 and c.children and (
            top in roots or top in THEME_ROOTS or not c.codable)
        if c.key in rule.overrides:
            target = rule.overrides[c.key]
        elif is_root_group or not c.name:
            target = "group"
        elif len(c.path) == 1 and not c.children and c.name.casefold() in STAR_NAMES:
            target = "star"
        elif top in roots:
            target = "actor"
        else:
            target = "theme"
        path = c.path[1:] if top in THEME_ROOTS | roots and len(c.path) > 1 \
            else c.path
        name = c.name if target == "actor" or rule.theme_names == "leaf" else " / ".join(path)
        out.append(CodePlan(c, target, name))
    return out


def convention_of(origin: str) -> str:
    low = origin.casefold()
    if "nvivo" in low:
        return "utf16"
    if "atlas" in low:
        return "crlf-one"
    return "codepoints"


def to_codepoints(text: str, start: int, end: int, convention: str) -> tuple[int, int] | None:
    """[start, end) in ``convention``'s units as code points of ``text``; None if outside."""
    if convention == "utf16":
        m = anchoring.Utf16Map(text)
        start, end = m.from16(start), m.from16(end)
    elif convention == "crlf-one":
        crlf = [p - k for k, p in enumerate(m.start() for m in re.finditer("\r\n", text))]
        start, end = start + bisect_right(crlf, start - 1), end + bisect_right(crlf, end - 1)
    if not 0 <= start < end <= len(text):
        return None
    return start, end


def import_refi(project, path: str | Path, rule: MappingRule | None = None,
                progress: Callable[[int, int], bool | None] | None = None) -> RefiImportReport:
    """Import ``path`` (.qdpx/.qde/.qdc) into ``project``; see the module docstring."""
    project.writable()
    rule = rule or MappingRule()
    refi = read_refi(path)
    report = RefiImportReport(kind=refi.kind, skipped=list(refi.skipped))
    report.positions = rule.positions if rule.positions != "auto" else convention_of(refi.origin)
    report.mapping = plan_codes(refi.codes, rule)
    total = 2 * len(refi.sources)
    prepared = []
    for n, src in enumerate(refi.sources, 1):
        if src.text is None or not src.text.strip():
            report.skipped.append((src.name, src.problem or "its text is empty"))
        else:
            prepared.append(_prepare(project, refi, src, report))
        if progress is not None and progress(n, total) is False:
            report.cancelled = True
            return report
    judgments = judgment_notes(refi)
    try:
        with project.transaction():
            codes = _write_codes(project, report, refi.origin)
            for n, ready in enumerate(prepared, 1):
                _write_source(project, refi, ready, codes, judgments, report)
                if progress is not None and progress(len(refi.sources) + n, total) is False:
                    raise _Cancelled
            write_judgments(project, refi, judgments, report)
            write_brief(project, refi, report)
    except _Cancelled:
        report.cancelled = True
        for name in ("documents_added", "documents_merged", "quotes_added", "quotes_present",
                     "actors_added", "themes_added", "judgments_added", "judgments_present"):
            setattr(report, name, 0)
        report.quote_ids, report.brief_sections = [], []
        return report
    if progress is not None and total:
        progress(total, total)
    return report


class _Cancelled(Exception):
    """Cancelled while writing: rolls the transaction back."""


@dataclass
class _Prepared:
    """A source made ready before the write transaction (so that the slow part, placing
    and language detection, does not hold the project's write lock)."""

    src: Source
    placed: list            # per selection: (start, end, orphaned) or None
    meta: dict[str, str]    # Briefer's key: value lines of the source's Description
    language: str           # the document's language (stored, given or detected)
    #: Selection key -> (language, second language) of its quote.
    languages: dict[str, tuple[str, str | None]] = field(default_factory=dict)


def _prepare(project, refi: RefiFile, src: Source, report: RefiImportReport) -> _Prepared:
    text = src.text or ""
    meta = _meta(src.description) if refi.origin.startswith("Briefer") else {}
    row = project.db.execute("SELECT language FROM documents WHERE sha256 = ?",
                             [sha256(text)]).fetchone()
    language = row[0] if row else meta.get("language") or textlang.detect_language(text)
    ready = _Prepared(src, [_place(src, s, report) for s in src.selections], meta, language)
    present = project.quotes.present([s.key for s in src.selections])
    for sel, place in zip(src.selections, ready.placed):
        if place is None or sel.key in present:
            continue
        start, end, orphaned = place
        exact = sel.name.strip() if orphaned else text[start:end]
        ready.languages[sel.key] = textlang.quote_languages(exact, default=language or "en")
    return ready


def _place(src: Source, sel: Selection, report: RefiImportReport):
    """(start, end, orphaned) in code points of the source's text, or None (skipped)."""
    text, ref = src.text or "", f"{src.name}: {sel.name[:40] or sel.key}"
    want = " ".join(sel.name.split()).rstrip("…").removesuffix("...").strip()
    is_text = bool(want) and want in " ".join(text.split())
    order = [report.positions] + [c for c in CONVENTIONS if c != report.positions]
    first = to_codepoints(text, sel.start, sel.end, report.positions)
    for conv in order if is_text else order[:1]:
        span = to_codepoints(text, sel.start, sel.end, conv)
        if span and (not is_text or _matches(text[span[0]:span[1]], want)):
            if conv != report.positions:
                report.relocated.append((ref, f"its positions fit when counted as {conv}"))
            return span[0], span[1], False
    if is_text:
        hits = anchoring.find_occurrences(text, sel.name.strip())
        if len(hits) == 1:
            report.relocated.append((ref, "its text is found once elsewhere in the source"))
            return hits[0], hits[0] + len(sel.name.strip()), False
        report.orphaned.append((ref, "its text is not at the positions given"
                                + (f" and occurs {len(hits)} times" if hits else "")))
        return (*(first or (0, 1)), True)
    if first is None:
        report.skipped.append((ref, f"positions {sel.start}–{sel.end} are outside the text "
                                    f"and it names no text to look for"))
        return None
    return first[0], first[1], False


def _matches(span_text: str, want: str) -> bool:
    got = " ".join(span_text.split())
    return got == want or (len(want) >= 8 and got.startswith(want))


def _write_codes(project, report: RefiImportReport, origin: str) -> dict[str, tuple[str, str]]:
    """Code key -> ("actor"|"theme", id) for every mapped code (added or merged)."""
    actors = {a.name.casefold(): a.id for a in project.codebook.actors()}
    themes = {t.name.casefold(): t.id for t in project.codebook.themes()}
    out: dict[str, tuple[str, str]] = {}
    briefer = origin.startswith("Briefer")
    for plan in report.mapping:
        if plan.target == "star":
            out[plan.code.key] = ("star", "")
            continue
        if plan.target not in ("actor", "theme") or not plan.name.strip():
            if plan.target == "skip":
                report.skipped.append(("/".join(plan.code.path), "set to skip"))
            continue
        known = actors if plan.target == "actor" else themes
        colour = plan.code.colour.lower() if _COLOUR.match(plan.code.colour) else None
        key = plan.name.casefold()
        if key in known:
            report.merged.append((" / ".join(plan.code.path), plan.name))
        elif plan.target == "actor":
            meta = _meta(plan.code.description) if briefer else {}
            aliases = [a.strip() for a in meta.get("aliases", "").split(";") if a.strip()]
            known[key] = project.codebook.add_actor(
                plan.name, meta.get("kind", "organisation"), aliases, colour)
            report.actors_added += 1
        else:
            known[key] = project.codebook.add_theme(plan.name, plan.code.description[:2000],
                                                    colour)
            report.themes_added += 1
        out[plan.code.key] = (plan.target, known[key])
    return out


def _write_source(project, refi: RefiFile, ready: _Prepared, codes,
                  judgments: dict[str, dict], report) -> None:
    src, placed, meta = ready.src, ready.placed, ready.meta
    text = src.text or ""
    briefer = refi.origin.startswith("Briefer")
    row = project.db.execute("SELECT id, language FROM documents WHERE sha256 = ?",
                             [sha256(text)]).fetchone()
    if row:
        doc_id, language = row
        report.documents_merged += 1
    else:
        grading = fields.document_fields(src.variables)
        doc_id = project.documents.add(text, title=src.name, outlet=meta.get("outlet"),
                                       author=meta.get("author"), date=meta.get("date"),
                                       language=ready.language, url=meta.get("url"),
                                       pages=grading.pop("pages", None))
        for key, value in grading.items():
            try:
                project.documents.update(doc_id, **{key: value})
            except InvalidInput as exc:
                report.skipped.append((f"{src.name}: {key}", str(exc)))
        language = project.documents.get(doc_id).language
        report.documents_added += 1
    wanted = [s.key for s, p in zip(src.selections, placed) if p]
    present = project.quotes.present(wanted)
    quotes, stamp, me = [], now(), current_analyst()
    for sel, place in zip(src.selections, placed):
        if place is None:
            continue
        if sel.key in present:
            report.quotes_present += 1
            continue
        start, end, orphaned = place
        exact = sel.name.strip() if orphaned else text[start:end]
        if not exact.strip():
            report.skipped.append((sel.key, "it selects only white space"))
            continue
        given, description = (fields.quote_sourcing(sel.description) if briefer
                              else ({}, sel.description))
        memos = [refi.notes[k].text.strip() for k in sel.note_keys
                 if k in refi.notes and k not in judgments]
        note = "\n\n".join(p for p in [description, *memos] if p)
        mapped = [codes[k] for k in dict.fromkeys(sel.code_keys) if k in codes]
        starred = any(kind == "star" for kind, _i in mapped) or (
            briefer and fields.old_star(sel.description))
        prefix, suffix = anchoring.context(text, start, end) if not orphaned else ("", "")
        lang, lang2 = ready.languages.get(sel.key) or textlang.quote_languages(
            exact, default=language or "en")
        quotes.append(Quote(
            id=sel.key, doc_id=doc_id, start_cp=start, end_cp=end, exact=exact, prefix=prefix,
            suffix=suffix, language=lang, language2=lang2, note=note, starred=starred,
            orphaned=orphaned, created_at=sel.created_at or stamp,
            updated_at=sel.updated_at or sel.created_at or stamp,
            created_by=sel.created_by or me, updated_by=sel.updated_by or sel.created_by or me,
            actor_ids=tuple(i for kind, i in mapped if kind == "actor"),
            theme_ids=tuple(i for kind, i in mapped if kind == "theme"),
            **_sourcing(project, given, f"{src.name}: {exact[:40]}", report)))
        present.add(sel.key)
    project.quotes.add_many(quotes)
    report.quotes_added += len(quotes)
    report.quote_ids += [q.id for q in quotes]


def _sourcing(project, given: dict, ref: str, report: RefiImportReport) -> dict:
    """Quote columns for the sourcing a Briefer selection gives; a value the project would
    refuse is left out and reported."""
    out = {}
    for key, value in given.items():
        try:
            out.update(sourcing_values(project.codebook, {key: value}))
        except InvalidInput as exc:
            report.skipped.append((f"{ref}: {key}", str(exc)))
    for flag in ("print_note", "excluded"):
        if flag in out:
            out[flag] = bool(out[flag])
    return out


def _meta(description: str) -> dict[str, str]:
    """``key: value`` lines of a Briefer export's Description."""
    out = {}
    for line in description.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() in (*_META_KEYS, "kind", "aliases"):
            out[key.strip()] = value.strip()
    return out
