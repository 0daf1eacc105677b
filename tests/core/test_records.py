"""Typed records and the store's aggregates: the matrix counted in SQL agrees with the quotes
another process wrote, and one description of a record's fields drives its JSON and table."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter

import pytest

from briefer.core.records import QUOTE_TABLE, Quote
from tests.briefer_cli import cli_ok


def test_matrix_counts_what_another_process_wrote(project):
    doc = project.documents.list()[0]
    text = project.documents.get(doc.id).text
    spans = [(0, 40, ["A", "B"], ["T1"]), (50, 90, ["A"], ["T1", "T2"]), (100, 140, ["B"], []),
             (150, 190, [], ["T2"])]
    for start, end, actors, themes in spans:
        cli_ok("--project", project.path, "quote", "add", "--doc", doc.id, "--start", start,
               "--end", end, *(x for a in actors for x in ("--actor", a)),
               *(x for t in themes for x in ("--theme", t)))
    assert text                                  # the child wrote into this project's document
    quotes = project.quotes.list()
    expected = Counter((a, t) for q in quotes for a in q.actor_ids for t in q.theme_ids)
    counts = project.quotes.matrix()
    assert counts.cells == dict(expected) and counts.quotes == 4
    a = project.codebook.resolve_actor("A")
    t1, t2 = project.codebook.resolve_theme("T1"), project.codebook.resolve_theme("T2")
    assert (counts.cell(a, t1), counts.cell(a, t2), counts.highest) == (2, 1, 2)
    assert counts.by_actor[a] == 2 and counts.by_theme[t2] == 2 and counts.by_doc == {doc.id: 4}
    assert sum(counts.languages.values()) >= 4
    only_a = project.quotes.matrix(actors=["A"])         # filters as list(**filters)
    assert only_a.quotes == len(project.quotes.list(actors=["A"])) == 2
    assert only_a.by_actor.get(project.codebook.resolve_actor("B")) == 1


def test_cli_json_is_the_records_description(project):
    doc = project.documents.list()[0]
    qid = cli_ok("--project", project.path, "quote", "add", "--doc", doc.id, "--start", "0",
                 "--end", "30", "--actor", "A", "--note", "n").strip()
    shown = json.loads(cli_ok("--project", project.path, "quote", "show", qid, "--json"))
    quote = project.quotes.get(qid)
    assert shown == quote.to_json()
    assert list(shown) == [f.json_key for f in Quote.fields() if f.json_key]
    assert (shown["doc"], shown["start"], shown["text"], shown["actors"]) == \
        (doc.id, 0, quote.exact, ["A"])


def test_a_record_is_its_own_snapshot(project):
    doc = project.documents.list()[0]
    qid = project.quotes.add(doc.id, 0, 30, actors=["A"], themes=["T"], note="before")
    jid = project.judgments.add("Judged", "low", [qid])
    before = project.quotes.get(qid)
    assert before.judgment_ids == (jid,)
    with pytest.raises(dataclasses.FrozenInstanceError):
        before.note = "changed"                  # type: ignore[misc]
    assert dataclasses.replace(before, note="after").note == "after" and before.note == "before"
    project.quotes.delete(qid)
    project.quotes.restore(before)
    assert project.quotes.get(qid) == before     # tags, judgment links and times come back


def test_quotes_table_columns_come_from_the_description():
    from briefer.gui.quotes import model as quotes_model
    assert quotes_model.COLUMNS == tuple(f.label for f in QUOTE_TABLE) == \
        ("★", "Excerpt", "Speaker", "Document", "Credibility", "Actors", "Themes", "Language",
         "Note")
