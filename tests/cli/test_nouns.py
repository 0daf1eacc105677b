"""The nouns of the command line: documents, quotes, codebook, judgments, brief settings."""

from __future__ import annotations

import json
from functools import partial

import pytest

from briefer.core.store import Project
from tests.briefer_cli import run_cli


@pytest.fixture
def cli(run_main, project_path):
    """Run ``briefer ARGS --project P`` in this process; returns (exit code, stdout, stderr)."""
    from briefer.project import open_project

    open_project(project_path, seed=True).close()
    return partial(run_main, project=project_path)


def js(cli, *args):
    code, out, err = cli(*args, "--json")
    assert code == 0, err
    return json.loads(out)


def first_doc(cli) -> dict:
    return next(d for d in js(cli, "doc", "list") if d["date"] == "2026-03-03")


def test_doc_remove_says_how_many_quotes_and_refuses_without_a_terminal(cli, project_path):
    doc = first_doc(cli)
    for text in ("AI Thanos", "DoW"):
        assert cli("quote", "add", "--doc", doc["id"], "--quote", text)[0] == 0
    proc = run_cli("doc", "remove", doc["id"][:8], project=project_path, input="y\n")
    assert proc.returncode == 1
    assert "and its 2 quotes?" in proc.stderr
    assert "stdin is not a terminal; give --yes" in proc.stderr
    assert len(js(cli, "doc", "list")) == 5                 # nothing lost
    proc = run_cli("doc", "remove", doc["id"][:8], "--yes", project=project_path)
    assert proc.returncode == 0, proc.stderr
    assert "and 2 quotes" in proc.stdout
    assert doc["id"] not in {d["id"] for d in js(cli, "doc", "list")}
    assert js(cli, "quote", "list") == []
    code, _, err = cli("doc", "remove", doc["id"], "--yes")
    assert code == 1 and "No document" in err


def test_doc_show(cli):
    doc = first_doc(cli)
    shown = js(cli, "doc", "show", doc["id"][:8], "--text")
    assert shown["id"] == doc["id"] and "AI Thanos" in shown["text"]


def test_quote_edit_tags_note_star_and_span(cli, tmp_path, project_path):
    doc = first_doc(cli)
    _, qid, _ = cli("quote", "add", "--doc", doc["id"], "--quote", "AI Thanos",
                    "--actor", "Anthropic", "--actor", "DeepSeek", "--theme", "Memes")
    qid = qid.strip()
    note = tmp_path / "note.txt"
    note.write_text("from a file\nline two", encoding="utf-8")
    code, out, err = cli("quote", "edit", qid[:8], "--remove-actor", "deepseek", "--add-actor",
                         "Pentagon", "--add-theme", "Pressure", "--remove-theme", "Memes",
                         "--note-file", str(note), "--star", "--json")
    assert code == 0, err
    q = json.loads(out)
    assert (list(q["actors"]), list(q["themes"]), q["note"], q["starred"]) == (
        ["Anthropic", "Pentagon"], ["Pressure"], "from a file\nline two", True)
    proc = run_cli("quote", "edit", qid, "--start", str(q["start"]), "--end", str(q["end"] + 1),
                   "--unstar", "--json", project=project_path)
    assert proc.returncode == 0, proc.stderr
    moved = json.loads(proc.stdout)
    assert moved["end"] == q["end"] + 1 and moved["text"].startswith("AI Thanos")
    assert not moved["starred"]
    code, _, err = cli("quote", "edit", qid, "--start", "5", "--end", "4", "--note", "lost?")
    assert code == 1 and "Span 5–4 is reversed" in err
    assert js(cli, "quote", "show", qid)["note"] == "from a file\nline two"
    assert cli("quote", "delete", qid, "--yes")[0] == 0
    assert js(cli, "quote", "list") == []


def test_codebook_actors(cli):
    doc = first_doc(cli)
    cli("quote", "add", "--doc", doc["id"], "--quote", "AI Thanos", "--actor", "Anthropic PBC",
        "--actor", "Claude maker")
    assert cli("actor", "rename", "Anthropic PBC", "Anthropic")[0] == 0
    assert cli("actor", "kind", "Anthropic", "organisation")[0] == 0
    assert cli("actor", "alias", "add", "Anthropic", "Ant")[0] == 0
    assert cli("actor", "alias", "add", "Anthropic", "Claude Inc")[0] == 0      # adds to Ant
    assert cli("actor", "alias", "remove", "Anthropic", "ant")[0] == 0
    code, _, err = cli("actor", "alias", "remove", "Anthropic", "Nope")
    assert code == 2 and "not an alias of Anthropic: nope" in err
    assert cli("actor", "recolour", "Anthropic", "#123456")[0] == 0
    code, out, err = cli("actor", "merge", "Claude maker", "Anthropic")
    assert code == 0 and "(1 quote moved)" in out, err
    [actor] = js(cli, "actor", "list")
    assert (actor["name"], list(actor["aliases"]), actor["colour"], actor["quotes"]) == (
        "Anthropic", ["Claude Inc", "Claude maker"], "#123456", 1)
    assert cli("actor", "add", "Pentagon", "--kind", "state", "--alias", "DoW")[0] == 0
    assert cli("actor", "delete", "DoW", "--yes")[0] == 0       # by alias
    assert [a["name"] for a in js(cli, "actor", "list")] == ["Anthropic"]


