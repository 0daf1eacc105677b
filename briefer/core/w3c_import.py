"""Import W3C Web Annotations (Briefer's export, or Hypothesis's) as quotes.

:func:`import_annotations` reads what :func:`~briefer.core.w3c_file.annotations_in` finds: a
list of annotations, an AnnotationPage, an AnnotationCollection (with its ``briefer:codebook``
block), one annotation, Hypothesis API/client exports (``text`` is the note, ``tags`` the tags).
The document is the one with the ``urn:uuid:`` id, else the one with that file name, path or
title, else the only one holding the quoted text (context decides between occurrences).
Untyped tags become actors when an actor has that name or alias (or when written
``actor:Name``), else themes. The quote's language is the target's ``language`` when the file
gives one, else it is detected.

It works in two steps. First every annotation is checked and anchored, writing nothing: one
that is malformed is *skipped* and one whose text is not found is *unanchored*, each with its
reason. ``progress(done, total)`` is called every :data:`PROGRESS_EVERY` annotations; returning
False cancels (nothing is written). Then everything is written in one transaction: all of it,
or (on any error) none. Ids already in the project are counted as already present, so
importing twice adds nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from os.path import commonprefix
from urllib.parse import unquote, urlparse

from . import anchoring, attribution, textlang
from .errors import InvalidInput
from .ids import now
from .records import Document, Quote
from .w3c_file import annotations_in
from .w3c_read import (BadAnnotation, Codebook, Incoming, Target, read_annotation, read_codebook,
                       reference)

PROGRESS_EVERY = 250


@dataclass
class ImportReport:
    added: int = 0
    skipped_existing: int = 0
    unanchored: list = field(default_factory=list)    # (annotation id, reason)
    skipped: list = field(default_factory=list)       # (annotation id, reason): malformed
    quote_ids: list = field(default_factory=list)     # ids of the quotes added
    by_method: dict = field(default_factory=dict)     # "position"/"context"/"fuzzy"/"search"
    total: int = 0                                    # annotations in the file
    cancelled: bool = False


@dataclass
class _Row:
    incoming: Incoming
    doc_id: str
    start: int
    end: int
    method: str
    languages: tuple[str, str | None]
    actors: list[str]          # names (or aliases) of actors, existing or to be made
    themes: list[str]


def import_annotations(project, data, progress: Callable[[int, int], bool | None] | None = None
                       ) -> ImportReport:
    """Add the annotations in ``data`` as quotes; see the module docstring."""
    project.writable()
    items = annotations_in(data)
    block = data.get("briefer:codebook") if isinstance(data, dict) else None
    codebook, bad_entries = read_codebook(block)
    report = ImportReport(total=len(items), skipped=list(bad_entries))
    state = _State(project, codebook)
    rows = []
    for n, item in enumerate(items, 1):
        row = _prepare(state, item, n, report)
        if row is not None:
            rows.append(row)
        if progress is not None and (n % PROGRESS_EVERY == 0 or n == len(items)) \
                and progress(n, len(items)) is False:
            report.cancelled = True
            return report
    _write(project, state, codebook, rows, report)
    return report


def import_codebook(project, book: Codebook) -> None:
    """Add the actors (or their new aliases) and themes of a checked codebook block."""
    known = {a.name.casefold(): a.aliases for a in project.codebook.actors()}
    for a in book.actors:
        name, aliases = a["name"], a["aliases"]
        if name.casefold() in known:
            new = [x for x in aliases if x not in known[name.casefold()]]
            if new:
                project.codebook.update_actor(name, aliases=known[name.casefold()] + new)
        else:
            try:
                project.codebook.add_actor(name, a["kind"] or "organisation", aliases, a["colour"])
            except InvalidInput:          # an unknown kind: keep the actor, as an organisation
                project.codebook.add_actor(name, aliases=aliases, colour=a["colour"])
            known[name.casefold()] = aliases
    themes = {t.name.casefold() for t in project.codebook.themes()}
    for t in book.themes:
        if t["name"].casefold() not in themes:
            project.codebook.add_theme(t["name"], t["description"], t["colour"])
            themes.add(t["name"].casefold())


class _State:
    """What one import looks up again and again, read once: documents, their texts, the
    quote ids present, actor names and aliases (with those the import will add)."""

    def __init__(self, project, codebook: Codebook):
        self.project, self.docs = project, project.documents.list()
        self._texts: dict[str, str] = {}
        self.existing = set(project.quotes.ids())
        self.seen: set[str] = set()
        self.actors: set[str] = set()        # case-folded names and aliases
        for a in project.codebook.actors():
            self.actors |= {a.name.casefold(), *(x.casefold() for x in a.aliases)}
        for b in codebook.actors:            # checked dicts of the file's codebook block
            self.actors |= {b["name"].casefold(), *(x.casefold() for x in b["aliases"])}
        self._languages: dict[tuple[str, str], tuple[str, str | None]] = {}

    def text(self, doc_id: str) -> str:
        if doc_id not in self._texts:
            self._texts[doc_id] = self.project.documents.get(doc_id).text
        return self._texts[doc_id]

    def languages(self, exact: str, default: str) -> tuple[str, str | None]:
        key = (exact, default)
        if key not in self._languages:
            self._languages[key] = textlang.quote_languages(exact, default=default)
        return self._languages[key]


def _prepare(state: _State, item, n: int, report: ImportReport) -> _Row | None:
    """Check and anchor one item; None (with the reason in the report) if it is not added."""
    try:
        incoming = read_annotation(item, n)
    except BadAnnotation as exc:
        report.skipped.append((reference(item, n), str(exc)))
        return None
    if incoming.quote_id in state.existing:
        report.skipped_existing += 1
        return None
    if incoming.quote_id in state.seen:
        report.skipped.append((incoming.ref, "its id repeats an earlier annotation's"))
        return None
    t = incoming.target
    found, reason = _anchor(state, t) if t else (
        None, "its target has no TextQuoteSelector (no quoted text)")
    if found is None:
        report.unanchored.append((incoming.ref, reason))
        return None
    doc, start, end, method = found
    exact = state.text(doc.id)[start:end]
    if not exact.strip():
        report.unanchored.append((incoming.ref, "A quote needs some text, not only white space."))
        return None
    state.seen.add(incoming.quote_id)
    langs = (t.languages if t else ()) or state.languages(exact, doc.language or "en")
    actors, themes = _sort_tags(state, incoming.tags)
    return _Row(incoming, doc.id, start, end, method,
                (langs[0], langs[1] if len(langs) > 1 else None), actors, themes)


def _anchor(state: _State, t: Target):
    """((doc, start, end, method), None), or (None, why not)."""
    by_id, by_name = [], []
    for ident in t.ids:
        doc_id = ident[9:].lower() if ident.lower().startswith("urn:uuid:") else None
        name = _file_name(ident)
        by_id += [d for d in state.docs if d.id == doc_id]
        by_name += [d for d in state.docs
                    if ident == d.source_path or (name and name == d.source_name)]
    by_name += [d for d in state.docs if d.source_name in t.names
                or (d.title or "").strip().casefold() in t.titles]
    for doc in _unique(by_id + by_name):
        anchor = anchoring.locate(state.text(doc.id), t.exact, t.prefix, t.suffix,
                                  start=t.start)
        if anchor is not None:
            return (doc, anchor.start, anchor.end, anchor.method), None
    if by_id:
        return None, f"the quoted text is no longer in “{by_id[0].title}” (its text changed)"
    hits = []   # (context agreement, doc, start) of every exact occurrence in any document
    for doc in state.docs:
        text = state.text(doc.id)
        hits += [(_context_score(text, p, p + len(t.exact), t.prefix, t.suffix), doc, p)
                 for p in anchoring.find_occurrences(text, t.exact)]
    if not hits:
        where = f"“{by_name[0]['title']}” nor in any other document" if by_name else "any document"
        return None, f"the quoted text is not in {where}"
    best = max(h[0] for h in hits)
    top = [h for h in hits if h[0] == best]
    if len(docs := _unique([h[1] for h in top])) > 1:
        return None, (f"the quoted text occurs in {len(docs)} documents and its context does "
                      "not tell which")
    _, doc, p = min(top, key=lambda h: abs(h[2] - (t.start or 0)))
    return (doc, p, p + len(t.exact), "search"), None


def _context_score(text: str, start: int, end: int, prefix: str, suffix: str) -> int:
    before = text[max(0, start - len(prefix)):start]
    return (len(commonprefix([before[::-1], prefix[::-1]]))
            + len(commonprefix([text[end:end + len(suffix)], suffix])))


def _sort_tags(state: _State, tags) -> tuple[list[str], list[str]]:
    """Actor names and theme names for (kind, name) tags; new actors are remembered."""
    actors, themes = [], []
    for kind, name in tags:
        name = " ".join(name.split())
        if kind is None and name.casefold().startswith(("actor:", "theme:")):
            kind, name = name[:5].casefold(), name[6:].strip()
        if not name:
            continue
        if kind == "actor" or (kind is None and name.casefold() in state.actors):
            state.actors.add(name.casefold())
            actors.append(name)
        else:
            themes.append(name)
    return actors, themes


# -- writing ------------------------------------------------------------------------------------
def _write(project, state: _State, codebook: Codebook, rows: list[_Row],
           report: ImportReport) -> None:
    """Everything in one transaction: the codebook, new actors and themes, quotes, links."""
    with project.transaction():
        _check_unchanged(project, state, rows)
        present = project.quotes.present(r.incoming.quote_id for r in rows)
        report.skipped_existing += len(present)     # added by someone else meanwhile
        rows = [r for r in rows if r.incoming.quote_id not in present]
        import_codebook(project, codebook)
        actor_ids = _actor_ids(project, {a for r in rows for a in r.actors})
        theme_ids = _theme_ids(project, [t for r in rows for t in r.themes])
        stamp = now()
        quotes: list[Quote] = []
        _grade_documents(project, state, rows)
        for r in rows:
            text = state.text(r.doc_id)
            prefix, suffix = anchoring.context(text, r.start, r.end)
            quotes.append(Quote(
                id=r.incoming.quote_id, doc_id=r.doc_id, start_cp=r.start, end_cp=r.end,
                exact=text[r.start:r.end], prefix=prefix, suffix=suffix,
                language=r.languages[0], language2=r.languages[1], note=r.incoming.note,
                starred=bool(r.incoming.starred), created_at=r.incoming.created or stamp,
                updated_at=stamp,
                **attribution.sourcing_values(project.codebook, r.incoming.sourcing),
                actor_ids=tuple(actor_ids[a.casefold()] for a in r.actors),
                theme_ids=tuple(theme_ids[t.casefold()] for t in r.themes)))
        project.quotes.add_many(quotes)
    for r in rows:
        report.added += 1
        report.quote_ids.append(r.incoming.quote_id)
        report.by_method[r.method] = report.by_method.get(r.method, 0) + 1


def _grade_documents(project, state: _State, rows: list[_Row]) -> None:
    """Give a document not graded yet (type unknown, reliability F) the grading the file
    carries for it; a document the analyst graded keeps its grades."""
    done = set()
    for r in rows:
        grading = dict(r.incoming.target.grading) if r.incoming.target else {}
        doc = next(d for d in state.docs if d.id == r.doc_id)
        if (not grading or r.doc_id in done or doc.source_type != "unknown"
                or doc.reliability != "F"):
            continue
        done.add(r.doc_id)
        # What the analyst already knows of the document (its URL, outlet, author) is kept.
        keep = {k: v for k, v in grading.items()
                if k not in ("url", "accessed", "outlet", "author") or not getattr(doc, k)}
        try:
            project.documents.update(r.doc_id, **keep)
        except InvalidInput:
            continue


def _check_unchanged(project, state: _State, rows: list[_Row]) -> None:
    """Refuse (writing nothing) if a document was changed or deleted while anchoring."""
    before = {d.id: d.sha256 for d in state.docs}
    now = {d.id: d.sha256 for d in project.documents.list()}
    for doc_id in {r.doc_id for r in rows}:
        if now.get(doc_id) != before[doc_id]:
            raise InvalidInput("A document changed while its annotations were being read; "
                               "nothing was imported. Run the import again.")


def _actor_ids(project, names: set[str]) -> dict[str, str]:
    """Case-folded name or alias -> actor id, making the actors named that are missing."""
    def lookup() -> dict[str, str]:
        actors = project.codebook.actors()          # a name wins over another actor's alias
        return ({x.casefold(): a.id for a in actors for x in a.aliases}
                | {a.name.casefold(): a.id for a in actors})
    ids = lookup()
    missing = {n.casefold(): n for n in sorted(names) if n.casefold() not in ids}
    for name in missing.values():
        project.codebook.add_actor(name)
    return lookup() if missing else ids


def _theme_ids(project, names: list[str]) -> dict[str, str]:
    """Case-folded name -> theme id, making the themes named that are missing (in order)."""
    ids = {t.name.casefold(): t.id for t in project.codebook.themes()}
    for name in dict.fromkeys(names):
        if name.casefold() not in ids:
            ids[name.casefold()] = project.codebook.add_theme(name)
    return ids


def _file_name(ident: str) -> str | None:
    if re.match(r"^[a-z][a-z0-9+.-]*://|^file:", ident, re.IGNORECASE):
        ident = unquote(urlparse(ident).path)
    return re.split(r"[\\/]", ident)[-1] or None


def _unique(docs: list[Document]) -> list[Document]:
    return list({d.id: d for d in docs}.values())
