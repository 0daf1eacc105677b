"""Issue 9.2-9.3: writers wait their turn; concurrent imports and first opens make no duplicates.

Every writer and reader is a separate process. The figures (how many landed, how long the
slowest waited) are printed so a run of ``pytest -s tests/faults`` shows them.
"""

from __future__ import annotations

import json
import time

import pytest

from briefer.core.store import Project

from tests.briefer_cli import run_cli, start_cli
from .children import fresh_rows, no_traceback, spawn

WRITER = """
    import json, sys, time, traceback
    from briefer.core.store import Project
    path, n, tag = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    p = Project.open(path)
    doc = p.documents.list()[0].id
    text_len = len(p.documents.get(doc).text)
    sys.stdin.readline()                       # start together
    ok, failed, waits = [], [], []
    for i in range(n):
        start = (i * 37 + len(tag) * 101) % (text_len - 20)
        t0 = time.perf_counter()
        try:
            ok.append(p.quotes.add(doc, start, start + 12, actors=[f"Actor {i % 7}"],
                                  themes=[tag], note=f"{tag} {i}"))
        except Exception as exc:
            failed.append(f"{type(exc).__name__}: {exc}")
        waits.append(time.perf_counter() - t0)
    print(json.dumps({"ok": ok, "failed": failed, "max_wait": max(waits)}), flush=True)
"""

READER = """
    import json, sys
    from briefer.core.store import Project
    p = Project.open(sys.argv[1])
    sys.stdin.readline()
    reads, errors = 0, []
    for _ in range(int(sys.argv[2])):
        try:
            p.quotes.list(); p.codebook.actors(); p.codebook.themes(); reads += 1
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
    print(json.dumps({"reads": reads, "errors": errors}), flush=True)
"""


@pytest.fixture
def one_doc(project_path):
    from briefer.paths import seed_files

    with Project.open(project_path) as p:
        p.documents.import_files(seed_files()[:1])
    return project_path


def _run_together(procs):
    for proc in procs:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err[-3000:]
        assert "Traceback" not in err, err[-3000:]
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def test_four_writers_of_fifty_and_two_readers_all_land(one_doc):
    writers = [spawn(WRITER, one_doc, 50, f"W{i}") for i in range(4)]
    readers = [spawn(READER, one_doc, 40) for _ in range(2)]
    t0 = time.perf_counter()
    results = _run_together(writers + readers)
    elapsed = time.perf_counter() - t0
    landed = [q for r in results[:4] for q in r["ok"]]
    failed = [f for r in results[:4] for f in r["failed"]]
    print(f"\n4 writers x 50 + 2 readers: {len(landed)} landed, {len(failed)} failed, "
          f"{sum(r['reads'] for r in results[4:])} reads, slowest write waited "
          f"{max(r['max_wait'] for r in results[:4]) * 1000:.0f} ms, {elapsed:.1f} s in all")
    assert failed == [] and len(landed) == 200
    assert all(r["errors"] == [] for r in results[4:])
    on_disk = {r[0] for r in fresh_rows(one_doc, "SELECT id FROM quotes")}
    assert on_disk == set(landed)
    themes = fresh_rows(one_doc, "SELECT name FROM themes ORDER BY name")
    assert themes == [("W0",), ("W1",), ("W2",), ("W3",)]
    assert len(fresh_rows(one_doc, "SELECT name FROM actors")) == 7


