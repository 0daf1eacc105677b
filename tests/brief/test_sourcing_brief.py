"""#11 in the brief: the demo brief compiled by a second process (the CLI), read back with
pdftotext, attributes quotes to their speakers, grades each citation, prints the source
summary the project implies, and keeps internal notes and excluded quotes out."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from briefer.core.grading import RELIABILITY, SOURCE_TYPES, tlp_rule
from briefer.project import open_project

from .conftest import flat, pdftotext
from tests.briefer_cli import cli_ok

OFFSCREEN = {"QT_QPA_PLATFORM": "offscreen"}


@pytest.fixture(scope="module", params=["wkhtmltopdf", "qt"])
def compiled(request, tmp_path_factory):
    """(project path, the brief's text) for the demo compiled by the CLI with each engine."""
    if request.param == "wkhtmltopdf" and not __import__("shutil").which("wkhtmltopdf"):
        pytest.skip("wkhtmltopdf is not installed")
    folder = tmp_path_factory.mktemp(f"sourcing-{request.param}")
    project = folder / "demo.briefer"
    cli_ok("--project", project, "demo", env=OFFSCREEN, timeout=600)
    pdf = folder / "brief.pdf"
    cli_ok("--project", project, "brief", "--engine", request.param, "--out", pdf,
           env=OFFSCREEN, timeout=600)
    return project, flat(pdftotext(pdf, layout=False))


def _quotes(project: Path):
    with open_project(project) as p:
        return p.quotes.list(), p.documents.list(), p.judgments.list()


def _find(text: str, fragment: str) -> int:
    at = text.find(flat(fragment))
    assert at >= 0, f"{fragment!r} is not in the brief"
    return at


def test_speaker_not_the_mentioned_actors(compiled):
    project, text = compiled
    quotes, _, _ = _quotes(project)
    q = next(q for q in quotes if q.speaker.startswith("Guancha, Xinzhi") and "[Amodei" in q.exact)
    assert "Dario Amodei" in q.actors
    at = _find(text, q.exact[:60])
    after = text[at:at + 400]
    assert "— Guancha, Xinzhi Observatory" in after
    assert "— Chinese media & commentators" not in after and "— Dario Amodei" not in after


def test_carrier_is_named(compiled):
    project, text = compiled
    quotes, _, _ = _quotes(project)
    q = next(q for q in quotes if q.carrier == "CNN")
    at = _find(text, q.exact[:50])
    assert f"{q.speaker} (as quoted in CNN)" in text[at:at + 400]


def test_translated_quote_prints_both_texts(compiled):
    project, text = compiled
    quotes, _, _ = _quotes(project)
    translated = [q for q in quotes if q.translation and not q.excluded]
    assert translated
    for q in translated:
        _find(text, q.exact[:40])
        both = re.escape(flat(q.exact)[:40]) + r".{0,600}?" + re.escape(
            flat("Analyst's translation: " + q.translation)[:60])
        assert re.search(both, text), q.exact
    assert "a translation beside a quote is the analyst's own" in text


def test_each_citation_carries_its_grade(compiled):
    project, text = compiled
    body = text[:text.rfind("Sources")]
    bare = re.findall(r"\[(\d+)(?:, p\. \d+)?\](?! )", body)
    graded = re.findall(r"\[(\d+)(?:, p\. \d+)? · ([A-F][1-6])\]", body)
    assert len(graded) > 50
    # bare [n] only where the analyst wrote them (bottom line, basis, gaps) and in the chronology
    _, docs, _ = _quotes(project)
    grades = {d.reliability for d in docs}
    assert {g[1][0] for g in graded} <= grades
    assert len(bare) < len(graded)


def test_source_summary_counts_match_the_project(compiled):
    project, text = compiled
    quotes, docs, _ = _quotes(project)
    kept = [q for q in quotes if not q.excluded and not q.orphaned]
    cited = [d for d in docs if any(q.doc_id == d.id for q in kept)]
    assert f"The brief rests on {len(cited)} sources:" in text
    for kind, n in Counter(d.source_type for d in cited).items():
        assert re.search(rf"{n} {re.escape(SOURCE_TYPES[kind])}", text), kind
    for grade, n in Counter(d.reliability for d in cited).items():
        assert f"{grade} ({RELIABILITY[grade]}) {n}" in text
    translated = sum(1 for q in kept if q.translation)
    assert f"{translated} of {len(kept)} quotes carry the analyst's translation" in text
    for d in cited:
        if not d.date:
            assert flat(f"“{d.title}”") in text[text.find("Undated sources:"):]


def test_no_internal_note_and_no_excluded_quote(compiled):
    project, text = compiled
    quotes, _, _ = _quotes(project)
    internal = [q for q in quotes if q.note and not q.print_note]
    printed = [q for q in quotes if q.note and q.print_note and not q.excluded]
    assert internal and printed
    for q in internal:
        assert flat(q.note)[:50] not in text, q.note
    for q in printed:
        assert flat(q.note)[:40] in text, q.note
    assert "Confirm the date" not in text and "Do not use" not in text
    excluded = [q for q in quotes if q.excluded]
    assert excluded
    for q in excluded:
        assert flat(q.exact)[:50] not in text


def test_tlp_rule_and_sections_printed(compiled):
    _, text = compiled
    assert flat("TLP:AMBER: " + tlp_rule("TLP:AMBER")) in text
    for heading in ("Scope and cut-off", "Outlook and indicators", "Source summary",
                    "Chronology", "Information gaps", "LIKELIHOOD: LIKELY (55–80 %)"):
        assert heading in text
    assert "Cited above: [4] “Anthropic Faces Geopolitical Headwinds”" in text
