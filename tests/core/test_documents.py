"""Importing documents into a project: metadata, no-op re-imports, updates, refusals, search."""

from __future__ import annotations

import shutil

import pytest

from briefer.core.errors import InvalidInput
from briefer.paths import seed_files


def by_name(project):
    return {d["source_name"]: d for d in project.documents.list()}


def test_seeds_import_with_their_metadata(project):
    docs = by_name(project)
    assert len(docs) == 5
    assert docs["000_7bc97aca627d9156.txt"]["date"] == "2026-03-03"
    assert docs["004_fdc24149c3ab82ec.txt"]["date"] == "2025-09-05"
    d2 = docs["002_d344139c08af403f.txt"]
    assert d2["author"] == "Ada" and d2["title"] == "Anthropic's 72-Hour Identity Crisis"
    assert all(d["language"] == "en" for d in docs.values())
    for path in seed_files():
        stored = project.documents.get(docs[path.name]["id"])["text"]
        assert stored == path.read_bytes().decode("utf-8")


def test_reimporting_the_same_file_is_a_no_op(project):
    before = project.documents.list()
    results = project.documents.import_files(seed_files())
    assert [r.status for r in results] == ["unchanged"] * 5
    assert project.documents.list() == before


def test_a_changed_version_updates_the_text_and_reanchors(project, tmp_path):
    src = tmp_path / "article.txt"
    original = "Intro line.\nThe Pentagon demanded unrestricted use. Anthropic refused.\nEnd."
    src.write_text(original, encoding="utf-8")
    first = project.documents.import_file(src)
    assert first.status == "added"
    quote_text = "Anthropic refused."
    qid = project.quotes.add_text(first.doc_id, quote_text, themes=["Refusal"])
    src.write_text("A new first paragraph was added.\n\n" + original, encoding="utf-8")
    second = project.documents.import_file(src)
    assert (second.status, second.doc_id, second.relocated, second.orphaned) == (
        "updated", first.doc_id, 1, 0)
    q = project.quotes.get(qid)
    text = project.documents.get(first.doc_id)["text"]
    assert text[q["start_cp"]:q["end_cp"]] == quote_text
    assert not q["orphaned"] and project.check() == []


def test_a_quote_that_vanished_is_kept_and_orphaned(project, tmp_path):
    src = tmp_path / "gone.txt"
    src.write_text("Keep this sentence. Remove this one entirely please. Tail.", encoding="utf-8")
    doc_id = project.documents.import_file(src).doc_id
    qid = project.quotes.add_text(doc_id, "Remove this one entirely please.", note="important")
    src.write_text("Keep this sentence. Tail.", encoding="utf-8")
    result = project.documents.import_file(src)
    assert result.orphaned == 1
    q = project.quotes.get(qid)
    assert q["orphaned"]
    assert q["exact"] == "Remove this one entirely please."
    assert q["note"] == "important"
    assert project.check() == []


def test_bad_files_are_refused_by_name_and_the_rest_of_the_batch_imports(empty_project, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("A perfectly good article about export controls.", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    other = tmp_path / "sheet.xlsx"
    other.write_bytes(b"PK\x03\x04" + bytes(40))
    results = empty_project.documents.import_files([empty, binary, good, other,
                                                    tmp_path / "missing.txt"])
    statuses = {r.path.rsplit("/", 1)[-1]: r for r in results}
    assert statuses["good.txt"].status == "added"
    for name in ("empty.txt", "photo.txt", "sheet.xlsx", "missing.txt"):
        assert statuses[name].status == "refused" and name in statuses[name].message
    assert len(empty_project.documents.list()) == 1


def test_renamed_copy_of_known_text_is_not_duplicated(project, tmp_path):
    copy = tmp_path / "copy_of_seed.txt"
    shutil.copy(seed_files()[0], copy)
    assert project.documents.import_file(copy).status == "unchanged"


def test_metadata_is_editable(project):
    doc = project.documents.list()[0]
    project.documents.update(doc["id"], title="Edited", outlet="Outlet", date="2026-02-01",
                            language="en")
    d = project.documents.get(doc["id"])
    assert (d["title"], d["outlet"], d["date"]) == ("Edited", "Outlet", "2026-02-01")


def test_search_finds_documents_and_follows_edits(project):
    hits = {d["source_name"] for d in project.documents.search("Hegseth")}
    assert "000_7bc97aca627d9156.txt" in hits and "002_d344139c08af403f.txt" in hits
    found = {d["source_name"] for d in project.documents.search("灭霸")}
    assert found == {"000_7bc97aca627d9156.txt"}
    doc = project.documents.list()[0]
    project.documents.update(doc["id"], title="Zanzibarian chronicle")
    assert [d["id"] for d in project.documents.search("zanzibarian")] == [doc["id"]]
    project.documents.delete(doc["id"])
    assert project.documents.search("zanzibarian") == []


def test_a_namesake_from_another_folder_is_a_new_document(empty_project, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = tmp_path / "a" / "article.txt", tmp_path / "b" / "article.txt"
    first.write_text("The first article, about chips.", encoding="utf-8")
    second.write_text("A different article, about drones.", encoding="utf-8")
    doc = empty_project.documents.import_file(first).doc_id
    qid = empty_project.quotes.add_text(doc, "about chips")
    assert empty_project.documents.import_file(second).status == "added"
    assert not empty_project.quotes.get(qid)["orphaned"]
    assert len(empty_project.documents.list()) == 2


def test_a_moved_file_with_new_text_updates_its_document(empty_project, tmp_path):
    src = tmp_path / "old" / "piece.txt"
    src.parent.mkdir()
    src.write_text("Opening. The quoted sentence stays. Closing.", encoding="utf-8")
    doc = empty_project.documents.import_file(src).doc_id
    src.unlink()
    moved = tmp_path / "new" / "piece.txt"
    moved.parent.mkdir()
    moved.write_text("New opening line. Opening. The quoted sentence stays. Closing.",
                     encoding="utf-8")
    result = empty_project.documents.import_file(moved)
    assert (result.status, result.doc_id) == ("updated", doc)


@pytest.mark.parametrize("fields, message", [
    ({"title": "  "}, "needs a title"),
    ({"date": "2026-02-30"}, "not a date"),
    ({"date": "3 March 2026"}, "not a date"),
    ({"language": "English"}, "not a language tag"),
    ({"colour": "red"}, "Unknown document field"),
])
def test_bad_metadata_is_refused(project, fields, message):
    doc = project.documents.list()[0]
    with pytest.raises(InvalidInput, match=message):
        project.documents.update(doc["id"], **fields)
    assert project.documents.list()[0] == doc


def test_partial_dates_and_clearing_are_accepted(project):
    doc = project.documents.list()[0]["id"]
    for value in ("2026", "2026-02", "2026-02-28", None):
        project.documents.update(doc, date=value)
        assert project.documents.get(doc)["date"] == value
