"""File ▸ Export / Import / Merge project… and Edit ▸ Preferences through the real window."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from briefer.core.analyst import set_analyst
from tests.briefer_cli import cli_ok

SEED = Path(__file__).resolve().parents[3] / "seeds"
#: The other analyst, working through the command line.
BEN = {"BRIEFER_ANALYST": "ben"}


def _save_to(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))


def _open(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))


def _rows(path: Path, *tables: str) -> dict:
    conn = sqlite3.connect(str(path))
    try:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall()) for t in tables}
    finally:
        conn.close()


@pytest.fixture
def tagged(main_window):
    """Two quotes in the window's project: one with an actor and two themes, starred."""
    project = main_window.hub.project
    doc = project.documents.list()[0].id
    project.quotes.add(doc, 0, 30, actors=["Acme Corp"], themes=["Trade", "Risk"],
                       note="a note", starred=True)
    project.quotes.add(doc, 40, 60, themes=["Trade"])
    return main_window


def _export(qtbot, monkeypatch, window, fmt: str, out: Path) -> Path:
    _save_to(monkeypatch, out)
    window.act_export[fmt].trigger()
    qtbot.waitUntil(lambda: out.exists() and window.interchange.task.done, timeout=30_000)
    return out


def test_every_export_format_from_the_menu_reads_back(qtbot, monkeypatch, tagged, tmp_path):
    w = tagged
    assert {a.text() for a in w.export_menu.actions()} >= {
        "W3C annotations (.jsonld)", "REFI-QDA project (.qdpx)", "REFI-QDA codebook (.qdc)",
        "Quotes as CSV", "Quotes as Excel (.xlsx)", "Codebook as CSV", "Matrix as CSV"}
    w3c = json.loads(_export(qtbot, monkeypatch, w, "w3c", tmp_path / "a.jsonld").read_text())
    assert len(w3c["items"] if "items" in w3c else w3c["first"]["items"]) == 2
    with zipfile.ZipFile(_export(qtbot, monkeypatch, w, "qdpx", tmp_path / "p.qdpx")) as z:
        qde = ET.fromstring(z.read("project.qde"))
        assert any(n.endswith(".txt") for n in z.namelist())
    names = {c.get("name") for c in qde.iter() if c.tag.endswith("}Code")}
    assert {"Acme Corp", "Trade", "Risk"} <= names
    qdc = ET.fromstring(_export(qtbot, monkeypatch, w, "qdc", tmp_path / "c.qdc").read_bytes())
    assert "Trade" in {c.get("name") for c in qdc.iter() if c.tag.endswith("}Code")}
    quotes = list(csv.reader(io.StringIO(
        _export(qtbot, monkeypatch, w, "csv", tmp_path / "q.csv").read_text("utf-8-sig"))))
    assert len(quotes) == 3 and "themes" in quotes[0] and "Trade" not in quotes[0]
    codebook = _export(qtbot, monkeypatch, w, "codebook-csv", tmp_path / "cb.csv")
    assert "Acme Corp" in codebook.read_text("utf-8-sig")
    matrix = list(csv.reader(io.StringIO(
        _export(qtbot, monkeypatch, w, "matrix-csv", tmp_path / "m.csv").read_text("utf-8-sig"))))
    assert any("Acme Corp" in row for row in matrix)
    w.act_theme_columns.setChecked(True)                   # the "one column per theme" choice
    with zipfile.ZipFile(_export(qtbot, monkeypatch, w, "xlsx", tmp_path / "q.xlsx")) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "Trade" in sheet and "Risk" in sheet and "a note" in sheet
    header = next(csv.reader(io.StringIO(
        _export(qtbot, monkeypatch, w, "csv", tmp_path / "qt.csv").read_text("utf-8-sig"))))
    assert header[-2:] == ["Risk", "Trade"] or {"Risk", "Trade"} <= set(header)


