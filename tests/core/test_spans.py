"""Adjusting a quote's span: snapping to words and sentences, stepping by a word."""

from __future__ import annotations

import pytest

from briefer.core.spans import snap, step

TEXT = "The quick brown fox. It jumps over the dog! End"


def cut(span):
    return TEXT[span[0]:span[1]]


def test_snap_to_words_widens_cut_words_and_trims_space():
    assert cut(snap(TEXT, 5, 12, "word")) == "quick brown"
    assert cut(snap(TEXT, 3, 10, "word")) == "quick"              # leading space trimmed
    assert cut(snap(TEXT, 5, 12, "none")) == "uick br"


def test_snap_to_sentences():
    assert cut(snap(TEXT, 24, 27, "sentence")) == "It jumps over the dog!"
    assert cut(snap(TEXT, 2, 25, "sentence")) == "The quick brown fox. It jumps over the dog!"


def test_snap_refuses_an_unknown_mode():
    with pytest.raises(ValueError, match="snap mode must be one of"):
        snap(TEXT, 0, 3, "paragraph")


def test_step_grows_and_trims_each_end_by_a_word():
    quick = (4, 9)
    assert cut(step(TEXT, *quick, "end", True)) == "quick brown"
    assert cut(step(TEXT, 4, 15, "end", False)) == "quick"
    assert cut(step(TEXT, *quick, "start", True)) == "The quick"
    assert cut(step(TEXT, 4, 15, "start", False)) == "brown"
    # a span never becomes empty
    one = step(TEXT, *quick, "end", False)
    assert one[1] > one[0]
