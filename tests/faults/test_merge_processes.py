"""Two analysts tag the same documents apart (each through the CLI, in its own process);
their projects are merged by another process."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

SEED = Path(__file__).resolve().parents[2] / "seeds"


def _cli(*args: str, analyst: str = "", check: bool = True) -> subprocess.CompletedProcess:
    env = dict(os.environ, BRIEFER_ANALYST=analyst) if analyst else dict(os.environ)
    r = subprocess.run([sys.executable, "-m", "briefer", *args], capture_output=True,
                       text=True, env=env, timeout=120)
    if check:
        assert r.returncode == 0, r.stderr
    return r


def _quotes(path: Path) -> list[dict]:
    return json.loads(_cli("quote", "list", "--project", str(path), "--json").stdout)


def test_two_analysts_merge_without_duplicates_conflict_reported_twice_is_noop(tmp_path):
    a, b = tmp_path / "ana.briefer", tmp_path / "ben.briefer"
    seeds = sorted(str(p) for p in SEED.glob("*.txt"))[:2]
    _cli("import", "--project", str(a), *seeds, analyst="ana")
    shutil.copy(a, b)                                   # both start from the same project
    doc = json.loads(_cli("doc", "list", "--project", str(a), "--json").stdout)[0]["id"]
    shared = json.loads(_cli("quote", "add", "--project", str(a), "--doc", doc, "--start", "0",
                             "--end", "20", "--json", analyst="ana").stdout)["id"]
    shutil.copy(a, b)
    _cli("quote", "add", "--project", str(a), "--doc", doc, "--start", "30", "--end", "60",
         "--theme", "Ana's theme", analyst="ana")
    _cli("quote", "add", "--project", str(b), "--doc", doc, "--start", "70", "--end", "90",
         "--actor", "Ben's actor", analyst="ben")
    _cli("quote", "edit", "--project", str(a), shared, "--note", "ana says", analyst="ana")
    _cli("quote", "edit", "--project", str(b), shared, "--note", "ben says later", analyst="ben")

    report = json.loads(_cli("merge", "--project", str(a), str(b), "--json").stdout)
    assert report["quotes_added"] == 1 and report["quotes_updated"] == 1
    [conflict] = [c for c in report["conflicts"] if c["what"] == "quote"]
    assert conflict["kept"] == "theirs" and "ana says" in conflict["ours"]
    quotes = _quotes(a)
    assert len(quotes) == 3 and len({q["id"] for q in quotes}) == 3
    by_start = {q["start"]: q for q in quotes}
    assert by_start[0]["note"] == "ben says later"
    assert by_start[70]["actors"] == ["Ben's actor"] and by_start[30]["themes"] == ["Ana's theme"]

    before = _quotes(a)
    again = json.loads(_cli("merge", "--project", str(a), str(b), "--json").stdout)
    assert again["quotes_added"] == again["quotes_updated"] == again["documents_added"] == 0
    assert again["quotes_unchanged"] == 2 and _quotes(a) == before


def test_merge_records_each_analyst(tmp_path):
    a, b = tmp_path / "a.briefer", tmp_path / "b.briefer"
    seed = str(sorted(SEED.glob("*.txt"))[0])
    for path, who in ((a, "ana"), (b, "ben")):
        _cli("import", "--project", str(path), seed, analyst=who)
        doc = json.loads(_cli("doc", "list", "--project", str(path), "--json").stdout)[0]["id"]
        _cli("quote", "add", "--project", str(path), "--doc", doc, "--start", "0", "--end",
             "10" if who == "ana" else "12", analyst=who)
    _cli("merge", "--project", str(a), str(b))
    assert sorted(q["created_by"] for q in _quotes(a)) == ["ana", "ben"]


def test_merge_into_itself_is_refused(tmp_path):
    a = tmp_path / "a.briefer"
    _cli("import", "--project", str(a), str(sorted(SEED.glob("*.txt"))[0]))
    r = _cli("merge", "--project", str(a), str(a), check=False)
    assert r.returncode != 0 and "cannot be merged into itself" in r.stderr
