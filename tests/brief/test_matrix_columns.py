"""The matrix's column widths: each theme's header wraps between words (``columns``)."""

from __future__ import annotations

import html

from briefer.brief.columns import (
    BODY_PT,
    HEAD_PT,
    PAD_PT,
    matrix_columns,
    matrix_parts,
    text_width,
    words,
)

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


def test_the_demo_matrix_is_one_table():
    parts = matrix_parts(DEMO_THEMES, ["People's Liberation Army", "Chinese media"])
    assert [(p.start, p.stop) for p in parts] == [(0, 7)]
    assert parts[0].columns == matrix_columns(DEMO_THEMES, ["People's Liberation Army",
                                                             "Chinese media"])


def test_themes_too_many_for_the_page_go_into_further_tables():
    """40 themes never make one table wider than the page (wkhtmltopdf would print the
    whole brief smaller to fit it): tables of whole words, TOTAL in the last only."""
    themes = [f"Theme {i:02d} on export controls" for i in range(40)]
    parts = matrix_parts(themes, ["Actor 000", "People's Liberation Army"])
    assert len(parts) > 1 and parts[0].start == 0 and parts[-1].stop == 40
    assert all(a.stop == b.start for a, b in zip(parts, parts[1:]))    # in order, each once
    for part in parts:
        cols = part.columns
        last = part is parts[-1]
        assert (cols.total > 0) == last
        assert abs(cols.actor + cols.total + sum(w for _, w in cols.themes) - 100) < 0.05
        assert all("&shy;" not in head for head, _ in cols.themes)   # every word whole
        assert len(cols.themes) >= 4


def test_a_brief_of_many_themes_prints_each_in_one_matrix_table(demo_project, tmp_path):
    from briefer.brief.build import build_brief
    from briefer.brief.html import render_html
    from briefer.brief.model import BriefOptions

    for i in range(30):
        demo_project.codebook.add_theme(f"Extra theme number {i:02d}")
    quote = next(q for q in demo_project.quotes.list(orphaned=False) if q.actors)
    themes = [t.id for t in demo_project.codebook.themes()]
    demo_project.quotes.update(quote.id, themes=themes)
    brief = build_brief(demo_project, BriefOptions())
    page = render_html(brief)
    matrix = page[page.index("Actors by theme"):]
    matrix = matrix[:matrix.index('<p class="legend">Number of quotes')]
    assert len(brief.matrix.themes) == len(themes) >= 30
    assert matrix.count("Themes 1–") == 1 and f"of {len(themes)}" in matrix
    assert matrix.count(">TOTAL<") == 1
    for name in brief.matrix.themes:
        assert matrix.count(f">{html.escape(name, quote=False)}<") == 1, name
