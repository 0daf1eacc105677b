"""Quote anchors: context, occurrences, re-location after edits, UTF-16 offsets."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from briefer.core.anchoring import (CONTEXT_CHARS, Anchor, Utf16Map, context, find_occurrences,
                                    from_utf16, locate, nth_occurrence, relocate_all, to_utf16)

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))
ARTICLE = SEEDS[0].read_text(encoding="utf-8")
QUOTE = "Hegseth then said he would designate them a national security supply chain risk"


def quote_at(text: str, exact: str, n: int = 1) -> dict:
    start = nth_occurrence(text, exact, n)
    assert start is not None, exact
    prefix, suffix = context(text, start, start + len(exact))
    return {"exact": exact, "prefix": prefix, "suffix": suffix, "start": start}


def relocated(new_text: str, q: dict, old_text: str | None = None) -> Anchor | None:
    return locate(new_text, q["exact"], q["prefix"], q["suffix"], q["start"], old_text)


def test_seed_articles_are_present():
    assert len(SEEDS) == 5 and QUOTE in ARTICLE


# -- context and occurrences ---------------------------------------------------------------
def test_context_takes_up_to_width_code_points_each_side():
    text = "x" * 40 + "QUOTE" + "y" * 40
    assert context(text, 40, 45) == ("x" * CONTEXT_CHARS, "y" * CONTEXT_CHARS)
    assert context("abQUOTEcd", 2, 7) == ("ab", "cd")
    assert context("a😀QUOTE\r\nz", 2, 7, width=1) == ("😀", "\r")


def test_occurrences_overlap_and_nth_is_one_based():
    assert find_occurrences("aaaa", "aa") == [0, 1, 2]
    assert find_occurrences("abc", "") == [] and find_occurrences("abc", "x") == []
    assert [nth_occurrence("abcabcabc", "abc", n) for n in (1, 2, 3, 4)] == [0, 3, 6, None]
    assert nth_occurrence("abc", "abc", 0) is None and nth_occurrence("abc", "") is None
    assert find_occurrences(ARTICLE, "distillation") == [
        nth_occurrence(ARTICLE, "distillation", n) for n in range(1, 6)]


# -- locate --------------------------------------------------------------------------------
def test_unchanged_text_is_found_at_its_position():
    q = quote_at(ARTICLE, QUOTE)
    assert relocated(ARTICLE, q) == Anchor(q["start"], q["start"] + len(QUOTE), "position")


@pytest.mark.parametrize("edit", [
    lambda t: "A new first paragraph, written later.\r\n\r\n" + t,   # insertion before
    lambda t: t.replace("For context: ", "", 1),                    # deletion before
    lambda t: t[:5000] + "An inserted sentence. " + t[5000:],        # insertion after
    lambda t: t[:3000] + t[3500:],                                   # deletion after
])
def test_edits_outside_the_quote_keep_its_text(edit):
    q = quote_at(ARTICLE, QUOTE)
    new = edit(ARTICLE)
    expected = new.index(QUOTE)
    with_diff = relocated(new, q, old_text=ARTICLE)
    assert with_diff == Anchor(expected, expected + len(QUOTE), "position")
    without_diff = relocated(new, q)
    assert (without_diff.start, without_diff.end) == (expected, expected + len(QUOTE))
    assert without_diff.method == ("position" if expected == q["start"] else "context")


@pytest.mark.parametrize("edited", [
    "Hegseth then said he will designate them a national security supply chain risk",
    "Hegseth later said that he would designate them a national security supply chain risk",
    "Hegseth said he would designate them a national-security supply-chain risk",
    "Hegseth then said he would designate Anthropic a national security supply chain risk",
])
def test_a_quote_edited_inside_is_found_fuzzily_with_exact_bounds(edited):
    q = quote_at(ARTICLE, QUOTE)
    new = ARTICLE.replace(QUOTE, edited)
    for old_text in (ARTICLE, None):
        anchor = relocated(new, q, old_text)
        assert anchor is not None and anchor.method == "fuzzy"
        assert new[anchor.start:anchor.end] == edited
    moved = "Breaking news.\n\n" + new  # no position hint at all
    anchor = locate(moved, QUOTE, q["prefix"], q["suffix"])
    assert moved[anchor.start:anchor.end] == edited


def test_a_quote_rewritten_beyond_recognition_or_deleted_is_orphaned():
    q = quote_at(ARTICLE, QUOTE)
    sentence_start = ARTICLE.rindex(". ", 0, q["start"]) + 2
    sentence_end = ARTICLE.index(". ", q["start"]) + 2
    deleted = ARTICLE[:sentence_start] + ARTICLE[sentence_end:]
    assert relocated(deleted, q, old_text=ARTICLE) is None
    assert relocated(deleted, q) is None
    rewritten = ARTICLE.replace(QUOTE, "The minister then announced a ban on the company's tools")
    assert relocated(rewritten, q, old_text=ARTICLE) is None


def test_a_deleted_word_does_not_jump_to_another_occurrence():
    # "distillation" occurs 5 times; delete the sentence holding the 2nd one.
    q = quote_at(ARTICLE, "distillation", 2)
    start = ARTICLE.rindex(".", 0, q["start"]) + 1
    end = ARTICLE.index(".", q["start"]) + 1
    new = ARTICLE[:start] + ARTICLE[end:]
    assert new.count("distillation") == 4
    assert relocated(new, q, old_text=ARTICLE) is None
    assert relocated(new, q) is None


def test_context_picks_the_right_one_of_several_occurrences():
    text = ("Alpha says: the ban is wrong. Beta says: the ban is wrong. "
            "Gamma says: the ban is wrong. Delta agrees.")
    q = quote_at(text, "the ban is wrong", 2)
    new = "Intro. " * 5 + text  # shifted by 35: old start now points into another sentence
    expected = nth_occurrence(new, "the ban is wrong", 2)
    assert relocated(new, q) == Anchor(expected, expected + 16, "context")
    assert relocated(new, q, old_text=text) == Anchor(expected, expected + 16, "position")
    no_hint = locate(new, q["exact"], q["prefix"], q["suffix"])
    assert no_hint == Anchor(expected, expected + 16, "context")
    # Same context everywhere: the occurrence nearest the old position wins.
    plain = "the ban is wrong; " * 6
    assert locate(plain, "the ban is wrong", start=3 * 18 + 2).start == 3 * 18


def test_mapping_beats_a_stale_position_that_hits_another_occurrence():
    text = "xx AAA one. yy AAA two. zz AAA three."
    q = quote_at(text, "AAA", 2)
    new = text.replace("xx AAA one. ", "")
    assert new[q["start"]:q["start"] + 3] == "AAA"  # the raw old start now hits the 3rd one
    assert relocated(new, q, old_text=text) == Anchor(3, 6, "position")


def test_quote_at_document_start_and_crlf_text():
    text = "Anthropic refused.\r\nThe Pentagon insisted.\r\nEnd."
    q = quote_at(text, "Anthropic refused.")
    assert q["prefix"] == ""
    new = "Update:\r\n" + text
    assert relocated(new, q) == Anchor(9, 27, "context")
    assert relocated(new, q, old_text=text) == Anchor(9, 27, "position")


def test_lf_to_crlf_conversion_is_found_without_splitting_crlf_pairs():
    exact = "Chinese netizens were not exactly sympathetic when the blacklist dropped.\n\nAnthropic"
    q = quote_at(ARTICLE, exact)
    crlf = ARTICLE.replace("\n", "\r\n")
    for old_text in (ARTICLE, None):
        anchor = relocated(crlf, q, old_text)
        assert anchor.method == "fuzzy"
        assert crlf[anchor.start:anchor.end] == exact.replace("\n", "\r\n")


@pytest.mark.parametrize("exact", ["The Irony\n", "the most hawkish AI company.\n\nThe Irony\n"])
def test_lf_to_crlf_at_the_edges_of_a_quote(exact):
    q = quote_at(ARTICLE, exact)
    crlf = ARTICLE.replace("\n", "\r\n")
    anchor = relocated(crlf, q, old_text=ARTICLE)
    assert crlf[anchor.start:anchor.end] == exact.replace("\n", "\r\n")


def test_bad_input_never_raises():
    assert locate(ARTICLE, "") is None
    assert locate("", "something") is None
    assert locate("short", "a much longer quote than the text", "p", "s", start=10**6) is None
    assert locate(ARTICLE, "Anthropic", start=-5, old_text="") is not None
    assert relocate_all("", "", [{"exact": "x", "start": 0}]) == [None]


# -- relocate_all --------------------------------------------------------------------------
def _corpus() -> str:
    return "\n\n".join(p.read_text(encoding="utf-8") for p in SEEDS)


def test_relocate_all_on_the_whole_seed_corpus():
    old = _corpus()
    rnd = random.Random(42)
    quotes = []
    for start in range(100, len(old) - 300, 411):
        start = old.index(" ", start) + 1  # whole words, as an analyst selects
        end = old.index(" ", start + rnd.randrange(20, 120))
        quotes.append({**quote_at(old, old[start:end]), "start": start})
    cut = (old.index("\n", 20000) + 1, old.index("\n", 21000) + 1)  # a deleted paragraph
    new = ("Editor's note: updated.\r\n" + old[:cut[0]] + old[cut[1]:]
           ).replace("Pentagon", "Department of War")
    anchors = relocate_all(old, new, quotes)
    assert len(anchors) == len(quotes) > 100
    assert anchors == [relocated(new, q, old_text=old) for q in quotes]
    methods = {"position": 0, "fuzzy": 0, None: 0}
    for q, a in zip(quotes, anchors):
        methods[a.method if a else None] += 1
        if q["start"] < cut[1] and q["start"] + len(q["exact"]) > cut[0]:
            continue  # touches the deleted paragraph: found or orphaned are both fine
        renamed = q["exact"].replace("Pentagon", "Department of War")
        prefix, suffix = (c.replace("Pentagon", "Department of War") for c in (q["prefix"],
                                                                               q["suffix"]))
        if renamed == q["exact"] or prefix + renamed + suffix in new:
            assert a is not None and new[a.start:a.end] == renamed, q
    assert methods["position"] > 50 and methods["fuzzy"] >= 3 and methods[None] >= 1


def test_relocate_all_is_fast_on_a_megabyte():
    old = (_corpus() * 25)[:1_000_000]
    rnd = random.Random(7)
    quotes = []
    for _ in range(1000):
        start = rnd.randrange(len(old) - 200)
        quotes.append({**quote_at(old, old[start:start + rnd.randrange(5, 150)]), "start": start})
    new = old
    for _ in range(100):  # scattered insertions and deletions
        i = rnd.randrange(len(new))
        new = (new[:i] + "Inserted words. " + new[i:] if rnd.random() < .5
               else new[:i] + new[i + 20:])
    anchors = relocate_all(old, new, quotes)
    found = [a for a in anchors if a]
    assert len(found) >= 950
    assert sum(a.method == "position" for a in found) >= 900


# -- UTF-16 ----------------------------------------------------------------------------------
EMOJI = "Hi 😀 there\r\n𝕋his 国防部 𠀋 quote 👍🏽 end\r\n" + ARTICLE[:200] + "🇨🇳"


def test_utf16_round_trips_for_every_index():
    m = Utf16Map(EMOJI)
    units = len(EMOJI.encode("utf-16-le")) // 2
    for i in range(len(EMOJI) + 1):
        expected = len(EMOJI[:i].encode("utf-16-le")) // 2
        assert m.to16(i) == to_utf16(EMOJI, i) == expected
        assert m.from16(expected) == from_utf16(EMOJI, expected) == i
    for j in range(units + 1):
        i = m.from16(j)
        assert m.to16(i) in (j, j - 1)  # the middle of a surrogate pair maps to its start
    assert m.to16(len(EMOJI)) == units and m.from16(units) == len(EMOJI)


def test_utf16_of_quotes_in_emoji_and_crlf_text():
    start = EMOJI.index("quote")
    assert EMOJI.index("\r\n") == 10 and EMOJI.index("𝕋") == 12  # CRLF: two code points
    assert to_utf16(EMOJI, start) == start + 3  # after 😀, 𝕋 and 𠀋
    anchor = locate(EMOJI, "quote", start=start)
    assert anchor == Anchor(start, start + 5, "position")


def test_utf16_map_round_trips_on_ten_megabytes():
    """Correct on a large text; its speed is measured by bench/bench_anchoring.py."""
    text = ("Ascii text, 中文, emoji 😀 and 𝕋.\r\n" * 300_000)[:10_000_000]
    m = Utf16Map(text)
    rnd = random.Random(3)
    indexes = [rnd.randrange(len(text)) for _ in range(10_000)]
    assert all(m.from16(m.to16(i)) == i for i in indexes)
    i = indexes[0]
    assert m.to16(i) == len(text[:i].encode("utf-16-le")) // 2
