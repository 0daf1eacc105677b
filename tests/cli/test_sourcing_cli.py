"""The sourcing options of the CLI (issue #11), each call a child process."""

from __future__ import annotations

from tests.briefer_cli import cli_json, cli_ok, run_cli

TEXT = "Zhu wrote: “The chips are not the bottleneck.” 分析人士意见不一。 Nobody else spoke.\n"


def test_quotes_documents_judgments_and_settings_carry_sourcing(tmp_path):
    p = ["--project", str(tmp_path / "s.briefer")]
    src = tmp_path / "chips.txt"
    src.write_text(TEXT, encoding="utf-8")
    doc = cli_json("import", *p, str(src))[0]["doc"]
    cli_ok("actor", "add", *p, "Zhu Rui", "--alias", "Zhu", "--kind", "person")
    q = cli_json("quote", "add", *p, "--doc", doc, "--quote", "The chips are not the bottleneck.",
                 "--speaker", "zhu", "--carrier", "ChinaTalk", "--credibility", "2",
                 "--event-date", "2026-03-01", "--print-note", "--note", "Key.")
    assert (q["speaker"], q["speaker_actor_id"] is not None, q["carrier"], q["carrier_text"]) == (
        "Zhu Rui", True, "ChinaTalk", "ChinaTalk")
    assert (q["credibility"], q["event_date"], q["print_note"], q["excluded"]) == (
        2, "2026-03-01", True, False)
    translation = tmp_path / "t.txt"
    translation.write_text("Analysts disagreed.\n", encoding="utf-8")
    q2 = cli_json("quote", "add", *p, "--doc", doc, "--quote", "分析人士意见不一。",
                  "--translation-file", str(translation), "--speaker", "unnamed analysts",
                  "--exclude")
    assert (q2["translation"], q2["speaker"], q2["speaker_actor_id"], q2["excluded"]) == (
        "Analysts disagreed.", "unnamed analysts", None, True)
    q2 = cli_json("quote", "edit", *p, q2["id"], "--include", "--internal-note",
                  "--event-date", "")
    assert (q2["excluded"], q2["print_note"], q2["event_date"]) == (False, False, None)
    listed = cli_json("quote", "list", *p, "--speaker", "Zhu Rui")
    assert [x["id"] for x in listed] == [q["id"]]
    assert "— Zhu Rui (as quoted in ChinaTalk)" in cli_ok("quote", "list", *p)

    d = cli_json("doc", "edit", *p, doc, "--source-type", "think_tank", "--reliability", "b",
                 "--reliability-reason", "Named author; links its sources", "--url",
                 "https://chinatalk.example/p/chips", "--accessed", "2026-03-05")
    assert (d["source_type"], d["reliability"], d["reliability_reason"], d["url"], d["accessed"]) \
        == ("think_tank", "B", "Named author; links its sources",
            "https://chinatalk.example/p/chips", "2026-03-05")

    jid = cli_ok("judgment", "add", *p, "Chips stay scarce.", "--confidence", "high",
                 "--likelihood", "likely", "--basis", "Two sources agree.", "--quote",
                 q["id"]).strip()
    cli_ok("judgment", "edit", *p, jid, "--likelihood", "very_likely")
    j = cli_json("judgment", "show", *p, jid)
    assert (j["likelihood"], j["basis"], j["confidence"]) == ("very_likely", "Two sources agree.",
                                                              "high")

    gaps = tmp_path / "gaps.txt"
    gaps.write_text("No official figures.\n", encoding="utf-8")
    view = cli_json("brief", "settings", "set", *p, "--scope", "Chip exports, March 2026",
                    "--cutoff", "2026-03-06", "--gaps-file", str(gaps), "--outlook-file", "-",
                    input="More controls are coming.")
    assert (view["scope"], view["cutoff"], view["gaps"], view["outlook"]) == (
        "Chip exports, March 2026", "2026-03-06", "No official figures.\n",
        "More controls are coming.")


def test_bad_sourcing_values_are_refused_in_one_line_and_change_nothing(tmp_path):
    p = ["--project", str(tmp_path / "s.briefer")]
    src = tmp_path / "chips.txt"
    src.write_text(TEXT, encoding="utf-8")
    doc = cli_json("import", *p, str(src))[0]["doc"]
    q = cli_json("quote", "add", *p, "--doc", doc, "--quote", "Nobody else spoke.")
    cases = [
        (("quote", "edit", *p, q["id"], "--event-date", "2026-13-01", "--speaker", "X"),
         "event date '2026-13-01' is not a date"),
        (("doc", "edit", *p, doc, "--url", "chinatalk/p", "--reliability", "A"),
         "is not a web address"),
        (("judgment", "add", *p, "J.", "--likelihood", "probable"), "Likelihood must be one of"),
        (("brief", "settings", "set", *p, "--cutoff", "March"),
         "cut-off date 'March' is not a date"),
        (("quote", "edit", *p, q["id"], "--translation", "a", "--translation-file", "-"),
         "Give --translation or --translation-file, not both."),
    ]
    for args, reason in cases:
        proc = run_cli(*args)
        assert proc.returncode != 0 and reason in proc.stderr, (args, proc.stderr)
        assert "Traceback" not in proc.stderr
    assert cli_json("quote", "show", *p, q["id"])["speaker"] == ""
    assert cli_json("doc", "show", *p, doc)["reliability"] == "F"
    assert cli_json("judgment", "list", *p) == []
    assert cli_json("brief", "settings", "show", *p)["cutoff"] == ""


def test_check_brief_warns_about_weak_high_confidence_judgments_and_printed_working_notes(tmp_path):
    p = ["--project", str(tmp_path / "s.briefer")]
    src = tmp_path / "chips.txt"
    src.write_text(TEXT, encoding="utf-8")
    doc = cli_json("import", *p, str(src))[0]["doc"]
    cli_ok("doc", "edit", *p, doc, "--title", "chips")
    q = cli_json("quote", "add", *p, "--doc", doc, "--quote", "Nobody else spoke.",
                 "--note", "Confirm the date before use.", "--print-note")
    cli_ok("judgment", "add", *p, "Nobody spoke.", "--confidence", "high", "--quote", q["id"])
    proc = run_cli("check", *p, "--brief")
    # warnings are not errors: exit 0, each on stderr; --strict makes them exit 3
    assert (proc.returncode, proc.stdout) == (0, "ok, 4 warnings on the brief\n")
    lines = proc.stderr.strip().splitlines()
    assert lines == [
        "Warning: Key judgment 1 (“Nobody spoke.”) has high confidence but rests on one source "
        "only: “chips”.",
        "Warning: Key judgment 1 (“Nobody spoke.”) has high confidence but rests only on "
        "sources graded D–F (F).",
        "Warning: Key judgment 1 (“Nobody spoke.”) has high confidence but rests only on "
        "undated sources.",
        f"Warning: Quote {q['id'][:8]} (“Nobody else spoke.”) prints a note that reads like a "
        "working note: “Confirm the date before use.”.",
    ]
    assert run_cli("check", *p, "--brief", "--strict").returncode == 3
    cli_ok("quote", "edit", *p, q["id"], "--internal-note")
    cli_ok("judgment", "edit", *p, cli_json("judgment", "list", *p)[0]["id"], "--confidence",
           "moderate")
    assert run_cli("check", *p, "--brief").stdout.strip() == "ok"
    assert run_cli("check", *p, "--brief", "--strict").returncode == 0
