"""Quotes: anchoring, languages, filters, search, undo snapshots, integrity check."""

from __future__ import annotations

import pytest

from briefer.core.errors import InvalidInput


@pytest.fixture
def doc0(project):
    return next(d for d in project.documents() if d["source_name"].startswith("000_"))


def test_a_quote_stores_offsets_text_and_context(project, doc0):
    text = project.document(doc0["id"])["text"]
    qid = project.add_quote_text(doc0["id"], "AI Thanos", actors=["Anthropic"],
                                 themes=["Chinese reaction"], note="nickname", starred=True)
    q = project.quote(qid)
    assert text[q["start_cp"]:q["end_cp"]] == "AI Thanos"
    assert text[:q["start_cp"]].endswith(q["prefix"]) and len(q["prefix"]) == 32
    assert text[q["end_cp"]:].startswith(q["suffix"]) and len(q["suffix"]) == 32
    assert (q["actors"], q["themes"], q["note"], q["starred"]) == (
        ["Anthropic"], ["Chinese reaction"], "nickname", 1)
    assert q["language"] == "en" and q["created_at"] and q["updated_at"]


def test_offsets_are_code_points_with_emoji_and_crlf(empty_project):
    text = "Line one 🙂🙂\r\nThe 𝔘nicode quote here\r\n"
    doc = empty_project.add_document(text, title="emoji")
    qid = empty_project.add_quote_text(doc, "quote here")
    q = empty_project.quote(qid)
    assert (q["start_cp"], q["end_cp"]) == (text.index("quote here"), text.index("quote here") + 10)
    assert empty_project.check() == []


def test_chinese_quotes_get_their_languages(project, doc0):
    mixed = project.quote(project.add_quote_text(doc0["id"], "“AI Thanos” (“AI灭霸”)"))
    assert (mixed["language"], mixed["language2"]) == ("en", "zh-Hans")
    trad = project.quote(project.add_quote_text(doc0["id"], "成年禮"))
    assert trad["language"] == "zh-Hant"
    assert project.quotes(langs=["zh-Hans"])[0]["id"] == mixed["id"]


def test_quote_text_not_in_document_is_an_error(project, doc0):
    with pytest.raises(InvalidInput, match="not at all"):
        project.add_quote_text(doc0["id"], "words that are nowhere in it")
    with pytest.raises(InvalidInput, match="outside"):
        project.add_quote(doc0["id"], 10, 10_000_000)


def test_occurrence_picks_the_nth(project, doc0):
    text = project.document(doc0["id"])["text"]
    q2 = project.quote(project.add_quote_text(doc0["id"], "Anthropic", occurrence=2))
    first = text.index("Anthropic")
    assert q2["start_cp"] == text.index("Anthropic", first + 1)


def test_spans_may_overlap(project, doc0):
    a = project.add_quote(doc0["id"], 100, 200)
    b = project.add_quote(doc0["id"], 150, 250)
    assert {q["id"] for q in project.quotes(docs=[doc0["id"]])} == {a, b}


def test_filters_combine_as_and(project, doc0):
    both = project.add_quote(doc0["id"], 0, 20, actors=["Anthropic"], themes=["Safety"])
    project.add_quote(doc0["id"], 30, 60, actors=["Anthropic"], themes=["Trade"])
    project.add_quote(doc0["id"], 70, 90, actors=["Pentagon"], themes=["Safety"], starred=True)
    assert [q["id"] for q in project.quotes(actors=["Anthropic"], themes=["safety"])] == [both]
    assert len(project.quotes(actors=["Anthropic"])) == 2
    assert len(project.quotes(starred=True)) == 1


def test_search_covers_quotes_and_notes_and_follows_edits(project, doc0):
    qid = project.add_quote_text(doc0["id"], "supply chain risk", note="designation watch")
    assert [q["id"] for q in project.quotes(search="designation")] == [qid]
    assert [q["id"] for q in project.quotes(search="supply chain")] == [qid]
    project.update_quote(qid, note="something else")
    assert project.quotes(search="designation") == []
    cjk = project.add_quote_text(doc0["id"], "成年禮")
    assert [q["id"] for q in project.quotes(search="成年")] == [cjk]
    project.delete_quote(qid)
    assert project.quotes(search="supply") == []


def test_update_tag_and_restore(project, doc0):
    qid = project.add_quote(doc0["id"], 0, 40, actors=["A"], themes=["T"])
    jid = project.add_judgment("Judged", "low", [qid])
    project.tag_quote(qid, actors=["B"], themes=["T"])
    assert project.quote(qid)["actors"] == ["A", "B"]
    project.update_quote(qid, actors=["B"], themes=[], note="n", starred=True)
    q = project.quote(qid)
    assert (q["actors"], q["themes"], q["note"], q["starred"]) == (["B"], [], "n", 1)
    snap = project.delete_quote(qid)
    assert project.quotes() == [] and project.judgments()[0]["quote_ids"] == []
    project.restore_quote(snap)
    again = project.quote(qid)
    assert again == q
    assert project.judgments()[0]["quote_ids"] == [qid] and project.judgments()[0]["id"] == jid


def test_check_reports_a_quote_that_no_longer_matches(project, doc0):
    qid = project.add_quote(doc0["id"], 0, 30)
    assert project.check() == []
    project.db.execute("UPDATE quotes SET exact = 'tampered' WHERE id = ?", [qid])
    project.db.conn.commit()
    assert qid in project.check()[0]


def test_quote_ids_match_quotes_for_every_filter(project, doc0):
    project.add_quote(doc0["id"], 0, 20, actors=["Anthropic"], themes=["Safety"])
    project.add_quote(doc0["id"], 30, 60, actors=["Anthropic"], themes=["Trade"], starred=True)
    for filters in ({}, {"actors": ["Anthropic"]}, {"themes": ["Trade"]}, {"starred": True},
                    {"docs": [doc0["id"]]}, {"search": "Anthropic"}):
        assert project.quote_ids(**filters) == [q["id"] for q in project.quotes(**filters)]
