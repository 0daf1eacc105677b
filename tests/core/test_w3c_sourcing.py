"""W3C export/import of the sourcing fields (issue #11): extra ``briefer:`` properties that
keep every W3C MUST, survive a round trip, and are refused with a reason when wrong."""

from __future__ import annotations

import json

import pytest

from briefer.core.w3c import export_annotations
from briefer.core.w3c_import import import_annotations
from briefer.project import open_project

from .w3c_helpers import (annotation_items, must_assertions, needs_w3c, schema_failures,
                          seed_doc)

SAID = "Hegseth gave him an ultimatum"


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> dict:
    with open_project(tmp_path_factory.mktemp("w3cs") / "source.briefer") as p:
        d2 = seed_doc(p, "002_").id
        p.codebook.add_actor("Pete Hegseth", "person", ["Hegseth"])
        p.documents.update(d2, source_type="news", reliability="B",
                           reliability_reason="Named reporters", url="https://news.example/a")
        q1 = p.quotes.add_text(d2, SAID, speaker="an unnamed official", carrier="hegseth",
                               credibility=3, translation="Il lui a posé un ultimatum.",
                               print_note=True, excluded=True, event_date="2026-02-24",
                               note="Printable note")
        p.quotes.add_text(d2, "The Pentagon wasn't buying it.")        # all defaults
        p.judgments.add("A deal is near.", "low", [q1], likelihood="unlikely", basis="One source.")
        yield export_annotations(p)


def test_sourcing_travels_as_extension_properties(graded):
    said = next(a for a in annotation_items(graded) if a["target"]["selector"][0]["exact"] == SAID)
    assert {k: v for k, v in said.items() if k.startswith("briefer:") and k != "briefer:starred"} \
        == {"briefer:speaker": "an unnamed official", "briefer:carrier": "Pete Hegseth",
            "briefer:credibility": 3, "briefer:translation": "Il lui a posé un ultimatum.",
            "briefer:printNote": True, "briefer:excluded": True, "briefer:eventDate": "2026-02-24"}
    source = said["target"]["source"]
    assert (source["briefer:sourceType"], source["briefer:reliability"],
            source["briefer:reliabilityReason"]) == ("news", "B", "Named reporters")
    plain = next(a for a in annotation_items(graded) if a is not said)
    assert not {"briefer:speaker", "briefer:credibility", "briefer:excluded"} & set(plain)
    judgment = graded["briefer:codebook"]["judgments"][0]
    assert (judgment["likelihood"], judgment["basis"]) == ("unlikely", "One source.")


@needs_w3c
def test_graded_annotations_meet_every_must(graded, registry):
    for anno in annotation_items(graded):
        assert schema_failures(anno, must_assertions(), registry) == [], anno["id"]


def test_round_trip_keeps_speaker_carrier_grades_and_flags(graded, tmp_path):
    with open_project(tmp_path / "copy.briefer") as p:
        report = import_annotations(p, json.loads(json.dumps(graded)))
        assert (report.added, report.skipped) == (2, [])
        q = next(x for x in p.quotes.list() if x.exact == SAID)
        hegseth = p.codebook.resolve_actor("Pete Hegseth")
        assert (q.speaker_actor_id, q.speaker_text, q.carrier_actor_id, q.carrier_text) == (
            None, "an unnamed official", hegseth, "")
        assert (q.credibility, q.translation, q.print_note, q.excluded, q.event_date) == (
            3, "Il lui a posé un ultimatum.", True, True, "2026-02-24")
        d2 = p.documents.get(q.doc_id)
        assert (d2.source_type, d2.reliability, d2.reliability_reason, d2.url) == (
            "news", "B", "Named reporters", "https://news.example/a")
        other = next(x for x in p.quotes.list() if x.exact != SAID)
        assert (other.speaker, other.credibility, other.excluded) == ("", 6, False)


def test_a_bad_grade_skips_that_annotation_with_the_reason(graded, tmp_path):
    data = json.loads(json.dumps(graded))
    said = next(a for a in annotation_items(data) if a["target"]["selector"][0]["exact"] == SAID)
    said["briefer:credibility"] = 9
    with open_project(tmp_path / "bad.briefer") as p:
        report = import_annotations(p, data)
        assert report.added == 1
        assert [reason for _, reason in report.skipped] == [
            "its briefer:credibility: Credibility must be 1–6 (6: cannot be judged), not 9."]
