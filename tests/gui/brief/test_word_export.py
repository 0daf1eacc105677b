"""File ▸ Export brief as Word: the action, through the real window (save dialog patched),
writes a .docx off the GUI thread that python-docx reads back with the brief's headings,
its matrix and every quote; a refusal says why and writes nothing."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFileDialog

from briefer.brief.build import build_brief
from briefer.brief.navigation import headings

docx = pytest.importorskip("docx")


def answer(monkeypatch, target) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))


def wait(qtbot, export):
    qtbot.waitUntil(lambda: export.result is not None or export.error is not None,
                    timeout=60_000)
    return export


def test_export_as_word_from_the_file_menu(qtbot, demo_window, monkeypatch, tmp_path):
    file_menu = next(a.menu() for a in demo_window.menuBar().actions() if a.text() == "&File")
    assert demo_window.act_export_word in file_menu.actions()
    answer(monkeypatch, tmp_path / "brief")                     # the export adds .docx
    demo_window.act_export_word.trigger()
    export = wait(qtbot, demo_window.word_export)
    out = tmp_path / "brief.docx"
    assert export.error is None and export.result == out and out.is_file()
    assert str(out) in export.message_box.text()
    brief = build_brief(demo_window.hub.project, demo_window.docks["briefDock"].options())
    doc = docx.Document(str(out))
    heads = {p.text for p in doc.paragraphs if p.style.name == "Heading 1"}
    assert {h.title for h in headings(brief)} <= heads
    text = " ".join(" ".join(p.text for p in doc.paragraphs).split())
    for q in brief.quotes:
        assert " ".join(q.text.split())[:80] in text, q.text[:40]
    matrix = next(t for t in doc.tables if t.rows[0].cells[-1].text == "Total")
    assert [c.text for c in matrix.rows[0].cells[1:-1]] == brief.matrix.themes


def test_word_export_refusal_says_why(qtbot, demo_window, monkeypatch, tmp_path):
    folder = tmp_path / "not-a-folder"
    folder.write_text("a file where the folder should be")
    answer(monkeypatch, folder / "brief.docx")
    demo_window.act_export_word.trigger()
    export = wait(qtbot, demo_window.word_export)
    assert export.result is None and "Cannot write brief.docx" in export.message_box.text()
    assert "Choose another folder" in export.message_box.text()
