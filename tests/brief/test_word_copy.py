"""The brief's Word copy (``briefer brief --format docx``, by another process), read back with
python-docx: headings, quotes, the matrix, the header and footer, the East Asian font."""

from __future__ import annotations

import pytest

from briefer.brief.build import build_brief
from briefer.brief.navigation import headings
from tests.briefer_cli import run_cli


def test_word_copy_reads_back(demo_path, tmp_path):
    docx = pytest.importorskip("docx")
    out = tmp_path / "brief.docx"
    run = run_cli("brief", "--project", demo_path, "--format", "docx", "--out", out)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == str(out)
    from briefer.brief.compile import open_read_only

    with open_read_only(demo_path) as project:
        brief = build_brief(project)
    doc = docx.Document(str(out))
    heads = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Head")]
    titles = [t for _, t in heads]
    for h in headings(brief):
        assert (("Heading 1", h.title) in heads), f"no Heading 1 {h.title!r}: {titles[:20]}"
    text = "\n".join(p.text for p in doc.paragraphs)
    for q in brief.quotes:
        assert " ".join(q.text.split())[:80] in " ".join(text.split()), q.text[:40]
    matrix = next(t for t in doc.tables if t.rows[0].cells[-1].text == "Total")
    assert [c.text for c in matrix.rows[0].cells[1:-1]] == brief.matrix.themes
    assert matrix.rows[-1].cells[-1].text == str(brief.matrix.total)     # quotes, not cells
    totals = [r.cells[-1].text for r in matrix.rows[1:-1]]
    assert totals == list(map(str, brief.matrix.actor_totals))
    header = doc.sections[0].header.paragraphs[0].text
    assert brief.marking in header
    assert "PAGE" in doc.sections[0].footer._element.xml
    east = doc.styles["Normal"].element.rPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rFonts")
    assert "CJK" in east.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")


def test_word_copy_refuses_a_pdf_name(demo_path, tmp_path):
    run = run_cli("brief", "--project", demo_path, "--format", "docx", "--out",
                  tmp_path / "x.pdf")
    assert run.returncode != 0 and "Traceback" not in run.stderr
    assert "give it a .docx name" in run.stderr
    assert not (tmp_path / "x.pdf").exists()
