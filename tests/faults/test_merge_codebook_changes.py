"""An actor or theme merged or deleted in one copy of a project, then the copies merged (each
step a ``briefer`` child process; the files read through connections of the test's own).

The codebook change moves the quotes' tags, speaker and carrier, so it marks those quotes
changed (``updated_at``): merged into the other copy, the change wins over the quotes left
alone there instead of losing to them, and merging the other copy back loses nothing of it.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

SEED = Path(__file__).resolve().parents[2] / "seeds"


def _cli(*args: str, analyst: str = "ana") -> subprocess.CompletedProcess:
    r = subprocess.run([sys.executable, "-m", "briefer", *args], capture_output=True,
                       text=True, env=dict(os.environ, BRIEFER_ANALYST=analyst), timeout=120)
    assert r.returncode == 0, r.stderr
    return r


def _merge(into: Path, other: Path) -> dict:
    return json.loads(_cli("merge", "--project", str(into), str(other), "--json").stdout)


def _tags(path: Path) -> dict[int, tuple]:
    """start of each quote -> (actor names, theme names, speaker, carrier, updated_at), read
    through a fresh connection."""
    conn = sqlite3.connect(str(path))
    try:
        rows = conn.execute(
            "SELECT q.start_cp, (SELECT group_concat(name, '|') FROM (SELECT a.name FROM "
            "quote_actors l JOIN actors a ON a.id = l.actor_id WHERE l.quote_id = q.id ORDER BY "
            "a.name)), (SELECT group_concat(name, '|') FROM (SELECT t.name FROM quote_themes l "
            "JOIN themes t ON t.id = l.theme_id WHERE l.quote_id = q.id ORDER BY t.name)), "
            "coalesce((SELECT name FROM actors WHERE id = q.speaker_actor_id), "
            "'~' || q.speaker_text), coalesce((SELECT name FROM actors WHERE id = "
            "q.carrier_actor_id), '~' || q.carrier_text), q.updated_at FROM quotes q").fetchall()
        return {r[0]: (r[1] or "", r[2] or "", r[3], r[4], r[5]) for r in rows}
    finally:
        conn.close()


def _names(path: Path, table: str) -> list[str]:
    conn = sqlite3.connect(str(path))
    try:
        return [r[0] for r in conn.execute(f"SELECT name FROM {table} ORDER BY name")]
    finally:
        conn.close()


def _copies(tmp_path) -> tuple[Path, Path]:
    """(a, b): one article, actors Pentagon and DoW, themes Contracts and Procurement, two
    quotes; b a copy of a."""
    a, b = tmp_path / "a.briefer", tmp_path / "b.briefer"
    _cli("import", "--project", str(a), str(sorted(SEED.glob("*.txt"))[0]))
    doc = json.loads(_cli("doc", "list", "--project", str(a), "--json").stdout)[0]["id"]
    for name in ("Pentagon", "DoW"):
        _cli("actor", "add", name, "--project", str(a))
    for name in ("Contracts", "Procurement"):
        _cli("theme", "add", name, "--project", str(a))
    _cli("quote", "add", "--project", str(a), "--doc", doc, "--start", "0", "--end", "20",
         "--actor", "Pentagon", "--theme", "Contracts", "--speaker", "Pentagon")
    _cli("quote", "add", "--project", str(a), "--doc", doc, "--start", "30", "--end", "60",
         "--actor", "Pentagon", "--actor", "DoW", "--theme", "Procurement",
         "--carrier", "Pentagon")
    shutil.copy(a, b)
    return a, b


def _quote_conflicts(report: dict) -> list[dict]:
    return [c for c in report["conflicts"] if c["what"] == "quote"]


def test_an_actor_merged_in_one_copy_reaches_the_other_and_comes_back_whole(tmp_path):
    a, b = _copies(tmp_path)
    before = _tags(a)
    _cli("actor", "merge", "Pentagon", "DoW", "--project", str(a), analyst="ana")
    merged = _tags(a)
    assert {k: v[:4] for k, v in merged.items()} == {
        0: ("DoW", "Contracts", "DoW", "~"), 30: ("DoW", "Procurement", "~", "DoW")}
    assert all(merged[k][4] > before[k][4] for k in merged)        # marked changed

    b_into_a = tmp_path / "a-with-b.briefer"                # a, with b (left alone) merged in
    shutil.copy(a, b_into_a)
    report = _merge(b_into_a, b)
    assert _tags(b_into_a) == merged                        # nothing of the merge undone …
    assert _names(b_into_a, "actors") == ["DoW"]            # … no Pentagon back beside DoW
    assert report["actors_added"] == 0 and report["quotes_unchanged"] == 2
    assert report["conflicts"] == []                        # b had nothing new to weigh
    assert report["aliased"] == [{"theirs": "Pentagon", "ours": "DoW"}]     # but said so
    text = subprocess.run([sys.executable, "-m", "briefer", "merge", "--project",
                           str(b_into_a), str(b)], capture_output=True, text=True, timeout=120)
    assert "actor: their 'Pentagon' = our 'DoW' (alias)" in text.stdout + text.stderr

    report = _merge(b, a)                                   # and a into b (left alone)
    assert {k: v[:4] for k, v in _tags(b).items()} == {k: v[:4] for k, v in merged.items()}
    assert report["quotes_updated"] == 2
    assert all(c["kept"] == "theirs" for c in _quote_conflicts(report))
    assert _names(b, "actors") == ["DoW", "Pentagon"]       # b's codebook is b's (ours kept)


def test_an_actor_deleted_in_one_copy_leaves_the_quotes_of_the_other_too(tmp_path):
    a, b = _copies(tmp_path)
    _cli("actor", "delete", "Pentagon", "--yes", "--project", str(a))
    deleted = {k: v[:4] for k, v in _tags(a).items()}
    assert deleted == {0: ("", "Contracts", "~Pentagon", "~"),
                       30: ("DoW", "Procurement", "~", "~Pentagon")}

    left_alone = shutil.copy(b, tmp_path / "b0.briefer")
    report = _merge(b, a)
    assert {k: v[:4] for k, v in _tags(b).items()} == deleted
    assert report["quotes_updated"] == 2

    report = _merge(a, left_alone)            # b's older quotes do not put the tag back
    assert {k: v[:4] for k, v in _tags(a).items()} == deleted
    assert report["quotes_updated"] == 0
    assert all(c["kept"] == "ours" for c in _quote_conflicts(report))


def test_a_theme_merged_in_one_copy_reaches_the_other(tmp_path):
    a, b = _copies(tmp_path)
    _cli("theme", "merge", "Contracts", "Procurement", "--project", str(a))
    merged = {k: v[:4] for k, v in _tags(a).items()}
    assert merged[0][1] == "Procurement"

    left_alone = shutil.copy(b, tmp_path / "b0.briefer")
    _merge(b, a)
    assert {k: v[:4] for k, v in _tags(b).items()} == merged
    _merge(a, left_alone)                     # themes keep no aliases: b's Contracts comes
    assert {k: v[:4] for k, v in _tags(a).items()} == merged        # back, with no quotes
    assert _names(a, "themes") == ["Contracts", "Procurement"]


def test_the_same_actor_merged_apart_in_both_copies_merges_cleanly(tmp_path):
    """Both analysts merged Pentagon into DoW apart: the quotes are the same version."""
    a, b = _copies(tmp_path)
    for path in (a, b):
        _cli("actor", "merge", "Pentagon", "DoW", "--project", str(path))
    report = _merge(a, b)
    assert report["quotes_unchanged"] == 2 and report["conflicts"] == []
    assert _names(a, "actors") == ["DoW"]


def test_an_undone_delete_is_a_change_a_later_merge_keeps(tmp_path, monkeypatch):
    """a deletes Pentagon; its copy reaches b; a undoes the delete (the core's restore, as
    the app's undo does): the undo marks the quotes changed again, later than b's copy of
    the delete, so merging b into a keeps Pentagon's tags."""
    from briefer.core.store import Project

    a, b = _copies(tmp_path)
    before = _tags(a)
    with Project.open(a) as project:
        snapshot = project.codebook.actor("Pentagon")       # what the app's undo keeps
    _cli("actor", "delete", "Pentagon", "--yes", "--project", str(a))
    deleted = _tags(a)
    shutil.copy(a, b)
    monkeypatch.setenv("BRIEFER_ANALYST", "bo")
    with Project.open(a) as project:
        project.codebook.restore_actor(snapshot)
    undone = _tags(a)
    assert {k: v[:4] for k, v in undone.items()} == {k: v[:4] for k, v in before.items()}
    assert all(undone[k][4] > deleted[k][4] for k in undone)   # a change of its own, now
    conn = sqlite3.connect(str(a))
    assert {r[0] for r in conn.execute("SELECT updated_by FROM quotes")} == {"bo"}
    conn.close()

    report = _merge(a, b)
    assert _tags(a) == undone                   # b's older delete does not win over the undo
    assert report["quotes_updated"] == 0 and "Pentagon" in _names(a, "actors")
