"""PDFs: the text layer with its pages kept, so quotes cite their page in the brief.

The PDFs are made in the test with reportlab; the store is reached through the CLI.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from briefer.core import corpus_pdf
from briefer.core.corpus import ImportRefused, read_document
from tests.briefer_cli import run_cli


#: One distinct paragraph per page; page 3's holds the quoted sentence.
BODY = [
    ["The committee met on the first of March to review the harbour accounts.",
     "Members asked why the dredging budget had doubled since the previous year."],
    ["Officials explained that silt had built up faster after the winter storms.",
     "The finance director promised a full breakdown of the contracts by summer."],
    ["The minister said the port would remain open to all ships during repairs.",
     "She added that the inter-",
     "national shipping lanes would be marked with new buoys."],
    ["A vote on the revised budget was postponed until the next session.",
     "The chair thanked the harbour staff for their work during the storms."],
]


def make_pdf(path: Path, pages: list[list[str]], title: str | None = "Harbour committee report",
             author: str | None = "Ana Lima") -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    if title:
        c.setTitle(title)
    if author:
        c.setAuthor(author)
    for number, lines in enumerate(pages, 1):
        c.setFont("Helvetica", 9)
        c.drawString(72, 800, "Harbour Committee — Minutes of proceedings")
        c.setFont("Helvetica", 11)
        y = 740
        for line in lines:
            c.drawString(72, y, line)
            y -= 16
        c.setFont("Helvetica", 9)
        c.drawString(280, 40, f"Page {number} of {len(pages)}")
        c.showPage()
    c.save()
    return path


def make_scan(path: Path) -> Path:
    """A PDF of two pages that are only images (like a scanner's output)."""
    from reportlab.lib.utils import ImageReader
    import io
    import struct
    import zlib

    raw = b"".join(b"\x00" + bytes([200, 200, 200]) * 8 for _ in range(8))
    chunk = lambda kind, data: (struct.pack(">I", len(data)) + kind + data
                                + struct.pack(">I", zlib.crc32(kind + data)))
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    c = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(2):
        c.drawImage(ImageReader(io.BytesIO(png)), 50, 50, 500, 700)
        c.showPage()
    c.save()
    return path


def test_pages_are_kept_with_their_start_offsets(tmp_path):
    doc = read_document(make_pdf(tmp_path / "minutes.pdf", BODY))
    assert doc.format == "pdf" and len(doc.pages) == 4 and doc.pages[0] == 0
    for number, (start, lines) in enumerate(zip(doc.pages, BODY), 1):
        assert doc.text[start:].startswith(lines[0]), number
        assert corpus_pdf.page_of(doc.pages, start + 5) == number
    assert corpus_pdf.page_of(json.dumps(doc.pages), len(doc.text) - 1) == 4


def test_hyphenation_is_joined_and_headers_and_footers_dropped(tmp_path):
    text = read_document(make_pdf(tmp_path / "minutes.pdf", BODY)).text
    assert "She added that the international shipping lanes" in text
    assert "inter-" not in text
    assert "Minutes of proceedings" not in text
    assert "Page 3 of 4" not in text and "of 4" not in text


def test_metadata_from_the_pdf_info_else_the_first_page(tmp_path):
    doc = read_document(make_pdf(tmp_path / "a.pdf", BODY))
    assert (doc.title, doc.author) == ("Harbour committee report", "Ana Lima")
    assert doc.date and len(doc.date) == 10
    bare = read_document(make_pdf(tmp_path / "b.pdf", BODY, title=None, author=None))
    assert bare.title == BODY[0][0]


def test_a_scanned_pdf_is_refused_saying_it_has_no_text_layer(tmp_path):
    path = make_scan(tmp_path / "scan.pdf")
    with pytest.raises(ImportRefused) as info:
        read_document(path)
    assert "scan.pdf" in str(info.value)
    assert "no text layer" in info.value.reason and "OCR" in info.value.reason


def test_a_file_named_pdf_that_is_not_one_is_refused(tmp_path):
    (tmp_path / "fake.pdf").write_text("plain text", encoding="utf-8")
    with pytest.raises(ImportRefused) as info:
        read_document(tmp_path / "fake.pdf")
    assert "it is not a PDF" in info.value.reason


def test_a_damaged_pdf_is_refused(tmp_path):
    (tmp_path / "cut.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n")
    with pytest.raises(ImportRefused) as info:
        read_document(tmp_path / "cut.pdf")
    assert "not a readable PDF" in info.value.reason or "no pages" in info.value.reason


def test_quotes_cite_their_page_in_the_brief(tmp_path):
    project = str(tmp_path / "p.briefer")
    pdf = make_pdf(tmp_path / "minutes.pdf", BODY)
    assert run_cli("import", "--project", project, str(pdf)).returncode == 0
    doc = json.loads(run_cli("doc", "list", "--project", project, "--json").stdout)[0]["id"]
    for quote in ("the port would remain open to all ships", "A vote on the revised budget"):
        added = run_cli("quote", "add", "--project", project, "--doc", doc, "--quote", quote,
                        "--theme", "Ports")
        assert added.returncode == 0, added.stderr
    out = tmp_path / "brief.pdf"
    made = run_cli("brief", "--project", project, "--out", str(out))
    assert made.returncode == 0, made.stderr
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    assert "[1, p. 3 · F6]" in flat and "[1, p. 4 · F6]" in flat       # ungraded: F6


def test_page_of_a_document_without_pages_is_none():
    assert corpus_pdf.page_of(None, 10) is None
    assert corpus_pdf.page_of("not json", 10) is None
