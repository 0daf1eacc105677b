"""A filtered brief reads only its own quotes (and its judgments' evidence) from the store,
and counts its matrix in SQL: a brief of one theme in a year of reporting stays cheap."""

from __future__ import annotations

from briefer.brief.build import build_brief
from briefer.brief.model import BriefOptions
from tests.briefer_cli import run_cli



def _count_reads(project, monkeypatch) -> list[str]:
    """Ids of every quote row ``project.quotes.list`` hands out."""
    read: list[str] = []
    real = project.quotes.list

    def counted(*args, **kwargs):
        rows = real(*args, **kwargs)
        read.extend(r.id for r in rows)
        return rows

    monkeypatch.setattr(project.quotes, "list", counted)
    return read


def test_a_filtered_brief_reads_only_its_quotes_and_their_evidence(demo_project, monkeypatch):
    themes = demo_project.codebook.themes()
    every = demo_project.quotes.list(orphaned=False)
    theme = next(t for t in themes if 0 < sum(t.name in q.themes for q in every) < len(every))
    read = _count_reads(demo_project, monkeypatch)
    brief = build_brief(demo_project, BriefOptions(themes=[theme.name]))
    shown = {q.id for q in brief.quotes}
    evidence = {q.id for j in brief.judgments for q in j.evidence}
    assert shown == {q.id for q in every if theme.name in q.themes}
    assert set(read) == shown | evidence and len(read) == len(shown | evidence) < len(every)


def test_brief_filters_keep_any_of_the_themes_and_actors_named(demo_project):
    every = demo_project.quotes.list(orphaned=False)
    two_themes = [t.name for t in demo_project.codebook.themes()[:2]]
    brief = build_brief(demo_project, BriefOptions(themes=two_themes))
    assert {q.id for q in brief.quotes} == {
        q.id for q in every if set(two_themes) & set(q.themes)}
    actors = [a.name for a in demo_project.codebook.actors()[:2]]
    brief = build_brief(demo_project, BriefOptions(actors=actors, starred_only=True))
    assert {q.id for q in brief.quotes} == {
        q.id for q in every if set(actors) & set(q.actors) and q.starred}
    assert sum(a.quotes for a in brief.actors) == sum(
        len(set(q.actors)) for q in brief.quotes if q.actors)


def test_a_brief_counts_what_another_process_wrote(demo_project, project_path):
    doc = demo_project.documents.list()[0]
    theme = demo_project.codebook.themes()[0].name
    before = build_brief(demo_project, BriefOptions(themes=[theme], group_by="actor"))
    text = demo_project.documents.get(doc.id).text
    start = len(text) // 2
    proc = run_cli("quote", "add", "--project", project_path, "--doc", doc.id, "--start", start,
                   "--end", start + 40, "--theme", theme, "--actor", "A child process")
    assert proc.returncode == 0, proc.stderr
    after = build_brief(demo_project, BriefOptions(themes=[theme], group_by="actor"))
    assert after.quote_count == before.quote_count + 1
    child = next(a for a in after.actors if a.name == "A child process")
    assert (child.quotes, child.themes) == (1, [theme])
    assert [s.title for s in after.sections if s.title == "A child process"]
