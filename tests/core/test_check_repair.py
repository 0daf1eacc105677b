"""``briefer check --repair``: another program writing the file with its own connection
(plain ``sqlite3``: recursive_triggers off, foreign keys off, as the sqlite3 shell, DB Browser
and Datasette have them) can leave kept counts that drifted and speaker/carrier ids naming no
actor; ``check`` names them and ``--repair`` mends them in one transaction, saying what."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from briefer.core.store import Project
from tests.briefer_cli import run_cli

from .test_link_counts import TEXT, assert_counts_right, file_counts

#: Another program's writes: REPLACE of link rows that are there, with recursive_triggers
#: off, so the implicit delete of the row replaced fires no trigger.
REPLACING = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
assert conn.execute("PRAGMA recursive_triggers").fetchone() == (0,)
q1, q2, a1, a2, t1 = sys.argv[2:]
conn.execute("INSERT OR REPLACE INTO quote_actors (quote_id, actor_id) VALUES (?, ?)", [q1, a1])
conn.execute("REPLACE INTO quote_themes (quote_id, theme_id) VALUES (?, ?)", [q2, t1])
conn.execute("UPDATE OR REPLACE quote_actors SET actor_id = ? WHERE quote_id = ? AND actor_id = ?",
             [a1, q1, a2])
conn.close()
"""


