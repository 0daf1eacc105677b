"""Adjusting a quote's span: steps by word and snapping to word or sentence boundaries.

Offsets are code points of the document's text, half-open [start, end). Qt-free.
"""

from __future__ import annotations

import re

SNAP_MODES = ("none", "word", "sentence")
_SENTENCE_END = re.compile(r"[.!?。！？]['\"”’)]*\s+|[。！？]|\n\s*\n")


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch in "'’-_"


def word_start(text: str, pos: int) -> int:
    """The start of the word ``pos`` is in (or ``pos`` when it is between words)."""
    while 0 < pos < len(text) and _is_word(text[pos - 1]) and _is_word(text[pos]):
        pos -= 1
    return pos


def word_end(text: str, pos: int) -> int:
    """The end of the word ``pos`` is in (or ``pos`` when it is between words)."""
    while 0 < pos < len(text) and _is_word(text[pos - 1]) and _is_word(text[pos]):
        pos += 1
    return pos


def next_word_end(text: str, pos: int) -> int:
    """Past the next word after ``pos`` (skipping what is not a word first)."""
    n = len(text)
    while pos < n and not _is_word(text[pos]):
        pos += 1
    while pos < n and _is_word(text[pos]):
        pos += 1
    return pos


def previous_word_start(text: str, pos: int) -> int:
    """The start of the word before ``pos`` (skipping what is not a word first)."""
    while pos > 0 and not _is_word(text[pos - 1]):
        pos -= 1
    while pos > 0 and _is_word(text[pos - 1]):
        pos -= 1
    return pos


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """The sentence ``pos`` is in: [start, end), ending after its final mark."""
    start = 0
    for mark in _SENTENCE_END.finditer(text, 0, pos):
        start = mark.end()
    after = _SENTENCE_END.search(text, pos)
    end = after.start() + len(after.group().rstrip()) if after else len(text)
    return start, max(end, start)


def snap(text: str, start: int, end: int, mode: str) -> tuple[int, int]:
    """[start, end) widened to whole words or sentences (``mode``), white space trimmed."""
    if mode not in SNAP_MODES:
        raise ValueError(f"snap mode must be one of {SNAP_MODES}, not {mode!r}")
    if mode == "word":
        start, end = word_start(text, start), word_end(text, end)
    elif mode == "sentence":
        start, end = sentence_bounds(text, start)[0], sentence_bounds(text, max(start, end - 1))[1]
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def step(text: str, start: int, end: int, edge: str, grow: bool) -> tuple[int, int]:
    """Move one ``edge`` ("start" or "end") of [start, end) by a word, outwards when
    ``grow`` else inwards; a span never becomes empty."""
    if edge == "end":
        new = next_word_end(text, end) if grow else previous_word_start(text, end)
        new = word_end(text, new) if not grow else new
        if not grow:
            new = max(new, start + 1)
            while new > start + 1 and text[new - 1].isspace():
                new -= 1
        return start, new
    new = previous_word_start(text, start) if grow else next_word_end(text, start)
    if not grow:
        while new < end - 1 and not _is_word(text[new]):
            new += 1
        new = min(new, end - 1)
    return new, end
