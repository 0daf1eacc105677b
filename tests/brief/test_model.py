"""The brief's data: what goes in, in which order, with which source numbers."""

from __future__ import annotations

import re

import pytest

from briefer.brief.html import render_html
from briefer.brief.model import (BriefOptions, build_brief, language_label, normalise_marking,
                                 same_language, short_date)
from briefer.core.errors import InvalidInput, NotFound


def test_every_quote_is_in_a_section_with_its_source_number(demo_project):
    brief = build_brief(demo_project)
    quotes = [q for q in demo_project.quotes.list(orphaned=False) if not q.excluded]
    in_brief = {q.id: q for q in brief.quotes}
    assert set(in_brief) == {q.id for q in quotes}
    assert brief.quote_count == len(quotes)
    by_number = {s.number: s for s in brief.sources}
    assert sorted(by_number) == list(range(1, len(brief.sources) + 1))
    for row in quotes:
        q = in_brief[row.id]
        assert by_number[q.source_no].doc_id == row.doc_id
        assert q.actors == list(row.actors)


def test_sources_are_numbered_by_date_and_give_the_period(demo_project):
    brief = build_brief(demo_project)
    dated = [s.date[:10] for s in brief.sources if s.date]
    assert dated == sorted(dated)
    assert all(s.quotes_used >= 1 for s in brief.sources)
    assert brief.period == (min(dated), max(dated))


def test_theme_sections_follow_the_analysts_order_starred_first(demo_project):
    order = [t.name for t in demo_project.codebook.themes()][::-1]
    demo_project.codebook.reorder_themes(order)
    brief = build_brief(demo_project)
    themed = [s.title for s in brief.sections if s.kind == "theme"]
    assert themed == [t for t in order if t in themed]
    for section in brief.sections:
        stars = [e.quote.starred for e in section.entries]
        assert stars == sorted(stars, reverse=True)


def test_a_quote_under_two_themes_is_in_both_and_says_so(demo_project):
    brief = build_brief(demo_project)
    multi = next(q for q in brief.quotes if len(q.themes) > 1)
    holders = [s for s in brief.sections if any(e.quote.id == multi.id for e in s.entries)]
    assert {s.title for s in holders} == set(multi.themes)
    for s in holders:
        entry = next(e for e in s.entries if e.quote.id == multi.id)
        assert set(entry.also_under) == set(multi.themes) - {s.title}


def test_judgments_carry_their_quotes_source_numbers(demo_project):
    brief = build_brief(demo_project)
    judgments = demo_project.judgments.list()
    assert [j.text for j in brief.judgments] == [j.text for j in judgments]
    numbers = {s.doc_id: s.number for s in brief.sources}
    quotes = {q.id: q for q in demo_project.quotes.list()}
    for made, row in zip(brief.judgments, judgments):
        # excluded quotes are kept in the project but are no evidence in the brief
        assert [q.id for q in made.evidence] == [i for i in row.quote_ids
                                                 if not quotes[i].excluded]
        for q in made.evidence:
            assert q.source_no == numbers[quotes[q.id].doc_id]


def test_filters_theme_actor_document_starred(demo_project):
    theme = demo_project.codebook.themes()[0].name
    brief = build_brief(demo_project, BriefOptions(themes=[theme]))
    assert [s.title for s in brief.sections] == [theme]
    assert all(theme in q.themes for q in brief.quotes)
    assert brief.filters == [f"Themes: {theme}"]

    actor = demo_project.codebook.actors()[0].name
    brief = build_brief(demo_project, BriefOptions(actors=[actor]))
    assert brief.quotes and all(actor in q.actors for q in brief.quotes)

    brief = build_brief(demo_project, BriefOptions(starred_only=True))
    assert brief.quotes and all(q.starred for q in brief.quotes)
    assert len(brief.quotes) == len(demo_project.quotes.list(starred=True, orphaned=False))

    doc = demo_project.quotes.list()[0].doc_id
    brief = build_brief(demo_project, BriefOptions(docs=[doc]))
    assert {q.doc_title for q in brief.quotes} == {demo_project.documents.get(doc).title}


def test_unknown_filter_names_are_refused(demo_project):
    with pytest.raises(NotFound, match="No theme named 'No such theme' in this project"):
        build_brief(demo_project, BriefOptions(themes=["No such theme"]))
    with pytest.raises(InvalidInput, match="Group the brief by theme or actor, not 'colour'"):
        build_brief(demo_project, BriefOptions(group_by="colour"))


