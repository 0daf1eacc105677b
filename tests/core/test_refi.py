"""REFI-QDA: the demo round trip (schema-valid), and files made here the way NVivo, ATLAS.ti,
MAXQDA and others write them."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from briefer.core.demo import load_demo
from briefer.core.refi_export import export_qdc, export_qdpx
from briefer.core.refi_import import MappingRule, NotRefiQda, import_refi
from briefer.project import open_project

SCHEMAS = Path(__file__).parent.parent / "fixtures" / "refi-qda"


def _valid(xml: bytes, xsd: str) -> None:
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / xsd)))
    assert schema.validate(etree.fromstring(xml)), schema.error_log


def _quotes(p):
    return sorted((q.exact, q.start_cp, q.end_cp, q.note, q.starred, q.actors, q.themes)
                  for q in p.quotes.list())


def test_demo_round_trip_is_schema_valid_and_complete(project, tmp_path):
    load_demo(project)
    data, report = export_qdpx(project)
    zf = zipfile.ZipFile(io.BytesIO(data))
    qde = zf.read("project.qde")
    _valid(qde, "Project.xsd")
    _valid(export_qdc(project), "Codebook.xsd")
    assert all(n == "project.qde" or n.startswith("sources/") and n.endswith(".txt")
               for n in zf.namelist())
    root = etree.fromstring(qde)
    guids = root.xpath("//@guid")
    assert guids and all(g == g.upper() for g in guids)
    assert root.xpath("//*[local-name()='User']/@name")
    assert report.quotes == len(project.quotes.list()) and report.notes > 0
    (tmp_path / "demo.qdpx").write_bytes(data)
    with open_project(tmp_path / "empty.briefer", seed=False) as empty:
        r = import_refi(empty, tmp_path / "demo.qdpx")
        assert not (r.orphaned or r.relocated or r.skipped)
        assert _quotes(empty) == _quotes(project)
        key = lambda d: (d.title, d.outlet, d.date, d.sha256)   # noqa: E731
        assert sorted(map(key, empty.documents.list())) == \
            sorted(map(key, project.documents.list()))
        assert sorted((a.name, a.kind, a.aliases, a.colour) for a in empty.codebook.actors()) \
            == sorted((a.name, a.kind, a.aliases, a.colour) for a in project.codebook.actors())
        assert sorted((t.name, t.description, t.colour) for t in empty.codebook.themes()) \
            == sorted((t.name, t.description, t.colour) for t in project.codebook.themes())
        again = import_refi(empty, tmp_path / "demo.qdpx")
        assert again.quotes_added == 0 and again.quotes_present == r.quotes_added


# -- vendor files made here ---------------------------------------------------------------------
TEXT = "Héllo 👋 world.\r\nSecond line 🚀 with Anthropic.\r\nThird line about the Pentagon."
U16 = lambda s: len(s.encode("utf-16-le")) // 2          # noqa: E731


def _qdpx(path: Path, origin: str, selections: str, codes: str, *, guid_case=str.upper,
          notes: str = "", text: str = TEXT) -> Path:
    g = lambda n: guid_case(f"0000000{n}-1111-2222-3333-444444444444")   # noqa: E731
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="p" origin="{origin}">
 <Users><User guid="{g(9)}" name="Rosa"/></Users>
 <CodeBook><Codes>{codes}</Codes></CodeBook>
 <Sources><TextSource guid="{g(1)}" name="Interview" plainTextPath="internal://{g(1)}.txt">
 {selections}</TextSource></Sources>{notes}
</Project>"""
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.qde", qde.replace("{U}", g(9)))
        zf.writestr(f"sources/{g(1)}.txt", text.encode("utf-8"))
    return path


def _sel(guid: str, start: int, end: int, name: str, inner: str = "") -> str:
    return (f'<PlainTextSelection guid="{guid}" name="{name}" startPosition="{start}" '
            f'endPosition="{end}" creatingUser="{{U}}">{inner}</PlainTextSelection>')


CODES = """<Code guid="AAAAAAAA-0000-0000-0000-000000000001" name="People" isCodable="false">
  <Code guid="AAAAAAAA-0000-0000-0000-000000000002" name="Anthropic" isCodable="true" color="#FF0000"/>
 </Code>
 <Code guid="AAAAAAAA-0000-0000-0000-000000000003" name="Security" isCodable="true">
  <Code guid="AAAAAAAA-0000-0000-0000-000000000004" name="Military" isCodable="true">
   <Description>Defence matters</Description></Code></Code>"""
CODING = ('<Coding guid="{g}"><CodeRef targetGUID="{c}"/></Coding>')


def _coding(n: int, code: str) -> str:
    return CODING.format(g=f"BBBBBBBB-0000-0000-0000-00000000000{n}", c=code)


