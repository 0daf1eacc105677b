"""Interchange and upkeep: ``export``, ``import-annotations``, ``demo``, ``check``, ``backup``,
``gui``."""

from __future__ import annotations

import json
import sys
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
from .interchange import FORMATS, export_data

#: ``check --brief --strict``: the project is sound but the brief has warnings.
EXIT_WARNINGS = 3


@click.command("gui")
@project_option
def gui_cmd(project_path):
    """Open the desktop app."""
    from ..gui.shell.app import run

    raise SystemExit(run([sys.argv[0]] + (["--project",
                                           str(project_path)] if project_path else [])))


@click.command("export")
@project_option
@click.option("--format", "fmt", type=click.Choice(["w3c", *FORMATS]), default="w3c",
              show_default=True)
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--theme-columns", is_flag=True, help="csv/xlsx: one 0/1 column per theme.")
def export_cmd(project_path, fmt, out, theme_columns):
    """Export the quotes: W3C Web Annotation JSON-LD, a REFI-QDA project (qdpx) or codebook
    (qdc), the quotes as csv or xlsx, the codebook or the matrix as csv."""
    from ..core.w3c import export_annotations
    from ..fileio import write_atomic

    with open_project(project_path) as project:
        if fmt == "w3c":
            data = json.dumps(export_annotations(project), ensure_ascii=False,
                              indent=2).encode("utf-8")
        else:
            data = export_data(project, fmt, theme_columns)
    write_atomic(out, data)
    click.echo(str(out))


@click.command("import-annotations")
@project_option
@json_option
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_annotations_cmd(project_path, as_json, file):
    """Import W3C Web Annotations (Briefer's or Hypothesis's export).

    Everything that anchors is added in one transaction; malformed annotations are skipped
    and listed with their reasons. Exits non-zero when nothing could be added.
    """
    from ..core.w3c_import import import_annotations
    from ..core.w3c_file import read_annotation_file

    data = read_annotation_file(file)
    with open_project(project_path, create=True) as project:
        report = import_annotations(project, data, progress=progress_line(
            "annotations read", show_from=PROGRESS_FROM))
    _print_annotation_report(report, as_json)
    if report.added == 0 and (report.unanchored or report.skipped):
        click.echo(f"Error: nothing was imported: none of the {report.total:,} annotations in "
                   f"{file.name} could be added (see the reasons above).", err=True)
        raise SystemExit(EXIT_ERROR)


#: Files with at least this many annotations show a progress line (on a terminal only).
PROGRESS_FROM = 1000


def _print_annotation_report(report, as_json: bool) -> None:
    if as_json:
        return emit_json({"added": report.added, "already_present": report.skipped_existing,
                          "total": report.total, "cancelled": report.cancelled,
                          "skipped": [{"id": i, "reason": r} for i, r in report.skipped],
                          "unanchored": [{"id": i, "reason": r} for i, r in report.unanchored]})
    click.echo(f"{report.added} added, {report.skipped_existing} already present, "
               f"{len(report.unanchored)} not anchored, {len(report.skipped)} skipped"
               + (" (the file holds no annotations)" if report.total == 0 else ""))
    for ident, reason in report.skipped:
        click.echo(f"  skipped: {ident}: {reason}", err=True)
    for ident, reason in report.unanchored:
        click.echo(f"  not anchored: {ident}: {reason}", err=True)


@click.command("demo")
@project_option
@json_option
def demo_cmd(project_path, as_json):
    """Load the demo annotations (quotes, codebook, judgments) into a project."""
    from ..core.demo import load_demo

    with open_project(project_path, create=True) as project:
        report = load_demo(project)
        click.echo(f"Demo loaded into {project.path}", err=as_json)
    _print_annotation_report(report, as_json)


@click.command("check")
@project_option
@click.option("--brief", "brief", is_flag=True,
              help="Also check the brief to ICD 203: high-confidence judgments on one, weak or "
                   "undated sources or on one speaker's reports; working notes marked to print.")
@click.option("--strict", is_flag=True,
              help="Exit 3 when the brief has warnings (with --brief).")
@click.option("--repair", is_flag=True,
              help="First mend what can be mended (in one transaction), saying what changed: "
                   "kept counts that drifted from the links (another tool wrote them), "
                   "links to an actor, theme, quote or judgment no longer there (another "
                   "tool deleted it with foreign keys off), speaker or carrier ids naming an "
                   "actor no longer there.")
def check_cmd(project_path, brief, strict, repair):
    """Check the project file: SQLite's quick_check, every quote's anchor, stored text,
    colours, the kept counts, the links, each speaker and carrier.

    Problems go to stderr and exit 1. With --brief, the brief's warnings go to stderr as
    "Warning: …" and do not fail the check (exit 0, "ok, N warnings"); --strict makes
    them exit 3, for a script that wants to stop on them. Exit 2: no project there.
    --repair first mends, and prints "repaired: …" for each thing it changed.
    """
    with open_project(project_path, create=False) as project:
        if repair:
            for line in project.repair():
                click.echo(f"repaired: {line}")
        problems = project.check()
        warnings = []
        if brief:
            from ..core.brief_checks import brief_warnings
            warnings = brief_warnings(project)
    for p in problems:
        click.echo(p, err=True)
    for w in warnings:
        click.echo(f"Warning: {w}", err=True)
    if problems:
        raise SystemExit(EXIT_ERROR)
    click.echo("ok" + (f", {plural(len(warnings), 'warning')} on the brief" if warnings else ""))
    if warnings and strict:
        raise SystemExit(EXIT_WARNINGS)


@click.command("backup")
@project_option
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--overwrite", is_flag=True, help="Replace an earlier backup at --out.")
def backup_cmd(project_path, out, overwrite):
    """Write a consistent copy of the project (SQLite backup API).

    The copy is readable by you alone (mode 0600, whatever the umask): it holds all the
    work. Exports and briefs get the mode of any new file (the umask's).
    """
    with open_project(project_path, create=False) as project:
        click.echo(str(project.backup(out, overwrite=overwrite)))
