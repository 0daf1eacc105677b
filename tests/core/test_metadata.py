"""Guessing a document's title, outlet, author and date from its text (``guess_metadata``)."""

from __future__ import annotations

import pytest

from briefer.core.corpus import guess_metadata


@pytest.mark.parametrize("line, expected", [
    ("Published: 2025-09-05 17:40:03", "2025-09-05"),
    ("Date: Tuesday, February 24, 2026", "2026-02-24"),
    ("Posted on Sept. 5, 2025", "2025-09-05"),
    ("Published 5 March 2026", "2026-03-05"),
    ("Published: 1st of May, 2024", "2024-05-01"),
    ("Updated Feb 28, 2026", "2026-02-28"),
    ("发布时间：2026年3月3日 10:00", "2026-03-03"),
    ("date 2026/03/03", "2026-03-03"),
])
def test_labelled_date_formats(line, expected):
    assert guess_metadata(f"Some headline\n{line}\n\nBody text.")["date"] == expected


def test_published_beats_updated_and_unlabelled():
    text = ("Headline\nUpdated: March 9, 2026\nPublished: March 2, 2026\n\n"
            "On January 5, 2020 something happened.")
    assert guess_metadata(text)["date"] == "2026-03-02"


def test_labelled_date_beats_unlabelled_and_invalid_dates_are_ignored():
    text = "Headline\n\nOn 31 February 2026 and 2026-13-01 nothing.\nUpdated 2026-01-10\n"
    assert guess_metadata(text)["date"] == "2026-01-10"


def test_unlabelled_full_date_is_used_but_no_year_is_invented():
    assert guess_metadata("Headline\nMarch 3, 2026\n\nBody.")["date"] == "2026-03-03"
    assert guess_metadata("Headline\n\nOn March 3 it rained. In 2025 too.")["date"] is None


def test_labels_with_value_on_next_line():
    text = "Title:\nThe Real Title\nAuthor:\nKim Lee\nSource:\nXinhua\n\nBody text."
    assert guess_metadata(text) == {"title": "The Real Title", "outlet": "Xinhua",
                                    "author": "Kim Lee", "date": None}


def test_byline_and_author_lists():
    meta = guess_metadata("A headline\nBy Jane Doe and John Roe | March 3, 2026\n\nBody.")
    assert (meta["title"], meta["author"], meta["outlet"], meta["date"]) == (
        "A headline", "Jane Doe and John Roe", None, "2026-03-03")
    assert guess_metadata("Author: Ann Lee, Bo Chan, Cy Ng\n\nBody.")["author"] == \
        "Ann Lee, Bo Chan, Cy Ng"


def test_sentence_starting_with_by_is_not_a_byline():
    text = "A headline\nBy 5:01 PM on Friday, lift the restrictions.\nby the way, nothing.\n"
    assert guess_metadata(text)["author"] is None


def test_site_name_line_above_longer_headline():
    meta = guess_metadata("Reuters\nChina responds to the distillation accusations\n\nBody text.")
    assert (meta["outlet"], meta["title"]) == ("Reuters", "China responds to the distillation "
                                                          "accusations")


def test_headline_then_body_is_not_a_site_name():
    meta = guess_metadata("Short headline\n" + "A long body paragraph. " * 20)
    assert (meta["title"], meta["outlet"]) == ("Short headline", None)


def test_generic_breadcrumb_gives_no_outlet():
    meta = guess_metadata("Home / World / Asia /\nA headline about Asia\n\nBody.")
    assert (meta["outlet"], meta["author"], meta["title"]) == (None, None, "A headline about Asia")


def test_headline_with_site_suffix_names_the_outlet():
    text = "A headline about things\n\nBody.\n\nA headline about things - Example Times | Network\n"
    assert guess_metadata(text)["outlet"] == "Example Times"


def test_long_first_line_gives_its_first_sentence():
    text = "The U.S. Department of War issued a ruling today. " + "More words follow here. " * 12
    assert guess_metadata(text)["title"] == "The U.S. Department of War issued a ruling today."


def test_date_and_label_lines_are_not_titles():
    meta = guess_metadata("Tuesday, March 3, 2026 10:00\nDate: unknown\nA longer headline here"
                          "\n\nBody.")
    assert (meta["title"], meta["outlet"], meta["date"]) == ("A longer headline here", None,
                                                             "2026-03-03")


def test_title_falls_back_to_file_name_stem():
    assert guess_metadata("x" * 300, "my-article.txt")["title"] == "my-article"
    assert guess_metadata("", "")["title"] is None


def test_markdown_front_matter_and_heading():
    text = "---\ntitle: Front Matter Title\nauthor: Kim Lee\ndate: 2025-01-01\n---\n\n# H\n\nBody."
    assert guess_metadata(text) == {"title": "Front Matter Title", "outlet": None,
                                    "author": "Kim Lee", "date": "2025-01-01"}
    assert guess_metadata("## **Bold heading**\n\nBody.")["title"] == "Bold heading"
