"""REFI-QDA round trip of what an analyst adds beyond codes: stars, key judgments (with their
likelihood, confidence, basis and evidence), a quote's sourcing and a document's grading.
Export the demo project, import it into an empty one, and compare field by field."""

from __future__ import annotations

import io
import sqlite3
import zipfile
from pathlib import Path

from lxml import etree

from briefer.core import refi_fields
from briefer.core.demo import load_demo
from briefer.core.records import Document, Quote
from briefer.core.refi_export import export_qdpx
from briefer.core.refi_import import MappingRule, import_refi
from briefer.core.refi_read import read_refi
from briefer.project import open_project
from tests.briefer_cli import cli_json, cli_ok

SCHEMAS = Path(__file__).parent.parent / "fixtures" / "refi-qda"
NS = {"q": "urn:QDA-XML:project:1.0"}
#: Document columns that say where the file came from on the exporting machine.
PROVENANCE = {"id", "imported_at", "updated_at", "source_path", "source_name", "format",
              "encoding"}


def _demo_with_edge_cases(project):
    """The demo, plus values that are easy to lose: line breaks (CR too), edge spaces,
    a judgment with no likelihood and a basis over several lines, a document's pages."""
    load_demo(project)
    quotes = project.quotes.list()
    project.quotes.update(quotes[0].id, note="Line one\r\nline two\n\n  indented")
    project.quotes.update(quotes[1].id, translation="Erste Zeile\nzweite Zeile",
                          speaker="unnamed analyst", carrier='"quoted" outlet',
                          excluded=True, print_note=True, credibility=1, event_date="2026-02-03")
    project.quotes.update(quotes[2].id, starred=True)
    project.judgments.add("A judgment\nover two lines", "low", [quotes[3].id, quotes[4].id],
                          likelihood=None, basis="First reason.\nLikelihood: not a header\n"
                                                 "Basis: nor this")
    doc = project.documents.list()[0]
    project.documents.update(doc.id, reliability="A", source_type="official",
                             reliability_reason="Signed; on the ministry's site",
                             accessed="2026-01-31T10:00:00Z")
    project.db.execute("UPDATE documents SET pages = '[0, 120, 400]' WHERE id = ?", [doc.id])


def _round_trip(project, tmp_path):
    data, report = export_qdpx(project)
    qde = zipfile.ZipFile(io.BytesIO(data)).read("project.qde")
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "Project.xsd")))
    assert schema.validate(etree.fromstring(qde)), schema.error_log
    (tmp_path / "out.qdpx").write_bytes(data)
    target = open_project(tmp_path / "new.briefer", seed=False)
    return target, import_refi(target, tmp_path / "out.qdpx"), qde, report


def test_every_quote_column_and_judgment_survives(project, tmp_path):
    _demo_with_edge_cases(project)
    target, r, qde, export = _round_trip(project, tmp_path)
    with target:
        assert not (r.orphaned or r.relocated or r.skipped), (r.orphaned, r.relocated, r.skipped)
        ours = {q.id: q for q in project.quotes.list()}
        theirs = {q.id: q for q in target.quotes.list()}
        assert set(theirs) == set(ours)
        assert sum(q.starred for q in theirs.values()) == sum(q.starred for q in ours.values())
        def row(p, q):   # every stored column; document and actors by text/name (new ids)
            names = {a.id: a.name for a in p.codebook.actors()}
            return {**q.row(), "doc_id": p.documents.get(q.doc_id).sha256,
                    "speaker_actor_id": names.get(q.speaker_actor_id),
                    "carrier_actor_id": names.get(q.carrier_actor_id)}
        for quote_id, q in ours.items():
            assert row(target, theirs[quote_id]) == row(project, q), quote_id
            assert (theirs[quote_id].speaker, theirs[quote_id].carrier, theirs[quote_id].actors,
                    theirs[quote_id].themes) == (q.speaker, q.carrier, q.actors, q.themes)
        want = [(j.id, j.text, j.likelihood, j.confidence, j.basis, j.quote_ids, j.created_at,
                 j.updated_at) for j in project.judgments.list()]
        got = [(j.id, j.text, j.likelihood, j.confidence, j.basis, j.quote_ids, j.created_at,
                j.updated_at) for j in target.judgments.list()]
        assert got == want and len(want) == export.judgments == r.judgments_added == 7
        # A judgment's note is not copied into its quotes' notes (checked by row() above),
        # and the Starred code is no theme.
        assert refi_fields.STARRED_CODE not in {t.name for t in target.codebook.themes()}
        again = import_refi(target, tmp_path / "out.qdpx")
        assert again.judgments_added == 0 and again.judgments_present == 7
        assert len(target.judgments.list()) == 7


