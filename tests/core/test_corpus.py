"""Reading corpus files: the seeds, exact text, refusals. Encodings: ``test_encodings.py``;
HTML: ``test_corpus_html.py``; metadata guessing: ``test_metadata.py``."""

from __future__ import annotations

import hashlib
import pickle
import struct
import zlib
from pathlib import Path

import pytest

from briefer.core import corpus
from briefer.core.corpus import ImportRefused, read_document

from .corpus_files import refusal, write

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))


def seed(prefix: str) -> Path:
    return next(p for p in SEED_FILES if p.name.startswith(prefix))


# -- the five seeds ---------------------------------------------------------------------

def test_there_are_five_seeds():
    assert len(SEED_FILES) == 5


def test_seed_000_leading_date_label_and_sentence_title():
    doc = read_document(seed("000_"))
    assert doc.date == "2026-03-03"
    assert doc.title == ("Anthropic managed to massively piss off both the DoW and China "
                         "in the same week.")
    assert doc.author is None and doc.outlet is None


def test_seed_001_first_line_is_title():
    doc = read_document(seed("001_"))
    assert doc.title == "Anthropic Faces Geopolitical Headwinds"
    assert (doc.outlet, doc.author, doc.date) == (None, None, None)


def test_seed_002_author_line_and_original_title():
    doc = read_document(seed("002_"))
    assert doc.author == "Ada"
    assert doc.outlet == "Shenchao TechFlow"  # the Author line beats the Bitpush links
    assert doc.title == "Anthropic's 72-Hour Identity Crisis"
    assert doc.date is None  # "February 24, Tuesday" has no year: none is invented


def test_seed_003_site_name_repeated_headline_and_updated_date():
    doc = read_document(seed("003_"))
    assert doc.outlet == "AI Finance & Luxury Watch"
    assert doc.title == ("Anthropic’s accusations of Chinese model distillation and escalating "
                         "conflict with the U.S. government")
    assert doc.date == "2026-02-28"
    assert doc.author is None


def test_seed_004_breadcrumb_and_published_on_next_line():
    doc = read_document(seed("004_"))
    assert doc.outlet in ("BTCC", "BTCC Square")
    assert doc.author == "QuantumNode99"
    assert doc.title == "Anthropic Doubles Down: Expands AI Ban to Chinese-Controlled Firms in 2025"
    assert doc.date == "2025-09-05"


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name[:3])
def test_seed_text_is_exactly_the_file(path):
    doc = read_document(path)
    with open(path, encoding="utf-8", newline="") as fh:
        assert doc.text == fh.read()
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert (doc.format, doc.encoding, doc.path) == ("txt", "utf-8", str(path))


# -- exactness ------------------------------------------------------------------------

def test_crlf_and_surrounding_whitespace_are_kept(tmp_path):
    raw = "  Title line  \r\n\r\nBody\twith tab.\r\n\n  "
    doc = read_document(write(tmp_path, "crlf.txt", raw))
    assert doc.text == raw
    assert doc.sha256 == hashlib.sha256(raw.encode("utf-8")).hexdigest()


def test_unicode_is_not_normalised(tmp_path):
    raw = "Cafe\u0301 vs Caf\u00e9 \ufb01ne\n"  # decomposed é, precomposed é, "ﬁ" ligature
    assert read_document(write(tmp_path, "nfd.md", raw)).text == raw


def test_utf8_bom_is_removed_and_nothing_else(tmp_path):
    doc = read_document(write(tmp_path, "bom.txt", b"\xef\xbb\xbfHello\r\nworld \n"))
    assert doc.text == "Hello\r\nworld \n"
    assert doc.encoding == "utf-8-sig"
    assert doc.sha256 == hashlib.sha256(b"Hello\r\nworld \n").hexdigest()


