"""Merge edge cases in one process (the two-process merges are in tests/faults)."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from briefer.core.errors import InvalidInput
from briefer.core.merge import merge_project, undo_merge
from briefer.core.records import Quote
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


def _shared(pair, **kwargs):
    """(ours, theirs' path, quote id): a quote both projects have (theirs a copy of ours)."""
    ours, other = pair
    quote = ours.quotes.add(_doc(ours), 0, 20, **kwargs)
    ours.close()
    shutil.copy(ours.path, other)
    return Project.open(ours.path, create=False), other, quote


#: One edit of each editable field of a quote (a new editable field needs one here: the
#: merge must weigh it).
EDITS = {
    "start_cp": lambda p, q: p.quotes.set_span(q, 1, 20),
    "end_cp": lambda p, q: p.quotes.set_span(q, 0, 27),
    "note": lambda p, q: p.quotes.update(q, note="their note"),
    "starred": lambda p, q: p.quotes.update(q, starred=True),
    "credibility": lambda p, q: p.quotes.update(q, credibility=2),
    "translation": lambda p, q: p.quotes.update(q, translation="AI Thanos"),
    "print_note": lambda p, q: p.quotes.update(q, print_note=True),
    "excluded": lambda p, q: p.quotes.update(q, excluded=True),
    "event_date": lambda p, q: p.quotes.update(q, event_date="2025-09-05"),
    "actors": lambda p, q: p.quotes.update(q, actors=["Their actor"]),
    "themes": lambda p, q: p.quotes.update(q, themes=["Their theme"]),
    "speaker": lambda p, q: p.quotes.update(q, speaker="unnamed analyst"),
    "carrier": lambda p, q: p.quotes.update(q, carrier="Acme"),
}
TABLES = ("quotes", "quote_actors", "quote_themes", "actors", "themes", "documents",
          "judgments", "judgment_quotes", "settings")


@pytest.mark.parametrize("name", [f.name for f in Quote.fields() if f.editable])
def test_every_editable_field_of_a_quote_is_weighed_and_undone(pair, name):
    ours, other, quote = _shared(pair, speaker="Acme", actors=["Acme"], credibility=5)
    with Project.open(other, create=False) as theirs:
        EDITS[name](theirs, quote)
        wanted = theirs.quotes.get(quote)
    before = {t: _rows(ours.path, f"SELECT * FROM {t}") for t in TABLES}
    report = merge_project(ours, other)
    assert report.quotes_updated == 1, name
    [(what, _, was, now, kept)] = report.conflicts
    label = next(f.label for f in Quote.fields() if f.name == name).replace("★", "Starred")
    assert (what, kept) == ("quote", "theirs") and f"{label} " in was and f"{label} " in now
    got = ours.quotes.get(quote)
    assert got.version() == wanted.version() and got.updated_at == wanted.updated_at
    assert not merge_project(ours, other).changed
    undo_merge(ours, report)
    assert {t: _rows(ours.path, f"SELECT * FROM {t}") for t in TABLES} == before
    ours.close()


def test_the_earlier_of_two_versions_is_reported_whole_and_ours_kept(pair):
    ours, other, quote = _shared(pair)
    with Project.open(other, create=False) as theirs:
        theirs.quotes.update(quote, speaker="Zhu", credibility=3, excluded=True)
    ours.quotes.update(quote, translation="ours, later")
    report = merge_project(ours, other)
    [(_, _, was, now, kept)] = report.conflicts
    assert kept == "ours" and not report.changed
    assert "Speaker none" in was and "Translation 'ours, later'" in was
    assert "Speaker 'Zhu'" in now and "Credibility 3" in now and "Excluded yes" in now
    assert "Translation none" in now
    assert ours.quotes.get(quote).translation == "ours, later"
    ours.close()


def test_a_document_both_have_keeps_our_grading_and_reports_theirs(pair):
    ours, other = pair
    doc = _doc(ours)
    ours.documents.update(doc, source_type="news", reliability="C",
                          reliability_reason="ours", accessed="2026-01-01")
    assert ours.documents.get(doc).outlet is not None
    with Project.open(other, create=False) as theirs:
        theirs.documents.update(doc, source_type="think_tank", reliability="B",
                                reliability_reason="theirs", url="https://example.org/a",
                                outlet="")             # theirs says nothing: not weighed
        added = theirs.documents.add("Only they have this one.", title="Theirs")
        theirs.documents.update(added, source_type="official", reliability="A",
                                reliability_reason="the ministry", accessed="2026-01-02")
    report = merge_project(ours, other)
    title = ours.documents.get(doc).title
    assert {c for c in report.conflicts if c[0].startswith("document")} == {
        ("document source type", title, "news", "think_tank", "ours"),
        ("document reliability", title, "C", "B", "ours"),
        ("document reliability reason", title, "ours", "theirs", "ours"),
        ("document url", title, "none", "https://example.org/a", "ours")}
    assert _rows(ours.path, "SELECT source_type, reliability, reliability_reason, url FROM "
                            f"documents WHERE id = '{doc}'") == [("news", "C", "ours", None)]
    assert _rows(ours.path, "SELECT source_type, reliability, reliability_reason, accessed "
                            "FROM documents WHERE title = 'Theirs'") == [
        ("official", "A", "the ministry", "2026-01-02")]


def test_judgments_keep_likelihood_and_basis_and_report_theirs(pair):
    ours, other = pair
    ours.judgments.add("China copies models", "high", likelihood="likely", basis="ours")
    ours.judgments.add("nothing said", "moderate", likelihood="likely", basis="ours")
    with Project.open(other, create=False) as theirs:
        theirs.judgments.add("china copies models", "low", likelihood="unlikely",
                             basis="theirs")
        theirs.judgments.add("Nothing said", "moderate")
        theirs.judgments.add("New one", "moderate", likelihood="roughly_even", basis="why")
    report = merge_project(ours, other)
    assert sorted(c for c in report.conflicts if c[0].startswith("judgment")) == [
        ("judgment basis", "china copies models", "ours", "theirs", "ours"),
        ("judgment confidence", "china copies models", "high", "low", "ours"),
        ("judgment likelihood", "china copies models", "likely", "unlikely", "ours")]
    assert _rows(ours.path, "SELECT text, confidence, likelihood, basis FROM judgments") == [
        ("China copies models", "high", "likely", "ours"),
        ("New one", "moderate", "roughly_even", "why"),
        ("nothing said", "moderate", "likely", "ours")]


def test_their_actor_taken_for_ours_by_an_alias_is_reported(pair):
    """Their "DoD" is our "Pentagon" (an alias of ours): no actor added, no conflict, but
    said in the report, so that a different actor of theirs named so is not folded in
    unseen."""
    ours, other = pair
    ours.codebook.add_actor("Pentagon", aliases=["DoD"])
    with Project.open(other, create=False) as theirs:
        theirs.codebook.add_actor("DoD", kind="state")
        theirs.quotes.add(_doc(theirs), 0, 20, actors=["DoD"])
    report = merge_project(ours, other)
    assert report.actors_added == 0 and report.conflicts == []
    assert report.aliased == [("DoD", "Pentagon")]
    assert report.notes() == ["actor: their 'DoD' = our 'Pentagon' (alias)"]
    assert [a.name for a in ours.codebook.actors()] == ["Pentagon"]
