"""Merge edge cases in one process (the two-process merges are in tests/faults)."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from briefer.core.errors import InvalidInput
from briefer.core.merge import merge_project, undo_merge
from briefer.core.store import Project


@pytest.fixture
def pair(project, tmp_path):
    """(ours, path of theirs): theirs starts as a copy of ours (the five seed articles)."""
    other = tmp_path / "other.briefer"
    project.close()
    shutil.copy(project.path, other)
    ours = Project.open(project.path, create=False)
    yield ours, other
    ours.close()


def _doc(p) -> str:
    return p.documents.list()[0].id


def _rows(path, sql: str) -> list:
    conn = sqlite3.connect(str(path))
    try:
        return sorted(conn.execute(sql).fetchall())
    finally:
        conn.close()


def test_same_span_different_ids_is_one_quote(pair):
    ours, other = pair
    doc = _doc(ours)
    mine = ours.quotes.add(doc, 0, 20, note="same")
    with Project.open(other, create=False) as theirs:
        theirs_id = theirs.quotes.add(doc, 0, 20, note="same")
    assert theirs_id != mine
    report = merge_project(ours, other)
    assert report.quotes_added == 0 and report.quotes_unchanged == 1
    assert [q.id for q in ours.quotes.list()] == [mine]


def test_a_quote_deleted_on_one_side_comes_back_from_the_other(pair):
    ours, other = pair
    doc = _doc(ours)
    kept = ours.quotes.add(doc, 0, 20)
    ours.close()
    shutil.copy(ours.path, other)
    ours = Project.open(ours.path, create=False)
    ours.quotes.delete(kept)
    report = merge_project(ours, other)
    assert report.quotes_added == 1 and ours.quotes.get(kept).start_cp == 0
    ours.close()


def test_codebook_colour_conflict_is_reported_and_ours_kept(pair):
    ours, other = pair
    ours.codebook.add_theme("Trade", colour="#112233")
    with Project.open(other, create=False) as theirs:
        theirs.codebook.add_theme("trade", colour="#445566")
    report = merge_project(ours, other)
    assert ("theme colour", "trade", "#112233", "#445566", "ours") in report.conflicts
    assert [t.colour for t in ours.codebook.themes() if t.name == "Trade"] == ["#112233"]
    assert report.themes_added == 0


def test_merge_into_itself_is_refused(pair):
    ours, _ = pair
    with pytest.raises(InvalidInput, match="cannot be merged into itself"):
        merge_project(ours, ours.path)


def test_a_conflict_kept_by_later_wins_is_not_reported_again(pair):
    ours, other = pair
    doc = _doc(ours)
    shared = ours.quotes.add(doc, 0, 20)
    ours.close()
    shutil.copy(ours.path, other)
    with Project.open(other, create=False) as theirs:
        theirs.quotes.update(shared, note="theirs, earlier")
    ours = Project.open(ours.path, create=False)
    ours.quotes.update(shared, note="ours, later")
    first = merge_project(ours, other)
    assert [c[4] for c in first.conflicts if c[0] == "quote"] == ["ours"]
    second = merge_project(ours, other)
    assert not second.conflicts and second.quotes_unchanged == 1
    assert ours.quotes.get(shared).note == "ours, later"
    ours.close()


def test_judgments_merge_by_text_with_their_quote_links(pair):
    ours, other = pair
    doc = _doc(ours)
    ours.judgments.add("China  copies models", "high")
    with Project.open(other, create=False) as theirs:
        q1 = theirs.quotes.add(doc, 0, 20)
        q2 = theirs.quotes.add(doc, 30, 40)
        theirs.judgments.add("china copies models", "high", [q1])
        theirs.judgments.add("The Pentagon will insist", "moderate", [q2])
    report = merge_project(ours, other)
    assert (report.judgments_added, report.judgments_matched,
            report.judgment_links_added) == (1, 1, 1)
    got = {j.text: set(j.quote_ids) for j in ours.judgments.list()}
    assert got == {"China  copies models": {q1}, "The Pentagon will insist": {q2}}
    again = merge_project(ours, other)
    assert not again.changed and len(ours.judgments.list()) == 2


def test_undo_merge_removes_what_it_added_and_restores_what_it_changed(pair):
    ours, other = pair
    doc = _doc(ours)
    shared = ours.quotes.add(doc, 0, 20, note="ours, earlier")
    ours.close()
    shutil.copy(ours.path, other)
    ours = Project.open(ours.path, create=False)
    tables = ("quotes", "quote_actors", "quote_themes", "actors", "themes", "documents",
              "judgments", "judgment_quotes", "settings")
    with Project.open(other, create=False) as theirs:
        theirs.quotes.update(shared, note="theirs, later", actors=["New actor"])
        q = theirs.quotes.add(doc, 30, 50, themes=["New theme"])
        theirs.judgments.add("A judgment", "low", [q])
        theirs.documents.add("A document only they have.", title="Theirs")
    before = {t: _rows(ours.path, f"SELECT * FROM {t}") for t in tables}
    report = merge_project(ours, other)
    assert report.quotes_updated == 1 and report.documents_added == 1
    assert _rows(ours.path, "SELECT * FROM quotes") != before["quotes"]
    undo_merge(ours, report)
    assert {t: _rows(ours.path, f"SELECT * FROM {t}") for t in tables} == before
    ours.close()


def test_a_cancelled_merge_writes_nothing(pair):
    from briefer.core.merge import MergeCancelled

    ours, other = pair
    with Project.open(other, create=False) as theirs:
        doc = _doc(theirs)
        theirs.quotes.add(doc, 0, 20, themes=["Theirs"])
        theirs.quotes.add(doc, 30, 40)
    before = _rows(ours.path, "SELECT * FROM themes")
    with pytest.raises(MergeCancelled, match="cancelled; nothing was changed"):
        merge_project(ours, other, progress=lambda done, total: done < 2)
    assert _rows(ours.path, "SELECT * FROM themes") == before
    assert not ours.quotes.list()
