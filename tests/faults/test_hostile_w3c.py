"""Hostile W3C annotation files: each malformed annotation is skipped with its reason, a file
that is not annotations is refused whole, and nothing is ever half imported."""

from __future__ import annotations

import json
import sqlite3

import pytest

from briefer.core.errors import InvalidInput
from briefer.core.w3c import quote_id_for
from briefer.core.w3c_import import import_annotations
from briefer.core.w3c_file import load_annotation_json
from tests.briefer_cli import run_cli



def _doc(project, prefix: str = "000_") -> dict:
    return next(d for d in project.documents.list() if d.source_name.startswith(prefix))


def _good(project, ident: str, exact: str = "成年禮", **extra) -> dict:
    d0 = _doc(project)
    anno = {"id": ident, "type": "Annotation",
            "body": [{"type": "TextualBody", "purpose": "tagging", "value": "Good theme"}],
            "target": {"source": {"id": f"urn:uuid:{d0.id}", "type": "Text"},
                       "selector": [{"type": "TextQuoteSelector", "exact": exact}]}}
    anno.update(extra)
    return anno


def _counts(path) -> tuple[int, int, int]:
    """(quotes, actors, themes) read through a fresh connection."""
    conn = sqlite3.connect(path)
    try:
        return tuple(conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                     for t in ("quotes", "actors", "themes"))
    finally:
        conn.close()


def _bad_position(project, start, end) -> dict:
    anno = _good(project, "urn:x-test:bad")
    anno["target"]["selector"].append({"type": "TextPositionSelector", "start": start, "end": end})
    return anno


def _with(project, path: str, value) -> dict:
    """A good annotation with the value at ``path`` (dot-separated keys / indexes) replaced."""
    anno = _good(project, "urn:x-test:bad")
    *parents, last = [int(k) if k.isdigit() else k for k in path.split(".")]
    node = anno
    for key in parents:
        node = node[key]
    node[last] = value
    return anno


