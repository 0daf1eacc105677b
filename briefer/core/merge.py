"""Merging another analyst's project into this one (``briefer merge OTHER``).

- Documents are matched by content (sha256 of the text); a new one is added.
- Actors and themes are matched by name, case-insensitively; where the other project gives
  another colour, kind, aliases or description, ours is kept and the difference reported.
- Quotes are matched by id (UUID), else by document and span. A quote the other side has
  and we do not is added with its id, times and analyst. A quote both sides changed apart is
  resolved by the later ``updated_at``; the version that loses is kept in the report.
- Judgments are not merged (reported).

All of it is one transaction (``project.transaction()``): everything or nothing. Merging the
same file again changes nothing (every quote then matches as unchanged).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from . import anchoring
from .errors import InvalidInput
from .records import Quote


@dataclass
class MergeReport:
    documents_added: int = 0
    documents_matched: int = 0
    actors_added: int = 0
    themes_added: int = 0
    quotes_added: int = 0
    quotes_unchanged: int = 0
    quotes_updated: int = 0                          # theirs was later and replaced ours
    conflicts: list = field(default_factory=list)    # (what, name, ours, theirs, kept)
    judgments_not_merged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.documents_added or self.actors_added or self.themes_added
                    or self.quotes_added or self.quotes_updated)


def merge_project(project, other_path: str | os.PathLike) -> MergeReport:
    """Bring the documents, codebook and quotes of ``other_path`` into ``project``."""
    from .store import Project      # the other file is opened like any project, read-only

    project.writable()
    if os.path.abspath(other_path) == os.path.abspath(project.path):
        raise InvalidInput("A project cannot be merged into itself.")
    with Project.open(other_path, create=False, read_only=True) as other, other.snapshot():
        docs = [other.documents.get(d.id) for d in other.documents.list()]
        actors, themes = other.codebook.actors(), other.codebook.themes()
        quotes = other.quotes.list()
        judgments = len(other.judgments.list())
    report = MergeReport(judgments_not_merged=judgments)
    with project.transaction():
        doc_ids = _documents(project, docs, report)
        actor_ids = _actors(project, actors, report)
        theme_ids = _themes(project, themes, report)
        ours = {q.id: q for q in project.quotes.list()}
        by_span = {(q.doc_id, q.start_cp, q.end_cp): q for q in ours.values()}
        new: list[Quote] = []
        for q in quotes:
            q = _mapped(q, doc_ids, actor_ids, theme_ids)
            mine = ours.get(q.id) or by_span.get((q.doc_id, q.start_cp, q.end_cp))
            if mine is None:
                new.append(q)
                ours[q.id] = q
                by_span[(q.doc_id, q.start_cp, q.end_cp)] = q
            elif _same(mine, q):
                report.quotes_unchanged += 1
            else:
                _resolve(project, mine, q, report)
        project.quotes.add_many(new)
        report.quotes_added = len(new)
    return report


def _documents(project, docs, report: MergeReport) -> dict[str, str]:
    out = {}
    for d in docs:
        row = project.db.execute("SELECT id FROM documents WHERE sha256 = ?", [d.sha256]).fetchone()
        if row:
            out[d.id] = row[0]
            report.documents_matched += 1
        else:
            out[d.id] = project.documents.add(
                d.text, title=d.title, outlet=d.outlet, author=d.author, date=d.date,
                language=d.language, source_path=d.source_path, fmt=d.format,
                encoding=d.encoding, url=d.url, accessed=d.accessed, pages=list(d.pages) or None)
            report.documents_added += 1
    return out


def _actors(project, actors, report: MergeReport) -> dict[str, str]:
    ours = {a.name.casefold(): a for a in project.codebook.actors()}
    out = {}
    for a in actors:
        mine = ours.get(a.name.casefold())
        if mine is None:
            out[a.id] = project.codebook.add_actor(
                a.name, a.kind, a.aliases, a.colour,
                actor_id=None if project.store.exists("actors", a.id) else a.id)
            report.actors_added += 1
            continue
        out[a.id] = mine.id
        for what in ("colour", "kind", "aliases"):
            if getattr(mine, what) != getattr(a, what):
                report.conflicts.append((f"actor {what}", a.name, getattr(mine, what),
                                         getattr(a, what), "ours"))
    return out


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
            continue
        out[t.id] = mine.id
        for what in ("colour", "description"):
            if getattr(mine, what) != getattr(t, what):
                report.conflicts.append((f"theme {what}", t.name, getattr(mine, what),
                                         getattr(t, what), "ours"))
    return out


def _mapped(q: Quote, docs: dict[str, str], actors: dict[str, str],
            themes: dict[str, str]) -> Quote:
    from dataclasses import replace
    return replace(q, doc_id=docs[q.doc_id],
                   actor_ids=tuple(sorted(actors[i] for i in q.actor_ids)),
                   theme_ids=tuple(sorted(themes[i] for i in q.theme_ids)))


def _same(a: Quote, b: Quote) -> bool:
    return (a.note, a.starred, sorted(a.actor_ids), sorted(a.theme_ids)) == \
        (b.note, b.starred, sorted(b.actor_ids), sorted(b.theme_ids))


def _describe(q: Quote) -> str:
    return (f"note {q.note!r}, {'starred' if q.starred else 'not starred'}, "
            f"{len(q.actor_ids)} actor(s), {len(q.theme_ids)} theme(s), "
            f"by {q.updated_by or '?'} at {q.updated_at}")


def _resolve(project, mine: Quote, theirs: Quote, report: MergeReport) -> None:
    """Both sides changed one quote: the later change wins; the other is reported."""
    label = anchoring.context(mine.exact, 0, 0)[1][:60] or mine.exact[:60]
    if theirs.updated_at > mine.updated_at:
        db = project.db
        db["quotes"].update(mine.id, {"note": theirs.note, "starred": int(theirs.starred),
                                      "updated_at": theirs.updated_at,
                                      "updated_by": theirs.updated_by})
        for kind, ids in (("actor", theirs.actor_ids), ("theme", theirs.theme_ids)):
            db.execute(f"DELETE FROM quote_{kind}s WHERE quote_id = ?", [mine.id])
            project.store.executemany(
                f"INSERT OR IGNORE INTO quote_{kind}s (quote_id, {kind}_id) VALUES (?, ?)",
                [(mine.id, i) for i in ids])
        report.quotes_updated += 1
        report.conflicts.append(("quote", label, _describe(mine), _describe(theirs), "theirs"))
    else:
        report.conflicts.append(("quote", label, _describe(mine), _describe(theirs), "ours"))
