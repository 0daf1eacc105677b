"""The demo annotations: a full codebook, quotes on every seed article, judgments, settings."""

from __future__ import annotations

import json

import pytest

from briefer.core.demo import demo_path, load_demo
from briefer.core.errors import InvalidInput
from briefer.core.store import Project
from briefer.paths import seed_files, seeds_dir


@pytest.fixture
def demo_data() -> dict:
    return json.loads(demo_path().read_text(encoding="utf-8"))


def test_the_demo_file_sits_beside_the_seeds_but_is_not_one():
    assert demo_path().parent == seeds_dir() and demo_path().is_file()
    assert demo_path() not in seed_files() and len(seed_files()) == 5


def test_every_offset_in_the_file_matches_its_seed_article(demo_data):
    texts = {p.name: p.read_text(encoding="utf-8") for p in seed_files()}
    for anno in demo_data["first"]["items"]:
        text = texts[anno["target"]["source"]["briefer:sourceName"]]
        quote, pos = anno["target"]["selector"]
        assert text[pos["start"]:pos["end"]] == quote["exact"], anno["id"]
        assert text[:pos["start"]].endswith(quote["prefix"])
        assert text[pos["end"]:].startswith(quote["suffix"])


def test_load_demo_into_a_fresh_project(project):
    report = load_demo(project)
    quotes = project.quotes.list()
    assert report.added == len(quotes) >= 30
    assert report.unanchored == [] and report.skipped_existing == 0
    assert project.check() == []
    assert all(d["quotes"] > 0 for d in project.documents.list())
    assert len(project.documents.list()) == 5
    actors, themes = project.codebook.actors(), project.codebook.themes()
    assert len(actors) >= 8 and len(themes) >= 5
    assert {a["kind"] for a in actors} == {"person", "organisation", "state", "media"}
    assert all(t["description"] for t in themes)
    dow = next(a for a in actors if a["name"] == "US Department of War")
    assert {"DoW", "Pentagon", "Department of Defense"} <= set(list(dow["aliases"]))
    assert sum(1 for q in quotes if q["note"]) >= 0.75 * len(quotes)
    assert sum(1 for q in quotes if q["starred"]) >= 5
    for phrase in ("AI灭霸", "贼喊捉贼", "成年禮"):
        assert any(phrase in q["exact"] for q in quotes), phrase
    assert any(q["language2"] == "zh-Hans" for q in quotes)
    assert all(list(q["actors"]) or list(q["themes"]) for q in quotes)

    judgments = project.judgments.list()
    assert len(judgments) >= 3
    assert {j["confidence"] for j in judgments} == {"low", "moderate", "high"}
    assert all(list(j["quote_ids"]) for j in judgments)

    settings = project.settings.get()
    assert settings["title"] == "Anthropic, the Pentagon and China — situation brief"
    assert settings["marking"] == "TLP:AMBER" and settings["analyst"]
    summary = settings["summary"]
    assert summary.count("\n\n") >= 2 and summary.count("\n- ") >= 3


def test_load_demo_twice_adds_nothing(project):
    first = load_demo(project)
    counts = lambda: (len(project.quotes.list()), len(project.codebook.actors()),
                      len(project.codebook.themes()),
                      len(project.judgments.list()), len(project.documents.list()))
    before = counts()
    second = load_demo(project)
    assert (second.added, second.skipped_existing, second.unanchored) == (0, first.added, [])
    assert counts() == before


def test_load_demo_imports_missing_seed_articles(empty_project):
    assert empty_project.documents.list() == []
    report = load_demo(empty_project)
    assert len(empty_project.documents.list()) == 5 and report.unanchored == []
    assert empty_project.check() == []


def test_load_demo_keeps_settings_the_user_changed(project):
    project.settings.set(title="My own brief", marking="TLP:RED")
    load_demo(project)
    settings = project.settings.get()
    assert (settings["title"], settings["marking"]) == ("My own brief", "TLP:RED")
    assert settings["analyst"] and settings["summary"]


def test_load_demo_leaves_an_edited_seed_article_alone(project):
    doc = next(d for d in project.documents.list() if d["source_name"].startswith("003_"))
    text = project.documents.get(doc["id"])["text"]
    project.documents.update_text(doc["id"], "Analyst's copy.\n" + text)
    report = load_demo(project)
    assert len(project.documents.list()) == 5                            # not re-imported
    assert project.documents.get(doc["id"])["text"].startswith("Analyst's copy.")
    assert report.unanchored == [] and project.check() == []        # quotes found by context


def test_demo_reopens_from_disk(project_path):
    with Project.open(project_path) as p:
        load_demo(p)
        n = len(p.quotes.list())
    with Project.open(project_path) as p:
        assert len(p.quotes.list()) == n and p.check() == []


def test_a_demo_file_with_malformed_judgments_and_settings(project, demo_data, tmp_path):
    block = demo_data["briefer:codebook"]
    block["judgments"] = ["a string", {"statement": 5}, {"statement": "Odd confidence",
                                                        "confidence": "certain"},
                          {"statement": "Kept", "confidence": "high", "quotes": [7, None]}]
    block["settings"] = ["not", "a", "dict"]
    path = tmp_path / "odd.jsonld"
    path.write_text(json.dumps(demo_data), encoding="utf-8")
    report = load_demo(project, path)
    assert report.added >= 30 and report.skipped == []
    assert [(j["text"], j["confidence"]) for j in project.judgments.list()] == [("Kept", "high")]
    assert project.settings.get()["title"] == "Situation brief"


def test_an_empty_demo_file_is_refused_with_a_message(project, tmp_path):
    path = tmp_path / "empty.jsonld"
    path.write_bytes(b"")
    with pytest.raises(InvalidInput) as refused:
        load_demo(project, path)
    assert "empty.jsonld is empty: it holds no annotations" in str(refused.value)
    assert project.quotes.list() == []
