"""Text anchors for quotes: find a quoted span again after its document changed.

Offsets are Unicode code points (Python ``str`` indices), end excluded. A quote is
stored W3C TextQuoteSelector-style: ``exact`` plus ~32 code points of ``prefix``
and ``suffix``, with its old ``start`` as a position hint. Newlines are never
normalised (``\\r\\n`` counts as two code points). The Qt GUI counts UTF-16 code
units; use :class:`Utf16Map` to convert.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from os.path import commonprefix


__all__ = ["CONTEXT_CHARS", "FUZZY_MIN_SCORE", "Anchor", "Utf16Map", "context", "find_occurrences",
           "from_utf16", "locate", "nth_occurrence", "relocate_all", "to_utf16"]

CONTEXT_CHARS = 32
FUZZY_MIN_SCORE = 85      # minimum fuzz.ratio (0-100) between the quote and its edited span
FUZZY_LENGTH_TOLERANCE = 0.3  # an edited span may be up to 30 % shorter or longer
_SEED_MIN_SCORE = 70      # partial_ratio cutoff used only to find a core to refine
_MAX_LCS_CELLS = 2_000_000_000  # bounds one diff step (~0.5 s); bigger gaps map coarsely
_POLISH = 3               # fuzzy boundaries are finally nudged by up to this many chars

_SENTENCES = re.compile(r"[^.!?。！？]*[.!?。！？]*\s*")
_WORDS = re.compile(r"\w+|\s+|[^\w\s]")
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


def context(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> tuple[str, str]:
    """Return (prefix, suffix): up to ``width`` code points either side of text[start:end]."""
    return text[max(0, start - width):start], text[end:end + width]


def find_occurrences(text: str, needle: str) -> list[int]:
    """All start offsets of ``needle`` in ``text``, overlapping ones included."""
    found: list[int] = []
    if not needle:
        return found
    i = text.find(needle)
    while i != -1:
        found.append(i)
        i = text.find(needle, i + 1)
    return found


def nth_occurrence(text: str, needle: str, n: int = 1) -> int | None:
    """Start offset of the n-th (1-based) occurrence of ``needle``, or None."""
    if not needle or n < 1:
        return None
    i = text.find(needle)
    while i != -1 and n > 1:
        i = text.find(needle, i + 1)
        n -= 1
    return None if i == -1 else i


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int
    method: str  # "position", "context" or "fuzzy"


class _OffsetMap:
    """Maps offsets of ``old`` to ``new`` through a diff computed once.

    The diff is hierarchical (lines; sentences inside changed lines; words,
    then characters, inside changed sentences) because an LCS over N units
    costs O(N*N/64), far too much for a megabyte of characters.
    """

    def __init__(self, old: str, new: str):
        self.new_len = len(new)
        self.blocks: list[tuple[int, int, int]] = []
        _diff(old, new, 0, 0, 0, self.blocks)
        self.starts = [a for a, _, _ in self.blocks]

    def map(self, pos: int) -> int:
        """New offset of old offset ``pos``; inside changed text, the same distance
        into the replacement (clamped to its end)."""
        k = bisect_right(self.starts, pos) - 1
        if k >= 0:
            a, b, size = self.blocks[k]
            if pos < a + size:
                return b + pos - a
            gap_old, gap_new = a + size, b + size
        else:
            gap_old = gap_new = 0
        gap_end = self.blocks[k + 1][1] if k + 1 < len(self.blocks) else self.new_len
        return min(gap_new + pos - gap_old, gap_end)


def _diff(old: str, new: str, o0: int, n0: int, level: int, out: list) -> None:
    """Append (old_start, new_start, size) equal blocks of old vs new to ``out``."""
    from rapidfuzz.distance import Indel, Postfix, Prefix     # on demand (start-up)

    head = Prefix.similarity(old, new)
    tail = Postfix.similarity(old[head:], new[head:])
    if head:
        out.append((o0, n0, head))
    old, new = old[head:len(old) - tail], new[head:len(new) - tail]
    o0, n0 = o0 + head, n0 + head
    a: Sequence[str]
    b: Sequence[str]
    if level == 0:
        a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    elif level < 3:
        splitter = _SENTENCES if level == 1 else _WORDS
        a, b = [t for t in splitter.findall(old) if t], [t for t in splitter.findall(new) if t]
    else:
        a, b = old, new
    if a and b and len(a) * len(b) <= _MAX_LCS_CELLS:  # else: leave the gap unaligned
        a_off = [0, *accumulate(map(len, a))]
        b_off = [0, *accumulate(map(len, b))]
        ai = bi = 0
        for blk in Indel.opcodes(a, b).as_matching_blocks():
            if level < 3 and blk.a > ai and blk.b > bi:  # changed on both sides: refine
                _diff(old[a_off[ai]:a_off[blk.a]], new[b_off[bi]:b_off[blk.b]],
                      o0 + a_off[ai], n0 + b_off[bi], level + 1, out)
            if blk.size:
                out.append((o0 + a_off[blk.a], n0 + b_off[blk.b],
                            a_off[blk.a + blk.size] - a_off[blk.a]))
            ai, bi = blk.a + blk.size, blk.b + blk.size
    if tail:
        out.append((o0 + len(old), n0 + len(new), tail))


def locate(text: str, exact: str, prefix: str = "", suffix: str = "",
           start: int | None = None, old_text: str | None = None) -> Anchor | None:
    """Find the quote in ``text``; None when it cannot be found reliably (orphaned).

    Tries, in order: the (diff-mapped) old position, exact occurrences scored by
    context, then a fuzzy match for quotes edited inside. A short quote
    (< CONTEXT_CHARS) found away from its old place needs a whole side of its
    context to agree, so a deleted word is orphaned rather than moved.
    """
    mapping = _OffsetMap(old_text, text) if old_text is not None and start is not None else None
    return _locate(text, exact, prefix, suffix, start, mapping)


def relocate_all(old_text: str, new_text: str, quotes: list[dict]) -> list[Anchor | None]:
    """:func:`locate` every quote dict (keys exact, prefix, suffix, start) in
    ``new_text``, computing the old->new diff only once."""
    mapping = _OffsetMap(old_text, new_text)
    return [_locate(new_text, q["exact"], q.get("prefix") or "", q.get("suffix") or "",
                    q.get("start"), mapping) for q in quotes]


def _locate(text: str, exact: str, prefix: str, suffix: str,
            start: int | None, mapping: _OffsetMap | None) -> Anchor | None:
    if not exact:
        return None
    n = len(exact)
    hint = hint_end = None
    if start is not None:
        start = max(0, start)
        hint = mapping.map(start) if mapping else start
        hint_end = mapping.map(start + n) if mapping else start + n
        if text.startswith(exact, hint):
            return Anchor(hint, hint + n, "position")
    found = _by_context(text, exact, prefix, suffix, hint)
    if found is not None:
        return Anchor(found, found + n, "context")
    return _fuzzy(text, exact, prefix, suffix, hint, hint_end)


def _context_score(text: str, pos: int, end: int, prefix: str, suffix: str) -> int:
    """Characters of prefix (from its end) and suffix (from its start) that agree."""
    before = text[max(0, pos - len(prefix)):pos]
    return (len(commonprefix([before[::-1], prefix[::-1]]))
            + len(commonprefix([text[end:end + len(suffix)], suffix])))


def _by_context(text: str, exact: str, prefix: str, suffix: str, hint: int | None) -> int | None:
    """Best exact occurrence by context, then closeness to ``hint``.

    A short quote is only accepted if enough context agrees or it lies near the
    hint, so a deleted word does not silently re-anchor to another occurrence.
    """
    occurrences = find_occurrences(text, exact)
    if not occurrences:
        return None
    n = len(exact)
    ref = hint or 0
    score, _, best = max((_context_score(text, p, p + n, prefix, suffix), -abs(p - ref), p)
                         for p in occurrences)
    near = hint is not None and abs(best - hint) <= CONTEXT_CHARS
    return best if near or n >= CONTEXT_CHARS or score >= _needed(prefix, suffix) else None


def _needed(prefix: str, suffix: str) -> int:
    """Context that must agree before a short quote is trusted elsewhere: one
    whole side (or all there is)."""
    return min(CONTEXT_CHARS, len(prefix) + len(suffix))


def _fuzzy(text: str, exact: str, prefix: str, suffix: str,
           hint: int | None, hint_end: int | None) -> Anchor | None:
    """Quote edited inside: search near the hint first, then the whole text.

    Short quotes (< CONTEXT_CHARS) match by chance too easily: they are only
    aligned near the hint, and must start right at it or have agreeing context.
    """
    n = len(exact)
    regions = [(0, len(text), False)]
    if hint is not None:
        pad = max(n, 4 * CONTEXT_CHARS)
        end = hint if hint_end is None else max(hint, hint_end)
        regions.insert(0, (max(0, hint - pad), min(len(text), end + pad), True))
    for lo, hi, near in regions:
        span = _between_context(text, exact, prefix, suffix, lo, hi)
        if span is None and (near or n >= CONTEXT_CHARS):
            span = _aligned(text, exact, prefix, suffix, lo, hi)
            if span and n < CONTEXT_CHARS and hint is not None and abs(span[0] - hint) > _POLISH \
                    and _context_score(text, *span, prefix, suffix) < _needed(prefix, suffix):
                span = None
        if span:
            return Anchor(span[0], span[1], "fuzzy")
    return None


def _similar(exact: str, candidate: str) -> float:
    """fuzz.ratio, or 0 when the length is off by more than the tolerance."""
    if abs(len(candidate) - len(exact)) > FUZZY_LENGTH_TOLERANCE * len(exact):
        return 0.0
    from rapidfuzz import fuzz

    return fuzz.ratio(exact, candidate)


def _splits_crlf(text: str, s: int, e: int) -> bool:
    """True if span [s, e) starts or ends between the two code points of a CRLF."""
    return text[s - 1:s + 1] == "\r\n" or text[e - 1:e + 1] == "\r\n"


def _between_context(text: str, exact: str, prefix: str, suffix: str,
                     lo: int, hi: int) -> tuple[int, int] | None:
    """The span lying between an intact prefix and suffix, if similar enough."""
    if not prefix or not suffix:
        return None
    n = len(exact)
    min_len = math.ceil(n * (1 - FUZZY_LENGTH_TOLERANCE))
    max_len = math.floor(n * (1 + FUZZY_LENGTH_TOLERANCE))
    best, best_score = None, float(FUZZY_MIN_SCORE)
    for p in find_occurrences(text[lo:hi], prefix):
        s = lo + p + len(prefix)
        e = text.find(suffix, s + min_len, s + max_len + len(suffix))
        if e == -1 or _splits_crlf(text, s, e):
            continue
        if (score := _similar(exact, text[s:e])) >= best_score:
            best, best_score = (s, e), score
    return best


def _aligned(text: str, exact: str, prefix: str, suffix: str,
             lo: int, hi: int) -> tuple[int, int] | None:
    """Fuzzy-align ``exact`` in text[lo:hi], then refine both boundaries; a quote
    that began (ended) at a word boundary is not cut inside a word."""
    from rapidfuzz import fuzz
    from rapidfuzz.distance import Indel

    n = len(exact)
    core = fuzz.partial_ratio_alignment(exact, text[lo:hi], score_cutoff=_SEED_MIN_SCORE)
    if core is None:
        return None
    margin = math.ceil(n * FUZZY_LENGTH_TOLERANCE)
    w0 = max(0, lo + core.dest_start - margin)
    window = text[w0:lo + core.dest_end + margin]
    blocks = [b for b in Indel.opcodes(exact, window).as_matching_blocks() if b.size]
    # Boundary candidates: the core, and the first/last common blocks (any size,
    # and at least 3 chars so stray single-letter matches do not decide alone).
    starts, ends = {lo + core.dest_start}, {lo + core.dest_end}
    for group in (blocks, [b for b in blocks if b.size >= 3]):
        if group:
            first, last = group[0], group[-1]
            end = w0 + last.b + last.size
            starts |= {w0 + first.b, max(0, w0 + first.b - first.a)}
            ends |= {end, min(len(text), end + n - last.a - last.size)}

    def quality(s: int, e: int) -> tuple[float, int]:
        if s >= e or _splits_crlf(text, s, e):
            return -1.0, 0
        return _similar(exact, text[s:e]), -abs(e - s - n)

    s, e = max(((s, e) for s in starts for e in ends), key=lambda span: quality(*span))
    s = max(range(max(0, s - _POLISH), s + _POLISH + 1), key=lambda x: quality(x, e))
    e = max(range(e - _POLISH, min(len(text), e + _POLISH) + 1), key=lambda x: quality(s, x))
    if exact[0].isalnum() and not prefix[-1:].isalnum():
        while 0 < s < e and text[s - 1].isalnum() and text[s].isalnum():
            s -= 1
    if exact[-1].isalnum() and not suffix[:1].isalnum():
        while s < e < len(text) and text[e - 1].isalnum() and text[e].isalnum():
            e += 1
    return (s, e) if quality(s, e)[0] >= FUZZY_MIN_SCORE else None


class Utf16Map:
    """Code point <-> UTF-16 code unit offsets for one text, O(log k) per call
    (k = number of astral characters, which take two UTF-16 units)."""

    def __init__(self, text: str):
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]
        self._astral16 = [p + k for k, p in enumerate(self._astral)]

    def to16(self, i: int) -> int:
        """UTF-16 offset of code point offset ``i``."""
        return i + bisect_left(self._astral, i)

    def from16(self, j: int) -> int:
        """Code point offset of UTF-16 offset ``j``; the middle of a surrogate
        pair maps to the start of its character."""
        return j - bisect_left(self._astral16, j)


def to_utf16(text: str, index: int) -> int:
    """UTF-16 offset of code point offset ``index`` (use Utf16Map for many calls)."""
    return index + len(_ASTRAL.findall(text, 0, index))


def from_utf16(text: str, index16: int) -> int:
    """Code point offset of UTF-16 offset ``index16`` (use Utf16Map for many calls)."""
    return Utf16Map(text).from16(index16)
