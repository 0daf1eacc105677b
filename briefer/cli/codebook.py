"""The codebook: ``actor …`` and ``theme …`` (``actors`` and ``themes`` are the old names)."""

from __future__ import annotations

import click

from ..core.codebook import ACTOR_KINDS
from ..core.records import Actor, Theme
from ..core.text import plural
from .common import confirm, emit, json_option, open_project, pick, project_option, yes_option

ACTOR_KEYS = ("id", "name", "kind", "aliases", "colour", "quotes")
THEME_KEYS = ("id", "name", "description", "colour", "position", "quotes")


def actor_line(a: dict) -> str:
    """One actor of ``actor list`` (a row of ACTOR_KEYS)."""
    aliases = f"  (aka {', '.join(a['aliases'])})" if a["aliases"] else ""
    return f"{a['quotes']:4}q  {a['name']} [{a['kind']}]{aliases}"


def theme_line(t: dict) -> str:
    """One theme of ``theme list`` (a row of THEME_KEYS)."""
    return f"{t['quotes']:4}q  {t['name']}" + (f" — {t['description']}" if t["description"] else "")


def _row(project, kind: str, ref: str) -> Actor | Theme:
    item_id = getattr(project.codebook, f"resolve_{kind}")(ref)
    rows = project.codebook.actors() if kind == "actor" else project.codebook.themes()
    return next(r for r in rows if r.id == item_id)


def _actor(project, ref: str) -> Actor:
    actor_id = project.codebook.resolve_actor(ref)
    return next(a for a in project.codebook.actors() if a.id == actor_id)


def _edit(noun: str, project_path, ref: str, **values) -> None:
    """Apply ``update_actor``/``update_theme`` and print the result."""
    with open_project(project_path) as project:
        getattr(project.codebook, f"update_{noun}")(ref, **values)
        row = _row(project, noun, values.get("name") or ref)
    click.echo(actor_line(pick(row, ACTOR_KEYS)) if noun == "actor"
               else theme_line(pick(row, THEME_KEYS)))


colour_argument = click.argument("colour", metavar="COLOUR")   # #rrggbb


# -- actors --------------------------------------------------------------------------------
@click.group("actor")
def actor_group():
    """Actors: list, add, rename, recolour, alias, kind, merge, delete."""


@actor_group.command("list")
@project_option
@json_option
def actor_list(project_path, as_json):
    """List actors with kind, aliases and quote counts."""
    with open_project(project_path) as project:
        rows = [pick(a, ACTOR_KEYS) for a in project.codebook.actors()]
    emit(rows, as_json, actor_line)


@actor_group.command("add")
@project_option
@click.argument("name")
@click.option("--kind", type=click.Choice(ACTOR_KINDS), default="organisation", show_default=True)
@click.option("--alias", "aliases", multiple=True, help="Another name it goes by (repeatable).")
@click.option("--colour", help="Colour as #rrggbb or #rgb (default: the next in the palette).")
def actor_add(project_path, name, kind, aliases, colour):
    """Add an actor; prints its id."""
    with open_project(project_path, create=True) as project:
        click.echo(project.codebook.add_actor(name, kind, aliases, colour))


@actor_group.command("rename")
@project_option
@click.argument("actor")
@click.argument("new_name")
def actor_rename(project_path, actor, new_name):
    """Rename an actor."""
    _edit("actor", project_path, actor, name=new_name)


@actor_group.command("recolour")
@project_option
@click.argument("actor")
@colour_argument
def actor_recolour(project_path, actor, colour):
    """Change an actor's colour (#rrggbb, or #rgb: #f80 is #ff8800)."""
    _edit("actor", project_path, actor, colour=colour)


@actor_group.command("kind")
@project_option
@click.argument("actor")
@click.argument("kind", type=click.Choice(ACTOR_KINDS))
def actor_kind(project_path, actor, kind):
    """Set an actor's kind."""
    _edit("actor", project_path, actor, kind=kind)


@actor_group.group("alias")
def alias_group():
    """An actor's aliases: add, remove."""


@alias_group.command("add")
@project_option
@click.argument("actor")
@click.argument("aliases", nargs=-1, required=True)
def alias_add(project_path, actor, aliases):
    """Add aliases to an actor."""
    with open_project(project_path) as project:
        current = _actor(project, actor).aliases
    _edit("actor", project_path, actor, aliases=[*current, *aliases])