def test_document_grading_survives(project, tmp_path):
    _demo_with_edge_cases(project)
    target, r, _qde, _export = _round_trip(project, tmp_path)
    with target:
        def rows(p):
            return sorted({k: v for k, v in p.documents.get(d.id).row().items()
                           if k not in PROVENANCE}.items() for d in p.documents.list())
        assert rows(target) == rows(project)
        graded = [d for d in target.documents.list() if d.reliability == "A"]
        assert len(graded) == 1 and target.documents.get(graded[0].id).pages == (0, 120, 400)


def test_other_tools_see_stars_as_a_code_and_judgments_as_linked_notes(project, tmp_path):
    _demo_with_edge_cases(project)
    data, _report = export_qdpx(project)
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("project.qde"))
    star = root.xpath("//q:CodeBook//q:Code[@name='Starred']/@guid", namespaces=NS)
    assert len(star) == 1
    coded = root.xpath(f"//q:PlainTextSelection[q:Coding/q:CodeRef/@targetGUID='{star[0]}']",
                       namespaces=NS)
    assert len(coded) == sum(q.starred for q in project.quotes.list())
    members = root.xpath("//q:Sets/q:Set[@name='Key judgments']/q:MemberNote/@targetGUID",
                         namespaces=NS)
    first = project.judgments.list()[0]
    note = root.xpath(f"//q:Notes/q:Note[@guid='{members[0]}']", namespaces=NS)[0]
    text = note.findtext("q:PlainTextContent", namespaces=NS)
    assert text.startswith(f"Key judgment: {first.text}\nLikelihood: likely (55–80 %)\n"
                           f"Confidence: {first.confidence}\nBasis: ")
    refs = root.xpath(f"//q:PlainTextSelection[q:NoteRef/@targetGUID='{members[0]}']/@guid",
                      namespaces=NS)
    assert sorted(g.lower() for g in refs) == sorted(first.quote_ids)
    variables = root.xpath("//q:Variables/q:Variable/@name", namespaces=NS)
    assert {"Source type", "Reliability"} <= set(variables)


def test_judgment_note_written_by_hand_in_another_tool(tmp_path, empty_project):
    """A note in the form (no Set, another origin, lower-case GUIDs) is still a judgment; a
    plain memo is the quote's note; a star code from another tool stars."""
    g = "aaaaaaaa-0000-0000-0000-00000000000{}".format
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="p" origin="MAXQDA 24">
 <CodeBook><Codes><Code guid="{g(5)}" name="Starred" isCodable="true"/></Codes></CodeBook>
 <Sources><TextSource guid="{g(1)}" name="Doc">
  <PlainTextContent>Alpha beta gamma delta.</PlainTextContent>
  <PlainTextSelection guid="{g(2)}" name="beta" startPosition="6" endPosition="10">
   <Coding guid="{g(6)}"><CodeRef targetGUID="{g(5)}"/></Coding>
   <NoteRef targetGUID="{g(3)}"/><NoteRef targetGUID="{g(4)}"/></PlainTextSelection>
 </TextSource></Sources>
 <Notes><Note guid="{g(3)}" name="KJ"><PlainTextContent>Key judgment: Beta matters.
Likelihood: very likely (80–95 %)
Confidence: HIGH
Basis: Seen twice.</PlainTextContent></Note>
 <Note guid="{g(4)}" name="memo"><PlainTextContent>Check the date.</PlainTextContent></Note></Notes>
