"""The cheap reads the views use at scale (#13) agree with the full listings, also after
another process (the CLI) wrote: languages, codebook size and colours, tag totals, the
matrix rows of a few actors, quote counts per document, position keys."""

from __future__ import annotations

from collections import Counter

import pytest

from briefer.core.demo import load_demo
from briefer.core.store import Project
from tests.briefer_cli import cli_ok



@pytest.fixture
def project(tmp_path):
    from briefer.project import open_project

    path = tmp_path / "demo.briefer"
    project = open_project(path)
    load_demo(project)
    doc, han = next((d.id, ch) for d in project.documents.list()
                    for ch in project.documents.get(d.id).text if "\u4e00" <= ch <= "\u9fff")
    project.close()
    # another process adds a Chinese quote with a new actor and a new theme
    cli_ok("quote", "add", "--project", str(path), "--doc", doc, "--quote", han,
           "--actor", "Child actor", "--theme", "Child theme")
    with Project.open(path) as opened:
        yield opened


def test_the_cheap_reads_agree_with_the_full_listings(project):
    quotes = project.quotes.list()
    assert project.quotes.languages() == ({q.language for q in quotes}
                                          | {q.language2 for q in quotes if q.language2})
    assert any(lang.startswith("zh") for lang in project.quotes.languages())
    actors, themes = project.codebook.actors(), project.codebook.themes()
    assert project.codebook.size() == (len(actors), len(themes))
    assert project.codebook.colours() == {x.id: x.colour for x in actors + themes}
    by_actor, by_theme = project.quotes.tag_totals()
    assert by_actor == {a.id: a.quotes for a in actors if a.quotes}
    assert by_theme == {t.id: t.quotes for t in themes if t.quotes}
    some = [a.id for a in actors[:3]]
    cells = project.quotes.matrix().cells
    assert project.quotes.matrix_rows(some) == {k: n for k, n in cells.items() if k[0] in some}
    assert project.quotes.matrix_cells() == cells
    assert project.documents.quote_counts() == dict(Counter(q.doc_id for q in quotes))
    ids = project.quotes.ids()
    keys = project.quotes.position_keys(ids)
    assert sorted(ids, key=keys.__getitem__) == ids        # the table's own order


def test_the_brief_checks_read_only_the_quotes_they_check(project, monkeypatch):
    """``brief_warnings`` (shown by the judgments panel at start) reads the evidence of
    high-confidence judgments and the quotes printing a note, not every quote; its
    warnings are those of a check over every quote."""
    from briefer.core.brief_checks import brief_warnings

    quote = next(q for q in project.quotes.list() if not q.excluded)
    project.quotes.update(quote.id, note="TODO confirm?", print_note=True)
    high = next((j for j in project.judgments.list() if j.confidence == "high"), None)
    assert high is not None and high.quote_ids
    listed = []
    original = project.quotes.list
    monkeypatch.setattr(project.quotes, "list",
                        lambda *a, **kw: listed.append(kw.get("ids")) or original(*a, **kw))
    found = brief_warnings(project)
    assert listed and all(ids is not None for ids in listed)
    assert sum(len(ids) for ids in listed) < len(original())
    assert any("working note" in w and quote.id[:8] in w for w in found)
