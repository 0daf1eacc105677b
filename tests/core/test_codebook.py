"""Actors and themes: uniqueness, rename, merge, delete, suggestions."""

from __future__ import annotations

import pytest

from briefer.core.errors import InvalidInput


def test_names_are_unique_case_insensitively(empty_project):
    empty_project.codebook.add_actor("Anthropic")
    with pytest.raises(InvalidInput, match="already"):
        empty_project.codebook.add_actor("anthropic")
    empty_project.codebook.add_theme("Safety")
    with pytest.raises(InvalidInput, match="There is already a theme named 'Safety'"):
        empty_project.codebook.add_theme("SAFETY")
    book = empty_project.codebook
    assert book.resolve_actor("ANTHROPIC") == book.resolve_actor("Anthropic")


def test_actor_kinds_aliases_and_colours(empty_project):
    aid = empty_project.codebook.add_actor("Pete Hegseth", kind="person", aliases=["Hegseth",
                                                                                   "hegseth", ""])
    a = empty_project.codebook.actors()[0]
    assert (a["id"], a["kind"], list(a["aliases"])) == (aid, "person", ["Hegseth"])
    assert a["colour"].startswith("#")
    with pytest.raises(InvalidInput,
                       match="Actor kind must be one of person, organisation, state, media, "
                             "not 'robot'"):
        empty_project.codebook.add_actor("X", kind="robot")
    empty_project.codebook.update_actor(aid, kind="government", colour="#123456")
    a = empty_project.codebook.actors()[0]
    assert (a["kind"], a["colour"]) == ("state", "#123456")


def test_rename(project):
    doc = project.documents.list()[0]
    qid = project.quotes.add(doc["id"], 0, 10, actors=["DoW"])
    project.codebook.update_actor("DoW", name="Department of War")
    assert list(project.quotes.get(qid)["actors"]) == ["Department of War"]
    project.codebook.add_actor("Other")
    with pytest.raises(InvalidInput,
                       match=r"There is already a[n]? actor named 'Department of War'"):
        project.codebook.update_actor("Other", name="department of war")


def test_merge_moves_links_and_keeps_the_name_as_alias(project):
    doc = project.documents.list()[0]
    q1 = project.quotes.add(doc["id"], 0, 10, actors=["Pentagon"])
    q2 = project.quotes.add(doc["id"], 20, 30, actors=["DoD", "Pentagon"])
    q3 = project.quotes.add(doc["id"], 40, 50, actors=["DoD"], themes=["Old", "New"])
    assert project.codebook.merge_actors("DoD", "Pentagon") == 2
    assert [list(project.quotes.get(q)["actors"]) for q in (q1, q2, q3)] == [["Pentagon"]] * 3
    assert list(project.codebook.actors()[0]["aliases"]) == ["DoD"]
    assert project.codebook.merge_themes("Old", "New") == 1
    assert list(project.quotes.get(q3)["themes"]) == ["New"]
    with pytest.raises(InvalidInput, match=r"Cannot merge a[n]? actor into itself"):
        project.codebook.merge_actors("Pentagon", "pentagon")


def test_delete_drops_links_and_keeps_quotes(project):
    doc = project.documents.list()[0]
    qid = project.quotes.add(doc["id"], 0, 10, actors=["Gone"], themes=["Theme"])
    assert project.codebook.delete_actor("Gone") == 1
    assert list(project.quotes.get(qid)["actors"]) == []
    assert project.codebook.delete_theme("Theme") == 1
    assert list(project.quotes.get(qid)["themes"]) == [] and len(project.quotes.list()) == 1


def test_theme_order(empty_project):
    for name in ("A", "B", "C"):
        empty_project.codebook.add_theme(name)
    empty_project.codebook.reorder_themes(["C", "A"])
    assert [t["name"] for t in empty_project.codebook.themes()] == ["C", "A", "B"]


def test_suggestions_from_names_and_aliases(empty_project):
    anth = empty_project.codebook.add_actor("Anthropic")
    pent = empty_project.codebook.add_actor("Department of War", kind="state", aliases=["Pentagon",
                                                                                        "DoW"])
    moon = empty_project.codebook.add_actor("Moonshot AI", aliases=["Kimi", "月之暗面"])
    empty_project.codebook.add_actor("Art")  # must not match inside "Anthropic" or "party"
    text = "The DoW told anthropic to comply; Kimi (月之暗面) watched the party."
    assert set(empty_project.codebook.suggest_actors(text)) == {anth, pent, moon}
    assert empty_project.codebook.suggest_actors("nothing relevant") == []


def test_an_alias_names_its_actor(project):
    pent = project.codebook.add_actor("US Department of War", kind="state", aliases=["Pentagon",
                                                                                     "DoW"])
    doc = project.documents.list()[0]
    qid = project.quotes.add(doc["id"], 0, 10, actors=["pentagon"])
    assert list(project.quotes.get(qid)["actor_ids"]) == [pent]
    assert len(project.codebook.actors()) == 1
