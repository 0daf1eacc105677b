"""Spreadsheets: quotes as XLSX with theme columns, the codebook CSV both ways."""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree as ET

import pytest

from briefer.core import spreadsheet
from briefer.core.demo import load_demo
from briefer.core.errors import InvalidInput

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _read_xlsx(data: bytes) -> list[list[str]]:
    """The sheet's cells, read as a spreadsheet program reads the XML (openpyxl is not
    installed: the app writes XLSX with the standard library)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert "[Content_Types].xml" in zf.namelist()
        sheet = ET.fromstring(zf.read("xl/worksheets/sheet1.xml"))
    return [["".join(t.text or "" for t in c.iter(f"{NS}t")) for c in row.iter(f"{NS}c")]
            for row in sheet.iter(f"{NS}row")]


def test_quotes_xlsx_one_row_a_quote_with_theme_columns(project):
    load_demo(project)
    rows = spreadsheet.quote_rows(project, theme_columns=True)
    got = _read_xlsx(spreadsheet.to_xlsx(rows))
    assert got == rows and len(got) == len(project.quotes.list()) + 1
    theme = project.codebook.themes()[0].name
    col = got[0].index(theme)
    assert {r[col] for r in got[1:]} == {"0", "1"}


def test_codebook_csv_round_trip_and_refusal(project, tmp_path):
    from briefer.project import open_project

    empty_project = open_project(tmp_path / "other.briefer", seed=False)
    load_demo(project)
    data = spreadsheet.to_csv(spreadsheet.codebook_rows(project), guard=False)
    assert data.decode("utf-8-sig").startswith("name,description,")
    added = spreadsheet.import_codebook_csv(empty_project, data)
    assert added == (len(project.codebook.actors()), len(project.codebook.themes()), 0)
    assert [t.description for t in empty_project.codebook.themes()] == \
        [t.description for t in project.codebook.themes()]
    assert spreadsheet.import_codebook_csv(empty_project, data)[2] == sum(added)
    with pytest.raises(InvalidInput, match="needs a 'name' \\(or 'tag'\\) column"):
        spreadsheet.import_codebook_csv(empty_project, b"foo,bar\n1,2\n")


def test_quote_rows_carry_the_speaker_and_the_grade(project):
    doc = project.documents.list()[0].id
    project.documents.update(doc, reliability="B")
    project.quotes.add(doc, 0, 20, speaker="Dario Amodei", credibility=2)
    header, row = spreadsheet.quote_rows(project)
    got = dict(zip(header, row))
    assert (got["speaker"], got["grades"]) == ("Dario Amodei", "B2")
