"""Quotes: ``quote add|list|show|edit|delete`` (``annotate`` and ``quotes`` are the old names)."""

from __future__ import annotations

from pathlib import Path

import click

from ..core.records import Quote
from .common import (confirm, emit, emit_json, json_option, open_project, project_option,
                     read_text_file, yes_option)


def quote_json(q: Quote) -> dict:
    """A quote as ``--json`` prints it: the keys its record's description gives."""
    return q.to_json()


def quote_line(q: dict) -> str:
    tags = ", ".join([*q["actors"], *(f"#{t}" for t in q["themes"])])
    flag = "*" if q["starred"] else ("?" if q["orphaned"] else " ")
    text = " ".join(q["text"].split())
    return f"{q['id'][:8]} {flag} “{text[:90]}{'…' if len(text) > 90 else ''}”  [{tags}]"


@click.group("quote")
def quote_group():
    """Quotes: add, list, show, edit, delete."""


@quote_group.command("add")
@project_option
@json_option
@click.option("--doc", "doc", required=True, help="Document id (or a unique prefix).")
@click.option("--quote", "quote_text", help="The exact text to quote.")
@click.option("--occurrence", type=int, default=1, show_default=True,
              help="Which occurrence of --quote.")
@click.option("--start", type=int, help="Start offset (code points).")
@click.option("--end", type=int, help="End offset (code points, excluded).")
@click.option("--actor", "actors", multiple=True, help="Actor name (created if new).")
@click.option("--theme", "themes", multiple=True, help="Theme name (created if new).")
@click.option("--note", default="", help="The analyst's note.")
@click.option("--star", is_flag=True, help="Star the quote.")
def quote_add(project_path, as_json, doc, quote_text, occurrence, start, end, actors, themes,
              note, star):
    """Quote a span of a document and tag it; prints the quote id."""
    if (quote_text is None) == (start is None or end is None):
        raise click.UsageError("Give either --quote TEXT or both --start and --end.")
    with open_project(project_path) as project:
        kwargs = dict(actors=actors, themes=themes, note=note, starred=star)
        if quote_text is not None:
            quote_id = project.quotes.add_text(doc, quote_text, occurrence, **kwargs)
        else:
            quote_id = project.quotes.add(project.documents.resolve(doc), start, end, **kwargs)
        row = quote_json(project.quotes.get(quote_id))
    emit_json(row) if as_json else click.echo(quote_id)


@quote_group.command("list")
@project_option
@json_option
@click.option("--actor", "actors", multiple=True, help="Only quotes with this actor (AND).")
@click.option("--theme", "themes", multiple=True, help="Only quotes with this theme (AND).")
@click.option("--doc", "docs", multiple=True, help="Only quotes from this document.")
@click.option("--lang", "langs", multiple=True, help="Only quotes in this language.")
@click.option("--search", help="Full-text search in quotes and notes.")
@click.option("--starred", is_flag=True, default=None, help="Only starred quotes.")
def quote_list(project_path, as_json, actors, themes, docs, langs, search, starred):
    """List quotes, filtered."""
    with open_project(project_path) as project:
        rows = [quote_json(q) for q in project.quotes.list(
            actors=actors, themes=themes, docs=docs, langs=langs, search=search,
            starred=True if starred else None)]
    emit(rows, as_json, quote_line)


@quote_group.command("show")
@project_option
@json_option
@click.argument("quote")
def quote_show(project_path, as_json, quote):
    """Show one quote: text, tags, note."""
    with open_project(project_path) as project:
        row = quote_json(project.quotes.get(quote))
    emit(row, as_json, lambda q: quote_line(q) + (f"\n  note: {q['note']}" if q["note"] else ""))


@quote_group.command("edit")
@project_option
@json_option
@click.argument("quote")
@click.option("--add-actor", multiple=True, help="Tag with this actor (created if new).")
@click.option("--remove-actor", multiple=True, help="Untag this actor.")
@click.option("--add-theme", multiple=True, help="Tag with this theme (created if new).")
@click.option("--remove-theme", multiple=True, help="Untag this theme.")
@click.option("--note", help="Replace the note (empty to clear).")
@click.option("--note-file", type=click.Path(dir_okay=False, path_type=Path),
              help="Replace the note with this file's text (- for stdin).")
@click.option("--star/--unstar", default=None, help="Star or unstar.")
@click.option("--start", type=int, help="New start offset (code points; with --end).")
@click.option("--end", type=int, help="New end offset (code points, excluded; with --start).")
def quote_edit(project_path, as_json, quote, add_actor, remove_actor, add_theme, remove_theme,
               note, note_file, star, start, end):
    """Change a quote's tags, note, star or span."""
    if note is not None and note_file is not None:
        raise click.UsageError("Give --note or --note-file, not both.")
    if (start is None) != (end is None):
        raise click.UsageError("Give both --start and --end to move the quote.")
    note = note if note_file is None else read_text_file(note_file)
    with open_project(project_path) as project:
        q = project.quotes.get(quote)
        actors = _retag(q["actor_ids"], add_actor, remove_actor, project.codebook.resolve_actor)
        themes = _retag(q["theme_ids"], add_theme, remove_theme, project.codebook.resolve_theme)
        if start is not None:                   # first: a bad span refuses before any change
            project.quotes.set_span(q["id"], start, end)
        project.quotes.update(q["id"], note=note, starred=star, actors=actors, themes=themes)
        row = quote_json(project.quotes.get(q["id"]))
    emit(row, as_json, quote_line)


def _retag(current: list[str], add, remove, resolve) -> list[str] | None:
    """The new tag list (ids and new names), or None when nothing changes."""
    if not add and not remove:
        return None
    gone = {resolve(r) for r in remove}
    return [i for i in current if i not in gone] + list(add)


@quote_group.command("delete")
@project_option
@yes_option
@click.argument("quote")
def quote_delete(project_path, yes, quote):
    """Delete a quote (asks first; --yes does not)."""
    with open_project(project_path) as project:
        q = project.quotes.get(quote)
        confirm(f"Delete the quote “{' '.join(q['exact'].split())[:60]}”?", yes)
        project.quotes.delete(q["id"])
    click.echo(f"Deleted {q['id'][:8]}")
