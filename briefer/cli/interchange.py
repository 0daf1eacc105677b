"""Working with other tools and analysts: REFI-QDA and spreadsheet exports (through
``briefer export --format``), ``import-refi``, ``import-codebook`` and ``merge``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..core.text import plural
from .common import (
    EXIT_ERROR,
    emit_json,
    json_option,
    open_project,
    progress_line,
    project_option,
)

#: Exit status of a command stopped by Ctrl+C (128 + SIGINT, as shells report it).
EXIT_INTERRUPTED = 130

#: ``briefer export --format`` values this module writes (w3c is written by maintenance).
FORMATS = ("qdpx", "qdc", "csv", "xlsx", "codebook-csv", "matrix-csv")


def export_data(project, fmt: str, theme_columns: bool) -> bytes:
    """The bytes of an export in one of :data:`FORMATS` (notes go to stderr)."""
    from ..core.exports import export_bytes

    out = export_bytes(project, fmt, theme_columns)
    for note in out.notes:
        click.echo(note, err=True)
    return out.data


@click.command("import-refi")
@project_option
@json_option
@click.option("--actor-root", "actor_roots", multiple=True,
              help="A top-level code whose sub-codes become actors (repeat; default: Actors, "
                   "People, Organisations, …).")
@click.option("--theme-names", type=click.Choice(["leaf", "path"]), default="leaf",
              show_default=True, help="Name a nested theme by its own name or its path.")
@click.option("--positions", type=click.Choice(["auto", "codepoints", "utf16", "crlf-one"]),
              default="auto", show_default=True,
              help="How the file counts positions (auto: by the tool that wrote it).")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_refi_cmd(project_path, as_json, actor_roots, theme_names, positions, file):
    """Import a REFI-QDA project (.qdpx) or codebook (.qdc) from NVivo, MAXQDA, ATLAS.ti, …

    Everything is written in one transaction, so Ctrl+C leaves the project as it was.
    On a terminal, a progress line on stderr counts the sources checked, then written.
    """
    from ..core.refi_import import ACTOR_ROOTS, MappingRule, import_refi

    rule = MappingRule(actor_roots=tuple(actor_roots) or ACTOR_ROOTS, theme_names=theme_names,
                       positions=positions)
    with open_project(project_path, create=True) as project:
        before = _counts(project)
        try:
            r = import_refi(project, file, rule, progress=progress_line(_refi_progress))
        except KeyboardInterrupt:
            written = _counts(project) != before
            click.echo("", err=True)
            click.echo("Interrupted: the import had finished; it was written in full."
                       if written else
                       f"Interrupted: nothing was imported from {file.name}; the project is "
                       "unchanged.", err=True)
            raise SystemExit(EXIT_INTERRUPTED) from None
    if as_json:
        return emit_json({
            "documents_added": r.documents_added, "documents_merged": r.documents_merged,
            "quotes_added": r.quotes_added, "quotes_present": r.quotes_present,
            "actors_added": r.actors_added, "themes_added": r.themes_added,
            "judgments_added": r.judgments_added, "judgments_present": r.judgments_present,
            "brief_sections": r.brief_sections,
            "positions": r.positions,
            "mapping": [{"code": " / ".join(p.code.path), "as": p.target, "name": p.name}
                        for p in r.mapping],
            **{k: [{"item": i, "reason": why} for i, why in getattr(r, k)]
               for k in ("merged", "relocated", "orphaned", "skipped")}})
    click.echo(rule.describe(), err=True)
    click.echo(f"{plural(r.documents_added, 'document')} added, {r.documents_merged} already "
               f"present; {plural(r.quotes_added, 'quote')} added, {r.quotes_present} already "
               f"present; {plural(r.actors_added, 'actor')} and "
               f"{plural(r.themes_added, 'theme')} added, {plural(len(r.merged), 'code')} "
               f"merged; {plural(r.judgments_added, 'key judgment')} added, "
               f"{r.judgments_present} already present; "
               f"{plural(len(r.brief_sections), 'brief section')} filled; "
               f"{len(r.relocated)} relocated, {len(r.orphaned)} orphaned, "
               f"{len(r.skipped)} skipped (positions counted as {r.positions})")
    for label, items in (("merged", r.merged), ("relocated", r.relocated),
                         ("orphaned", r.orphaned), ("skipped", r.skipped)):
        for item, why in items:
            click.echo(f"  {label}: {item}: {why}", err=True)


def _refi_progress(done: int, total: int) -> str:
    """"12 / 40 sources checked", then "… written" (the import's two steps)."""
    half = max(total // 2, 1)
    step, n = ("checked", done) if done <= half else ("written", done - half)
    return f"{n:,} / {half:,} sources {step}"


def _counts(project) -> tuple[int | str, ...]:
    """How many rows the tables an import adds to hold, and the settings it may fill (the
    brief's sections), whole: did an interrupted import commit?"""
    counts: list[int | str] = [
        project.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("documents", "quotes", "actors", "themes", "judgments",
                      "judgment_quotes", "quote_actors", "quote_themes")]
    return (*counts, json.dumps(project.db.execute(
        "SELECT key, value FROM settings ORDER BY key").fetchall()))


@click.command("import-codebook")
@project_option
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_codebook_cmd(project_path, file):
    """Add actors and themes from a codebook CSV (name, description[, type, colour, …])."""
    from ..core.spreadsheet import import_codebook_csv

    with open_project(project_path, create=True) as project:
        actors, themes, present = import_codebook_csv(project, file.read_bytes())
    click.echo(f"{plural(actors, 'actor')} and {plural(themes, 'theme')} added, "
               f"{present} already there")


@click.command("merge")
@project_option
@json_option
@click.argument("other", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def merge_cmd(project_path, as_json, other):
    """Merge another analyst's project into this one (one transaction)."""
    from ..core.merge import merge_project

    with open_project(project_path, create=True) as project:
        r = merge_project(project, other)
    conflicts = [{"what": w, "name": n, "ours": str(o), "theirs": str(t), "kept": k}
                 for w, n, o, t, k in r.conflicts]
    if as_json:
        return emit_json({"documents_added": r.documents_added,
                          "documents_matched": r.documents_matched,
                          "actors_added": r.actors_added, "themes_added": r.themes_added,
                          "quotes_added": r.quotes_added, "quotes_unchanged": r.quotes_unchanged,
                          "quotes_updated": r.quotes_updated, "conflicts": conflicts,
                          "aliased": [{"theirs": t, "ours": o} for t, o in r.aliased],
                          "judgments_added": r.judgments_added,
                          "judgments_matched": r.judgments_matched,
                          "judgment_links_added": r.judgment_links_added})
    click.echo(f"{plural(r.documents_added, 'document')} added ({r.documents_matched} "
               f"matched), {plural(r.actors_added, 'actor')} and "
               f"{plural(r.themes_added, 'theme')} added, {plural(r.quotes_added, 'quote')} "
               f"added, {r.quotes_updated} updated, {r.quotes_unchanged} unchanged, "
               f"{plural(r.judgments_added, 'judgment')} added ({r.judgments_matched} matched), "
               f"{plural(len(conflicts), 'conflict')}"
               + ("" if r.changed else " (nothing changed)"))
    for c in conflicts:
        click.echo(f"  conflict: {c['what']} {c['name']!r}: ours {c['ours']}; theirs "
                   f"{c['theirs']}; kept {c['kept']}", err=True)
    for line in r.notes():
        click.echo(f"  {line}", err=True)


__all__ = ["FORMATS", "export_data", "import_refi_cmd", "import_codebook_cmd", "merge_cmd",
           "EXIT_ERROR", "EXIT_INTERRUPTED"]
