"""What the command line says when it is used a little wrong, and what its exit codes mean."""

from __future__ import annotations

import pytest

from tests.briefer_cli import run_cli


@pytest.fixture
def small(tmp_path):
    """A project with one document and one quote."""
    path = tmp_path / "small.briefer"
    from briefer.core.store import Project

    with Project.open(path) as project:
        doc = project.documents.add("The ministry said the talks would go on next week.",
                                    title="Talks")
        project.quotes.add_text(doc, "the talks would go on", themes=["Talks"])
    return path


def test_brief_takes_its_format_from_a_docx_name(small, tmp_path):
    pytest.importorskip("docx")
    out = tmp_path / "brief.docx"
    done = run_cli("brief", "--project", str(small), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(out) and out.read_bytes()[:2] == b"PK"
    wrong = run_cli("brief", "--project", str(small), "--format", "pdf", "--out",
                    str(tmp_path / "x.docx"))
    assert wrong.returncode == 2 and not (tmp_path / "x.docx").exists()
    assert ("the brief is a PDF: give the file a .pdf name, not 'x.docx' (or --format docx "
            "for the Word copy)") in wrong.stderr
