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


def content(path) -> tuple[dict, dict]:
    """(``dump`` without the quotes' updated_at and updated_by, quote id -> (updated_at,
    updated_by)), read by a fresh connection."""
    conn = sqlite3.connect(str(path))
    try:
        times = {r[0]: r[1:] for r in conn.execute("SELECT id, updated_at, updated_by "
                                                    "FROM quotes")}
        columns = [r[1] for r in conn.execute("PRAGMA table_info(quotes)")
                   if r[1] not in ("updated_at", "updated_by")]
        rows = dump(path)
        rows["quotes"] = sorted(conn.execute(f"SELECT {', '.join(columns)} FROM quotes"))
        return rows, times
    finally:
        conn.close()


def undone_as_a_change(before: tuple[dict, dict], after: tuple[dict, dict],
                       changed: tuple[dict, dict], touched: set[str]) -> None:
    """An undo gives back the content as it was (``before``), and marks the quotes it
    touched changed now, by this analyst: later than the change it undid (``changed``); the
    other quotes keep their times."""
    assert after[0] == before[0]
    for q, (at, by) in after[1].items():
        if q in touched:
            assert at > changed[1][q][0] and by == "undoer", (q, at, changed[1][q])
        else:
            assert (at, by) == before[1][q], q


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


def test_delete_and_restore_actor_gives_back_the_same_content(tagged, project_path,
                                                               monkeypatch):
    project, (q1, q2, _q3) = tagged
    before = content(project_path)
    snapshot = project.codebook.actor("Pentagon")
    assert len(list(snapshot.quote_ids)) == 2
    assert project.codebook.delete_actor("Pentagon") == 2
    changed = content(project_path)
    assert changed[0] != before[0]
    monkeypatch.setenv("BRIEFER_ANALYST", "undoer")
    project.codebook.restore_actor(snapshot)
    undone_as_a_change(before, content(project_path), changed, {q1, q2})


def test_merge_and_restore_both_gives_back_the_same_content(tagged, project_path,
                                                            monkeypatch):
    project, (q1, q2, q3) = tagged
    before = content(project_path)
    source, target = project.codebook.actor("Pentagon"), project.codebook.actor("Anthropic")
    project.codebook.merge_actors("Pentagon", "Anthropic")
    changed = content(project_path)
    anthropic = next(a for a in project.codebook.actors() if a.name == "Anthropic")
    assert "Pentagon" in list(anthropic.aliases)
    monkeypatch.setenv("BRIEFER_ANALYST", "undoer")
    project.codebook.restore_actor(target)
    project.codebook.restore_actor(source)
    undone_as_a_change(before, content(project_path), changed, {q1, q2})


def test_theme_delete_restore_keeps_position_and_links(tagged, project_path, monkeypatch):
    project, (_q1, q2, _q3) = tagged
    before = content(project_path)
    snapshot = project.codebook.theme("Distillation")
    project.codebook.delete_theme("Distillation")
    changed = content(project_path)
    monkeypatch.setenv("BRIEFER_ANALYST", "undoer")
    project.codebook.restore_theme(snapshot)
    undone_as_a_change(before, content(project_path), changed, {q2})
    assert [t.name for t in project.codebook.themes()] == ["Safety", "Distillation", "Politics"]


def test_undoing_an_edit_leaves_the_quotes_alone(tagged, project_path, monkeypatch):
    """A rename's undo (the same restore) changes no quote: none is marked changed."""
    project, _ = tagged
    snapshot = project.codebook.actor("Pentagon")
    project.codebook.update_actor("Pentagon", name="DoD")
    before = dump(project_path)
    monkeypatch.setenv("BRIEFER_ANALYST", "undoer")
    project.codebook.restore_actor(snapshot)
    after = dump(project_path)
    assert after["quotes"] == before["quotes"] and after["actors"] != before["actors"]


def test_an_undo_never_sets_back_the_time_of_a_quote_changed_meanwhile(tagged, project_path,
                                                                       monkeypatch):
    """A quote changed after the delete, outside the undo history (another process, the
    command line), keeps that change, and the undo marks it changed later still."""
    project, (q1, _q2, q3) = tagged
    snapshot = project.codebook.actor("Anthropic")
    project.codebook.delete_actor("Anthropic")
    cli_ok("quote", "edit", q1, "--note", "checked", "--project", str(project_path))
    meanwhile = content(project_path)[1]
    monkeypatch.setenv("BRIEFER_ANALYST", "undoer")
    project.codebook.restore_actor(snapshot)
    times = content(project_path)[1]
    assert times[q1][0] > meanwhile[q1][0] and times[q3][0] > meanwhile[q3][0]
    assert project.quotes.get(q1).note == "checked"
    assert {a.name for a in project.codebook.actors() if q1 in a.quote_ids} == {
        "Pentagon", "Anthropic"}

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
