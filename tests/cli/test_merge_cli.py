"""``briefer merge`` when the merge fails: one line naming what went wrong, no traceback,
nothing written. (A fault of Briefer is put in by hand: the merges that must succeed run
as child processes in tests/faults/test_merge_processes.py.)"""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest

from briefer.core import merge
from briefer.core.store import Project

TEXT = "Anthropic said the model was distilled by others. Nobody else spoke."


@pytest.fixture
def pair(tmp_path):
    """(ours, theirs): the same document; each has the actor Anthropic under its own id, and
    theirs has a quote Anthropic said."""
    ours, theirs = tmp_path / "ours.briefer", tmp_path / "theirs.briefer"
    for path in (ours, theirs):
        with Project.open(path) as p:
            doc = p.documents.add(TEXT, title="Distillation")
            p.codebook.add_actor("Anthropic")
            if path == theirs:
                p.quotes.add(doc, 0, 49, speaker="Anthropic", credibility=2)
    return ours, theirs


def _snapshot(path) -> list:
    conn = sqlite3.connect(str(path))
    try:
        return [conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
                for t in ("documents", "actors", "quotes", "settings")]
    finally:
        conn.close()


def test_a_broken_foreign_key_is_one_line_naming_it_not_a_disk_problem(pair, run_main,
                                                                       monkeypatch):
    ours, theirs = pair
    mapped = merge._mapped
    monkeypatch.setattr(merge, "_mapped", lambda q, *maps: replace(       # the old fault:
        mapped(q, *maps), speaker_actor_id=q.speaker_actor_id))           # speaker unmapped
    before = _snapshot(ours)
    code, _, err = run_main("merge", "--project", ours, theirs)
    assert code == 1 and err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("Error: Merging theirs.briefer would break a rule of the project "
                          "(FOREIGN KEY constraint failed)"), err
    assert "nothing was changed" in err and "could not be written" not in err
    assert _snapshot(ours) == before


def test_any_other_fault_is_one_line_too(pair, run_main, monkeypatch):
    ours, theirs = pair

    def broken(*_args):
        raise KeyError("judgment-x")
    monkeypatch.setattr(merge, "_judgments", broken)
    before = _snapshot(ours)
    code, _, err = run_main("merge", "--project", ours, theirs)
    assert code == 1 and err.count("\n") == 1 and "Traceback" not in err
    assert "Merging theirs.briefer failed (KeyError: 'judgment-x')" in err
    assert _snapshot(ours) == before


def test_the_same_merge_unbroken_brings_the_quote(pair, run_main):
    ours, theirs = pair
    code, _, err = run_main("merge", "--project", ours, theirs)
    assert code == 0, err
    conn = sqlite3.connect(str(ours))
    try:
        assert conn.execute("SELECT a.name, q.credibility FROM quotes q JOIN actors a "
                            "ON a.id = q.speaker_actor_id").fetchall() == [("Anthropic", 2)]
    finally:
        conn.close()
