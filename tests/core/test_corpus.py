"""Reading corpus files: exact text, decoding, refusals, HTML and metadata guessing."""

from __future__ import annotations

import hashlib
import pickle
import struct
import zlib
from pathlib import Path

import pytest

from briefer.core import corpus
from briefer.core.corpus import (ImportRefused, decode_bytes, guess_metadata, html_to_text,
                                 read_document)

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_bytes(data.encode("utf-8"))
    else:
        path.write_bytes(data)
    return path


def refusal(path: Path) -> ImportRefused:
    with pytest.raises(ImportRefused) as info:
        read_document(path)
    message = str(info.value)
    assert path.name in message
    assert "\n" not in message
    assert info.value.path == str(path)
    return info.value


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


# -- encodings ------------------------------------------------------------------------

CP1252_TEXT = ("The company’s “safety” narrative — once a premium — is evaporating, "
               "said the café’s owner. Prix: 5 €.\r\nSecond line…\r\n")
GB_TEXT = ("美国国防部长要求Anthropic取消对其模型的军事用途限制，否则将取消价值两亿美元的合同。"
           "该公司同时指控三家中国实验室进行工业规模的蒸馏。\n")
BIG5_TEXT = ("美國國防部長要求該公司取消對其模型的軍事用途限制，否則將取消價值兩億美元的合約。"
             "該公司同時指控三家中國實驗室進行工業規模的蒸餾。\n")


@pytest.mark.parametrize("text, codec, expected", [
    (CP1252_TEXT, "cp1252", "cp1252"),
    (GB_TEXT, "gb18030", "gb18030"),
    (GB_TEXT, "gbk", "gb18030"),
    (BIG5_TEXT, "big5", "big5"),
])
def test_legacy_encodings_are_detected(tmp_path, text, codec, expected):
    doc = read_document(write(tmp_path, f"legacy-{codec}.txt", text.encode(codec)))
    assert doc.text == text
    assert doc.encoding == expected
    assert doc.sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path, codec):
    text = "UTF-16 text — 中文 too\r\nline two\n"
    bom = "\ufeff".encode(codec)
    doc = read_document(write(tmp_path, "wide.txt", bom + text.encode(codec)))
    assert (doc.text, doc.encoding) == (text, "utf-16")


def test_accent_heavy_cp1252_is_not_mistaken_for_another_latin_page(tmp_path):
    text = "Café “quoted” résumé — naïve déjà vu. " * 200
    doc = read_document(write(tmp_path, "accents.txt", text.encode("cp1252")))
    assert (doc.text, doc.encoding) == (text, "cp1252")


def test_other_single_byte_pages_still_win_when_the_language_says_so():
    text = ("Dün açıklanan karar, yapay zekâ şirketinin Çin pazarından çekilmesi anlamına "
            "geliyor. Ağır bir darbe.\n")
    assert decode_bytes(text.encode("cp1254"), "tr.txt") == (text, "cp1254")
    text = "Министерство обороны США потребовало снять ограничения.\n"
    assert decode_bytes(text.encode("cp1251"), "ru.txt") == (text, "cp1251")


def test_damaged_utf8_is_refused_rather_than_read_as_mojibake(tmp_path):
    data = b"\xef\xbb\xbf" + "The company’s “safety” narrative. ".encode() * 30 + b"caf\xe9\n"
    reason = refusal(write(tmp_path, "damaged.txt", data)).reason
    assert "mostly UTF-8" in reason and f"byte {len(data) - 2}" in reason


def test_unrecognisable_bytes_are_refused():
    noise = bytes(range(0x80, 0x100)) * 20
    with pytest.raises(ImportRefused, match="not UTF-8 text and its encoding could not be "
                                            "recognised") as info:
        decode_bytes(noise, "/corpus/noise.txt")
    assert "noise.txt" in str(info.value)


def test_decode_bytes_plain_utf8():
    assert decode_bytes("naïve\r\n".encode(), "a.txt") == ("naïve\r\n", "utf-8")


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


# -- HTML -----------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head>
<title>Pentagon gives ultimatum | The Daily Wire Service</title>
<meta property="og:site_name" content="The Daily Wire Service">
<meta name="Author" content="Jane Roe">
<meta property="article:published_time" content="2026-02-24T09:30:00Z">
<style>p { color: red }</style>
<script>var hidden = "SCRIPT TEXT";</script>
</head>
<body>
<!-- a comment that must not show -->
<noscript>NOSCRIPT TEXT</noscript>
<template><p>TEMPLATE TEXT</p></template>
<h1>Pentagon   gives
   ultimatum</h1>
