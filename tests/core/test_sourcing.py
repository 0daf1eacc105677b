"""Sourcing (issue #11): speaker and carrier, grades, translation, notes discipline, likelihood;
migration 0005_sourcing of a version-4 file by another process."""

from __future__ import annotations

import json
import sqlite3

import pytest
from sqlite_utils import Database

from briefer.core import schema
from briefer.core.errors import InvalidInput
from tests.briefer_cli import run_cli

TEXT = ("Zhu wrote: “The chips are not the bottleneck.” The Ministry said nothing. "
        "Analysts disagreed.")


@pytest.fixture
def doc(empty_project):
    empty_project.codebook.add_actor("Zhu Rui", kind="person", aliases=["Zhu"])
    empty_project.codebook.add_actor("Guancha", kind="media", aliases=["观察者网"])
    return empty_project.documents.add(TEXT, title="Chips")


def test_a_speaker_that_names_an_actor_is_stored_as_the_actor_else_as_text(empty_project, doc):
    quotes = empty_project.quotes
    qid = quotes.add_text(doc, "The chips are not the bottleneck.", speaker="zhu",
                          carrier="观察者网", credibility=2)
    q = quotes.get(qid)
    zhu = empty_project.codebook.resolve_actor("Zhu Rui")
    assert (q.speaker_actor_id, q.speaker_text, q.speaker) == (zhu, "", "Zhu Rui")
    assert (q.carrier, q.carrier_text, q.credibility) == ("Guancha", "", 2)
    assert q.actors == ()   # the speaker is not an actor the quote mentions
    quotes.update(qid, speaker="  unnamed   Taiwanese analyst ", carrier="")
    q = quotes.get(qid)
    assert (q.speaker_actor_id, q.speaker_text, q.speaker) == (None, "unnamed Taiwanese analyst",
                                                               "unnamed Taiwanese analyst")
    assert (q.carrier_actor_id, q.carrier_text, q.carrier) == (None, "", "")
    assert [a.name for a in empty_project.codebook.actors()] == ["Guancha", "Zhu Rui"]
    assert [x.id for x in quotes.list(speaker="Unnamed Taiwanese analyst")] == [qid]
    assert quotes.list(speaker="Zhu") == []


def test_sourcing_fields_round_trip_and_bad_values_are_refused(empty_project, doc):
    quotes = empty_project.quotes
    qid = quotes.add_text(doc, "Analysts disagreed.")
    q = quotes.get(qid)
    assert (q.credibility, q.print_note, q.excluded, q.event_date, q.translation) == (
        6, False, False, None, "")
    quotes.update(qid, translation=" 分析人士意见不一。 ", print_note=True, excluded=True,
                  event_date="2026-03-04", credibility="3")
    q = quotes.get(qid)
    assert (q.translation, q.print_note, q.excluded, q.event_date, q.credibility) == (
        "分析人士意见不一。", True, True, "2026-03-04", 3)
    assert q.to_json()["speaker"] == "" and q.to_json()["credibility"] == 3
    with pytest.raises(InvalidInput, match="Credibility must be 1–6"):
        quotes.update(qid, credibility=7)
    with pytest.raises(InvalidInput, match="event date '2026-02-30' is not a date"):
        quotes.update(qid, event_date="2026-02-30")
    assert quotes.get(qid).credibility == 3   # nothing was lost
    quotes.update(qid, event_date="")
    assert quotes.get(qid).event_date is None
    snapshot = quotes.delete(qid)
    quotes.restore(snapshot)
    assert quotes.get(qid).translation == "分析人士意见不一。"


def test_documents_take_a_source_type_a_grade_and_a_reason(empty_project, doc):
    documents = empty_project.documents
    d = documents.get(doc)
    assert (d.source_type, d.reliability, d.reliability_reason) == ("unknown", "F", "")
    documents.update(doc, source_type="think tank", reliability="b",
                     reliability_reason="Named authors,\n sources linked", url="https://x.example/a",
                     accessed="2026-03-05T10:00:00+00:00")
    d = documents.get(doc)
    assert (d.source_type, d.reliability, d.reliability_reason, d.url, d.accessed) == (
        "think_tank", "B", "Named authors, sources linked", "https://x.example/a",
        "2026-03-05T10:00:00+00:00")
    with pytest.raises(InvalidInput, match="Reliability must be a grade A–F"):
        documents.update(doc, reliability="G")
    with pytest.raises(InvalidInput, match="Source type must be one of news, state_media"):
        documents.update(doc, source_type="blog")
    with pytest.raises(InvalidInput, match="is not a web address"):
        documents.update(doc, url="x.example/a")
    assert documents.get(doc).reliability == "B"


def test_judgments_take_a_likelihood_and_a_basis(empty_project, doc):
    judgments = empty_project.judgments
    jid = judgments.add("Chips will stay scarce.", "high", likelihood="very likely",
                        basis="Two outlets agree.")
    j = judgments.get(jid)
    assert (j.likelihood, j.basis, j.confidence) == ("very_likely", "Two outlets agree.", "high")
    judgments.update(jid, likelihood="none")
    assert judgments.get(jid).likelihood is None
    with pytest.raises(InvalidInput, match="Likelihood must be one of almost_no_chance"):
        judgments.update(jid, likelihood="probable")