HOSTILE = {
    "purpose object": (lambda p: _with(p, "body.0.purpose", {"id": "tagging"}),
                       "body 1 has a purpose that is an object"),
    "body a number": (lambda p: _with(p, "body", [42]), "body 1 is a number"),
    "tags an object": (lambda p: {**_good(p, "urn:x-test:bad"), "tags": {"name": "x"}},
                       "its tags are an object, not a list"),
    "tag an object": (lambda p: {**_good(p, "urn:x-test:bad"), "tags": [{"name": "Anthropic"}]},
                      "tag 1 is an object, not text"),
    "year 1": (lambda p: {**_good(p, "urn:x-test:bad"), "created": "0001-01-01T00:00:00+05:00"},
               "its created time '0001-01-01T00:00:00+05:00' is not a possible date"),
    "year 1 in UTC": (lambda p: {**_good(p, "urn:x-test:bad"), "created": "0001-01-01T00:00:00Z"},
                      "is not a possible date"),
    "31 February": (lambda p: {**_good(p, "urn:x-test:bad"), "created": "2026-02-31T10:00:00Z"},
                    "its created time '2026-02-31T10:00:00Z' is not a possible date"),
    "created a number": (lambda p: {**_good(p, "urn:x-test:bad"), "created": 1700000000},
                         "its created time is a number, not text"),
    "surrogate in body": (lambda p: _with(p, "body.0.value", "tag \ud800"),
                          "the value of body 1 holds a lone surrogate"),
    "surrogate in note": (lambda p: {**_good(p, "urn:x-test:bad"), "text": "note \ud800"},
                          "its “text” holds a lone surrogate"),
    "surrogate in source title": (lambda p: _with(p, "target.source.title", "T\udfff"),
                                  "its target's source title holds a lone surrogate"),
    "surrogate in exact": (lambda p: _with(p, "target.selector.0.exact", "成年禮\ud800"),
                           "its quoted text (exact) holds a lone surrogate"),
    "source a number": (lambda p: _with(p, "target.source", 12345),
                        "its target's source is a number, not an IRI or an object"),
    "source id a list": (lambda p: _with(p, "target.source.id", ["urn:x"]),
                         "its target's source id is a list, not text"),
    "target a number": (lambda p: _with(p, "target", 7), "its target is a number"),
    "start after end": (lambda p: _bad_position(p, 50, 10),
                        "starts after it ends (start 50 > end 10)"),
    "negative start": (lambda p: _bad_position(p, -5, 10),
                       "its TextPositionSelector's start is negative (-5)"),
    "fractional start": (lambda p: _bad_position(p, 1.5, 10),
                         "its TextPositionSelector's start is 1.5, not a whole number"),
    "start as text": (lambda p: _bad_position(p, "3", 10),
                      "its TextPositionSelector's start is \"3\", not a whole number"),
    "start a boolean": (lambda p: _bad_position(p, True, 10),
                        "its TextPositionSelector's start is true, not a whole number"),
    "exact an object": (lambda p: _with(p, "target.selector.0.exact", {"v": "成年禮"}),
                        "its quoted text (exact) is an object, not text"),
    "a number as annotation": (lambda p: 3.5, "it is a number, not an annotation"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_malformed_annotation_is_skipped_with_its_reason(project, case):
    make, reason = HOSTILE[case]
    before = (len(project.quotes.list()), len(project.codebook.actors()),
              len(project.codebook.themes()))
    good = _good(project, "urn:x-test:good", exact="贼喊捉贼")
    report = import_annotations(project, [make(project), good])
    assert report.added == 1 and report.quote_ids == [quote_id_for("urn:x-test:good")]
    (ident, why), = report.skipped
    assert reason in why, why
    assert ident in ("urn:x-test:bad", "#1")
    assert report.unanchored == []
    assert (len(project.quotes.list()), len(project.codebook.actors()),
            len(project.codebook.themes())) == \
        (before[0] + 1, before[1], before[2] + 1)
    assert project.check() == []


def test_no_tags_from_a_skipped_annotation_are_made(project):
    bad = _with(project, "body.0.value", "Ghost theme \ud800")
    bad["body"].append({"type": "TextualBody", "purpose": "tagging", "value": "Ghost actor",
                        "briefer:tagType": "actor"})
    bad["created"] = "0001-01-01T00:00:00Z"
    report = import_annotations(project, [bad])
    assert report.added == 0 and len(report.skipped) == 1
    assert project.codebook.actors() == [] and project.codebook.themes() == []


@pytest.mark.parametrize("data, message", [
    ({"hello": "world"}, "No annotations found"),
    ([1, 2, 3], "No annotations found: the file lists 3 entries (first: a number)"),
    ([{"name": "Anthropic"}], "none has a target"),
    ({"rows": {"id": "x"}}, "“rows” is an object, not a list of annotations"),
    ("a string", "holds a JSON object or list, not a string"),
    (None, "not null"),
    ({"type": "AnnotationCollection", "first": {"type": "AnnotationPage", "items": {"id": "a"}}},
     "its “items” is an object"),
    ({"type": "AnnotationCollection", "total": 3, "first": "https://example.org/page1"},
     "pages are not in the file"),
])
def test_a_file_that_is_not_annotations_is_refused_whole(project, data, message):
    with pytest.raises(InvalidInput) as refused:
        import_annotations(project, data)
    assert message in str(refused.value)
    assert project.quotes.list() == []


def test_an_empty_collection_imports_nothing_and_says_so(project):
    empty = {"type": "AnnotationCollection", "total": 0}
    report = import_annotations(project, empty)
    assert (report.added, report.total, report.skipped, report.unanchored) == (0, 0, [], [])
    page = {"type": "AnnotationCollection", "total": 0,
            "first": {"type": "AnnotationPage", "items": []}}
    assert import_annotations(project, page).total == 0


@pytest.mark.parametrize("raw, message", [
    (b"", "is empty: it holds no annotations"),
    (b"  \n", "is empty"),
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    (b"{\"a\": ", "is not a JSON file"),
    (b"\xff\xfe{}", "is not UTF-8 text"),
])
def test_files_that_cannot_be_read_as_json(raw, message):
    with pytest.raises(InvalidInput) as refused:
        load_annotation_json(raw, "notes.json")
    assert message in str(refused.value) and str(refused.value).startswith("notes.json")


def test_a_codebook_with_strings_for_objects_keeps_the_good_entries(project):
    block = {"actors": ["Anthropic", {"name": "Pete Hegseth", "kind": "person",
                                      "aliases": "Hegseth"},
                        {"name": "DoW", "kind": "state", "aliases": ["Pentagon"], "colour": 5}],
             "themes": [{"name": "Export controls"}, 7, {"name": "Bad \ud800"}],
             "judgments": ["not an object"], "settings": ["nor this"]}
    data = {"type": "AnnotationCollection", "briefer:codebook": block,
            "first": {"type": "AnnotationPage", "items": [_good(project, "urn:x-test:g")]}}
    report = import_annotations(project, data)
    assert report.added == 1
    reasons = dict(report.skipped)
    assert reasons["briefer:codebook actors[0]"] == \
        "the actor is a string, not an object with a name"
    assert reasons["briefer:codebook actors[1]"] == \
        "the aliases of 'Pete Hegseth' are a string, not a list"
    assert "lone surrogate" in reasons["briefer:codebook themes[2]"]
    assert "a number" in reasons["briefer:codebook themes[1]"]
    assert [(a.name, list(a.aliases)) for a in project.codebook.actors()] == [("DoW",
                                                                                     ["Pentagon"])]
    assert {t.name for t in project.codebook.themes()} == {"Export controls", "Good theme"}


def test_cancel_writes_nothing(project, monkeypatch):
    d0 = _doc(project)
    text = project.documents.get(d0.id).text
    words = sorted({w for w in text.split() if len(w) > 6 and text.count(w) == 1})[:30]
    items = [_good(project, f"urn:x-test:{i}", exact=w) for i, w in enumerate(words)]
    calls = []

    def progress(done, total):
        calls.append((done, total))
        return done < 20

    monkeypatch.setattr("briefer.core.w3c_import.PROGRESS_EVERY", 10)
    report = import_annotations(project, items, progress=progress)
    assert report.cancelled and report.added == 0
    assert calls == [(10, 30), (20, 30)]
    assert project.quotes.list() == [] and project.codebook.themes() == []
    finished = import_annotations(project, items, progress=lambda d, t: True)
    assert finished.added == 30 and not finished.cancelled


def test_an_error_while_writing_leaves_nothing_half_done(project, monkeypatch):
    """A failure in the write step rolls back the codebook, actors and quotes written before."""
    import briefer.core.w3c_import as w3c_import
    items = [_good(project, "urn:x-test:1"), _good(project, "urn:x-test:2", exact="贼喊捉贼")]
    items[0]["body"].append({"type": "TextualBody", "purpose": "tagging", "value": "New actor",
                             "briefer:tagType": "actor"})

    def broken(*args):
        raise sqlite3.OperationalError("disk I/O error")
    monkeypatch.setattr(w3c_import, "_theme_ids", broken)
    with pytest.raises(sqlite3.OperationalError, match="disk I/O error"):
        import_annotations(project, items)
    assert project.quotes.list() == []
    assert project.codebook.actors() == []
    assert project.codebook.themes() == []


# -- the real command line, in a child process -----------------------------------------------
def test_cli_imports_the_good_and_lists_the_skipped(project, project_path, tmp_path):
    good = _good(project, "urn:x-test:good")
    bad = _bad_position(project, 9, 2)
    project.close()
    file = tmp_path / "mixed.jsonld"
    file.write_text(json.dumps([bad, good]), encoding="utf-8")
    before = _counts(project_path)
    done = run_cli("import-annotations", file, "--json", "--project", project_path)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["added"] == 1 and out["already_present"] == 0
    assert out["skipped"] == [{"id": "urn:x-test:bad", "reason":
                               "its TextPositionSelector starts after it ends (start 9 > end 2)"}]
    assert _counts(project_path) == (before[0] + 1, before[1], before[2] + 1)
    assert run_cli("check", "--project", project_path).stdout.strip() == "ok"


@pytest.mark.parametrize("content, message", [
    (None, "nothing was imported: none of the 2 annotations"),
    ("", "is empty: it holds no annotations"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('{"hello": "world"}', "No annotations found"),
])
def test_cli_refusals_change_nothing(project, project_path, tmp_path, content, message):
    if content is None:                   # every annotation malformed: nothing anchored
        items = [_with(project, "body.0.purpose", {"id": "tagging"}),
                 _with(project, "target.source", 3)]
        content = json.dumps(items)
    project.quotes.add_text(_doc(project).id, "成年禮", themes=["Kept"])
    project.close()
    file = tmp_path / "hostile.json"
    file.write_text(content, encoding="utf-8")
    before = _counts(project_path)
    done = run_cli("import-annotations", file, "--project", project_path)
    assert done.returncode == 1
    assert message in done.stderr and "Traceback" not in done.stderr
    assert _counts(project_path) == before == (1, 0, 1)
    assert run_cli("check", "--project", project_path).stdout.strip() == "ok"


def test_cli_surrogates_in_a_file_do_not_break_the_report(project, project_path, tmp_path):
    bad = _with(project, "body.0.value", "x\ud800")
    bad["id"] = "urn:x-test:\ud800"                 # the id itself cannot be printed
    good = _good(project, "urn:x-test:good")
    project.close()
    file = tmp_path / "surrogates.json"
    file.write_text(json.dumps([bad, good]), encoding="utf-8")   # \ud800 escaped by json
    done = run_cli("import-annotations", file, "--project", project_path)
    assert done.returncode == 0, done.stderr
    assert "1 added" in done.stdout and "skipped: #1: its id holds a lone surrogate" in done.stderr