<p>Fish &amp; chips&nbsp;cost &pound;5 &mdash; &ldquo;cheap&rdquo;.<br>After a break</p>
<ul><li>first</li><li>second <b>bold</b> item</li></ul>
<div>A <a href="#">linked</a> div</div>
<script>document.write("MORE SCRIPT")</script>
</body></html>
"""


def test_html_to_text_keeps_only_visible_blocks():
    text, _ = html_to_text(PAGE)
    assert text == ("Pentagon gives ultimatum\n\n"
                    "Fish & chips cost £5 — “cheap”.\nAfter a break\n\n"
                    "first\nsecond bold item\n\n"
                    "A linked div")
    for hidden in ("SCRIPT", "NOSCRIPT", "TEMPLATE", "color", "comment", "Jane Roe"):
        assert hidden not in text


def test_html_metadata_from_meta_tags():
    _, meta = html_to_text(PAGE)
    assert {k: meta[k] for k in ("title", "outlet", "author", "date")} == {
        "title": "Pentagon gives ultimatum", "outlet": "The Daily Wire Service",
                    "author": "Jane Roe", "date": "2026-02-24"}


def test_html_metadata_from_json_ld_and_time_tag():
    page = """<html><head>
    <script type="application/ld+json">{"@graph": [{"@type": "WebSite", "name": "x"},
      {"@type": "NewsArticle", "headline": "LD headline",
       "author": [{"name": "Kim Lee"}, {"name": "Sam Ho"}], "publisher": {"name": "LD News"}}]}
    </script></head>
    <body><p>Posted <time datetime="2025-12-01T08:00">Monday</time></p></body></html>"""
    text, meta = html_to_text(page)
    assert text == "Posted Monday"
    assert meta["ld_authors"] == ["Kim Lee", "Sam Ho"]
    assert {k: meta[k] for k in ("title", "outlet", "author", "date")} == {"title": "LD headline",
                                                                           "outlet": "LD News",
                    "author": "Kim Lee, Sam Ho", "date": "2025-12-01"}


def test_html_pre_keeps_its_whitespace_and_cells_are_separated():
    text, _ = html_to_text("<p>Code:</p><pre>\n  a = 1\n    b = 2\n</pre>"
                           "<table><tr><td>x</td><td>y</td></tr><tr><td>z</td></tr></table>")
    assert text == "Code:\n\n  a = 1\n    b = 2\n\nx y\nz"


def test_deeply_nested_html_does_not_overflow():
    text, _ = html_to_text("<div>" * 3000 + "deep" + "</div>" * 3000)
    assert text == "deep"


def test_read_html_document(tmp_path):
    doc = read_document(write(tmp_path, "page.htm", PAGE))
    assert doc.format == "html"
    assert "Fish & chips cost £5" in doc.text and "var hidden" not in doc.text
    assert read_document(tmp_path / "page.htm", whole_page=True).text == html_to_text(PAGE)[0]
    assert doc.sha256 == hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
    assert (doc.title, doc.outlet, doc.author, doc.date) == (
        "Pentagon gives ultimatum", "The Daily Wire Service", "Jane Roe", "2026-02-24")


def test_html_falls_back_to_text_rules(tmp_path):
    page = "<html><body><p>Author: Li Wei, Caixin</p><h1>A headline</h1><p>Body.</p></body></html>"
    doc = read_document(write(tmp_path, "bare.html", page))
    assert (doc.title, doc.author, doc.outlet) == ("A headline", "Li Wei", "Caixin")


def test_html_without_visible_text_is_refused(tmp_path):
    page = "<html><head><title>t</title><script>x()</script></head><body> </body></html>"
    assert "visible text" in refusal(write(tmp_path, "empty.html", page)).reason


def test_cp1252_html_is_decoded(tmp_path):
    page = f"<html><body><p>{CP1252_TEXT}</p></body></html>"
    doc = read_document(write(tmp_path, "old.html", page.encode("cp1252")))
    assert doc.encoding == "cp1252"
    assert "“safety” narrative" in doc.text and "café’s" in doc.text


# -- metadata rules -------------------------------------------------------------------

@pytest.mark.parametrize("line, expected", [
    ("Published: 2025-09-05 17:40:03", "2025-09-05"),
    ("Date: Tuesday, February 24, 2026", "2026-02-24"),
    ("Posted on Sept. 5, 2025", "2025-09-05"),
    ("Published 5 March 2026", "2026-03-05"),
    ("Published: 1st of May, 2024", "2024-05-01"),
    ("Updated Feb 28, 2026", "2026-02-28"),
    ("发布时间：2026年3月3日 10:00", "2026-03-03"),
    ("date 2026/03/03", "2026-03-03"),
])
def test_labelled_date_formats(line, expected):
    assert guess_metadata(f"Some headline\n{line}\n\nBody text.")["date"] == expected


def test_published_beats_updated_and_unlabelled():
    text = ("Headline\nUpdated: March 9, 2026\nPublished: March 2, 2026\n\n"
            "On January 5, 2020 something happened.")
    assert guess_metadata(text)["date"] == "2026-03-02"


def test_labelled_date_beats_unlabelled_and_invalid_dates_are_ignored():
    text = "Headline\n\nOn 31 February 2026 and 2026-13-01 nothing.\nUpdated 2026-01-10\n"
    assert guess_metadata(text)["date"] == "2026-01-10"


def test_unlabelled_full_date_is_used_but_no_year_is_invented():
    assert guess_metadata("Headline\nMarch 3, 2026\n\nBody.")["date"] == "2026-03-03"
    assert guess_metadata("Headline\n\nOn March 3 it rained. In 2025 too.")["date"] is None


def test_labels_with_value_on_next_line():
    text = "Title:\nThe Real Title\nAuthor:\nKim Lee\nSource:\nXinhua\n\nBody text."
    assert guess_metadata(text) == {"title": "The Real Title", "outlet": "Xinhua",
                                    "author": "Kim Lee", "date": None}


def test_byline_and_author_lists():
    meta = guess_metadata("A headline\nBy Jane Doe and John Roe | March 3, 2026\n\nBody.")
    assert (meta["title"], meta["author"], meta["outlet"], meta["date"]) == (
        "A headline", "Jane Doe and John Roe", None, "2026-03-03")
    assert guess_metadata("Author: Ann Lee, Bo Chan, Cy Ng\n\nBody.")["author"] == \
        "Ann Lee, Bo Chan, Cy Ng"


def test_sentence_starting_with_by_is_not_a_byline():
    text = "A headline\nBy 5:01 PM on Friday, lift the restrictions.\nby the way, nothing.\n"
    assert guess_metadata(text)["author"] is None


def test_site_name_line_above_longer_headline():
    meta = guess_metadata("Reuters\nChina responds to the distillation accusations\n\nBody text.")
    assert (meta["outlet"], meta["title"]) == ("Reuters", "China responds to the distillation "
                                                          "accusations")


def test_headline_then_body_is_not_a_site_name():
    meta = guess_metadata("Short headline\n" + "A long body paragraph. " * 20)
    assert (meta["title"], meta["outlet"]) == ("Short headline", None)


def test_generic_breadcrumb_gives_no_outlet():
    meta = guess_metadata("Home / World / Asia /\nA headline about Asia\n\nBody.")
    assert (meta["outlet"], meta["author"], meta["title"]) == (None, None, "A headline about Asia")


def test_headline_with_site_suffix_names_the_outlet():
    text = "A headline about things\n\nBody.\n\nA headline about things - Example Times | Network\n"
    assert guess_metadata(text)["outlet"] == "Example Times"


def test_long_first_line_gives_its_first_sentence():
    text = "The U.S. Department of War issued a ruling today. " + "More words follow here. " * 12
    assert guess_metadata(text)["title"] == "The U.S. Department of War issued a ruling today."


def test_date_and_label_lines_are_not_titles():
    meta = guess_metadata("Tuesday, March 3, 2026 10:00\nDate: unknown\nA longer headline here"
                          "\n\nBody.")
    assert (meta["title"], meta["outlet"], meta["date"]) == ("A longer headline here", None,
                                                             "2026-03-03")


def test_title_falls_back_to_file_name_stem():
    assert guess_metadata("x" * 300, "my-article.txt")["title"] == "my-article"
    assert guess_metadata("", "")["title"] is None


def test_markdown_front_matter_and_heading():
    text = "---\ntitle: Front Matter Title\nauthor: Kim Lee\ndate: 2025-01-01\n---\n\n# H\n\nBody."
    assert guess_metadata(text) == {"title": "Front Matter Title", "outlet": None,
                                    "author": "Kim Lee", "date": "2025-01-01"}
    assert guess_metadata("## **Bold heading**\n\nBody.")["title"] == "Bold heading"