def test_concurrent_cli_annotate_all_land(one_doc):
    """The CLI as four terminals would run it: every call exits 0, none prints a traceback."""

    doc = Project.open(one_doc).documents.list()[0].id
    procs = [start_cli("annotate", "--project", one_doc, "--doc", doc, "--start", 40 * i,
                       "--end", 40 * i + 15, "--theme", f"CLI {i % 4}") for i in range(16)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 16, [o[1][-500:] for o in outs]
    assert not any("Traceback" in o[1] for o in outs)
    assert len(fresh_rows(one_doc, "SELECT id FROM quotes")) == 16


IMPORTER = """
    import sys
    from briefer.core.store import Project
    p = Project.open(sys.argv[1])
    sys.stdin.readline()
    results = p.documents.import_files(sys.argv[2:])
    print(" ".join(r.status for r in results), flush=True)
"""


def test_three_concurrent_imports_of_ten_files_give_ten_documents(tmp_path, project_path):
    files = []
    for i in range(10):
        f = tmp_path / f"article-{i}.txt"
        f.write_text(f"Article {i}\n\n" + f"The Pentagon and Anthropic, paragraph {i}. " * 40,
                     encoding="utf-8")
        files.append(f)
    Project.open(project_path).close()
    procs = [spawn(IMPORTER, project_path, *files) for _ in range(3)]
    for proc in procs:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    statuses = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0 and "Traceback" not in err, err[-3000:]
        statuses += out.split()
    assert statuses.count("added") == 10 and statuses.count("unchanged") == 20, statuses
    assert fresh_rows(project_path, "SELECT count(*) FROM documents") == [(10,)]


def test_three_concurrent_demo_loads_on_a_new_project(project_path):
    """Three `briefer demo` on a file that does not exist yet: one creates the schema, all
    succeed, the demo is in once."""

    from briefer.paths import seed_files

    seeded = Project.open(project_path)
    seeded.documents.import_files(seed_files())
    seeded.close()
    fresh = project_path.with_name("fresh.briefer")
    procs = [start_cli("import", "--project", fresh, *seed_files()) for _ in range(3)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert not any("Traceback" in o[1] for o in outs), [o[1][-800:] for o in outs]
    assert fresh_rows(fresh, "SELECT count(*) FROM documents") == [(len(seed_files()),)]
    demos = [start_cli("demo", "--project", fresh) for _ in range(3)]
    outs = [p.communicate(timeout=180) for p in demos]
    assert [p.returncode for p in demos] == [0, 0, 0], [o[1][-800:] for o in outs]
    assert not any("Traceback" in o[1] for o in outs)
    with Project.open(fresh) as p:
        once = len(p.quotes.list())
        assert once > 0 and p.check() == []
    rerun = run_cli("demo", "--project", fresh)
    no_traceback(rerun)
    assert fresh_rows(fresh, "SELECT count(*) FROM quotes") == [(once,)]


def test_three_concurrent_first_opens_of_a_new_file(project_path):
    code = """
        import sys
        from briefer.core.store import Project
        sys.stdin.readline()
        p = Project.open(sys.argv[1])
        print(p.schema_version, p.created, flush=True)
    """
    procs = [spawn(code, project_path) for _ in range(3)]
    for proc in procs:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    outs = [proc.communicate(timeout=60) for proc in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], [o[1][-800:] for o in outs]
    created = [o[0].split()[1] for o in outs]
    assert created.count("True") == 1, created
    assert fresh_rows(project_path, "SELECT count(*) FROM settings WHERE key = 'title'") == [(1,)]


def test_an_upgrade_by_another_process_between_reading_the_version_and_upgrading(
        tmp_path, monkeypatch):
    """This process reads schema 7, then another process upgrades the file (keeping
    ``.v7.bak``) before this one writes: this one must not copy the upgraded file over the
    kept schema 7 copy, nor say it upgraded anything."""
    import sqlite3

    from briefer.core import schema, store
    from tests.core.test_link_counts import old_project

    path = tmp_path / "old.briefer"
    old_project(path)
    read_version = store.inspect_file

    def overtaken(p):
        version = read_version(p)
        proc = run_cli("check", "--project", path)          # the other process upgrades first
        assert proc.returncode == 0 and "upgraded from schema 7" in proc.stderr, proc.stderr
        return version

    monkeypatch.setattr(store, "inspect_file", overtaken)
    with Project.open(path) as project:
        version, notice = project.schema_version, project.notice
    kept = sqlite3.connect(tmp_path / "old.briefer.v7.bak")
    try:
        assert kept.execute("PRAGMA user_version").fetchone() == (7,)
        assert kept.execute("SELECT count(*) FROM sqlite_master WHERE name = 'actor_counts'"
                            ).fetchone() == (0,)
        assert kept.execute("SELECT count(*) FROM quote_actors").fetchone() == (4,)
    finally:
        kept.close()
    assert version == schema.SCHEMA_VERSION and notice is None
