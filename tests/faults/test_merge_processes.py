"""Two analysts tag the same documents apart (each through the CLI, in its own process);
their projects are merged by another process."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from tests.briefer_cli import cli_ok, run_cli

SEED = Path(__file__).resolve().parents[2] / "seeds"


def analyst(name: str) -> dict[str, str | None]:
    """The environment of a child working as analyst ``name``."""
    return {"BRIEFER_ANALYST": name}


def _quotes(path: Path) -> list[dict]:
    return json.loads(cli_ok("quote", "list", "--project", str(path), "--json"))


def test_two_analysts_merge_without_duplicates_conflict_reported_twice_is_noop(tmp_path):
    a, b = tmp_path / "ana.briefer", tmp_path / "ben.briefer"
    seeds = sorted(str(p) for p in SEED.glob("*.txt"))[:2]
    cli_ok("import", "--project", str(a), *seeds, env=analyst("ana"))
    shutil.copy(a, b)                                   # both start from the same project
    doc = json.loads(cli_ok("doc", "list", "--project", str(a), "--json"))[0]["id"]
    shared = json.loads(cli_ok("quote", "add", "--project", str(a), "--doc", doc, "--start", "0",
                               "--end", "20", "--json", env=analyst("ana")))["id"]
    shutil.copy(a, b)
    cli_ok("quote", "add", "--project", str(a), "--doc", doc, "--start", "30", "--end", "60",
           "--theme", "Ana's theme", env=analyst("ana"))
    cli_ok("quote", "add", "--project", str(b), "--doc", doc, "--start", "70", "--end", "90",
           "--actor", "Ben's actor", env=analyst("ben"))
    cli_ok("quote", "edit", "--project", str(a), shared, "--note", "ana says", env=analyst("ana"))
    cli_ok("quote", "edit", "--project", str(b), shared, "--note", "ben says later",
           env=analyst("ben"))

    report = json.loads(cli_ok("merge", "--project", str(a), str(b), "--json"))
    assert report["quotes_added"] == 1 and report["quotes_updated"] == 1
    [conflict] = [c for c in report["conflicts"] if c["what"] == "quote"]
    assert conflict["kept"] == "theirs" and "ana says" in conflict["ours"]
    quotes = _quotes(a)
    assert len(quotes) == 3 and len({q["id"] for q in quotes}) == 3
    by_start = {q["start"]: q for q in quotes}
    assert by_start[0]["note"] == "ben says later"
    assert by_start[70]["actors"] == ["Ben's actor"] and by_start[30]["themes"] == ["Ana's theme"]

    before = _quotes(a)
    again = json.loads(cli_ok("merge", "--project", str(a), str(b), "--json"))
    assert again["quotes_added"] == again["quotes_updated"] == again["documents_added"] == 0
    assert again["quotes_unchanged"] == 2 and _quotes(a) == before


def test_merge_records_each_analyst(tmp_path):
    a, b = tmp_path / "a.briefer", tmp_path / "b.briefer"
    seed = str(sorted(SEED.glob("*.txt"))[0])
    for path, who in ((a, "ana"), (b, "ben")):
        cli_ok("import", "--project", str(path), seed, env=analyst(who))
        doc = json.loads(cli_ok("doc", "list", "--project", str(path), "--json"))[0]["id"]
        cli_ok("quote", "add", "--project", str(path), "--doc", doc, "--start", "0", "--end",
               "10" if who == "ana" else "12", env=analyst(who))
    cli_ok("merge", "--project", str(a), str(b))
    assert sorted(q["created_by"] for q in _quotes(a)) == ["ana", "ben"]


def test_merge_into_itself_is_refused(tmp_path):
    a = tmp_path / "a.briefer"
    cli_ok("import", "--project", str(a), str(sorted(SEED.glob("*.txt"))[0]))
    r = run_cli("merge", "--project", str(a), str(a))
    assert r.returncode != 0 and "cannot be merged into itself" in r.stderr


def _row(path: Path, sql: str, args=()) -> tuple | None:
    """One row read through a fresh connection (not the CLI's)."""
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute(sql, args).fetchone()
    finally:
        conn.close()


def _actor_id(path: Path, name: str) -> str:
    return _row(path, "SELECT id FROM actors WHERE name = ? COLLATE NOCASE", [name])[0]


def _two_copies(tmp_path) -> tuple[Path, Path, str]:
    """(ours, theirs, a document id): one seed article imported, then copied."""
    a, b = tmp_path / "ana.briefer", tmp_path / "ben.briefer"
    cli_ok("import", "--project", str(a), str(sorted(SEED.glob("*.txt"))[0]), env=analyst("ana"))
    shutil.copy(a, b)
    doc = json.loads(cli_ok("doc", "list", "--project", str(a), "--json"))[0]["id"]
    return a, b, doc


def test_speaker_and_carrier_map_to_our_actor_of_that_name(tmp_path):
    a, b, doc = _two_copies(tmp_path)
    for path in (a, b):                     # each adds "Anthropic" apart: two UUIDs
        cli_ok("actor", "add", "Anthropic", "--project", str(path))
    assert _actor_id(a, "Anthropic") != _actor_id(b, "Anthropic")
    cli_ok("actor", "add", "Zhu Rui", "--kind", "person", "--project", str(b))  # only theirs
    q = json.loads(cli_ok("quote", "add", "--project", str(b), "--doc", doc, "--start", "0",
                          "--end", "20", "--json", env=analyst("ben")))["id"]
    cli_ok("quote", "edit", "--project", str(b), q, "--speaker", "anthropic", "--carrier",
           "Zhu Rui", env=analyst("ben"))

    r = run_cli("merge", "--project", str(a), str(b), "--json")
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    report = json.loads(r.stdout)
    assert report["quotes_added"] == 1 and report["actors_added"] == 1
    speaker, carrier = _row(a, "SELECT speaker_actor_id, carrier_actor_id FROM quotes "
                               "WHERE id = ?", [q])
    assert speaker == _actor_id(a, "Anthropic") and carrier == _actor_id(a, "Zhu Rui")
    assert _row(a, "SELECT count(*) FROM quote_actors WHERE quote_id = ?", [q]) == (0,)
    assert _row(a, "PRAGMA foreign_key_check") is None

    rows = _row(a, "SELECT group_concat(q, '|') FROM (SELECT quote(q.id) || quote(speaker_actor_id)"
                   " || quote(carrier_actor_id) AS q FROM quotes q ORDER BY q.id)")
    again = json.loads(cli_ok("merge", "--project", str(a), str(b), "--json"))
    assert again["quotes_added"] == again["actors_added"] == again["quotes_updated"] == 0
    assert not [c for c in again["conflicts"] if c["what"] == "quote"]
    assert _row(a, "SELECT group_concat(q, '|') FROM (SELECT quote(q.id) || "
                   "quote(speaker_actor_id) || quote(carrier_actor_id) AS q FROM quotes q "
                   "ORDER BY q.id)") == rows


SOURCING = ("speaker_actor_id", "speaker_text", "carrier_actor_id", "carrier_text",
            "credibility", "translation", "print_note", "excluded", "event_date", "start_cp",
            "end_cp", "exact", "note", "starred")


def _sourcing(path: Path, quote: str) -> dict:
    row = _row(path, f"SELECT {', '.join(SOURCING)} FROM quotes WHERE id = ?", [quote])
    return dict(zip(SOURCING, row))


def _shared_quote_with_a_speaker(tmp_path) -> tuple[Path, Path, str]:
    a, b, doc = _two_copies(tmp_path)
    cli_ok("actor", "add", "Anthropic", "--project", str(a))
    q = json.loads(cli_ok("quote", "add", "--project", str(a), "--doc", doc, "--start", "0",
                          "--end", "20", "--json", env=analyst("ana")))["id"]
    cli_ok("quote", "edit", "--project", str(a), q, "--speaker", "Anthropic", env=analyst("ana"))
    shutil.copy(a, b)
    return a, b, q


THEIR_EDIT = ("--speaker", "", "--carrier", "unnamed analyst", "--credibility", "2",
              "--translation", "AI Thanos", "--exclude", "--print-note",
              "--event-date", "2025-09-05", "--start", "0", "--end", "25", "--star")


def test_their_later_sourcing_edits_replace_ours_and_ours_is_reported(tmp_path):
    a, b, q = _shared_quote_with_a_speaker(tmp_path)
    cli_ok("quote", "edit", "--project", str(a), q, "--credibility", "5", env=analyst("ana"))
    ours = _sourcing(a, q)
    cli_ok("quote", "edit", "--project", str(b), q, *THEIR_EDIT, env=analyst("ben"))
    theirs = _sourcing(b, q)

    report = json.loads(cli_ok("merge", "--project", str(a), str(b), "--json"))
    assert report["quotes_updated"] == 1 and report["quotes_unchanged"] == 0
    [conflict] = [c for c in report["conflicts"] if c["what"] == "quote"]
    assert conflict["kept"] == "theirs"
    for words in ("Credibility 5", "Speaker 'Anthropic'", "Translation none", "Excluded no",
                  "by ana"):
        assert words in conflict["ours"], conflict
    for words in ("Credibility 2", "Translation 'AI Thanos'", "Excluded yes", "End 25",
                  "As quoted in 'unnamed analyst'", "by ben"):
        assert words in conflict["theirs"], conflict
    assert _sourcing(a, q) == theirs != ours
    assert len(_sourcing(a, q)["exact"]) == 25

    again = json.loads(cli_ok("merge", "--project", str(a), str(b), "--json"))
    assert again["quotes_updated"] == 0 and again["quotes_unchanged"] == 1
    assert not again["conflicts"] and _sourcing(a, q) == theirs


def test_our_later_sourcing_edit_is_kept_and_theirs_reported(tmp_path):
    a, b, q = _shared_quote_with_a_speaker(tmp_path)
    cli_ok("quote", "edit", "--project", str(b), q, *THEIR_EDIT, env=analyst("ben"))
    cli_ok("quote", "edit", "--project", str(a), q, "--credibility", "4", env=analyst("ana"))
    ours = _sourcing(a, q)

    r = run_cli("merge", "--project", a, b)
    assert r.returncode == 0, r.stderr
    assert "(nothing changed)" in r.stdout
    assert "kept ours" in r.stderr and "Credibility 2" in r.stderr
    assert "Translation 'AI Thanos'" in r.stderr
    assert _sourcing(a, q) == ours


def test_a_speaker_or_carrier_naming_a_deleted_actor_does_not_stop_the_merge(tmp_path):
    """Their quote's speaker and carrier ids name an actor that is gone (an older Briefer
    deleted or merged it away and left the ids, as another tool may): the merge goes on,
    the quote comes in without those actors, keeping their words for the speaker."""
    a, b, doc = _two_copies(tmp_path)
    cli_ok("actor", "add", "Reuters", "--project", str(b))
    q = json.loads(cli_ok("quote", "add", "--project", str(b), "--doc", doc, "--start", "0",
                          "--end", "20", "--json", env=analyst("ben")))["id"]
    cli_ok("quote", "edit", "--project", str(b), q, "--speaker", "Reuters", "--carrier",
           "Reuters", env=analyst("ben"))
    conn = sqlite3.connect(str(b))                     # foreign keys off, as in most tools
    with conn:
        conn.execute("UPDATE quotes SET speaker_text = 'a Reuters reporter' WHERE id = ?", [q])
        conn.execute("DELETE FROM actors WHERE name = 'Reuters'")
    conn.close()
    assert _row(b, "SELECT carrier_actor_id IS NOT NULL, speaker_actor_id IS NOT NULL "
                   "FROM quotes WHERE id = ?", [q]) == (1, 1)

    r = run_cli("merge", "--project", str(a), str(b), "--json")
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    assert json.loads(r.stdout)["quotes_added"] == 1
    assert _row(a, "SELECT speaker_actor_id, speaker_text, carrier_actor_id, carrier_text "
                   "FROM quotes WHERE id = ?", [q]) == (None, "a Reuters reporter", None, "")
    assert _row(a, "PRAGMA foreign_key_check") is None