def other_program(script: str, *args: str) -> None:
    proc = subprocess.run([sys.executable, "-c", script, *args], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr


def two_quotes(project_path) -> tuple[str, ...]:
    """Two quotes tagged with two actors and a theme: (q1, q2, a1, a2, t1)."""
    with Project.open(project_path) as project:
        doc = project.documents.add(TEXT, title="Ports")
        a1, a2 = (project.codebook.add_actor(n) for n in ("Port authority", "Union"))
        t1 = project.codebook.add_theme("Trade")
        q1 = project.quotes.add(doc, 0, 19, actors=[a1, a2], themes=[t1])
        q2 = project.quotes.add(doc, 20, 45, actors=[a1], themes=[t1])
    return q1, q2, a1, a2, t1


def test_repair_recounts_what_another_programs_replace_left_wrong(project_path):
    q1, q2, a1, a2, t1 = two_quotes(project_path)
    assert run_cli("check", "--project", str(project_path)).returncode == 0
    other_program(REPLACING, str(project_path), q1, q2, a1, a2, t1)
    kept, counted = file_counts(project_path)["actor_counts"]
    assert kept != counted                                  # the drift the repair is for
    proc = run_cli("check", "--project", str(project_path))
    assert proc.returncode != 0 and "actor_counts: " in proc.stderr
    assert "--repair" in proc.stderr

    proc = run_cli("check", "--repair", "--project", str(project_path))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[-1] == "ok"
    assert {line.split(":")[1].strip() for line in lines[:-1]} == {
        "actor_counts", "theme_counts", "matrix_counts"}
    assert all(line.startswith("repaired: ") and "recounted from the links" in line
               for line in lines[:-1])
    assert_counts_right(project_path)
    assert file_counts(project_path)["actor_counts"][0] == {(a1,): 2}
    again = run_cli("check", "--repair", "--project", str(project_path))
    assert again.returncode == 0 and again.stdout.splitlines() == ["ok"]


#: Another program deletes an actor with foreign keys off (an older Briefer's delete left
#: the carrier's id the same way).
DELETING = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("DELETE FROM actors WHERE name = 'Reuters'")
conn.close()
"""


def test_repair_drops_speaker_and_carrier_ids_naming_no_actor(project_path):
    with Project.open(project_path) as project:
        doc = project.documents.add(TEXT, title="Ports")
        project.codebook.add_actor("Reuters")
        q1 = project.quotes.add(doc, 0, 19, speaker="Reuters", carrier="Reuters")
        q2 = project.quotes.add(doc, 20, 45, speaker="a harbour pilot", carrier="Reuters")
        project.db.execute("UPDATE quotes SET carrier_text = 'Reuters wire' WHERE id = ?", [q2])
    other_program(DELETING, str(project_path))
    proc = run_cli("check", "--project", str(project_path))
    assert proc.returncode != 0
    for line in (f"quote {q1}: its speaker names an actor that is no longer there",
                 f"quote {q1}: its carrier names an actor that is no longer there",
                 f"quote {q2}: its carrier names an actor that is no longer there"):
        assert line in proc.stderr, proc.stderr

    proc = run_cli("check", "--repair", "--project", str(project_path))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert len([line for line in proc.stdout.splitlines() if "dropped its" in line]) == 3
    conn = sqlite3.connect(project_path)
    try:
        assert conn.execute("SELECT id, speaker_actor_id, speaker_text, carrier_actor_id, "
                            "carrier_text FROM quotes ORDER BY start_cp").fetchall() == [
            (q1, None, "", None, ""), (q2, None, "a harbour pilot", None, "Reuters wire")]
    finally:
        conn.close()


def _stopping(calls: list[int], after: int):
    """A ``progress(done, total)`` that says stop on its call number ``after``."""
    def progress(done: int, total: int) -> bool:
        calls.append(done)
        return len(calls) < after
    return progress


def test_stopping_interrupts_sqlite_mid_statement_and_a_repair_writes_nothing(
        project_path, monkeypatch):
    """``progress`` is asked by SQLite too (every ``_ASK_EVERY`` steps of its machine, set
    low here): False stops the statement under way, not only between kinds; a repair
    stopped in its recount is rolled back (read through a connection of the test's own)."""
    from briefer.core import check

    q1, q2, a1, a2, t1 = two_quotes(project_path)
    other_program(REPLACING, str(project_path), q1, q2, a1, a2, t1)
    drifted = file_counts(project_path)
    monkeypatch.setattr(check, "_ASK_EVERY", 50)
    with Project.open(project_path) as project:
        calls: list[int] = []
        with pytest.raises(check.CheckCancelled, match="^The check was stopped"):
            project.findings(_stopping(calls, 2))
        assert calls == [0, 0]            # the second ask came from SQLite, in the first kind
        calls = []
        with pytest.raises(check.CheckCancelled, match="nothing was changed"):
            project.repair(_stopping(calls, 2))
        assert calls == [0, 0]
        assert not project.db.conn.in_transaction
    assert file_counts(project_path) == drifted
    with Project.open(project_path) as project:        # asked and never stopped: mended
        assert len(project.repair(lambda done, total: True)) == 3
        assert [f.kind for f in project.findings(lambda done, total: None)] == []
    assert_counts_right(project_path)


#: Another program deletes an actor, a theme, a quote and a judgment with foreign keys off
#: (the sqlite3 shell's default): the link rows naming them are left dangling.
DELETING_LINKED = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
assert conn.execute("PRAGMA foreign_keys").fetchone() == (0,)
for table, row_id in zip(("actors", "themes", "quotes", "judgments"), sys.argv[2:]):
    assert conn.execute(f"DELETE FROM {table} WHERE id = ?", [row_id]).rowcount == 1
conn.close()
"""


def test_repair_drops_links_to_rows_another_program_deleted(project_path):
    with Project.open(project_path) as project:
        doc = project.documents.add(TEXT, title="Ports")
        a1, a2 = (project.codebook.add_actor(n) for n in ("Port authority", "Union"))
        t1, t2 = (project.codebook.add_theme(n) for n in ("Trade", "Labour"))
        q1 = project.quotes.add(doc, 0, 19, actors=[a1, a2], themes=[t1, t2])
        q2 = project.quotes.add(doc, 20, 45, actors=[a1], themes=[t2])
        q3 = project.quotes.add(doc, 46, 63, actors=[a1, a2], themes=[t1, t2])
        q4 = project.quotes.add(doc, 64, 80, actors=[a2], themes=[t2])
        j1 = project.judgments.add("Ports stay shut", quotes=[q1, q3])
        j2 = project.judgments.add("Crews strike", quotes=[q2, q4])
    assert run_cli("check", "--project", str(project_path)).returncode == 0
    other_program(DELETING_LINKED, str(project_path), a1, t1, q3, j2)

    proc = run_cli("check", "--project", str(project_path))
    assert proc.returncode != 0
    problems = proc.stderr.splitlines()
    assert "foreign key: (" not in proc.stderr
    for line in (f"3 quotes link to actor {a1}, which no longer exists",
                 f"2 quotes link to theme {t1}, which no longer exists",
                 f"quote {q3}, which no longer exists, still links to 2 actors",
                 f"quote {q3}, which no longer exists, still links to 2 themes",
                 f"1 judgment cites quote {q3}, which no longer exists",
                 f"judgment {j2}, which no longer exists, still cites 2 quotes"):
        assert any(p.startswith(line) and "--repair" in p for p in problems), (line, problems)
    assert len(problems) == 6, problems

    proc = run_cli("check", "--repair", "--project", str(project_path))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.splitlines()[-1] == "ok"
    assert len([line for line in proc.stdout.splitlines() if "dropped" in line]) == 6
    conn = sqlite3.connect(project_path)
    try:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert sorted(conn.execute("SELECT * FROM quote_actors")) == sorted(
            [(q1, a2), (q4, a2)])
        assert sorted(conn.execute("SELECT * FROM quote_themes")) == sorted(
            [(q1, t2), (q2, t2), (q4, t2)])
        assert conn.execute("SELECT * FROM judgment_quotes").fetchall() == [(j1, q1)]
        assert sorted(conn.execute("SELECT id FROM quotes")) == sorted([(q1,), (q2,), (q4,)])
        assert dict(conn.execute("SELECT * FROM actor_counts")) == {a2: 2}
        assert dict(conn.execute("SELECT * FROM theme_counts")) == {t2: 3}
        assert conn.execute("SELECT * FROM matrix_counts").fetchall() == [(a2, t2, 2)]
    finally:
        conn.close()
    assert_counts_right(project_path)
    again = run_cli("check", "--repair", "--project", str(project_path))
    assert again.returncode == 0 and again.stdout.splitlines() == ["ok"]


def test_rows_naming_a_deleted_document_are_worded_and_left_to_a_backup(project_path):
    """A key outside the link tables (a quote's document) is named in words too; repair does
    not delete quotes, so the finding stays (``sqlite``: restore from a backup)."""
    with Project.open(project_path) as project:
        doc = project.documents.add(TEXT, title="Ports")
        project.quotes.add(doc, 0, 19)
        project.quotes.add(doc, 20, 45)
    other_program("import sqlite3, sys\nc = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
                  "c.execute('DELETE FROM documents')\n", str(project_path))
    with Project.open(project_path) as project:
        found = project.findings()
        assert [(f.kind, f.problem) for f in found if f.kind == "sqlite"] == [
            ("sqlite", f"1 row of document_chunks names document {doc} (documents.id), which "
                       "no longer exists"),
            ("sqlite", f"2 rows of quotes name document {doc} (documents.id), which no longer "
                       "exists")]
        assert not any(f.repairable for f in found if f.kind == "sqlite")
