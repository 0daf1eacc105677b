"""CLI commands for the brief: ``brief`` compiles the PDF, ``judgment`` edits key judgments."""

from __future__ import annotations

from pathlib import Path

import click

from .cli import _open, emit_json, json_option, project_option


@click.command("brief")
@project_option
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="PDF to write (default: exports/<project>-<date>.pdf).")
@click.option("--html", "html_out", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the brief's HTML here.")
@click.option("--engine", type=click.Choice(["auto", "wkhtmltopdf", "qt"]), default="auto",
              show_default=True, help="PDF engine; auto uses wkhtmltopdf when found.")
@click.option("--wkhtmltopdf", "wkhtmltopdf", type=click.Path(dir_okay=False),
              help="Path of the wkhtmltopdf program.")
@click.option("--group-by", type=click.Choice(["theme", "actor"]), default="theme",
              show_default=True)
@click.option("--theme", "themes", multiple=True, help="Include only this theme (repeatable).")
@click.option("--actor", "actors", multiple=True, help="Include only this actor (repeatable).")
@click.option("--doc", "docs", multiple=True, help="Include only this document (repeatable).")
@click.option("--starred", is_flag=True, help="Include only starred quotes.")
@click.option("--title", help="Title instead of the project's.")
@click.option("--marking", help="Handling marking instead of the project's (e.g. TLP:AMBER).")
@click.option("--timeout", type=click.FloatRange(min=1), metavar="SECONDS",
              help="Stop wkhtmltopdf after this long (default: 60 s + 0.02 s per quote).")
def brief_cmd(project_path, out, html_out, engine, wkhtmltopdf, group_by, themes, actors, docs,
              starred, title, marking, timeout):
    """Compile the situation brief as a PDF; prints its path."""
    from .brief.compile import compile_brief
    from .brief.model import BriefOptions
    from .paths import project_path as resolve_project_path

    options = BriefOptions(group_by=group_by, themes=list(themes), actors=list(actors),
                           docs=list(docs), starred_only=starred, title=title, marking=marking)
    # The export only reads: the project is opened read-only, never created or seeded.
    result = compile_brief(resolve_project_path(project_path), out, options, engine=engine,
                           wkhtmltopdf=wkhtmltopdf, html_out=html_out, timeout=timeout)
    if result.notice:
        click.echo(result.notice, err=True)
    click.echo(str(result.path))


@click.group("judgment")
def judgment_group():
    """Key judgments of the brief: add, list, remove."""


@judgment_group.command("add")
@project_option
@click.argument("text")
@click.option("--confidence", type=click.Choice(["low", "moderate", "high"]), default="moderate",
              show_default=True)
@click.option("--quote", "quotes", multiple=True, help="Id of a quote it rests on (repeatable).")
def judgment_add(project_path, text, confidence, quotes):
    """Add a key judgment; prints its id."""
    with _open(project_path) as project:
        click.echo(project.add_judgment(text, confidence, quotes))


@judgment_group.command("list")
@project_option
@json_option
def judgment_list(project_path, as_json):
    """List key judgments with their confidence and quotes."""
    with _open(project_path) as project:
        rows = [{"id": j["id"], "text": j["text"], "confidence": j["confidence"],
                 "quotes": j["quote_ids"]} for j in project.judgments()]
    if as_json:
        return emit_json(rows)
    for j in rows:
        click.echo(f"{j['id'][:8]}  [{j['confidence']}] {j['text']}  ({len(j['quotes'])} quotes)")


@judgment_group.command("remove")
@project_option
@click.argument("judgment_id")
def judgment_remove(project_path, judgment_id):
    """Remove a key judgment (its quotes stay)."""
    with _open(project_path) as project:
        project.remove_judgment(judgment_id)
    click.echo("removed")
