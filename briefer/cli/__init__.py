"""Briefer's command line: a thin layer over the core, one module per noun.

Every command takes ``--project`` (or inherits ``briefer --project P``); listings take
``--json``. Errors go to stderr as one line with a non-zero exit. The README's command
reference is generated from this group (``docs/gen_cli_reference.py``).
"""

from __future__ import annotations

import copy
import sys

import click

from .. import __version__
from ..core.errors import BrieferError, NoProject
from .brief import brief_cmd
from .codebook import actor_group, actor_list, theme_group, theme_list
from .common import CREATED, EXIT_ERROR, EXIT_NO_PROJECT, PROJECT_HELP
from .documents import doc_edit, doc_group, doc_list, import_cmd
from .interchange import import_codebook_cmd, import_refi_cmd, merge_cmd
from .judgments import judgment_group
from .maintenance import (
    backup_cmd,
    check_cmd,
    demo_cmd,
    export_cmd,
    gui_cmd,
    import_annotations_cmd,
)
from .quotes import quote_add, quote_group, quote_list

__all__ = ["cli", "main"]


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="briefer")
@click.option("--project", "project_path", type=click.Path(dir_okay=False), help=PROJECT_HELP)
@click.option("--analyst", metavar="NAME",
              help="Your name, recorded on each quote made or changed (default: "
                   "$BRIEFER_ANALYST, else your user name).")
@click.option("--quit-after-shown", is_flag=True, hidden=True,
              help="Open the window, then quit (for start-up checks).")
@click.pass_context
def cli(ctx, project_path, analyst, quit_after_shown):
    """Briefer: annotate articles side by side and compile a situation brief.

    With no command, opens the desktop app; on a machine with no display it
    compiles the demo brief into exports/ instead and prints the PDF's path.
    `briefer --project P COMMAND` and `briefer COMMAND --project P` are the same.
    """
    if analyst:
        from ..core.analyst import set_analyst

        set_analyst(analyst)
    if ctx.invoked_subcommand is not None:
        return
    from ..headless import has_display, run_headless

    if not has_display():
        click.echo("No display found: running the headless main job instead "
                   "(compiling the demo brief).", err=True)
        ctx.exit(run_headless(project_path))
    from ..gui.shell.app import run

    argv = [sys.argv[0]] + (["--project", str(project_path)] if project_path else [])
    ctx.exit(run(argv, quit_after_shown=quit_after_shown))


for command in (gui_cmd, import_cmd, doc_group, quote_group, actor_group, theme_group,
                judgment_group, brief_cmd, export_cmd, import_annotations_cmd, demo_cmd,
                check_cmd, backup_cmd, import_refi_cmd, import_codebook_cmd, merge_cmd):
    cli.add_command(command)

#: The names before the nouns, kept working (hidden) for scripts and the smoke test.
OLD_NAMES = {"docs": doc_list, "edit-doc": doc_edit, "annotate": quote_add,
             "quotes": quote_list, "actors": actor_list, "themes": theme_list}
for old, command in OLD_NAMES.items():
    alias = copy.copy(command)
    alias.hidden = True
    cli.add_command(alias, old)


def main(argv=None) -> int:
    """Entry point: run the CLI, turning known errors into one line on stderr."""
    CREATED.clear()
    try:
        rv = cli.main(args=argv, prog_name="briefer", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return EXIT_ERROR
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except NoProject as exc:
        click.echo(f"Error: {exc}", err=True)
        return EXIT_NO_PROJECT
    except BrieferError as exc:
        click.echo(f"Error: {exc}", err=True)
        return EXIT_ERROR
    except OSError as exc:
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        click.echo(f"Error: {exc.strerror or exc}{where}", err=True)
        return EXIT_ERROR
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else EXIT_ERROR)
    except KeyboardInterrupt:
        return 130
    for path in CREATED:        # only once the command succeeded: an error stays one line
        click.echo(f"Created new project {path}", err=True)
    return rv if isinstance(rv, int) else 0


if __name__ == "__main__":
    sys.exit(main())