def test_nvivo_utf16_positions_crlf_as_two_lower_case_guids(tmp_path, empty_project):
    want = "with Anthropic"
    cp = TEXT.index(want)
    start16 = U16(TEXT[:cp])
    sel = _sel("cccccccc-0000-0000-0000-000000000001", start16, start16 + U16(want), want,
               _coding(1, "aaaaaaaa-0000-0000-0000-000000000002")
               + _coding(2, "aaaaaaaa-0000-0000-0000-000000000004"))
    f = _qdpx(tmp_path / "n.qdpx", "NVivo 14", sel, re.sub(r'guid="([^"]+)"', lambda m: m.group(0).lower(), CODES),
              guid_case=str.lower)
    r = import_refi(empty_project, f)
    assert r.positions == "utf16" and not r.orphaned and not r.relocated
    q = empty_project.quotes.list()[0]
    assert q.exact == want and (q.start_cp, q.end_cp) == (cp, cp + len(want))
    assert q.id == "cccccccc-0000-0000-0000-000000000001" and q.created_by == "Rosa"
    assert q.actors == ("Anthropic",)
    assert q.themes == ("Military",)          # a nested code named by its own name


def test_atlas_crlf_as_one_upper_case_guids_and_notes(tmp_path, empty_project):
    want = "about the Pentagon"
    cp = TEXT.index(want)
    start = cp - TEXT[:cp].count("\r\n")
    notes = ('<Notes><Note guid="DDDDDDDD-0000-0000-0000-000000000001" name="memo">'
             "<PlainTextContent>Asked twice.</PlainTextContent></Note></Notes>")
    sel = _sel("CCCCCCCC-0000-0000-0000-000000000002", start, start + len(want), want,
               _coding(1, "AAAAAAAA-0000-0000-0000-000000000004")
               + '<NoteRef targetGUID="DDDDDDDD-0000-0000-0000-000000000001"/>')
    r = import_refi(empty_project, _qdpx(tmp_path / "a.qdpx", "ATLAS.ti 23", sel, CODES,
                                         notes=notes))
    assert r.positions == "crlf-one" and not r.orphaned
    q = empty_project.quotes.list()[0]
    assert q.exact == want and q.note == "Asked twice." and not q.orphaned


def test_maxqda_memo_in_description_missing_colour_path_names(tmp_path, empty_project):
    want = "Second line 🚀"
    cp = TEXT.index(want)
    sel = _sel("CCCCCCCC-0000-0000-0000-000000000003", cp, cp + len(want), want,
               "<Description>A memo in the selection.</Description>"
               + _coding(1, "AAAAAAAA-0000-0000-0000-000000000004"))
    r = import_refi(empty_project, _qdpx(tmp_path / "m.qdpx", "MAXQDA 2022", sel, CODES),
                    MappingRule(theme_names="path"))
    assert [p.target for p in r.mapping] == ["group", "actor", "theme", "theme"]
    q = empty_project.quotes.list()[0]
    assert q.exact == want and q.note == "A memo in the selection."
    assert q.themes == ("Security / Military",)
    theme = empty_project.codebook.theme("Security / Military")
    assert theme.colour and theme.description == "Defence matters"   # colour made up


def test_selection_whose_text_is_not_there_is_orphaned_not_misplaced(tmp_path, empty_project):
    sel = (_sel("CCCCCCCC-0000-0000-0000-000000000004", 0, 5, "Third line")   # once, elsewhere
           + _sel("CCCCCCCC-0000-0000-0000-000000000005", 0, 4, "line")      # twice
           + _sel("non-guid-id-7", 500, 510, "Coding 7"))                    # label, out of range
    r = import_refi(empty_project, _qdpx(tmp_path / "o.qdpx", "QualCoder 3.5", sel, CODES))
    assert [why for _, why in r.relocated] == ["its text is found once elsewhere in the source"]
    assert [why for _, why in r.orphaned] == ["its text is not at the positions given and "
                                              "occurs 2 times"]
    assert "outside the text" in r.skipped[0][1]
    by_text = {q.exact: q for q in empty_project.quotes.list()}
    assert by_text["Third line"].start_cp == TEXT.index("Third line")
    assert by_text["line"].orphaned


@pytest.mark.parametrize("content, message", [
    (b"hello", "is not a REFI-QDA file"),
    (b"<html><body/></html>", "its root element is <html>"),
    (b"PK\x03\x04broken", "is damaged"),
])
def test_not_refi_or_damaged_is_refused_with_reason(tmp_path, empty_project, content, message):
    f = tmp_path / "x.qdpx"
    f.write_bytes(content)
    with pytest.raises(NotRefiQda, match=message):
        import_refi(empty_project, f)
    assert empty_project.quotes.list() == [] and empty_project.documents.list() == []


def test_zip_without_project_qde_is_refused(tmp_path, empty_project):
    f = tmp_path / "x.qdpx"
    with zipfile.ZipFile(f, "w") as zf:
        zf.writestr("readme.txt", "hi")
    with pytest.raises(NotRefiQda, match="holds no project.qde"):
        import_refi(empty_project, f)


def test_qdc_codebook_import(tmp_path, empty_project):
    f = tmp_path / "c.qdc"
    f.write_text('<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="MAXQDA"><Codes>'
                 + CODES + "</Codes></CodeBook>", encoding="utf-8")
    r = import_refi(empty_project, f)
    assert r.kind == "codebook" and (r.actors_added, r.themes_added) == (1, 2)
    assert [a.name for a in empty_project.codebook.actors()] == ["Anthropic"]
