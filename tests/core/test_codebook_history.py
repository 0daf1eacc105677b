"""Snapshots and restores of actors and themes: what undo of a delete, merge or reorder needs."""

from __future__ import annotations

import sqlite3

import pytest

TABLES = ("actors", "themes", "quote_actors", "quote_themes", "quotes")


def dump(path) -> dict:
    """Every row of the codebook tables, read from the file by a fresh connection."""
    conn = sqlite3.connect(str(path))
    try:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall()) for t in TABLES}
    finally:
        conn.close()


@pytest.fixture
def tagged(project):
    doc = project.documents()[0]["id"]
    project.add_actor("Pentagon", kind="state", aliases=["DoD", "DoW"])
    project.add_actor("Anthropic", aliases=["Claude maker"])
    project.add_theme("Safety", description="guardrails")
    project.add_theme("Distillation")
    project.add_theme("Politics")
    q1 = project.add_quote(doc, 0, 20, actors=["Pentagon", "Anthropic"], themes=["Safety"])
    q2 = project.add_quote(doc, 30, 60, actors=["Pentagon"], themes=["Safety", "Distillation"])
    q3 = project.add_quote(doc, 70, 90, actors=["Anthropic"], themes=["Politics"])
    return project, (q1, q2, q3)


def test_delete_and_restore_actor_gives_back_the_same_file(tagged, project_path):
    project, _ = tagged
    before = dump(project_path)
    snapshot = project.snapshot_actor("Pentagon")
    assert len(snapshot["quote_ids"]) == 2
    assert project.delete_actor("Pentagon") == 2
    assert dump(project_path) != before
    project.restore_actor(snapshot)
    assert dump(project_path) == before


def test_merge_and_restore_both_gives_back_the_same_file(tagged, project_path):
    project, _ = tagged
    before = dump(project_path)
    source, target = project.snapshot_actor("Pentagon"), project.snapshot_actor("Anthropic")
    project.merge_actors("Pentagon", "Anthropic")
    assert "Pentagon" in next(a for a in project.actors() if a["name"] == "Anthropic")["aliases"]
    project.restore_actor(target)
    project.restore_actor(source)
    assert dump(project_path) == before


def test_theme_delete_restore_keeps_position_and_links(tagged, project_path):
    project, _ = tagged
    before = dump(project_path)
    snapshot = project.snapshot_theme("Distillation")
    project.delete_theme("Distillation")
    project.restore_theme(snapshot)
    assert dump(project_path) == before
    assert [t["name"] for t in project.themes()] == ["Safety", "Distillation", "Politics"]


def test_restore_skips_quotes_that_are_gone(tagged):
    project, (q1, _q2, q3) = tagged
    snapshot = project.snapshot_actor("Anthropic")
    project.delete_actor("Anthropic")
    project.delete_quote(q1)
    project.restore_actor(snapshot)
    assert [q["id"] for q in project.quotes(actors=["Anthropic"])] == [q3]


def test_restore_of_an_existing_actor_resets_its_row_and_links(tagged):
    project, (q1, q2, q3) = tagged
    snapshot = project.snapshot_actor("Anthropic")
    project.update_actor("Anthropic", name="Anthropic PBC", colour="#000000", aliases=[])
    project.tag_quote(q2, actors=["Anthropic PBC"])
    project.restore_actor(snapshot)
    actor = next(a for a in project.actors() if a["id"] == snapshot["id"])
    assert (actor["name"], actor["colour"], actor["aliases"]) == ("Anthropic", snapshot["colour"],
                                                                  ["Claude maker"])
    assert {q["id"] for q in project.quotes(actors=["Anthropic"])} == {q1, q3}


def test_theme_positions_round_trip(tagged, project_path):
    project, _ = tagged
    project.delete_theme("Safety")          # leaves a gap: positions 1, 2
    before = dump(project_path)
    positions = project.theme_positions()
    project.reorder_themes(["Politics"])
    assert [t["name"] for t in project.themes()] == ["Politics", "Distillation"]
    project.restore_theme_positions(positions)
    assert dump(project_path) == before
