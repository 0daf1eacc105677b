"""How quotes are printed, the same in the PDF and the Word copy: ellipses where a quote
starts or ends mid-sentence, evidence excerpts cut at a sentence or clause boundary, and
citations that print a source's title once per section and a short form after that.
"""

from __future__ import annotations

import re

from ..core.attribution import said_by
from .model import BriefQuote, short_date

ELLIPSIS = "…"
#: Characters that end a sentence (Latin and CJK), optionally followed by a closing quote.
_SENTENCE_END = re.compile(r"[.!?。！？…](?:[\"'”’」』）)\]]*)$")
_CLAUSE_END = re.compile(r"[.!?。！？;；:：,，—–](?:[\"'”’」』）)\]]*)(?=\s|$)")
#: A quote starts a sentence with a capital, a digit, an opening quote/bracket or CJK.
_STARTS_SENTENCE = re.compile(r"^[\"'“‘「『（(\[]?[A-Z0-9\u00c0-\u00de\u0400-\u042f"
                              r"\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff]")
EVIDENCE_CHARS = 260


def quote_text(text: str, evidence: bool = False, limit: int = EVIDENCE_CHARS) -> str:
    """``text`` as printed: "…" before a quote that starts mid-sentence and after one that
    ends mid-sentence; with ``evidence``, cut to at most ``limit`` characters at the last
    sentence or clause boundary (never mid-clause), then "…"."""
    text = " ".join((text or "").split())
    if not text:
        return text
    if evidence and len(text) > limit:
        text = clause_cut(text, limit)
    lead = "" if _STARTS_SENTENCE.match(text) or text.startswith(ELLIPSIS) else ELLIPSIS + " "
    tail = "" if _SENTENCE_END.search(text) else " " + ELLIPSIS
    return lead + text.rstrip(",;:，；：—– ") + tail


def clause_cut(text: str, limit: int) -> str:
    """The longest prefix of ``text`` of at most ``limit`` characters that ends at a
    sentence or clause boundary; a word boundary only if no clause ends in the first half."""
    head = text[:limit + 1]
    ends = [m.end() for m in _CLAUSE_END.finditer(head) if m.end() <= limit]
    if ends and ends[-1] >= limit // 2:
        return text[:ends[-1]].rstrip()
    cut = head[:limit].rsplit(" ", 1)[0] if " " in head[:limit] else head[:limit]
    return cut.rstrip()


def citation(q: BriefQuote, cited: set[int]) -> str:
    """The quote's source: in full (outlet, "title", date) the first time a section cites
    it, then only the outlet or a short title; always with its number and grade
    ``[n · B2]`` (and page: ``[n, p. k · B2]``).
    ``cited`` is the section's set of source numbers already cited (updated here)."""
    return f"{_document(q, cited)} {source_ref(q)}"


def attribution(q: BriefQuote, cited: set[int]) -> str:
    """Who said the quote and where, without the reference: the speaker (and "as quoted
    in" the carrier), then the document; with no speaker, the document's outlet or author.
    Never the actors the quote mentions."""
    if q.speaker:
        lead = said_by(q.speaker, q.carrier)
        if q.source_no in cited:
            return lead
        return f"{lead}, in {_document(q, cited)}"
    lead = said_by(q.doc_author if not q.doc_outlet and q.doc_author else "", q.carrier)
    document = _document(q, cited)
    return f"{lead}, {document}" if lead else document


def _document(q: BriefQuote, cited: set[int]) -> str:
    if q.source_no in cited:
        return q.doc_outlet or _short_title(q.doc_title)
    cited.add(q.source_no)
    parts = [q.doc_outlet] if q.doc_outlet else []
    parts.append(f"“{q.doc_title}”")
    if q.doc_date:
        parts.append(short_date(q.doc_date))
    return ", ".join(parts)


def source_ref(q: BriefQuote) -> str:
    """``[n · B2]``, or ``[n, p. k · B2]`` for a quote from page k of a paged source (a PDF):
    the source's number and the grade (its reliability, the quote's credibility)."""
    where = f"{q.source_no}, p. {q.page}" if getattr(q, "page", None) else f"{q.source_no}"
    return f"[{where} · {q.grade}]"


def _short_title(title: str, words: int = 5) -> str:
    split = title.split()
    return " ".join(split[:words]) + (" …" if len(split) > words else "")
