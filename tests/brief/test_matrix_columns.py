"""The matrix's column widths: each theme's header wraps between words (``columns``)."""

from __future__ import annotations

import html

from briefer.brief.columns import BODY_PT, HEAD_PT, PAD_PT, matrix_columns, text_width, words

DEMO_THEMES = ["Military use & safety guardrails", "Supply-chain-risk designation",
               "Distillation & IP theft", "US–China rivalry & export controls",
               "Chinese & Taiwanese reaction", "Corporate identity & trust",
               "Source reliability"]


def _room(width: float) -> float:
    return width / 100 * BODY_PT - PAD_PT


def test_every_header_word_fits_its_column():
    cols = matrix_columns(DEMO_THEMES, ["People's Liberation Army", "Chinese media"])
    assert abs(cols.actor + cols.total + sum(w for _, w in cols.themes) - 100) < 0.05
    for (head, width), theme in zip(cols.themes, DEMO_THEMES):
        assert "&shy;" not in head                    # room for every word: no hyphens
        assert html.unescape(str(head)) == theme
        for word in words(theme):
            assert text_width(word, HEAD_PT) <= _room(width) + 0.01, (word, width)
    assert _room(cols.actor) >= text_width("Liberation", 8.5)


def test_too_many_themes_share_the_page_and_hyphenate_what_does_not_fit():
    themes = [f"Distillation and counterintelligence {i}" for i in range(14)]
    cols = matrix_columns(themes, ["Actor"])
    assert cols.actor + cols.total + sum(w for _, w in cols.themes) <= 100.05
    for (head, width), theme in zip(cols.themes, themes):
        cut = [part.split("&shy;") for part in str(head).split() if "&shy;" in part]
        assert cut                                # "counterintelligence" does not fit
        for pieces in cut:
            assert all(len(p) >= 3 for p in pieces), pieces
            # each piece but the last fits its column with the hyphen printed at its end
            assert all(text_width(p + "-", HEAD_PT) <= _room(width) + 0.01
                       for p in pieces[:-1]), (pieces, width)
        assert html.unescape(str(head).replace("&shy;", "")) == theme


def test_chinese_headers_need_one_character():
    cols = matrix_columns(["出口管制与人工智能安全政策"] * 3, ["美国政府"])
    for head, width in cols.themes:
        assert "&shy;" not in head and width < 20
