"""Snapshots and restores of actors and themes: what undo of a delete, merge or reorder needs."""

from __future__ import annotations

import sqlite3

import pytest
from tests.briefer_cli import cli_ok


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
    doc = project.documents.list()[0].id
    project.codebook.add_actor("Pentagon", kind="state", aliases=["DoD", "DoW"])
    project.codebook.add_actor("Anthropic", aliases=["Claude maker"])
    project.codebook.add_theme("Safety", description="guardrails")
    project.codebook.add_theme("Distillation")
    project.codebook.add_theme("Politics")
    q1 = project.quotes.add(doc, 0, 20, actors=["Pentagon", "Anthropic"], themes=["Safety"],
                            speaker="Pentagon", carrier="Anthropic")
    q2 = project.quotes.add(doc, 30, 60, actors=["Pentagon"], themes=["Safety", "Distillation"],
                            carrier="Pentagon")
    q3 = project.quotes.add(doc, 70, 90, actors=["Anthropic"], themes=["Politics"],
                            speaker="Anthropic", carrier="a blog")
    return project, (q1, q2, q3)


def people(path) -> dict:
    """quote id -> (speaker actor's name or words, carrier's), read by a fresh connection."""
    conn = sqlite3.connect(str(path))
    try:
        return {r[0]: r[1:] for r in conn.execute(
            "SELECT q.id, coalesce((SELECT name FROM actors WHERE id = q.speaker_actor_id), "
            "'~' || q.speaker_text), coalesce((SELECT name FROM actors WHERE id = "
            "q.carrier_actor_id), '~' || q.carrier_text) FROM quotes q")}
    finally:
        conn.close()


def test_delete_and_restore_actor_gives_back_the_same_file(tagged, project_path):
    project, _ = tagged
    before = dump(project_path)
    snapshot = project.codebook.actor("Pentagon")
    assert len(list(snapshot.quote_ids)) == 2
    assert project.codebook.delete_actor("Pentagon") == 2
    assert dump(project_path) != before
    project.codebook.restore_actor(snapshot)
    assert dump(project_path) == before


def test_merge_and_restore_both_gives_back_the_same_file(tagged, project_path):
    project, _ = tagged
    before = dump(project_path)
    source, target = project.codebook.actor("Pentagon"), project.codebook.actor("Anthropic")
    project.codebook.merge_actors("Pentagon", "Anthropic")
    anthropic = next(a for a in project.codebook.actors() if a.name == "Anthropic")
    assert "Pentagon" in list(anthropic.aliases)
    project.codebook.restore_actor(target)
    project.codebook.restore_actor(source)
    assert dump(project_path) == before


def test_theme_delete_restore_keeps_position_and_links(tagged, project_path):
    project, _ = tagged
    before = dump(project_path)
    snapshot = project.codebook.theme("Distillation")
    project.codebook.delete_theme("Distillation")
    project.codebook.restore_theme(snapshot)
    assert dump(project_path) == before
    assert [t.name for t in project.codebook.themes()] == ["Safety", "Distillation", "Politics"]


def test_restore_skips_quotes_that_are_gone(tagged):
    project, (q1, _q2, q3) = tagged
    snapshot = project.codebook.actor("Anthropic")
    project.codebook.delete_actor("Anthropic")
    project.quotes.delete(q1)
    project.codebook.restore_actor(snapshot)
    assert [q.id for q in project.quotes.list(actors=["Anthropic"])] == [q3]


def test_restore_of_an_existing_actor_resets_its_row_and_links(tagged):
    project, (q1, q2, q3) = tagged
    snapshot = project.codebook.actor("Anthropic")
    project.codebook.update_actor("Anthropic", name="Anthropic PBC", colour="#000000", aliases=[])
    project.quotes.tag(q2, actors=["Anthropic PBC"])
    project.codebook.restore_actor(snapshot)
    actor = next(a for a in project.codebook.actors() if a.id == snapshot.id)
    assert (actor.name, actor.colour, list(actor.aliases)) == ("Anthropic",
                                                                        snapshot.colour,
                                                                  ["Claude maker"])
    assert {q.id for q in project.quotes.list(actors=["Anthropic"])} == {q1, q3}


def test_theme_positions_round_trip(tagged, project_path):
    project, _ = tagged
    project.codebook.delete_theme("Safety")          # leaves a gap: positions 1, 2
    before = dump(project_path)
    positions = project.codebook.theme_positions()
    project.codebook.reorder_themes(["Politics"])
    assert [t.name for t in project.codebook.themes()] == ["Politics", "Distillation"]
    project.codebook.restore_theme_positions(positions)
    assert dump(project_path) == before


def test_merging_an_actor_moves_the_quotes_it_speaks_and_carries(tagged, project_path):
    _, (q1, q2, q3) = tagged
    cli_ok("actor", "merge", "Pentagon", "Anthropic", "--project", str(project_path))
    assert people(project_path) == {q1: ("Anthropic", "Anthropic"), q2: ("~", "Anthropic"),
                                    q3: ("Anthropic", "~a blog")}


def test_deleting_an_actor_keeps_its_name_as_the_speakers_and_carriers_words(
        tagged, project_path):
    _, (q1, q2, q3) = tagged
    cli_ok("actor", "delete", "Pentagon", "--yes", "--project", str(project_path))
    assert people(project_path) == {q1: ("~Pentagon", "Anthropic"), q2: ("~", "~Pentagon"),
                                    q3: ("Anthropic", "~a blog")}
    conn = sqlite3.connect(str(project_path))
    assert conn.execute("SELECT count(*) FROM quotes WHERE speaker_actor_id NOT IN "
                        "(SELECT id FROM actors) OR carrier_actor_id NOT IN "
                        "(SELECT id FROM actors)").fetchone() == (0,)
    conn.close()