def test_refi_import_through_the_dialog_with_a_changed_rule(qtbot, monkeypatch, tagged,
                                                           tmp_path, project_path):
    from briefer.core.refi_export import export_qdpx
    from briefer.core.store import Project

    data, _ = export_qdpx(tagged.hub.project)
    qdpx = tmp_path / "theirs.qdpx"
    qdpx.write_bytes(data)
    fresh = tmp_path / "fresh.briefer"
    Project.open(fresh).close()
    assert tagged.open_project_path(fresh)
    _open(monkeypatch, qdpx)
    tagged.act_import_refi.trigger()
    dialog = tagged.interchange.dialog
    assert "Actors" in dialog.rule_text.text() or "actors" in dialog.rule_text.text()
    dialog.actor_roots.setText("Nobody")                   # actors become themes …
    dialog.actor_roots.editingFinished.emit()
    assert "named Nobody become actors" in dialog.rule_text.text()
    row = next(r for r in range(dialog.table.rowCount())
               if dialog.table.item(r, 0).text() == "Themes / Risk")
    combo = dialog.table.cellWidget(row, 1)
    dialog.show()                    # every "Becomes" reads whole ("Nothing (grouping code)")
    qtbot.waitExposed(dialog)
    for r in range(dialog.table.rowCount()):
        shown = dialog.table.cellWidget(r, 1)
        assert shown.width() >= shown.sizeHint().width(), (r, shown.currentText())
    assert combo.sizeHint().width() >= combo.fontMetrics().horizontalAdvance(
        "Nothing (grouping code)")
    combo.setCurrentIndex(combo.findData("skip"))          # … and one code is skipped
    assert "1 code(s) set by hand" in dialog.rule_text.text()
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.report_dialog is not None, timeout=30_000)
    report = dialog.report_dialog.text()
    assert "2 quotes added" in report and "skipped: Themes/Risk: set to skip" in report
    rows = _rows(fresh, "actors", "themes", "quotes")
    assert [r[1] for r in rows["actors"]] == []
    assert sorted(r[1] for r in rows["themes"]) == ["Acme Corp", "Trade"]
    assert len(rows["quotes"]) == 2


@pytest.mark.parametrize("starred_as", ["star", "theme"])
def test_refi_import_keeps_stars_and_judgments_unless_the_analyst_says_otherwise(
        qtbot, monkeypatch, tagged, tmp_path, starred_as):
    """The "Starred" code stars its quotes (or, set by hand, becomes a theme); the key
    judgment comes back linked to its quote; checked in the file through a new connection."""
    from briefer.core.refi_export import export_qdpx
    from briefer.core.store import Project

    project = tagged.hub.project
    starred = next(q for q in project.quotes.list() if q.starred)
    project.judgments.add("Acme will trade.", "high", [starred.id], likelihood="likely",
                          basis="Said twice.")
    data, _ = export_qdpx(project)
    qdpx = tmp_path / "theirs.qdpx"
    qdpx.write_bytes(data)
    fresh = tmp_path / "fresh.briefer"
    Project.open(fresh).close()
    assert tagged.open_project_path(fresh)
    _open(monkeypatch, qdpx)
    tagged.act_import_refi.trigger()
    dialog = tagged.interchange.dialog
    row = next(r for r in range(dialog.table.rowCount())
               if dialog.table.item(r, 0).text() == "Starred")
    combo = dialog.table.cellWidget(row, 1)
    assert combo.currentData() == "star"
    if starred_as != "star":
        combo.setCurrentIndex(combo.findData(starred_as))
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.report_dialog is not None, timeout=30_000)
    assert "1 key judgments added" in dialog.report_dialog.text()
    rows = _rows(fresh, "quotes", "themes", "judgments", "judgment_quotes")
    conn = sqlite3.connect(str(fresh))
    try:
        stars = conn.execute("SELECT id FROM quotes WHERE starred = 1").fetchall()
        judgment = conn.execute("SELECT text, confidence, likelihood, basis FROM judgments"
                                ).fetchall()
    finally:
        conn.close()
    assert stars == ([(starred.id,)] if starred_as == "star" else [])
    assert ("Starred" in [r[1] for r in rows["themes"]]) == (starred_as == "theme")
    assert judgment == [("Acme will trade.", "high", "likely", "Said twice.")]
    assert [r[1] for r in rows["judgment_quotes"]] == [starred.id]


