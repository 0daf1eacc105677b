"""W3C Web Annotation import: round trips, Hypothesis exports, changed documents, one
transaction after checking everything. Conformance of the export: ``test_w3c_conformance.py``.
"""

from __future__ import annotations

import copy
import json
import sqlite3

import pytest

from briefer.core.errors import InvalidInput
from briefer.core.w3c import export_annotations
from briefer.core.w3c_import import import_annotations
from briefer.project import open_project
from tests.briefer_cli import run_cli

from .w3c_helpers import FIXTURES, annotation_items, seed_doc


# -- round trip ----------------------------------------------------------------------------
def _comparable(q: dict) -> tuple:
    return (q.id, q.start_cp, q.end_cp, q.exact, q.note, q.starred,
            sorted(q.actors), sorted(q.themes), q.created_at, q.language,
            q.language2)


def test_round_trip_into_a_fresh_project(exported, tmp_path):
    with open_project(tmp_path / "copy.briefer") as p:
        report = import_annotations(p, json.loads(json.dumps(exported)))
        # All six, the orphaned one too: its text is still in the fresh project's seed article.
        assert (report.added, report.skipped_existing, report.unanchored) == (6, 0, [])
        quotes = {q.id: q for q in p.quotes.list()}
        for anno in annotation_items(exported):
            q = quotes[anno["id"].removeprefix("urn:uuid:")]
            exact, pos = anno["target"]["selector"]
            assert (q.start_cp, q.end_cp, q.exact) == (pos["start"], pos["end"],
                                                                exact["exact"])
            assert bool(q.starred) == anno["briefer:starred"]
            assert q.created_at.replace("+00:00", "Z") == anno["created"]
            notes = [b["value"] for b in anno.get("body", []) if b["purpose"] == "commenting"]
            assert q.note == (notes[0] if notes else "")
        hegseth = next(q for q in quotes.values() if q.exact == "Hegseth gave him an ultimatum")
        assert sorted(list(hegseth.actors)) == ["Pentagon", "Pete Hegseth"]
        assert list(hegseth.themes) == ["Pentagon"]                  # same name, kept apart
        thanos = next(q for q in quotes.values() if "AI灭霸" in q.exact)
        assert (list(thanos.actors), list(thanos.themes)) == (["Anthropic"],
                                                                    ["Chinese reaction"])
        kinds = {a.name: (a.kind, list(a.aliases),
                             a.colour) for a in p.codebook.actors()}
        assert kinds["Pete Hegseth"] == ("person", ["Hegseth"], "#a0c4ff")
        assert kinds["Pentagon"][:2] == ("state", ["DoW"])
        assert {t.name: t.description for t in p.codebook.themes()}["Pentagon"] == \
            "A theme with an actor's name"
        assert p.check() == []
        again = import_annotations(p, exported)
        assert (again.added, again.skipped_existing, again.unanchored) == (0, 6, [])
        assert len(p.quotes.list()) == 6


def test_export_import_export_is_stable(project, tmp_path):
    d0 = seed_doc(project, "000_").id
    project.quotes.add_text(d0, "It draws red lines in both directions.", actors=["Anthropic"],
                           themes=["Military use"], note="Consistency argument", starred=True)
    project.quotes.add_text(d0, "AI灭霸")
    first = export_annotations(project)
    with open_project(tmp_path / "second.briefer") as p:
        assert import_annotations(p, first).added == 2
        assert sorted(map(_comparable, p.quotes.list())) == sorted(map(_comparable,
                                                                       project.quotes.list()))
        second = export_annotations(p)
    strip = lambda a: {**a, "modified": None,
                       "target": {**a["target"], "source": {**a["target"]["source"], "id": None}}}
    assert [strip(a) for a in annotation_items(first)] == \
        [strip(a) for a in annotation_items(second)]


def test_plain_list_and_page_are_accepted(exported, tmp_path):
    items = annotation_items(exported)
    with open_project(tmp_path / "list.briefer") as p:
        assert import_annotations(p, items[:2]).added == 2
        page = {"type": "AnnotationPage", "items": items[2:]}
        assert import_annotations(p, page).added == len(items) - 2
        # Without the codebook block actors and themes still come back as such.
        hegseth = next(q for q in p.quotes.list() if q.exact == "Hegseth gave him an ultimatum")
        assert sorted(list(hegseth.actors)) == ["Pentagon", "Pete Hegseth"]
        assert list(hegseth.themes) == ["Pentagon"]
        assert import_annotations(p, items[0]).skipped_existing == 1    # a single annotation


def test_not_annotations_is_refused(project):
    with pytest.raises(
        InvalidInput,
        match="No annotations found: expected W3C Web Annotations or a Hypothesis export",
    ):
        import_annotations(project, {"hello": "world"})
    with pytest.raises(
        InvalidInput, match="An annotation file holds a JSON object or list, not a string"
    ):
        import_annotations(project, "a string")


