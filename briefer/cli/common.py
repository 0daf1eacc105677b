"""What every command shares: the ``--project`` and ``--json`` options, opening the project,
printing rows as text or JSON, and the confirmation of a destructive command."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from collections.abc import Callable, Iterable

import click

from ..core.errors import InvalidInput
from ..core.records import Record
from ..paths import project_path as resolve_project_path
from ..project import is_default_project, open_user_project

EXIT_ERROR = 1
#: No project where one was named (a read command never creates one).
EXIT_NO_PROJECT = 2
#: Projects this command created (said on stderr once it succeeded: see ``cli.main``).
CREATED: list[Path] = []
PROJECT_HELP = "Project file (default: $BRIEFER_PROJECT, else your default project)."


def _inherit_project(ctx: click.Context, _param: click.Parameter,
                     value: Path | None) -> Path | None:
    """``briefer CMD --project P`` wins; else ``briefer --project P CMD`` (the group's option)."""
    if value is not None:
        return value
    root = ctx.find_root()
    return root.params.get("project_path") if root is not ctx else None


def project_option(fn):
    return click.option("--project", "project_path", callback=_inherit_project,
                        type=click.Path(dir_okay=False, path_type=Path), help=PROJECT_HELP)(fn)


def json_option(fn):
    return click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")(fn)


def emit_json(value) -> None:
    """Print ``value`` as JSON; records as their ``to_json()``."""
    click.echo(json.dumps(value, ensure_ascii=False, indent=2,
                          default=lambda o: o.to_json() if isinstance(o, Record) else list(o)))


def emit(rows, as_json: bool, line: Callable[[dict], str]) -> None:
    """Print ``rows`` (a list of dicts, or one dict) as JSON or one line each."""
    if as_json:
        return emit_json(rows)
    for row in rows if isinstance(rows, list) else [rows]:
        click.echo(line(row))


def open_project(project_path: Path | None, *, create: bool = False):
    """The project named (or the default one, created and seeded on first use); notices go
    to stderr.

    Only a command that adds something (``create``: import, add, demo, merge…) creates a
    project it is named (and says so on stderr when it succeeded); any other command refuses
    a missing one
    (``NoProject``: "No project at …", exit 2), so a mistyped ``--project`` makes no file.
    """
    path = resolve_project_path(project_path)
    default = is_default_project(path)
    project = open_user_project(path, create=create or default)
    if project.created and not default:
        CREATED.append(project.path)
    if project.notice:
        click.echo(f"Note: {project.notice}", err=True)
    return project


def progress_line(what: str | Callable[[int, int], str], *, show_from: int = 0
                  ) -> Callable[[int, int], bool] | None:
    """A ``progress(done, total)`` for a long command that rewrites one line on stderr
    ("1,250 / 20,000 annotations read"; ``what`` is the words after the numbers, or makes
    the whole line), on a terminal only and when ``total`` is at least ``show_from``."""
    if not sys.stderr.isatty():
        return None

    def progress(done: int, total: int) -> bool:
        if total >= show_from:
            line = what(done, total) if callable(what) else f"{done:,} / {total:,} {what}"
            end = "\n" if done >= total else ""
            click.echo(f"\r{line}\x1b[K{end}", err=True, nl=False)
        return True
    return progress


def pick(record: Record, keys: Iterable[str]) -> dict:
    """Some of a record's fields as a plain dict (what a listing prints)."""
    return {k: getattr(record, k) for k in keys}


def confirm(question: str, yes: bool) -> None:
    """Ask before a destructive change; ``--yes`` skips it; no terminal and no ``--yes`` refuses."""
    if yes:
        return
    if not sys.stdin.isatty():
        raise InvalidInput(f"{question} Not confirmed: stdin is not a terminal; give --yes.")
    click.confirm(question, abort=True)


def yes_option(fn):
    return click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")(fn)


def read_text_file(path: Path | None) -> str | None:
    """The text of ``--note-file``/``--summary-file`` (``-`` is stdin)."""
    if path is None:
        return None
    if str(path) == "-":
        return sys.stdin.read()
    return Path(path).read_text(encoding="utf-8")
