"""Word (.docx) and OpenDocument (.odt) files: paragraphs and headings, core properties."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from briefer.core.corpus import ImportRefused, read_document

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def make_docx(path: Path) -> Path:
    body = (f'<w:document xmlns:w="{W}"><w:body>'
            '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Statement on the '
            'harbour</w:t></w:r></w:p>'
            '<w:p><w:r><w:t xml:space="preserve">The port </w:t></w:r><w:r><w:rPr><w:b/></w:rPr>'
            '<w:t>stays open</w:t></w:r><w:r><w:t xml:space="preserve"> during repairs.</w:t>'
            '</w:r></w:p>'
            '<w:p/>'
            '<w:p><w:r><w:t>Line one</w:t><w:br/><w:t>line two</w:t><w:tab/><w:t>tabbed</w:t>'
            '</w:r></w:p>'
            '</w:body></w:document>')
    core = ('<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/"><dc:title>Harbour statement</dc:title>'
            '<dc:creator>Ana Lima</dc:creator><dcterms:created>2026-03-02T10:00:00Z'
            '</dcterms:created></cp:coreProperties>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", body)
        z.writestr("docProps/core.xml", core)
    return path


def make_odt(path: Path) -> Path:
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
    content = (f'<office:document-content {ns}><office:body><office:text>'
               '<text:h text:outline-level="1">Bericht zum Hafen</text:h>'
               '<text:p>Der Hafen bleibt<text:s text:c="2"/>offen.<text:note><text:note-body>'
               '<text:p>Fußnote</text:p></text:note-body></text:note></text:p>'
               '<text:list><text:list-item><text:p>Erster Punkt</text:p></text:list-item>'
               '</text:list>'
               '</office:text></office:body></office:document-content>')
    meta = ('<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
            ' xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/"><office:meta><dc:title>Hafenbericht'
            '</dc:title><meta:initial-creator>Jonas Weber</meta:initial-creator>'
            '<meta:creation-date>2026-01-15T08:00:00</meta:creation-date></office:meta>'
            '</office:document-meta>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", content)
        z.writestr("meta.xml", meta)
    return path


def test_docx_paragraphs_headings_and_core_properties(tmp_path):
    doc = read_document(make_docx(tmp_path / "statement.docx"))
    assert doc.text == ("Statement on the harbour\n\nThe port stays open during repairs.\n\n"
                        "Line one\nline two\ttabbed")
    assert (doc.format, doc.title, doc.author, doc.date) == (
        "docx", "Harbour statement", "Ana Lima", "2026-03-02")


def test_odt_paragraphs_headings_and_meta(tmp_path):
    doc = read_document(make_odt(tmp_path / "bericht.odt"))
    assert doc.text.split("\n\n")[:3] == ["Bericht zum Hafen", "Der Hafen bleibt  offen.",
                                          "Fußnote"]
    assert "Erster Punkt" in doc.text
    assert (doc.format, doc.title, doc.author, doc.date) == (
        "odt", "Hafenbericht", "Jonas Weber", "2026-01-15")


def test_a_zip_that_is_not_a_word_file_is_refused(tmp_path):
    with zipfile.ZipFile(tmp_path / "other.docx", "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(ImportRefused) as info:
        read_document(tmp_path / "other.docx")
    assert "it has no word/document.xml" in info.value.reason


def test_a_text_file_named_docx_is_refused(tmp_path):
    (tmp_path / "fake.docx").write_text("plain text", encoding="utf-8")
    with pytest.raises(ImportRefused) as info:
        read_document(tmp_path / "fake.docx")
    assert "not a valid .docx file (not a ZIP archive)" in info.value.reason
