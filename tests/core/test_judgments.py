"""Key judgments: add, update, remove; snapshots that bring a removed judgment back whole."""

from __future__ import annotations

import sqlite3

import pytest

from briefer.core.errors import InvalidInput, NotFound


@pytest.fixture
def quotes(project):
    """Three quotes of the first seed article."""
    doc = project.documents.list()[0]
    return [project.quotes.add(doc["id"], start, start + 25) for start in (0, 100, 200)]


def links(path, judgment_id: str) -> set[str]:
    """The judgment's quote links as in the file, through a connection of the test's own."""
    conn = sqlite3.connect(str(path))
    try:
        return {r[0] for r in conn.execute(
            "SELECT quote_id FROM judgment_quotes WHERE judgment_id = ?", [judgment_id])}
    finally:
        conn.close()


def test_add_and_update_round_trip(project, quotes):
    jid = project.judgments.add("  The talks will stall.  ", "High", quotes[:2])
    [row] = project.judgments.list()
    assert (row["id"], row["text"], row["confidence"]) == (jid, "The talks will stall.", "high")
    assert set(list(row["quote_ids"])) == set(quotes[:2])
    assert row["position"] == 0 and row["created_at"] == row["updated_at"]
    second = project.judgments.add("A second one.")
    assert [j["id"] for j in project.judgments.list()] == [jid, second]
    assert project.judgments.list()[1]["confidence"] == "moderate"

    project.judgments.update(jid[:8], text="The talks stalled.", confidence="low",
                            quotes=[quotes[2]])
    row = project.judgments.list()[0]
    assert (row["text"], row["confidence"], list(row["quote_ids"])) == (
        "The talks stalled.", "low", [quotes[2]])
    project.judgments.update(jid, confidence="moderate")          # the rest unchanged
    row = project.judgments.list()[0]
    assert (row["text"], row["confidence"], list(row["quote_ids"])) == (
        "The talks stalled.", "moderate", [quotes[2]])
    assert links(project.path, jid) == {quotes[2]}


def test_bad_confidence_and_empty_statement_are_refused(project, quotes):
    with pytest.raises(InvalidInput, match="Confidence"):
        project.judgments.add("Statement", "certain")
    with pytest.raises(InvalidInput, match="statement"):
        project.judgments.add("   ")
    assert project.judgments.list() == []
    jid = project.judgments.add("Statement", "low", quotes[:1])
    with pytest.raises(InvalidInput, match="Confidence"):
        project.judgments.update(jid, confidence="very high")
    with pytest.raises(InvalidInput, match="statement"):
        project.judgments.update(jid, text=" \n ")
    with pytest.raises(NotFound, match="No quote 'no-such-quote' in this project"):
        project.judgments.update(jid, quotes=["no-such-quote"])
    row = project.judgments.list()[0]
    assert (row["text"], row["confidence"], list(row["quote_ids"])) == ("Statement", "low",
                                                                        quotes[:1])
    with pytest.raises(NotFound, match="No judgment 'no-such-judgment' in this project"):
        project.judgments.remove("no-such-judgment")


def test_remove_and_restore_keep_id_position_times_and_links(project, quotes):
    first = project.judgments.add("First", "low")
    middle = project.judgments.add("Middle", "high", quotes)
    last = project.judgments.add("Last")
    before = project.judgments.list()
    snapshot = project.judgments.get(middle)
    assert set(list(snapshot["quote_ids"])) == set(quotes) and snapshot["id"] == middle

    removed = project.judgments.remove(middle)
    assert removed == snapshot
    assert [j["id"] for j in project.judgments.list()] == [first, last]
    assert links(project.path, middle) == set()                   # the links went with it
    assert len(project.quotes.list()) == 3                              # the quotes stay

    assert project.judgments.restore(removed) == middle
    assert project.judgments.list() == before                           # same place, times, links
    assert links(project.path, middle) == set(quotes)


def test_restore_over_an_existing_judgment_puts_back_the_old_state(project, quotes):
    jid = project.judgments.add("Before", "low", quotes[:1])
    snapshot = project.judgments.get(jid)
    project.judgments.update(jid, text="After", confidence="high", quotes=quotes[1:])
    project.judgments.restore(snapshot)
    [row] = project.judgments.list()
    assert row == snapshot                      # a record is its own snapshot
    assert list(row.quote_ids) == quotes[:1]


def test_restore_drops_links_to_a_deleted_quote(project, quotes):
    jid = project.judgments.add("Rests on three quotes", "moderate", quotes)
    snapshot = project.judgments.remove(jid)
    project.quotes.delete(quotes[1])
    project.judgments.restore(snapshot)
    assert set(list(project.judgments.list()[0]["quote_ids"])) == {quotes[0], quotes[2]}
    assert links(project.path, jid) == {quotes[0], quotes[2]}
    assert project.check() == []


def test_a_read_only_project_refuses_judgment_changes(project, quotes, tmp_path):
    from briefer.core import schema
    from briefer.core.errors import ReadOnlyProject
    from briefer.core.store import Project

    jid = project.judgments.add("Kept", "low", quotes[:1])
    snapshot = project.judgments.get(jid)
    newer = project.backup(tmp_path / "newer.briefer")
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with Project.open(newer) as read_only:
        assert read_only.judgments.get(jid) == snapshot
        for change in (lambda: read_only.judgments.remove(jid),
                       lambda: read_only.judgments.restore(snapshot),
                       lambda: read_only.judgments.add("New")):
            with pytest.raises(ReadOnlyProject,
                               match=r"written by a newer Briefer.*open read-only"):
                change()
