"""Listing the codebook with counts only (``links=False``: what the views of a big project
ask for) gives the same counts as the full listing, also for quotes another process wrote."""

from __future__ import annotations

from tests.briefer_cli import run_cli


def test_counts_only_listing_agrees_with_the_quote_ids(project, project_path):
    doc = project.documents.list()[0].id
    project.quotes.add_text(doc, "Anthropic", actors=["Anthropic", "Pentagon"], themes=["Pressure"])
    proc = run_cli("quote", "add", "--project", str(project_path), "--doc", doc, "--quote",
                   "Anthropic", "--occurrence", "2", "--actor", "Anthropic", "--theme", "Pressure",
                   "--theme", "Distillation")
    assert proc.returncode == 0, proc.stderr
    for kind in ("actors", "themes"):
        full = getattr(project.codebook, kind)()
        light = getattr(project.codebook, kind)(links=False)
        assert [(x.id, x.name, x.quotes) for x in light] == [
            (x.id, x.name, len(x.quote_ids)) for x in full]
        assert all(x.quote_ids == () for x in light)
    counts = {a.name: a.quotes for a in project.codebook.actors(links=False)}
    themes = {t.name: t.quotes for t in project.codebook.themes(links=False)}
    assert (counts["Anthropic"], counts["Pentagon"]) == (2, 1)
    assert (themes["Pressure"], themes["Distillation"]) == (2, 1)
