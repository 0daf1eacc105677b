"""Merging another analyst's project into this one (``briefer merge OTHER``).

- Documents are matched by content (sha256 of the text); a new one is added with its
  metadata and grading. Where a document both sides have differs in an editable field
  (title, …, source type, reliability and its reason, URL, accessed), ours is kept and the
  difference reported, as for the codebook.
- Actors and themes are matched by name, case-insensitively (an actor also by an alias of
  ours: one merged into another here keeps its name as an alias; the report says so, in
  case theirs is another actor that happens to be named so); where the other project
  gives another colour, kind or description, or aliases ours lacks, ours is kept and the
  difference reported.
- Quotes are matched by id (UUID), else by document and span. A quote the other side has
  and we do not is added with its id, times and analyst; its tags, speaker and carrier
  ("as quoted in") point at our actor of that name. Two versions of a quote are the same
  when every editable field of :class:`~briefer.core.records.Quote` is (span, note, star,
  tags, speaker, carrier, credibility, translation, …: ``Quote.version``). A quote both
  sides changed apart is resolved by the later ``updated_at`` (the whole version wins); the
  version that loses is kept in the report (the fields that differ). A version of theirs
  weighed once (kept or not) is not reported again by the next merge of the same file: the
  project remembers it (a ``merge-seen:<quote id>`` setting).
- Key judgments are matched by their text (whitespace and case aside); a new one is added
  with its confidence, likelihood and basis; the quotes it rests on are linked by their
  UUID (a quote matched by span links to ours). A judgment both sides have gains the links
  it lacks; another confidence, likelihood or basis is reported, ours kept.

All of it is one transaction (``project.transaction()``): everything or nothing. Merging the
same file again changes nothing (every quote then matches as unchanged). The report records
what was added and what each replaced quote was before, so :func:`undo_merge` can take it
back (the app's one undo step). A merge that fails raises :class:`MergeFailed` (one line
saying what went wrong; nothing written).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from . import anchoring
from .errors import BrieferError, InvalidInput
from .records import Document, Judgment, Quote, Record

#: Settings key prefix remembering the version of theirs a quote conflict was weighed against.
SEEN_PREFIX = "merge-seen:"

Progress = Callable[[int, int], "bool | None"]


class MergeCancelled(BrieferError):
    """The analyst cancelled the merge; nothing was written."""


class MergeFailed(BrieferError):
    """The merge could not be done (SQLite refused it, or a fault of Briefer); nothing was
    written. The message says what went wrong in one line."""


@dataclass
class MergeReport:
    documents_added: int = 0
    documents_matched: int = 0
    actors_added: int = 0
    themes_added: int = 0
    quotes_added: int = 0
    quotes_unchanged: int = 0
    quotes_updated: int = 0                          # theirs was later and replaced ours
    judgments_added: int = 0
    judgments_matched: int = 0
    judgment_links_added: int = 0
    conflicts: list = field(default_factory=list)    # (what, name, ours, theirs, kept)
    #: (their actor's name, ours) of each actor of theirs taken for ours by an alias of ours
    aliased: list[tuple[str, str]] = field(default_factory=list)
    #: What the merge wrote, for :func:`undo_merge`: ids added per table, quotes as they
    #: were before theirs replaced them, judgment links added, settings as they were.
    added: dict[str, list[str]] = field(default_factory=lambda: {
        "documents": [], "actors": [], "themes": [], "quotes": [], "judgments": []})
    replaced_quotes: list[Quote] = field(default_factory=list)
    links_added: list[tuple[str, str]] = field(default_factory=list)
    seen_before: dict[str, str | None] = field(default_factory=dict)

    def notes(self) -> list[str]:
        """What was matched other than by name, a line each (no conflict: nothing differs
        that ours was kept over, but the analyst may want to know)."""
        return [f"actor: their {theirs!r} = our {ours!r} (alias)"
                for theirs, ours in self.aliased]

    @property
    def changed(self) -> bool:
        return bool(self.documents_added or self.actors_added or self.themes_added
                    or self.quotes_added or self.quotes_updated or self.judgments_added
                    or self.judgment_links_added)


def merge_project(project, other_path: str | os.PathLike,
                  progress: Progress | None = None) -> MergeReport:
    """Bring the documents, codebook, quotes and judgments of ``other_path`` into ``project``.

    ``progress(done, total)`` is called as the quotes are weighed; returning False cancels
    (:class:`MergeCancelled`; the transaction is rolled back, nothing written)."""
    from .store import Project      # the other file is opened like any project, read-only

    project.writable()
    if os.path.abspath(other_path) == os.path.abspath(project.path):
        raise InvalidInput("A project cannot be merged into itself.")
    name = Path(other_path).name
    try:
        with Project.open(other_path, create=False, read_only=True) as other, other.snapshot():
            docs = [other.documents.get(d.id) for d in other.documents.list()]
            actors, themes = other.codebook.actors(), other.codebook.themes()
            quotes = other.quotes.list()
            judgments = other.judgments.list()
    except sqlite3.Error as exc:
        raise MergeFailed(f"{name} could not be read ({exc}); nothing was changed.") from exc
    report = MergeReport()
    try:
        with project.transaction():
            doc_ids = _documents(project, docs, report)
            actor_ids = _actors(project, actors, report)
            theme_ids = _themes(project, themes, report)
            quote_ids = _quotes(project, quotes, doc_ids, actor_ids, theme_ids, report,
                                progress)
            _judgments(project, judgments, quote_ids, report)
    except (BrieferError, OSError):
        raise
    except sqlite3.IntegrityError as exc:       # a rule of the file the merge broke: a bug
        raise MergeFailed(f"Merging {name} would break a rule of the project ({exc}), a "
                          "fault of Briefer; nothing was changed.") from exc
    except sqlite3.Error as exc:
        raise MergeFailed(f"Merging {name}: SQLite refused the change ({exc}); nothing was "
                          "changed.") from exc
    except Exception as exc:                    # noqa: BLE001 - any fault: one line, no traceback
        raise MergeFailed(f"Merging {name} failed ({type(exc).__name__}: {exc}), a fault of "
                          "Briefer; nothing was changed.") from exc
    return report


def undo_merge(project, report: MergeReport) -> None:
    """Take back what ``report``'s merge did, in one transaction: remove what it added,
    put back the quotes it replaced and the settings it wrote."""
    db = project.db
    with project.transaction():
        for judgment_id, quote_id in report.links_added:
            db.execute("DELETE FROM judgment_quotes WHERE judgment_id = ? AND quote_id = ?",
                       [judgment_id, quote_id])
        for table in ("judgments", "quotes", "actors", "themes", "documents"):
            for item in report.added[table]:
                db.execute(f"DELETE FROM {table} WHERE id = ?", [item])
        for quote in report.replaced_quotes:
            project.quotes.restore(quote)
        for key, value in report.seen_before.items():
            if value is None:
                db.execute("DELETE FROM settings WHERE key = ?", [key])
            else:
                db["settings"].insert({"key": key, "value": value}, replace=True)


def _documents(project, docs, report: MergeReport) -> dict[str, str]:
    ours = {d.sha256: d for d in project.documents.list()}       # metadata only, no text
    out = {}
    for d in docs:
        mine = ours.get(d.sha256)
        if mine is not None:
            out[d.id] = mine.id
            report.documents_matched += 1
            _report_differences("document", mine.title, mine, d, report,
                                unset=lambda name, v: v in (None, "", _UNGRADED[name]))
            continue
        out[d.id] = project.documents.add(
            d.text, title=d.title, outlet=d.outlet, author=d.author, date=d.date,
            language=d.language, source_path=d.source_path, fmt=d.format,
            encoding=d.encoding, url=d.url, accessed=d.accessed, pages=list(d.pages) or None)
        project.db["documents"].update(out[d.id], d.version())     # its grading too
        ours[d.sha256] = replace(d, id=out[d.id])
        report.documents_added += 1
        report.added["documents"].append(out[d.id])
    return out


def _report_differences(what: str, name: str, mine: Record, theirs: Record,
                        report: MergeReport, skip: tuple[str, ...] = (),
                        unset: Callable[[str, Any], bool] = lambda _name, v: v in (None, "")
                        ) -> None:
    """Ours kept: each editable field in which theirs differs becomes a conflict, unless
    theirs is ``unset`` there (they said nothing: nothing of theirs is lost)."""
    ours_v, theirs_v = mine.version(), theirs.version()
    for f in type(mine).fields():
        if f.editable and f.name not in skip and not unset(f.name, getattr(theirs, f.name)) \
                and any(ours_v[n] != theirs_v[n] for n in f.stored or (f.name,)):
            report.conflicts.append((f"{what} {f.label.lower()}", name,
                                     _or_none(getattr(mine, f.name)),
                                     _or_none(getattr(theirs, f.name)), "ours"))


def _or_none(value: Any) -> Any:
    return "none" if value is None or value == "" else value


#: A document's fields as an import leaves them (source type "unknown", reliability "F",
#: language "und", …): theirs still so is not weighed against ours.
_UNGRADED = {f.name: f.default for f in fields(Document)}


def _actors(project, actors, report: MergeReport) -> dict[str, str]:
    """Their actor id -> ours: the actor of that name, else the one with that name as an
    alias (an actor merged into another here keeps its name as an alias: theirs is
    that one, not a new actor), else one added."""
    ours = {a.name.casefold(): a for a in project.codebook.actors()}
    aliases = {alias.casefold(): a for a in sorted(ours.values(), reverse=True,  # the first
                                                   key=lambda a: a.name.casefold())  # by name
               for alias in a.aliases}                                          # wins
    out = {}
    for a in actors:
        mine = ours.get(a.name.casefold())
        if mine is None and a.name.casefold() in aliases:
            mine = aliases[a.name.casefold()]              # another name of ours: no
            out[a.id] = mine.id                            # colour or kind to weigh
            report.aliased.append((a.name, mine.name))
            continue
        if mine is None:
            out[a.id] = project.codebook.add_actor(
                a.name, a.kind, a.aliases, a.colour,
                actor_id=None if project.store.exists("actors", a.id) else a.id)
            report.actors_added += 1
            report.added["actors"].append(out[a.id])
            continue
        out[a.id] = mine.id
        for what in ("colour", "kind", "aliases"):
            if getattr(mine, what) != getattr(a, what) and (what != "aliases" or _more(mine, a)):
                report.conflicts.append((f"actor {what}", a.name, getattr(mine, what),
                                         getattr(a, what), "ours"))
    return out


def _more(mine, theirs) -> bool:
    """Their actor has a name for it (an alias) ours lacks: fewer aliases lose nothing."""
    known = {n.casefold() for n in (mine.name, *mine.aliases)}
    return any(n.casefold() not in known for n in theirs.aliases)


def _themes(project, themes, report: MergeReport) -> dict[str, str]:
    ours = {t.name.casefold(): t for t in project.codebook.themes()}
    out = {}
    for t in themes:
        mine = ours.get(t.name.casefold())
        if mine is None:
            out[t.id] = project.codebook.add_theme(
                t.name, t.description, t.colour,
                theme_id=None if project.store.exists("themes", t.id) else t.id)
            report.themes_added += 1
            report.added["themes"].append(out[t.id])
            continue
        out[t.id] = mine.id
        for what in ("colour", "description"):
            if getattr(mine, what) != getattr(t, what):
                report.conflicts.append((f"theme {what}", t.name, getattr(mine, what),
                                         getattr(t, what), "ours"))
    return out


def _quotes(project, quotes: list[Quote], doc_ids, actor_ids, theme_ids,
            report: MergeReport, progress: Progress | None = None) -> dict[str, str]:
    """Add or resolve each of their quotes; return their quote id -> ours."""
    ours = {q.id: q for q in project.quotes.list()}
    by_span = {(q.doc_id, q.start_cp, q.end_cp): q for q in ours.values()}
    seen = {k.removeprefix(SEEN_PREFIX): v for k, v in project.settings.get().items()
            if k.startswith(SEEN_PREFIX)}
    new: list[Quote] = []
    out: dict[str, str] = {}
    for n, q in enumerate(quotes, 1):
        if progress is not None and progress(n, len(quotes)) is False:
            raise MergeCancelled("The merge was cancelled; nothing was changed.")
        theirs_id = q.id
        q = _mapped(q, doc_ids, actor_ids, theme_ids)
        mine = ours.get(q.id) or by_span.get((q.doc_id, q.start_cp, q.end_cp))
        if mine is None:
            new.append(q)
            ours[q.id] = q
            by_span[(q.doc_id, q.start_cp, q.end_cp)] = q
            out[theirs_id] = q.id
            continue
        out[theirs_id] = mine.id
        if _same(mine, q) or seen.get(mine.id) == q.updated_at:
            report.quotes_unchanged += 1
        else:
            _resolve(project, mine, q, report)
            key = SEEN_PREFIX + mine.id
            report.seen_before.setdefault(key, seen.get(mine.id))
            project.db["settings"].insert({"key": key, "value": q.updated_at}, replace=True)
            seen[mine.id] = q.updated_at
    project.quotes.add_many(new)
    report.quotes_added = len(new)
    report.added["quotes"] += [q.id for q in new]
    return out


def _judgments(project, judgments: list[Judgment], quote_ids: dict[str, str],
               report: MergeReport) -> None:
    ours = {_key(j.text): j for j in project.judgments.list()}
    for j in judgments:
        links = [quote_ids[q] for q in j.quote_ids if q in quote_ids]
        mine = ours.get(_key(j.text))
        if mine is None:
            judgment_id = project.judgments.add(j.text, j.confidence, links,
                                                likelihood=j.likelihood, basis=j.basis)
            report.judgments_added += 1
            report.added["judgments"].append(judgment_id)
            continue
        report.judgments_matched += 1
        missing = [q for q in dict.fromkeys(links) if q not in mine.quote_ids]
        project.store.executemany(
            "INSERT OR IGNORE INTO judgment_quotes (judgment_id, quote_id) VALUES (?, ?)",
            [(mine.id, q) for q in missing])
        report.links_added += [(mine.id, q) for q in missing]
        report.judgment_links_added += len(missing)
        _report_differences("judgment", j.text[:60], mine, j, report, skip=("text",))


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _mapped(q: Quote, docs: dict[str, str], actors: dict[str, str],
            themes: dict[str, str]) -> Quote:
    """Their quote with our ids: document, tags, speaker and carrier (an actor of theirs we
    lacked was added by ``_actors``, so every one of their actors maps). A speaker or
    carrier id naming no actor of theirs (an older Briefer, or another tool, deleted the
    actor and left the id behind) becomes no actor, keeping their words for the person."""
    people: dict[str, Any] = {}
    for who in ("speaker", "carrier"):
        theirs = getattr(q, f"{who}_actor_id")
        if theirs:
            people[f"{who}_actor_id"] = actors.get(theirs)
    return replace(q, doc_id=docs[q.doc_id],       # (two of theirs may be one of ours)
                   actor_ids=tuple(sorted({actors[i] for i in q.actor_ids})),
                   theme_ids=tuple(sorted(themes[i] for i in q.theme_ids)),
                   judgment_ids=(), **people)


def _same(a: Quote, b: Quote) -> bool:
    """The same version: every editable field of the record equal (``Quote.version``)."""
    return a.version() == b.version()


def _describe(q: Quote, other: Quote) -> str:
    """The fields of ``q`` that differ from ``other``, as the quotes table names them, and
    who changed it last when: what the report keeps of a version."""
    mine, theirs = q.version(), other.version()
    parts = [f"{_label(f.label, f.name)} {_shown(getattr(q, f.name))}"
             for f in Quote.fields() if f.editable
             and any(mine[n] != theirs[n] for n in f.stored or (f.name,))]
    return ", ".join(parts) + f" (by {q.updated_by or '?'} at {q.updated_at})"


def _label(label: str, name: str) -> str:
    return label if any(c.isalpha() for c in label) else name.replace("_", " ").capitalize()


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None or value == "" or value == ():
        return "none"
    if isinstance(value, tuple):
        return ", ".join(map(str, value))
    return repr(value) if isinstance(value, str) else str(value)


def _resolve(project, mine: Quote, theirs: Quote, report: MergeReport) -> None:
    """Both sides changed one quote: the later change wins; the other is reported."""
    label = anchoring.context(mine.exact, 0, 0)[1][:60] or mine.exact[:60]
    if theirs.updated_at > mine.updated_at:
        report.replaced_quotes.append(project.quotes.get(mine.id))
        db = project.db
        # their whole version (span and its context, sourcing, …), on our id and creation
        db["quotes"].update(mine.id, {k: v for k, v in theirs.row().items()
                                      if k not in ("id", "created_at", "created_by")})
        for kind, ids in (("actor", theirs.actor_ids), ("theme", theirs.theme_ids)):
            db.execute(f"DELETE FROM quote_{kind}s WHERE quote_id = ?", [mine.id])
            project.store.executemany(
                f"INSERT OR IGNORE INTO quote_{kind}s (quote_id, {kind}_id) VALUES (?, ?)",
                [(mine.id, i) for i in ids])
        report.quotes_updated += 1
        report.conflicts.append(("quote", label, _describe(mine, theirs),
                                 _describe(theirs, mine), "theirs"))
    else:
        report.conflicts.append(("quote", label, _describe(mine, theirs),
                                 _describe(theirs, mine), "ours"))