def test_merge_a_childs_project_then_undo_and_redo_in_one_step(qtbot, monkeypatch, tagged,
                                                               tmp_path, project_path):
    other = tmp_path / "ben.briefer"
    seed = str(sorted(SEED.glob("*.txt"))[0])
    cli_ok("import", "--project", str(other), seed, env=BEN)
    doc = json.loads(cli_ok("doc", "list", "--project", str(other), "--json", env=BEN))[0]["id"]
    cli_ok("quote", "add", "--project", str(other), "--doc", doc, "--start", "100", "--end",
           "140", "--actor", "Ben's actor", "--theme", "trade", env=BEN)
    cli_ok("theme", "recolour", "--project", str(other), "trade", "#123456", env=BEN)
    cli_ok("judgment", "add", "--project", str(other), "Ben judges", env=BEN)
    cli_ok("actor", "add", "--project", str(other), "Acme", env=BEN)   # our alias of Acme Corp
    tagged.hub.project.codebook.update_actor("Acme Corp", aliases=["ACME"])
    tables = ("documents", "quotes", "actors", "themes", "quote_actors", "quote_themes",
              "judgments")
    before = _rows(project_path, *tables)
    hub = tagged.hub
    _open(monkeypatch, other)
    tagged.act_merge.trigger()
    qtbot.waitUntil(lambda: tagged.interchange.dialog is not None, timeout=30_000)
    text = tagged.interchange.dialog.text()
    assert "1 quotes added" in text and "conflict: theme colour 'trade'" in text
    assert "actor: their 'Acme' = our 'Acme Corp' (alias)" in text
    after = _rows(project_path, *tables)
    assert len(after["quotes"]) == len(before["quotes"]) + 1
    assert "Ben's actor" in [r[1] for r in after["actors"]]
    assert "Ben judges" in [r[1] for r in after["judgments"]]
    assert hub.undo_stack.count() == 1
    hub.undo_stack.undo()
    assert _rows(project_path, *tables) == before
    hub.undo_stack.redo()
    redone = _rows(project_path, *tables)
    assert len(redone["quotes"]) == len(after["quotes"])
    assert [r[1] for r in redone["actors"]] == [r[1] for r in after["actors"]]


def test_merge_a_quote_whose_speaker_we_have_under_another_id(qtbot, monkeypatch, tagged,
                                                              tmp_path, project_path):
    """The tester's case: their speaker is an actor of ours by name (another UUID); the
    merge used to fail with "could not be written (FOREIGN KEY constraint failed)"."""
    other = tmp_path / "ben.briefer"
    cli_ok("import", "--project", str(other), str(sorted(SEED.glob("*.txt"))[0]), env=BEN)
    doc = json.loads(cli_ok("doc", "list", "--project", str(other), "--json", env=BEN))[0]["id"]
    cli_ok("actor", "add", "--project", str(other), "acme corp", env=BEN)
    quote = json.loads(cli_ok("quote", "add", "--project", str(other), "--doc", doc, "--start",
                              "100", "--end", "140", "--json", env=BEN))["id"]
    cli_ok("quote", "edit", "--project", str(other), quote, "--speaker", "Acme Corp",
           "--credibility", "2", env=BEN)
    errors: list[str] = []                  # what the warning box would say
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: errors.append(text))
    before = _rows(project_path, "quotes", "actors")
    _open(monkeypatch, other)
    tagged.act_merge.trigger()
    qtbot.waitUntil(lambda: tagged.interchange.dialog is not None or bool(errors),
                    timeout=30_000)
    assert errors == [] and "1 quotes added" in tagged.interchange.dialog.text()
    conn = sqlite3.connect(str(project_path))
    try:
        ours = conn.execute("SELECT id FROM actors WHERE name = 'Acme Corp'").fetchone()[0]
        assert conn.execute("SELECT speaker_actor_id, credibility FROM quotes WHERE id = ?",
                            [quote]).fetchone() == (ours, 2)
    finally:
        conn.close()
    tagged.hub.undo_stack.undo()
    assert _rows(project_path, "quotes", "actors") == before


def test_the_analyst_preference_is_recorded_on_new_quotes(qtbot, main_window, project_path):
    main_window.act_preferences.trigger()
    dialog = main_window.interchange.dialog
    dialog.analyst.setText("Ana Analyst")
    try:
        dialog.accept()
        assert main_window.settings.value("analyst") == "Ana Analyst"
        project = main_window.hub.project
        project.quotes.add(project.documents.list()[0].id, 0, 10)
        conn = sqlite3.connect(str(project_path))
        try:
            assert conn.execute("SELECT created_by FROM quotes").fetchall() == [("Ana Analyst",)]
        finally:
            conn.close()
    finally:
        set_analyst(None)