# -- Hypothesis ----------------------------------------------------------------------------
@pytest.fixture
def hypothesis() -> dict:
    return json.loads((FIXTURES / "hypothesis_export.json").read_text("utf-8"))


def test_hypothesis_export_is_imported(project, hypothesis):
    project.codebook.add_actor("Pete Hegseth", "person", ["Hegseth"])
    project.codebook.add_actor("US Department of War", "state", ["DoW", "Pentagon"])
    report = import_annotations(project, hypothesis)
    assert report.added == 5
    reasons = dict(report.unanchored)
    assert set(reasons) == {"Sx2dKvpoEe6bH4tWq8n1Jw", "TpQ8zvpoEe6cI5uXr9o2Kx"}
    assert "not in any document" in reasons["Sx2dKvpoEe6bH4tWq8n1Jw"]
    assert "TextQuoteSelector" in reasons["TpQ8zvpoEe6cI5uXr9o2Kx"]
    quotes = {q.exact: q for q in project.quotes.list()}
    doc = lambda q: project.documents.get(q.doc_id).source_name[:3]

    thief = quotes["the thief crying thief’ (贼喊捉贼)"]
    assert (doc(thief), thief.start_cp, thief.end_cp) == ("000", 3091, 3121)
    assert list(thief.themes) == ["Chinese reaction",
                                     "distillation"] and list(thief.actors) == []
    assert thief.note.startswith("Hypocrisy frame")
    assert thief.created_at == "2026-03-03T14:02:11.512+00:00"

    hegseth = quotes["Hegseth then said he would designate them a national security supply "
                     "chain risk"]
    assert list(hegseth.actors) == ["Pete Hegseth"]
    assert list(hegseth.themes) == ["supply chain risk"]

    # Position wrong (the page had more text before), quote and context right: found by text.
    red = quotes["But Anthropic drew two red lines: no support for fully autonomous weapons "
                 "targeting, and no support for mass surveillance of U.S. citizens."]
    text = project.documents.get(red.doc_id).text
    assert doc(red) == "002" and red.start_cp == text.index(red.exact) != 2391

    # Neither address nor title known: found by searching every document.
    spur = quotes["Ironically, Anthropic's restrictions could spur the very Chinese innovation "
                  "they aim to delay."]
    assert doc(spur) == "004"
    assert list(spur.actors) == ["Anthropic"]
    assert list(spur.themes) == ["export controls"]
    assert spur.note == ""

    # file:// address matched by file name; "Pentagon" is an alias of an actor.
    grok = quotes["deploy its Grok model on classified military networks"]
    assert doc(grok) == "001" and list(grok.actors) == ["US Department of War"]
    assert list(grok.themes) == ["xAI"]
    assert report.by_method == {"position": 3, "context": 1, "search": 1}
    assert project.check() == []
    kinds = {a.name: a.kind for a in project.codebook.actors()}
    assert kinds["Anthropic"] == "organisation"

    again = import_annotations(project, hypothesis)
    assert (again.added, again.skipped_existing, len(again.unanchored)) == (0, 5, 2)
    assert len(project.quotes.list()) == 5


def test_hypothesis_search_api_rows(project, hypothesis):
    rows = {"total": 2, "rows": hypothesis["annotations"][:2]}
    assert import_annotations(project, rows).added == 2


# -- changed documents, ambiguity, atomicity ------------------------------------------------
def test_annotations_for_a_changed_document_text(project):
    d2 = seed_doc(project, "002_").id
    kept = project.quotes.add_text(d2, "Anthropic was the last one standing.", themes=["Isolation"])
    edited = project.quotes.add_text(d2, "Competitors had already capitulated.")
    gone = project.quotes.add_text(d2, "The Pentagon wasn't buying it.")
    data = export_annotations(project)
    for qid in (kept, edited, gone):
        project.quotes.delete(qid)
    text = project.documents.get(d2).text
    new_text = ("Editor's note: this article was updated on 2 March.\n\n" + text) \
        .replace("Competitors had already capitulated.", "Competitors had all capitulated.") \
        .replace("The Pentagon wasn't buying it.\n", "")
    project.documents.update_text(d2, new_text)

    report = import_annotations(project, data)
    assert report.added == 2
    (ident, reason), = report.unanchored
    assert ident == f"urn:uuid:{gone}" and "no longer in" in reason
    q = project.quotes.get(kept)
    assert q.exact == "Anthropic was the last one standing."
    assert list(q.themes) == ["Isolation"]
    assert q.start_cp == new_text.index(q.exact)
    assert project.quotes.get(edited).exact == "Competitors had all capitulated."   # fuzzy
    assert report.by_method == {"context": 1, "fuzzy": 1}
    assert project.check() == []