def test_markdown_is_stored_as_its_plain_text(tmp_path):
    raw = "# Heading\n\n*emphasis* and [a link](http://x.test)\n"
    doc = read_document(write(tmp_path, "note.markdown", raw))
    assert (doc.text, doc.format, doc.title) == ("Heading\n\nemphasis and a link\n", "md",
                                                 "Heading")


def test_relative_path_becomes_absolute(tmp_path, monkeypatch):
    write(tmp_path, "rel.txt", "Some text\n")
    monkeypatch.chdir(tmp_path)
    assert read_document("rel.txt").path == str(tmp_path / "rel.txt")


# -- refusals -------------------------------------------------------------------------

def png_bytes() -> bytes:
    ihdr = struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0)
    chunk = struct.pack(">I", len(ihdr)) + b"IHDR" + ihdr
    chunk += struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return b"\x89PNG\r\n\x1a\n" + chunk + b"\x00" * 64


def test_png_renamed_txt_is_refused(tmp_path):
    assert "PNG" in refusal(write(tmp_path, "picture.txt", png_bytes())).reason


def test_pdf_renamed_txt_is_refused(tmp_path):
    pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    assert "PDF" in refusal(write(tmp_path, "report.pdf.txt", pdf)).reason


def test_nul_bytes_without_bom_are_refused(tmp_path):
    data = "text".encode("utf-16-le") + b"\x00\x01\x02" * 10
    assert "binary" in refusal(write(tmp_path, "blob.txt", data)).reason


def test_control_characters_are_refused(tmp_path):
    data = bytes(range(1, 9)) * 40 + b"some text"
    assert "binary" in refusal(write(tmp_path, "ctrl.md", data)).reason


@pytest.mark.parametrize("data", [b"", b"   \r\n\t\n  ", b"\xef\xbb\xbf \n"])
def test_empty_and_whitespace_only_are_refused(tmp_path, data):
    refusal(write(tmp_path, "blank.txt", data))


def test_oversize_refused_before_reading(tmp_path, monkeypatch):
    path = write(tmp_path, "big.txt", "x" * 101)
    monkeypatch.setattr(corpus, "MAX_BYTES", 100)

    def no_open(*args, **kwargs):
        raise AssertionError("the file was opened before its size was checked")

    monkeypatch.setattr(corpus, "open", no_open, raising=False)
    assert refusal(path).reason == "the file is 101 bytes, over the 100 bytes limit"


def test_oversize_message_gives_the_real_size_against_the_limit(tmp_path):
    """20 MB and one byte must not read "20.0 MB, over the 20.0 MB limit"."""
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(corpus.MAX_BYTES + 1)      # sparse: no 20 MB written
    assert refusal(path).reason == ("the file is 20.0 MB (20,971,521 bytes), "
                                    "over the 20 MB limit")


def test_file_at_the_limit_is_accepted(tmp_path, monkeypatch):
    monkeypatch.setattr(corpus, "MAX_BYTES", 100)
    assert read_document(write(tmp_path, "edge.txt", "y" * 100)).text == "y" * 100


@pytest.mark.parametrize("name", ["sheet.xlsx", "slides.pptx", "README", "page.HTML.bak"])
def test_unsupported_suffix_is_refused(tmp_path, name):
    assert "unsupported" in refusal(write(tmp_path, name, "plain text")).reason


def test_uppercase_suffix_is_supported(tmp_path):
    assert read_document(write(tmp_path, "NOTES.TXT", "Hello\n")).format == "txt"


def test_missing_file_is_refused(tmp_path):
    assert "does not exist" in refusal(tmp_path / "gone.txt").reason


def test_directory_is_refused(tmp_path):
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    refusal(folder)


def test_import_refused_message_and_attributes():
    exc = ImportRefused("/some/where/file name.txt", "it is broken")
    assert str(exc) == "Cannot import file name.txt: it is broken"
    assert (exc.path, exc.reason) == ("/some/where/file name.txt", "it is broken")
    copy = pickle.loads(pickle.dumps(exc))
    assert (str(copy), copy.path, copy.reason) == (str(exc), exc.path, exc.reason)
