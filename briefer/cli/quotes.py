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
    said = f" — {q['speaker']}" if q.get("speaker") else ""
    said += f" (as quoted in {q['carrier']})" if q.get("carrier") else ""
    out = "x" if q.get("excluded") else ""
    return (f"{q['id'][:8]} {flag}{out} “{text[:90]}{'…' if len(text) > 90 else ''}”{said}  "
            f"[{tags}]")


def sourcing_args(speaker, carrier, credibility, translation, translation_file, print_note,
                  excluded, event_date) -> dict:
    """The sourcing options as keyword arguments of ``quotes.add`` / ``quotes.update``."""
    if translation is not None and translation_file is not None:
        raise click.UsageError("Give --translation or --translation-file, not both.")
    if translation_file is not None:
        translation = read_text_file(translation_file)
    given = dict(speaker=speaker, carrier=carrier, credibility=credibility,
                 translation=translation, print_note=print_note, excluded=excluded,
                 event_date=event_date)
    return {k: v for k, v in given.items() if v is not None}


#: The sourcing options ``quote add`` and ``quote edit`` share (issue #11), in one place.
_SOURCING_OPTIONS = [
    click.option("--speaker", help="Who said it: an actor's name or alias (stored as that "
                 "actor), else free text (\"unnamed Taiwanese analyst\"); empty to clear."),
    click.option("--carrier",
                 help="As quoted in: the outlet or actor that carried it (same rule)."),
    click.option("--credibility", type=click.IntRange(1, 6),
                 help="Information credibility 1-6 (NATO/Admiralty; 6: cannot be judged)."),
    click.option("--translation", help="The analyst's translation (empty to clear)."),
    click.option("--translation-file", type=click.Path(dir_okay=False, path_type=Path),
                 help="The translation from this file (- for stdin)."),
    click.option("--print-note/--internal-note", "print_note", default=None,
                 help="Print the note in the brief, or keep it internal (the default)."),
    click.option("--exclude/--include", "excluded", default=None,
                 help="Leave the quote out of the brief (kept in the project), or put it back."),
    click.option("--event-date",
                 help="Date of the event the quote reports (YYYY-MM-DD; empty to clear)."),
]


def sourcing_options(fn):
    for option in reversed(_SOURCING_OPTIONS):
        fn = option(fn)
    return fn


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
@sourcing_options
def quote_add(project_path, as_json, doc, quote_text, occurrence, start, end, actors, themes,
              note, star, speaker, carrier, credibility, translation, translation_file,
              print_note, excluded, event_date):
    """Quote a span of a document and tag it; prints the quote id."""
    if (quote_text is None) == (start is None or end is None):
        raise click.UsageError("Give either --quote TEXT or both --start and --end.")
    sourcing = sourcing_args(speaker, carrier, credibility, translation, translation_file,
                             print_note, excluded, event_date)
    with open_project(project_path) as project:
        kwargs = dict(actors=actors, themes=themes, note=note, starred=star, **sourcing)
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
@click.option("--speaker", help="Only quotes said by this speaker (an actor, or the text given).")
def quote_list(project_path, as_json, actors, themes, docs, langs, search, starred, speaker):
    """List quotes, filtered."""
    with open_project(project_path) as project:
        rows = [quote_json(q) for q in project.quotes.list(
            actors=actors, themes=themes, docs=docs, langs=langs, search=search,
            starred=True if starred else None, speaker=speaker)]
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
@sourcing_options
def quote_edit(project_path, as_json, quote, add_actor, remove_actor, add_theme, remove_theme,
               note, note_file, star, start, end, speaker, carrier, credibility, translation,
               translation_file, print_note, excluded, event_date):
    """Change a quote's tags, note, star, span or sourcing (speaker, carrier, grade…)."""
    sourcing = sourcing_args(speaker, carrier, credibility, translation, translation_file,
                             print_note, excluded, event_date)
    if note is not None and note_file is not None:
        raise click.UsageError("Give --note or --note-file, not both.")
    if (start is None) != (end is None):
        raise click.UsageError("Give both --start and --end to move the quote.")
    note = note if note_file is None else read_text_file(note_file)
    with open_project(project_path) as project:
        q = project.quotes.get(quote)
        actors = _retag(q.actor_ids, add_actor, remove_actor, project.codebook.resolve_actor)
        themes = _retag(q.theme_ids, add_theme, remove_theme, project.codebook.resolve_theme)
        if start is not None:                   # first: a bad span refuses before any change
            project.quotes.set_span(q.id, start, end)
        project.quotes.update(q.id, note=note, starred=star, actors=actors, themes=themes,
                              **sourcing)
        row = quote_json(project.quotes.get(q.id))
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
        confirm(f"Delete the quote “{' '.join(q.exact.split())[:60]}”?", yes)
        project.quotes.delete(q.id)
    click.echo(f"Deleted {q.id[:8]}")
