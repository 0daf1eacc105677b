"""ICD 203 checks of a brief before it is handed on (``briefer check --brief``, the composer).

:func:`brief_warnings` lists, in words an analyst can act on (:func:`check_brief` also
says which quotes it read, so that a view knows which quote edits can change them):

- a **high-confidence** key judgment resting on one source (document) only, only on sources
  graded D–F, or only on undated sources;
- a **high-confidence** key judgment whose several documents all report one speaker: reports
  of one person's statement are one source, however many outlets carry it (circular
  reporting);
- a quote whose note reads like a working note ("do not use", "confirm", "TODO", "check",
  a question mark) but is marked to be printed in the brief.

Excluded quotes do not count as evidence: they are not in the brief.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .grading import WEAK_RELIABILITY

#: Words that mark a note as the analyst's working note, not text for a reader.
WORKING_NOTE = re.compile(r"\bdo not use\b|\bdon'?t use\b|\bconfirm|\btodo\b|\bcheck\b|\?",
                          re.IGNORECASE)


_PRINTS_NOTE = "print_note = 1 AND note != '' AND excluded = 0"


@dataclass(frozen=True)
class BriefCheck:
    """The warnings, and the quotes they were drawn from."""

    warnings: list[str]
    #: The evidence of the high-confidence judgments and the quotes printing a note.
    quote_ids: frozenset[str]

    def affected_by(self, project, quote_ids: Iterable[str]) -> bool:
        """Whether an edit of these quotes (their sourcing, note, exclusion…) can change
        the warnings: the checks read one of them, or one of them now prints a note."""
        ids = list(dict.fromkeys(quote_ids))
        if self.quote_ids.intersection(ids):
            return True
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ", ".join("?" * len(chunk))
            if project.store.db.execute(f"SELECT 1 FROM quotes WHERE id IN ({marks}) AND "
                                        f"{_PRINTS_NOTE} LIMIT 1", chunk).fetchone():
                return True
        return False


def brief_warnings(project) -> list[str]:
    """Warnings about the brief's key judgments and printed notes (empty: nothing to fix)."""
    return check_brief(project).warnings


def check_brief(project) -> BriefCheck:
    """``brief_warnings`` and the quotes the checks read."""
    docs = {d.id: d for d in project.documents.list()}
    judgments = project.judgments.list()
    # only the quotes the checks look at (a project of 50,000 quotes is not read whole):
    # the evidence of high-confidence judgments and the quotes printing a note
    printing = [r[0] for r in project.store.db.execute(
        f"SELECT id FROM quotes WHERE {_PRINTS_NOTE}")]
    wanted = {i for j in judgments if j.confidence == "high" for i in j.quote_ids}
    wanted.update(printing)
    quotes = {q.id: q for q in project.quotes.list(ids=sorted(wanted))} if wanted else {}
    out: list[str] = []
    for n, judgment in enumerate(judgments, 1):
        if judgment.confidence != "high":
            continue
        evidence = [quotes[i] for i in judgment.quote_ids if i in quotes and not quotes[i].excluded]
        sources = [docs[d] for d in dict.fromkeys(q.doc_id for q in evidence) if d in docs]
        name = f"Key judgment {n} (“{_short(judgment.text)}”)"
        if not sources:
            out.append(f"{name} has high confidence but no quote in the brief supports it.")
            continue
        if len(sources) == 1:
            out.append(f"{name} has high confidence but rests on one source only: "
                       f"“{_short(sources[0].title)}”.")
        else:
            speakers = {(q.speaker_actor_id or q.speaker_text.casefold()) for q in evidence}
            if len(speakers) == 1 and evidence[0].speaker:
                out.append(f"{name} has high confidence but its {len(sources)} sources all "
                           f"report one speaker, {evidence[0].speaker}: reports of one "
                           f"statement are one source.")
        if all(s.reliability in WEAK_RELIABILITY for s in sources):
            grades = ", ".join(sorted({s.reliability for s in sources}))
            out.append(f"{name} has high confidence but rests only on sources graded D–F "
                       f"({grades}).")
        if all(not s.date for s in sources):
            out.append(f"{name} has high confidence but rests only on undated sources.")
    for q in quotes.values():              # in the document order, as ``quotes.list`` gives
        if q.print_note and q.note and not q.excluded and WORKING_NOTE.search(q.note):
            out.append(f"Quote {q.id[:8]} (“{_short(q.exact)}”) prints a note that reads like "
                       f"a working note: “{_short(q.note)}”.")
    return BriefCheck(out, frozenset(wanted))


def _short(text: str, limit: int = 60) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
