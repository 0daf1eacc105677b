"""The command line, driven as a user would: arguments in, text or JSON out, files changed."""

from __future__ import annotations

import json
from functools import partial

import pytest

from briefer import __version__
from briefer.core.store import Project
from briefer.paths import seed_files
from tests.briefer_cli import run_cli


@pytest.fixture
def seeded(project_path):
    """The test's project, made with the five seed articles (a named project starts empty)."""
    from briefer.project import open_project

    open_project(project_path, seed=True).close()


@pytest.fixture
def run(run_main, project_path):
    """``briefer ARGS --project P`` in this process (``project=False``: without the option)."""
    return partial(run_main, project=project_path)


def run_json(run, *args):
    code, out, err = run(*args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_version(run):
    code, out, _ = run("--version", project=False)
    assert code == 0 and __version__ in out


def test_import_then_docs_json(run, tmp_path, project_path):
    Project.open(project_path).close()          # an empty project: no seeds yet
    code, out, err = run("import", *map(str, seed_files()))
    assert code == 0, err
    assert out.count("added") == 5
    docs = run_json(run, "docs")
    assert len(docs) == 5
    assert set(docs[0]) == {"id", "title", "outlet", "author", "date", "language", "chars",
                            "quotes",
                            "source_type", "reliability", "reliability_reason", "url", "accessed"}
    by_date = {d["date"] for d in docs}
    assert {"2026-03-03", "2025-09-05"} <= by_date
    code, out, _ = run("import", *map(str, seed_files()))
    assert out.count("unchanged") == 5


def test_import_reports_refused_files_and_exits_non_zero(run, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02binary\x00")
    good = tmp_path / "good.md"
    good.write_text("# Heading\n\nSome markdown text about DeepSeek.", encoding="utf-8")
    code, out, err = run("import", str(bad), str(good))
    assert code == 1 and "bad.txt" in err and "added" in out


def test_annotate_quotes_and_filters(seeded, run):
    docs = run_json(run, "docs")
    doc = next(d for d in docs if d["date"] == "2026-03-03")
    code, out, err = run("annotate", "--doc", doc["id"][:8], "--quote", "AI Thanos",
                         "--actor", "Anthropic", "--theme", "Chinese reaction", "--note", "meme",
                         "--star")
    assert code == 0, err
    qid = out.strip()
    code, out, err = run("annotate", "--doc", doc["id"], "--start", "1", "--end", "5",
                         "--theme", "Dates")
    assert code == 0, err
    quotes = run_json(run, "quotes", "--actor", "anthropic")
    assert [q["id"] for q in quotes] == [qid]
    q = quotes[0]
    assert set(q) == {"id", "doc", "start", "end", "text", "prefix", "suffix", "language", "note",
                      "starred", "orphaned", "actors", "themes", "speaker", "speaker_actor_id",
                      "speaker_text", "carrier", "carrier_actor_id", "carrier_text",
                      "credibility", "translation", "print_note", "excluded", "event_date",
                      "created_by", "updated_by"}
    assert (q["text"], q["note"], q["starred"], list(q["themes"])) == (
        "AI Thanos", "meme", True, ["Chinese reaction"])
    assert len(run_json(run, "quotes")) == 2
    assert len(run_json(run, "quotes", "--theme", "Dates", "--actor", "Anthropic")) == 0
    assert [x["id"] for x in run_json(run, "quotes", "--search", "meme")] == [qid]
    assert run_json(run, "actors")[0]["name"] == "Anthropic"
    assert {t["name"] for t in run_json(run, "themes")} == {"Chinese reaction", "Dates"}


def test_annotate_with_text_not_in_document_fails_cleanly(seeded, run):
    doc = run_json(run, "docs")[0]
    code, out, err = run("annotate", "--doc", doc["id"], "--quote", "no such words anywhere")
    assert code == 1 and "Error:" in err and "Traceback" not in err
    code, _, err = run("annotate", "--doc", doc["id"])
    assert code != 0 and "--quote" in err


def test_check_and_backup(seeded, run, tmp_path):
    doc = run_json(run, "docs")[0]
    run("annotate", "--doc", doc["id"], "--start", "0", "--end", "12")
    code, out, _ = run("check")
    assert code == 0 and out.strip() == "ok"
    code, out, _ = run("backup", "--out", str(tmp_path / "b.briefer"))
    assert code == 0
    with Project.open(tmp_path / "b.briefer") as copy:
        assert len(copy.quotes.list()) == 1


def test_judgments(seeded, run):
    doc = run_json(run, "docs")[0]
    _, qid, _ = run("annotate", "--doc", doc["id"], "--start", "0", "--end", "12")
    code, jid, err = run("judgment", "add", "Anthropic will not comply.", "--confidence", "high",
                         "--quote", qid.strip())
    assert code == 0, err
    rows = run_json(run, "judgment", "list")
    assert rows == [{"id": jid.strip(), "text": "Anthropic will not comply.",
                     "confidence": "high", "likelihood": None, "basis": "",
                     "quotes": [qid.strip()]}]
    assert run("judgment", "remove", jid.strip()[:8])[0] == 0
    assert run_json(run, "judgment", "list") == []


def test_a_foreign_project_file_is_an_error_without_traceback(tmp_path):
    foreign = tmp_path / "notes.txt"
    foreign.write_text("not a project", encoding="utf-8")
    proc = run_cli("docs", project=foreign)
    assert proc.returncode == 1
    assert "not a Briefer project" in proc.stderr and "Traceback" not in proc.stderr
    assert foreign.read_text(encoding="utf-8") == "not a project"


def test_edit_doc_corrects_metadata(seeded, run):
    doc = next(d for d in run_json(run, "docs")
               if d["title"] == "Anthropic Faces Geopolitical Headwinds")
    assert doc["date"] is None and doc["outlet"] is None
    code, out, err = run("edit-doc", doc["id"][:8], "--outlet", "Briefing digest", "--date",
                         "2026-02-24", "--json")
    assert code == 0, err
    edited = json.loads(out)
    assert (edited["id"], edited["outlet"], edited["date"]) == (doc["id"], "Briefing digest",
                                                                "2026-02-24")
    assert next(d for d in run_json(run, "docs") if d["id"] == doc["id"])["date"] == "2026-02-24"
    code, _, err = run("edit-doc", doc["id"], "--date", "24/02/2026")
    assert code == 1 and "not a date" in err
    code, _, err = run("edit-doc", doc["id"])
    assert code != 0 and "--title" in err