@alias_group.command("remove")
@project_option
@click.argument("actor")
@click.argument("aliases", nargs=-1, required=True)
def alias_remove(project_path, actor, aliases):
    """Remove aliases from an actor."""
    gone = {a.casefold() for a in aliases}
    with open_project(project_path) as project:
        current = _actor(project, actor).aliases
    missing = gone - {a.casefold() for a in current}
    if missing:
        raise click.BadParameter(f"not an alias of {actor}: {', '.join(sorted(missing))}",
                                 param_hint="ALIASES")
    _edit("actor", project_path, actor, aliases=[a for a in current if a.casefold() not in gone])


@actor_group.command("merge")
@project_option
@click.argument("source")
@click.argument("target")
def actor_merge(project_path, source, target):
    """Merge SOURCE into TARGET (its quotes move, and the quotes it is the speaker or
    carrier of; its name becomes an alias)."""
    with open_project(project_path) as project:
        moved = project.codebook.merge_actors(source, target)
    click.echo(f"Merged {source} into {target} ({plural(moved, 'quote')} moved).")


@actor_group.command("delete")
@project_option
@yes_option
@click.argument("actor")
def actor_delete(project_path, yes, actor):
    """Delete an actor (its quotes stay; a quote it is the speaker or carrier of keeps its
    name as words; asks first)."""
    _delete("actor", project_path, actor, yes)


def _delete(kind: str, project_path, ref: str, yes: bool) -> None:
    with open_project(project_path) as project:
        row = _row(project, kind, ref)
        confirm(f"Delete the {kind} {row.name!r} (tagged on {plural(row.quotes, 'quote')})?",
                yes)
        getattr(project.codebook, f"delete_{kind}")(row.id)
    click.echo(f"Deleted {row.name}; {plural(row.quotes, 'quote')} untagged.")


# -- themes --------------------------------------------------------------------------------
@click.group("theme")
def theme_group():
    """Themes: list, add, rename, recolour, describe, move, merge, delete."""


@theme_group.command("list")
@project_option
@json_option
def theme_list(project_path, as_json):
    """List themes in brief order with quote counts."""
    with open_project(project_path) as project:
        rows = [pick(t, THEME_KEYS) for t in project.codebook.themes()]
    emit(rows, as_json, theme_line)


@theme_group.command("add")
@project_option
@click.argument("name")
@click.option("--description", default="", help="What the theme covers.")
@click.option("--colour", help="Colour as #rrggbb or #rgb (default: the next in the palette).")
def theme_add(project_path, name, description, colour):
    """Add a theme (last in the brief order); prints its id."""
    with open_project(project_path, create=True) as project:
        click.echo(project.codebook.add_theme(name, description, colour))


@theme_group.command("rename")
@project_option
@click.argument("theme")
@click.argument("new_name")
def theme_rename(project_path, theme, new_name):
    """Rename a theme."""
    _edit("theme", project_path, theme, name=new_name)


@theme_group.command("recolour")
@project_option
@click.argument("theme")
@colour_argument
def theme_recolour(project_path, theme, colour):
    """Change a theme's colour (#rrggbb, or #rgb: #f80 is #ff8800)."""
    _edit("theme", project_path, theme, colour=colour)


@theme_group.command("describe")
@project_option
@click.argument("theme")
@click.argument("description")
def theme_describe(project_path, theme, description):
    """Set a theme's description."""
    _edit("theme", project_path, theme, description=description)


@theme_group.command("move")
@project_option
@click.argument("theme")
@click.argument("position", type=click.IntRange(min=1))
def theme_move(project_path, theme, position):
    """Put a theme at POSITION (1 = first) in the brief's order."""
    with open_project(project_path) as project:
        theme_id = project.codebook.resolve_theme(theme)
        order = [t.id for t in project.codebook.themes() if t.id != theme_id]
        order.insert(position - 1, theme_id)
        project.codebook.reorder_themes(order)
        rows = project.codebook.themes()
    for t in rows:
        click.echo(f"{t.position + 1:3}. {t.name}")


@theme_group.command("merge")
@project_option
@click.argument("source")
@click.argument("target")
def theme_merge(project_path, source, target):
    """Merge SOURCE into TARGET (its quotes move to TARGET)."""
    with open_project(project_path) as project:
        moved = project.codebook.merge_themes(source, target)
    click.echo(f"Merged {source} into {target} ({plural(moved, 'quote')} moved).")


@theme_group.command("delete")
@project_option
@yes_option
@click.argument("theme")
def theme_delete(project_path, yes, theme):
    """Delete a theme (its quotes stay; asks first)."""
    _delete("theme", project_path, theme, yes)