def test_group_by_actor(demo_project):
    brief = build_brief(demo_project, BriefOptions(group_by="actor"))
    assert brief.group_by == "actor"
    counts = [len(s.entries) for s in brief.sections if s.kind == "actor"]
    assert counts == sorted(counts, reverse=True)
    named = {e.quote.id for s in brief.sections if s.kind == "actor" for e in s.entries}
    other = [s for s in brief.sections if s.kind == "other"]
    unnamed = {q.id for q in brief.quotes if not q.actors}
    assert named | unnamed == {q.id for q in brief.quotes}
    assert bool(other) == bool(unnamed)


def test_orphaned_quotes_are_left_out(demo_project):
    row = demo_project.quotes.list()[0]
    doc = demo_project.documents.get(row.doc_id)
    demo_project.documents.update_text(doc.id, doc.text.replace(row.exact, "gone"))
    assert demo_project.quotes.get(row.id).orphaned
    brief = build_brief(demo_project)
    assert row.id not in {q.id for q in brief.quotes}
    assert all(row.id not in {q.id for q in j.evidence} for j in brief.judgments)


def test_matrix_and_actor_summary(demo_project):
    brief = build_brief(demo_project)
    m = brief.matrix
    assert m.actors == [a.name for a in brief.actors]
    for name, row in zip(m.actors, m.counts):
        for theme, count in zip(m.themes, row):
            assert count == sum(1 for q in brief.quotes if name in q.actors and theme in q.themes)
    assert m.maximum == max(max(r) for r in m.counts)
    for a in brief.actors:
        assert a.quotes == sum(1 for q in brief.quotes if a.name in q.actors)


@pytest.mark.parametrize("filtered", [False, True])
def test_matrix_totals_count_quotes_not_cells(demo_project, filtered):
    """TOTAL is read as quotes: a quote naming two actors under three themes fills six cells
    but counts once per total (per actor: under any theme; per theme: naming any actor; in
    all: with an actor and a theme), with or without a filter."""
    options = BriefOptions(docs=[demo_project.documents.list()[0].id]) if filtered else None
    brief = build_brief(demo_project, options) if options else build_brief(demo_project)
    m = brief.matrix
    assert m.actors and m.themes
    both = [q for q in brief.quotes if q.actors and q.themes]
    assert m.actor_totals == [sum(1 for q in both if a in q.actors) for a in m.actors]
    assert m.theme_totals == [sum(1 for q in both if t in q.themes) for t in m.themes]
    assert m.total == len(both)
    if not filtered:      # the demo has quotes in several cells: pairs would be more
        assert sum(map(sum, m.counts)) > m.total
    html = render_html(brief)
    row = re.search(r'rowhead[^>]*>Total</td>(.*?)</tr>', html, re.S)
    assert row is not None
    assert re.findall(r"<b>(\d+)</b>", row.group(1)) == [str(n) for n in
                                                         [*m.theme_totals, m.total]]


def test_overrides_and_settings(demo_project):
    brief = build_brief(demo_project, BriefOptions(title="Override", marking="tlp:red"))
    assert (brief.title, brief.marking, brief.tlp) == ("Override", "TLP:RED", "RED")
    demo_project.settings.set(marking="unclassified // for training")
    brief = build_brief(demo_project)
    assert (brief.marking, brief.tlp) == ("UNCLASSIFIED // FOR TRAINING", None)


def test_empty_project(empty_project):
    brief = build_brief(empty_project)
    assert brief.quote_count == 0 and brief.sections == [] and brief.sources == []
    assert brief.period is None and brief.matrix.actors == []


@pytest.mark.parametrize("given, marking, tlp", [
    ("tlp:clear", "TLP:CLEAR", "CLEAR"), ("TLP:GREEN", "TLP:GREEN", "GREEN"),
    ("tlp: amber + strict", "TLP:AMBER+STRICT", "AMBER+STRICT"),
    ("TLP:AMBER", "TLP:AMBER", "AMBER"),
    ("tlp:red", "TLP:RED", "RED"), ("TLP:WHITE", "TLP:WHITE", "CLEAR"),
    ("  secret   //  noforn ", "SECRET // NOFORN", None), ("", "", None), (None, "", None),
])
def test_normalise_marking(given, marking, tlp):
    assert normalise_marking(given) == (marking, tlp)


def test_language_helpers():
    assert language_label("zh-Hans") == "Chinese (simplified)"
    assert language_label("pt-BR") == "Portuguese"
    assert same_language("en", "en") and same_language("und", "en") and same_language("en-GB", "en")
    assert not same_language("zh-Hant", "en") and not same_language("zh-Hant", "zh-Hans")
    assert short_date("2026-03-03T10:00:00Z") == "3 Mar 2026"
    assert short_date("2026-03") == "Mar 2026" and short_date("spring") == "spring"