def test_speaker_suggestions_are_the_actors_named_just_before_nearest_first(empty_project, doc):
    text = "Guancha ran it. Zhu wrote: “The chips are not the bottleneck.”"
    d2 = empty_project.documents.add(text, title="Two")
    start = text.index("“")
    names = [a.name for a in empty_project.quotes.suggest_speakers(d2, start)]
    assert names == ["Zhu Rui", "Guancha"]
    assert empty_project.quotes.suggest_speakers(d2, 3) == []


def test_said_by_spells_the_attribution_as_the_brief_prints_it():
    from briefer.core.attribution import said_by
    assert said_by("Guancha", "ChinaTalk") == "Guancha (as quoted in ChinaTalk)"
    assert said_by("Guancha", "") == "Guancha"
    assert said_by("", "ChinaTalk") == "(as quoted in ChinaTalk)"
    assert said_by("", "") == ""


def test_the_brief_check_says_which_quote_edits_can_change_its_warnings(empty_project, doc):
    from briefer.core.brief_checks import check_brief
    p = empty_project
    other = p.documents.add("Second source. Working note here.", title="Other", date="2024-02-01")
    for d in (doc, other):
        p.documents.update(d, reliability="B")
    evidence = p.quotes.add_text(doc, "The chips are not the bottleneck.")
    second = p.quotes.add_text(other, "Second source.")
    bystander = p.quotes.add_text(doc, "Analysts disagreed.", note="confirm the date")
    p.judgments.add("Chips are not the constraint.", "high", [evidence, second])
    p.judgments.add("A moderate one.", "moderate", [bystander])
    check = check_brief(p)
    assert check.quote_ids == {evidence, second} and check.warnings == []
    assert check.affected_by(p, [second]) and not check.affected_by(p, [bystander])
    p.quotes.update(bystander, print_note=True)           # a working note now prints
    assert check.affected_by(p, [bystander])
    assert len(check_brief(p).warnings) == 1
    p.quotes.update(second, excluded=True)                # one source left in the brief
    assert "rests on one source only" in check_brief(p).warnings[0]


def test_several_reports_of_one_speaker_are_one_source(empty_project, doc):
    from briefer.core.brief_checks import brief_warnings
    p = empty_project
    other = p.documents.add("Zhu said chips were not the bottleneck.", title="Wire copy",
                            date="2024-02-01")
    for d in (doc, other):
        p.documents.update(d, reliability="B")
    first = p.quotes.add_text(doc, "The chips are not the bottleneck.", speaker="Zhu Rui")
    second = p.quotes.add_text(other, "chips were not the bottleneck", speaker="zhu rui",
                               carrier="Reuters")
    p.judgments.add("Chips are not the constraint.", "high", [first, second])
    warnings = brief_warnings(p)
    assert len(warnings) == 1 and "2 sources all report one speaker, Zhu Rui" in warnings[0]
    p.quotes.update(second, speaker="unnamed Taiwanese analyst")   # a second voice
    assert brief_warnings(p) == []
    p.quotes.update(first, speaker="Unnamed  Taiwanese ANALYST")    # free text, any case
    assert "one speaker, Unnamed Taiwanese ANALYST" in brief_warnings(p)[0]
    p.quotes.update(first, speaker="")                               # unknown: no claim
    assert brief_warnings(p) == []


def test_a_version_4_project_is_upgraded_by_another_process(tmp_path):
    path = tmp_path / "v4.briefer"
    conn = sqlite3.connect(path)
    db = Database(conn)
    assert schema.upgrade(db, stop_before="0005_sourcing") == 4
    stamp = "2026-01-01T00:00:00+00:00"
    db["documents"].insert({"id": "d1", "title": "Old", "text": "Harbour cranes were old.",
                            "sha256": "x", "imported_at": stamp, "updated_at": stamp,
                            "language": "en"})
    db["quotes"].insert({"id": "q1", "doc_id": "d1", "start_cp": 0, "end_cp": 7,
                         "exact": "Harbour", "note": "keep", "created_at": stamp,
                         "updated_at": stamp})
    conn.close()

    proc = run_cli("quote", "edit", "--project", str(path), "q1", "--star")
    assert proc.returncode == 0, proc.stderr
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION >= 5
    assert conn.execute("SELECT note, speaker_text, credibility, excluded FROM quotes").fetchone() \
        == ("keep", "", 6, 0)
    assert conn.execute("SELECT source_type, reliability FROM documents").fetchone() == (
        "unknown", "F")
    # FTS triggers survived: the quote's note is still searchable
    assert conn.execute("SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH 'keep'").fetchall()
    conn.close()
    shown = json.loads(run_cli("quote", "list", "--project", str(path), "--json").stdout)
    assert shown[0]["speaker"] == "" and shown[0]["credibility"] == 6 and shown[0]["starred"]