def test_a_quote_in_several_documents_without_context_is_not_guessed(project):
    anno = {"id": "urn:x-test:1", "type": "Annotation", "target": {
        "source": "https://example.org/unknown",
        "selector": {"type": "TextQuoteSelector", "exact": "Pentagon"}}}
    report = import_annotations(project, [anno])
    assert report.added == 0 and "documents" in report.unanchored[0][1]


def test_each_annotation_is_all_or_nothing(project):
    d0 = seed_doc(project, "000_")
    text = project.documents.get(d0.id).text
    start = text.index("\n\n")
    bad = {
        "id": "urn:x-test:blank",
        "type": "Annotation",
        "body": [
            {
                "type": "TextualBody",
                "purpose": "tagging",
                "value": "Ghost actor",
                "briefer:tagType": "actor",
            }
        ],
        "target": {
            "source": {"id": f"urn:uuid:{d0.id}", "type": "Text"},
            "selector": [
                {"type": "TextQuoteSelector", "exact": "\n\n"},
                {"type": "TextPositionSelector", "start": start, "end": start + 2},
            ],
        },
    }
    good = copy.deepcopy(bad)
    good["id"] = "urn:x-test:good"
    good["target"]["selector"] = [{"type": "TextQuoteSelector", "exact": "成年禮"}]
    good["body"][0]["value"] = "Real actor"
    report = import_annotations(project, [bad, good])
    assert report.added == 1
    assert report.unanchored == [("urn:x-test:blank",
                                  "A quote needs some text, not only white space.")]
    # no ghost left behind
    assert [a.name for a in project.codebook.actors()] == ["Real actor"]
    assert list(project.quotes.get(report.quote_ids[0]).actors) == ["Real actor"]


# -- validate first, then one transaction ----------------------------------------------------
def test_the_files_languages_are_kept_without_detecting(exported, tmp_path, monkeypatch):
    def no_detection(*args, **kwargs):
        raise AssertionError("language detected although the file gives it")
    with open_project(tmp_path / "langs.briefer") as p:
        monkeypatch.setattr("briefer.core.textlang.quote_languages", no_detection)
        report = import_annotations(p, exported)
        assert report.added == 6
        thanos = next(q for q in p.quotes.list() if "AI灭霸" in q.exact)
        assert (thanos.language, thanos.language2) == ("en", "zh-Hans")


def test_another_process_can_write_while_an_import_reads(exported, tmp_path):
    """The checking step holds no lock: a child writer gets through, then the import commits."""
    path = tmp_path / "shared.briefer"
    with open_project(path) as p:
        d2 = seed_doc(p, "002_").id
        children = []

        def progress(done, total):
            if not children:
                children.append(run_cli("annotate", "--doc", d2, "--quote", "Anthropic",
                                        "--theme", "From the child", "--project", path))
            return True
        report = import_annotations(p, exported, progress=progress)
        assert children[0].returncode == 0, children[0].stderr
        assert report.added == 6 and not report.cancelled
        assert len(p.quotes.list()) == 7
        assert {"From the child", "Distillation"} <= {t.name for t in p.codebook.themes()}


def test_a_document_changed_by_another_process_mid_import_is_refused(exported, tmp_path):
    path = tmp_path / "changed.briefer"
    with open_project(path) as p:
        d0 = seed_doc(p, "000_")
        edited = tmp_path / d0.source_name
        edited.write_text(p.documents.get(d0.id).text + "\nA late correction.\n", "utf-8")

        def progress(done, total):     # the seed's file, changed, re-imported by a child
            child = run_cli("edit-doc", d0.id, "--title", "Renamed", "--project", path)
            assert child.returncode == 0, child.stderr
            p.documents.update_text(d0.id, edited.read_text("utf-8"))
            return True
        with pytest.raises(InvalidInput) as refused:
            import_annotations(p, exported, progress=progress)
        assert "changed while its annotations were being read; nothing was imported" \
            in str(refused.value)
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT COUNT(*) FROM quotes").fetchone()[0] == 0
        assert conn.execute("SELECT COUNT(*) FROM actors").fetchone()[0] == 0
    finally:
        conn.close()


def test_progress_counts_up_to_the_total(project, monkeypatch):
    monkeypatch.setattr("briefer.core.w3c_import.PROGRESS_EVERY", 2)
    d0 = seed_doc(project, "000_").id
    items = [{"id": f"urn:x-test:{i}", "type": "Annotation", "target": {
        "source": f"urn:uuid:{d0}", "selector": {"type": "TextQuoteSelector", "exact": w}}}
        for i, w in enumerate(["成年禮", "贼喊捉贼", "AI灭霸", "Anthropic", "Pentagon"])]
    calls = []
    report = import_annotations(project, items, progress=lambda d, t: calls.append((d, t)))
    assert calls == [(2, 5), (4, 5), (5, 5)]
    assert report.total == 5 and report.added == 5