def test_codebook_themes(cli):
    for name in ("Alpha", "Beta", "Gamma"):
        assert cli("theme", "add", name)[0] == 0
    code, out, _ = cli("theme", "move", "Gamma", "1")
    assert code == 0 and out.split("\n")[0].endswith("1. Gamma")
    assert cli("theme", "describe", "Beta", "The second one")[0] == 0
    assert cli("theme", "rename", "Beta", "Bravo")[0] == 0
    assert cli("theme", "recolour", "Bravo", "#abcdef")[0] == 0
    assert cli("theme", "merge", "Alpha", "Bravo")[0] == 0
    rows = js(cli, "theme", "list")
    assert [(t["name"], t["description"], t["colour"]) for t in rows] == [
        ("Gamma", "", rows[0]["colour"]), ("Bravo", "The second one", "#abcdef")]
    assert cli("theme", "delete", "Gamma", "--yes")[0] == 0
    assert [t["name"] for t in js(cli, "theme", "list")] == ["Bravo"]


def test_judgments_edit_link_move_delete(cli):
    doc = first_doc(cli)
    q1 = cli("quote", "add", "--doc", doc["id"], "--quote", "AI Thanos")[1].strip()
    q2 = cli("quote", "add", "--doc", doc["id"], "--quote", "DoW")[1].strip()
    j1 = cli("judgment", "add", "First.")[1].strip()
    j2 = cli("judgment", "add", "Second.", "--quote", q1)[1].strip()
    assert cli("judgment", "edit", j1[:8], "--text", "First, edited.", "--confidence",
               "high")[0] == 0
    assert cli("judgment", "link", j1, q1, q2[:8])[0] == 0
    assert cli("judgment", "unlink", j2, q1)[0] == 0
    assert cli("judgment", "move", j2, "1")[0] == 0
    assert cli("judgment", "unlink", j1, q2)[0] == 0
    assert "high confidence] First, edited.  (1 quote)\n" in cli("judgment", "list")[1]
    assert cli("judgment", "link", j1, q2)[0] == 0
    rows = js(cli, "judgment", "list")
    assert [(j["id"], j["text"], j["confidence"], len(j["quotes"])) for j in rows] == [
        (j2, "Second.", "moderate", 0), (j1, "First, edited.", "high", 2)]
    assert js(cli, "judgment", "show", j1)["quotes"] == rows[1]["quotes"]
    code, _, err = cli("judgment", "edit", j1)
    assert code == 2 and "--text or --confidence" in err
    assert cli("judgment", "delete", j2, "--yes")[0] == 0
    assert [j["id"] for j in js(cli, "judgment", "list")] == [j1]


def test_counts_are_singular_for_one():
    from briefer.core.text import plural

    assert [plural(n, "quote") for n in (0, 1, 2, 1200)] == [
        "0 quotes", "1 quote", "2 quotes", "1,200 quotes"]
    assert plural(2, "analysis", "analyses") == "2 analyses"


def test_merge_and_codebook_import_count_in_words(cli, project_path, tmp_path):
    other = tmp_path / "other.briefer"
    with Project.open(other) as project:
        project.documents.add("A ministry statement on the talks.", title="Talks")
        project.codebook.add_actor("Ministry")
        project.codebook.add_theme("Talks")
        project.judgments.add("The talks will go on.")
    code, out, err = cli("merge", str(other))
    assert code == 0, err
    assert out.startswith("1 document added (0 matched), 1 actor and 1 theme added, 0 quotes "
                          "added, 0 updated, 0 unchanged, 1 judgment added (0 matched), "
                          "0 conflicts"), out
    table = tmp_path / "codebook.csv"
    table.write_text("name,type\nOne actor,actor\n", encoding="utf-8")
    assert cli("import-codebook", str(table))[1] == "1 actor and 0 themes added, 0 already there\n"


def test_brief_settings_use_the_apps_keys(cli, project_path, tmp_path):
    from briefer.cli.brief import OPTION_KEYS, TEXT_FIELDS
    from briefer.gui.brief import contents as brief_contents
    from briefer.gui.brief import dock as brief_dock

    assert OPTION_KEYS == brief_contents.OPTION_KEYS and TEXT_FIELDS == brief_dock.FIELDS
    for name in ("Alpha", "Beta"):
        cli("theme", "add", name)
    cli("actor", "add", "Anthropic")
    summary = tmp_path / "blufs.txt"
    summary.write_text("Line one.\n- a bullet", encoding="utf-8")
    proc = run_cli("brief", "settings", "set", "--title", "Weekly", "--marking", "TLP:AMBER",
                   "--summary-file", str(summary), "--group-by", "actor", "--order", "Beta",
                   "--filter-theme", "alpha", "--filter-actor", "Anthropic", "--starred",
                   "--json", project=project_path)
    assert proc.returncode == 0, proc.stderr
    view = json.loads(proc.stdout)
    assert (view["title"], view["marking"], view["summary"], view["group_by"], list(view["themes"]),
            list(view["actors"]), view["starred"], view["order"]) == (
        "Weekly", "TLP:AMBER", "Line one.\n- a bullet", "actor", ["Alpha"], ["Anthropic"], True,
        ["Beta", "Alpha"])
    with Project.open(project_path, create=False) as project:
        values = project.settings.get()
        assert values["brief_group_by"] == "actor" and values["brief_starred"] == "1"
        assert json.loads(values["brief_themes"]) == [project.codebook.resolve_theme("Alpha")]
    code, _, err = cli("brief", "settings", "set", "--filter-theme", "Nope", "--title", "Lost")
    assert code == 1 and "No theme named 'Nope'" in err
    assert js(cli, "brief", "settings", "show")["title"] == "Weekly"
    assert list(js(cli, "brief", "settings", "set", "--clear-filters")["themes"]) == []