</Project>"""
    path = tmp_path / "m.qdpx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.qde", qde)
    r = import_refi(empty_project, path, MappingRule())
    assert r.judgments_added == 1 and r.quotes_added == 1
    (q,) = empty_project.quotes.list()
    assert q.starred and q.note == "Check the date." and not q.themes
    (j,) = empty_project.judgments.list()
    assert (j.text, j.likelihood, j.confidence, j.basis, j.quote_ids) == \
        ("Beta matters.", "very_likely", "high", "Seen twice.", (q.id,))


def test_quote_sourcing_lines_read_back_exactly():
    q = Quote(speaker=" edge ", carrier="a\nb", credibility=2, translation='"x"',
              event_date="2026-01-02", print_note=True, excluded=False)
    given, rest = refi_fields.quote_sourcing(refi_fields.quote_description(q) + "\nmemo")
    assert given == {"speaker": " edge ", "carrier": "a\nb", "credibility": 2,
                     "translation": '"x"', "event_date": "2026-01-02", "print_note": True}
    assert rest == "memo"
    assert refi_fields.document_fields(dict(refi_fields.document_variables(
        Document(source_type="state_media", reliability="C", pages=(0, 5))))) == \
        {"source_type": "state_media", "reliability": "C", "pages": [0, 5]}


def test_reader_keeps_sets_notes_and_variables(project, tmp_path):
    _demo_with_edge_cases(project)
    data, _report = export_qdpx(project)
    (tmp_path / "x.qdpx").write_bytes(data)
    refi = read_refi(tmp_path / "x.qdpx")
    (name, members), = refi.sets
    assert name == "Key judgments" and len(members) == 7
    assert [refi.notes[k].name for k in members] == [j.text for j in project.judgments.list()]
    assert any(s.variables.get("Reliability") == "A" for s in refi.sources)


def test_the_brief_sections_survive_and_never_overwrite_the_analysts_own(project, tmp_path):
    _demo_with_edge_cases(project)
    project.settings.set(gaps="- One gap\r\n- another\n\n")
    keys = [key for key, _label in refi_fields.BRIEF_NOTES]
    target, r, _qde, _export = _round_trip(project, tmp_path)
    with target:
        ours, theirs = project.settings.get(), target.settings.get()
        assert {k: theirs[k] for k in keys} == {k: ours[k] for k in keys}
        assert sorted(r.brief_sections) == sorted(keys)
    with open_project(tmp_path / "own.briefer", seed=False) as own:
        own.settings.set(summary="My own summary.")
        r = import_refi(own, tmp_path / "out.qdpx")
        assert own.settings.value("summary") == "My own summary."
        assert own.settings.value("outlook") == project.settings.value("outlook")
        assert ("Brief: Summary", "the project has its own; kept") in r.skipped


def test_a_quote_note_that_starts_like_a_judgment_stays_the_quotes_note(project, tmp_path):
    """Only the members of the set "Key judgments" are judgments in a Briefer file: a quote's
    own note beginning "Key judgment: " comes back as that quote's note, and adds no judgment
    (neither to a new project nor on a re-import into the original)."""
    doc = project.documents.list()[0].id
    note = "Key judgment: this backs KJ1, see below"
    quotes = [project.quotes.add(doc, 0, 20, note=note), project.quotes.add(doc, 30, 60)]
    project.judgments.add("Ports stay shut", "high", quotes, likelihood="likely",
                          basis="Two sources.")
    project.close()
    out, new = tmp_path / "out.qdpx", tmp_path / "new.briefer"
    cli_ok("export", "--project", project.path, "--format", "qdpx", "--out", out)
    report = cli_json("import-refi", "--project", new, out)
    assert report["judgments_added"] == 1
    again = cli_json("import-refi", "--project", project.path, out)
    assert again["judgments_added"] == 0
    for path in (new, project.path):
        conn = sqlite3.connect(str(path))
        try:
            assert conn.execute("SELECT note FROM quotes WHERE id = ?",
                                [quotes[0]]).fetchone() == (note,)
            assert conn.execute("SELECT text, basis FROM judgments").fetchall() == [
                ("Ports stay shut", "Two sources.")]
        finally:
            conn.close()


def test_a_judgments_basis_reads_back_exactly_and_another_tools_trailing_break_is_ignored():
    from briefer.core.records import Judgment

    j = Judgment(text="Ports stay shut", confidence="high", likelihood="likely",
                 basis="  First.\n\n  Second, indented.  \n")
    parsed = refi_fields.parse_judgment(j.text, refi_fields.judgment_text(j))
    assert parsed is not None and parsed["basis"] == j.basis
    assert refi_fields.is_judgment_note(refi_fields.judgment_text(j))
    assert not refi_fields.is_judgment_note("Key judgment: this backs KJ1, see below")
    other = "Key judgment: Beta matters.\nLikelihood: likely\nConfidence: HIGH\n"
    assert refi_fields.parse_judgment("", other) == {
        "text": "Beta matters.", "likelihood": "likely", "confidence": "high", "basis": ""}
