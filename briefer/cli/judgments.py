"""Key judgments of the brief: ``judgment add|list|show|edit|link|unlink|move|delete``."""

from __future__ import annotations

import click

from ..core.grading import LIKELIHOOD
from ..core.judgments import CONFIDENCE
from ..core.records import Judgment
from ..core.text import plural
from .common import confirm, emit, json_option, open_project, project_option, yes_option


LIKELIHOOD_HELP = ("ICD 203 likelihood: " + ", ".join(LIKELIHOOD) + " (none to clear).")


def judgment_json(j: Judgment) -> dict:
    return {"id": j.id, "text": j.text, "confidence": j.confidence,
            "likelihood": j.likelihood, "basis": j.basis, "quotes": j.quote_ids}


def judgment_line(j: dict) -> str:
    likely = f"{j['likelihood'].replace('_', ' ')}, " if j.get("likelihood") else ""
    return (f"{j['id'][:8]}  [{likely}{j['confidence']} confidence] {j['text']}  "
            f"({plural(len(j['quotes']), 'quote')})")


def _judgment(project, ref: str) -> dict:
    judgment_id = project.judgments.resolve(ref)
    return judgment_json(next(j for j in project.judgments.list() if j.id == judgment_id))


@click.group("judgment")
def judgment_group():
    """Key judgments of the brief: add, list, show, edit, link, unlink, move, delete."""


@judgment_group.command("add")
@project_option
@click.argument("text")
@click.option("--confidence", type=click.Choice(CONFIDENCE), default="moderate", show_default=True)
@click.option("--quote", "quotes", multiple=True, help="Id of a quote it rests on (repeatable).")
@click.option("--likelihood", help=LIKELIHOOD_HELP)
@click.option("--basis", default="", help="What the judgment rests on, in a sentence or two.")
def judgment_add(project_path, text, confidence, quotes, likelihood, basis):
    """Add a key judgment; prints its id."""
    with open_project(project_path, create=True) as project:
        click.echo(project.judgments.add(text, confidence, quotes, likelihood=likelihood,
                                         basis=basis))


@judgment_group.command("list")
@project_option
@json_option
def judgment_list(project_path, as_json):
    """List key judgments with their confidence and quotes."""
    with open_project(project_path) as project:
        rows = [judgment_json(j) for j in project.judgments.list()]
    emit(rows, as_json, judgment_line)


@judgment_group.command("show")
@project_option
@json_option
@click.argument("judgment")
def judgment_show(project_path, as_json, judgment):
    """Show one key judgment with its quotes' ids."""
    with open_project(project_path) as project:
        row = _judgment(project, judgment)
    emit(row, as_json, lambda j: "\n".join([judgment_line(j), *(f"  {q}" for q in j["quotes"])]))


@judgment_group.command("edit")
@project_option
@click.argument("judgment")
@click.option("--text", help="The new statement.")
@click.option("--confidence", type=click.Choice(CONFIDENCE), help="The new confidence.")
@click.option("--likelihood", help=LIKELIHOOD_HELP)
@click.option("--basis", help="What the judgment rests on (empty to clear).")
def judgment_edit(project_path, judgment, text, confidence, likelihood, basis):
    """Change a judgment's statement, confidence, likelihood or basis."""
    if text is None and confidence is None and likelihood is None and basis is None:
        raise click.UsageError("Give --text or --confidence (or --likelihood, --basis).")
    with open_project(project_path) as project:
        project.judgments.update(judgment, text=text, confidence=confidence,
                                 likelihood=likelihood, basis=basis)
        click.echo(judgment_line(_judgment(project, judgment)))


def _relink(project_path, judgment: str, quotes, add: bool) -> None:
    with open_project(project_path) as project:
        current = _judgment(project, judgment)["quotes"]
        named = [project.quotes.resolve(q) for q in quotes]
        linked = [*current, *named] if add else [q for q in current if q not in named]
        project.judgments.update(judgment, quotes=linked)
        click.echo(judgment_line(_judgment(project, judgment)))


@judgment_group.command("link")
@project_option
@click.argument("judgment")
@click.argument("quotes", nargs=-1, required=True)
def judgment_link(project_path, judgment, quotes):
    """Rest a judgment on these quotes too."""
    _relink(project_path, judgment, quotes, add=True)


@judgment_group.command("unlink")
@project_option
@click.argument("judgment")
@click.argument("quotes", nargs=-1, required=True)
def judgment_unlink(project_path, judgment, quotes):
    """Take these quotes from a judgment (the quotes stay)."""
    _relink(project_path, judgment, quotes, add=False)


@judgment_group.command("move")
@project_option
@click.argument("judgment")
@click.argument("position", type=click.IntRange(min=1))
def judgment_move(project_path, judgment, position):
    """Put a judgment at POSITION (1 = first) in the brief."""
    with open_project(project_path) as project:
        project.judgments.move(judgment, position - 1)
        rows = [judgment_json(j) for j in project.judgments.list()]
    for number, j in enumerate(rows, 1):
        click.echo(f"{number:3}. {judgment_line(j)}")


@judgment_group.command("delete")
@project_option
@yes_option
@click.argument("judgment")
def judgment_delete(project_path, yes, judgment):
    """Delete a key judgment (its quotes stay; asks first)."""
    with open_project(project_path) as project:
        row = _judgment(project, judgment)
        confirm(f"Delete the judgment “{row['text'][:60]}”?", yes)
        project.judgments.remove(row["id"])
    click.echo("removed")


@judgment_group.command("remove", hidden=True)
@project_option
@click.argument("judgment")
@click.pass_context
def judgment_remove(ctx, project_path, judgment):
    """Old name of `judgment delete --yes`."""
    ctx.invoke(judgment_delete, project_path=project_path, yes=True, judgment=judgment)
