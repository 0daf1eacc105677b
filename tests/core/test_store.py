"""The project file: schema versions, refusals, default location, backups."""

from __future__ import annotations

import hashlib
import sqlite3
import uuid

import pytest

from briefer.core import schema
from briefer.core.errors import DamagedProject, NotAProject, ReadOnlyProject
from briefer.core.errors import InvalidInput
from briefer.core.store import Project
from briefer.paths import default_project_path, project_path, seed_files
from briefer.project import open_project


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_project_is_versioned_wal_with_foreign_keys(empty_project):
    db = empty_project.db
    assert db.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    assert db.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert empty_project.settings.get()["marking"] == "TLP:CLEAR"


def test_every_id_is_a_uuid(project):
    doc = project.documents.list()[0]
    qid = project.quotes.add(doc["id"], 0, 10, actors=["Anthropic"], themes=["Safety"])
    for value in (doc["id"], qid, project.codebook.resolve_actor("Anthropic"),
                  project.codebook.resolve_theme("Safety")):
        assert str(uuid.UUID(value)) == value


def test_opens_a_file_of_the_previous_version_and_upgrades_it(tmp_path):
    path = tmp_path / "old.briefer"
    conn = sqlite3.connect(path)
    from sqlite_utils import Database

    db = Database(conn)
    version = schema.upgrade(db, stop_before="0002_judgments_and_theme_order")
    assert version == 1
    db["documents"].insert({"id": "d1", "title": "Old", "text": "Some old text here.",
                            "sha256": "x", "imported_at": "2026-01-01T00:00:00+00:00",
                            "updated_at": "2026-01-01T00:00:00+00:00", "language": "en"})
    for i, name in enumerate(["Zeta", "Alpha"]):
        db["themes"].insert({"id": f"t{i}", "name": name, "colour": "#fff",
                             "created_at": f"2026-01-0{i + 1}T00:00:00+00:00"})
    conn.close()

    with Project.open(path) as project:
        assert project.schema_version == schema.SCHEMA_VERSION
        assert "upgraded" in project.notice
        assert [t["name"] for t in project.codebook.themes()] == ["Zeta",
                                                                  "Alpha"]  # order kept by age
        assert project.documents.get("d1")["title"] == "Old"
        jid = project.judgments.add("Old files take judgments now.", "high")
        assert project.judgments.list()[0]["id"] == jid
    kept = sqlite3.connect(tmp_path / "old.briefer.v1.bak")          # the old version, kept
    assert kept.execute("PRAGMA user_version").fetchone()[0] == 1
    assert kept.execute("SELECT title FROM documents").fetchall() == [("Old",)]
    kept.close()


def test_a_file_from_a_newer_briefer_opens_read_only(tmp_path):
    path = tmp_path / "future.briefer"
    Project.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = digest(path)
    with Project.open(path) as project:
        assert project.read_only and "newer Briefer" in project.notice
        assert project.documents.list() == []
        with pytest.raises(ReadOnlyProject, match=r"written by a newer Briefer.*open read-only"):
            project.codebook.add_actor("Nobody")
    assert digest(path) == before


@pytest.mark.parametrize("content, message", [
    (b"Just some notes, not a database.\n" * 10, "not an SQLite database"),
    (b"\x89PNG\r\n\x1a\n" + bytes(200), "not an SQLite database"),
])
def test_foreign_files_are_refused_and_untouched(tmp_path, content, message):
    path = tmp_path / "notes.briefer"
    path.write_bytes(content)
    with pytest.raises(NotAProject, match=message):
        Project.open(path)
    assert path.read_bytes() == content
    assert not (tmp_path / "notes.briefer-wal").exists()


def test_another_programs_sqlite_file_is_refused_and_untouched(tmp_path):
    path = tmp_path / "places.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    conn.execute("INSERT INTO moz_places (url) VALUES ('https://example.org')")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(NotAProject, match="another program.*moz_places"):
        Project.open(path)
    assert digest(path) == before


def test_a_damaged_project_is_refused_and_untouched(project_path):
    with open_project(project_path) as project:
        project.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(project_path.read_bytes())
    page = 4096
    for i in range(page * 2, len(data) - page, 7):  # scribble over the b-tree pages
        data[i] = 0x5A
    project_path.write_bytes(bytes(data))
    before = digest(project_path)
    with pytest.raises((DamagedProject, NotAProject)) as info:
        Project.open(project_path)
    assert project_path.name in str(info.value)
    assert digest(project_path) == before


def test_a_truncated_header_is_refused(tmp_path):
    path = tmp_path / "cut.briefer"
    path.write_bytes(b"SQLite format 3\x00" + b"\x10\x00" + bytes(30))
    with pytest.raises(
        (DamagedProject, NotAProject),
        match="cut.briefer is an SQLite file whose header is damaged; it was left untouched",
    ):
        Project.open(path)


def test_default_project_lives_in_the_user_data_folder(monkeypatch, tmp_path):
    assert project_path(None) == default_project_path()
    assert "briefer" in str(default_project_path()).lower()
    monkeypatch.setenv("BRIEFER_PROJECT", str(tmp_path / "env.briefer"))
    assert project_path(None) == tmp_path / "env.briefer"
    assert project_path(tmp_path / "cli.briefer") == tmp_path / "cli.briefer"


def test_a_new_default_project_imports_the_seeds():
    with open_project() as project:
        assert project.path == default_project_path()
        names = sorted(d["source_name"] for d in project.documents.list())
    assert names == sorted(p.name for p in seed_files())
    assert len(names) == 5


def test_settings_round_trip(empty_project, project_path):
    empty_project.settings.set(title="Brief", analyst="A. Analyst", marking="TLP:AMBER",
                               summary="Line one\n- bullet")
    empty_project.close()
    with Project.open(project_path) as again:
        s = again.settings.get()
    assert (s["title"], s["analyst"], s["marking"], s["summary"]) == (
        "Brief", "A. Analyst", "TLP:AMBER", "Line one\n- bullet")


def test_backup_is_a_consistent_copy(project, tmp_path):
    doc = project.documents.list()[0]
    project.quotes.add(doc["id"], 5, 25, themes=["Backup"])
    out = project.backup(tmp_path / "copy.briefer")
    with Project.open(out) as copy:
        assert len(copy.quotes.list()) == 1 and len(copy.documents.list()) == 5
        assert copy.check() == []
    with pytest.raises(InvalidInput, match="must not overwrite the project itself"):
        project.backup(project.path)
