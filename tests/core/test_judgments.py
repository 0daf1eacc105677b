"""Key judgments: add, update, remove; snapshots that bring a removed judgment back whole."""

from __future__ import annotations

import sqlite3

import pytest

from briefer.core.errors import InvalidInput, NotFound


@pytest.fixture
def quotes(project):
    """Three quotes of the first seed article."""
    doc = project.documents()[0]
    return [project.add_quote(doc["id"], start, start + 25) for start in (0, 100, 200)]


def links(path, judgment_id: str) -> set[str]:
    """The judgment's quote links as in the file, through a connection of the test's own."""
    conn = sqlite3.connect(str(path))
    try:
        return {r[0] for r in conn.execute(
            "SELECT quote_id FROM judgment_quotes WHERE judgment_id = ?", [judgment_id])}
    finally:
        conn.close()


def test_add_and_update_round_trip(project, quotes):
    jid = project.add_judgment("  The talks will stall.  ", "High", quotes[:2])
    [row] = project.judgments()
    assert (row["id"], row["text"], row["confidence"]) == (jid, "The talks will stall.", "high")
    assert set(row["quote_ids"]) == set(quotes[:2])
    assert row["position"] == 0 and row["created_at"] == row["updated_at"]
    second = project.add_judgment("A second one.")
    assert [j["id"] for j in project.judgments()] == [jid, second]
    assert project.judgments()[1]["confidence"] == "moderate"

    project.update_judgment(jid[:8], text="The talks stalled.", confidence="low",
                            quotes=[quotes[2]])
    row = project.judgments()[0]
    assert (row["text"], row["confidence"], row["quote_ids"]) == (
        "The talks stalled.", "low", [quotes[2]])
    project.update_judgment(jid, confidence="moderate")          # the rest unchanged
    row = project.judgments()[0]
    assert (row["text"], row["confidence"], row["quote_ids"]) == (
        "The talks stalled.", "moderate", [quotes[2]])
    assert links(project.path, jid) == {quotes[2]}


def test_bad_confidence_and_empty_statement_are_refused(project, quotes):
    with pytest.raises(InvalidInput, match="Confidence"):
        project.add_judgment("Statement", "certain")
    with pytest.raises(InvalidInput, match="statement"):
        project.add_judgment("   ")
    assert project.judgments() == []
    jid = project.add_judgment("Statement", "low", quotes[:1])
    with pytest.raises(InvalidInput, match="Confidence"):
        project.update_judgment(jid, confidence="very high")
    with pytest.raises(InvalidInput, match="statement"):
        project.update_judgment(jid, text=" \n ")
    with pytest.raises(NotFound, match="No quote 'no-such-quote' in this project"):
        project.update_judgment(jid, quotes=["no-such-quote"])
    row = project.judgments()[0]
    assert (row["text"], row["confidence"], row["quote_ids"]) == ("Statement", "low", quotes[:1])
    with pytest.raises(NotFound, match="No judgment 'no-such-judgment' in this project"):
        project.remove_judgment("no-such-judgment")


def test_remove_and_restore_keep_id_position_times_and_links(project, quotes):
    first = project.add_judgment("First", "low")
    middle = project.add_judgment("Middle", "high", quotes)
    last = project.add_judgment("Last")
    before = project.judgments()
    snapshot = project.snapshot_judgment(middle)
    assert set(snapshot["quote_ids"]) == set(quotes) and snapshot["id"] == middle

    removed = project.remove_judgment(middle)
    assert removed == snapshot
    assert [j["id"] for j in project.judgments()] == [first, last]
    assert links(project.path, middle) == set()                   # the links went with it
    assert len(project.quotes()) == 3                              # the quotes stay

    assert project.restore_judgment(removed) == middle
    assert project.judgments() == before                           # same place, times, links
    assert links(project.path, middle) == set(quotes)


def test_restore_over_an_existing_judgment_puts_back_the_old_state(project, quotes):
    jid = project.add_judgment("Before", "low", quotes[:1])
    snapshot = project.snapshot_judgment(jid)
    project.update_judgment(jid, text="After", confidence="high", quotes=quotes[1:])
    project.restore_judgment(snapshot)
    [row] = project.judgments()
    assert {k: row[k] for k in snapshot if k != "quote_ids"} == \
        {k: v for k, v in snapshot.items() if k != "quote_ids"}
    assert row["quote_ids"] == quotes[:1]


def test_restore_drops_links_to_a_deleted_quote(project, quotes):
    jid = project.add_judgment("Rests on three quotes", "moderate", quotes)
    snapshot = project.remove_judgment(jid)
    project.delete_quote(quotes[1])
    project.restore_judgment(snapshot)
    assert set(project.judgments()[0]["quote_ids"]) == {quotes[0], quotes[2]}
    assert links(project.path, jid) == {quotes[0], quotes[2]}
    assert project.check() == []


def test_a_read_only_project_refuses_judgment_changes(project, quotes, tmp_path):
    from briefer.core import schema
    from briefer.core.errors import ReadOnlyProject
    from briefer.core.store import Project

    jid = project.add_judgment("Kept", "low", quotes[:1])
    snapshot = project.snapshot_judgment(jid)
    newer = project.backup(tmp_path / "newer.briefer")
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with Project.open(newer) as read_only:
        assert read_only.snapshot_judgment(jid) == snapshot
        for change in (lambda: read_only.remove_judgment(jid),
                       lambda: read_only.restore_judgment(snapshot),
                       lambda: read_only.add_judgment("New")):
            with pytest.raises(
                ReadOnlyProject, match=r"written by a newer Briefer.*open read-only"
            ):
                change()
