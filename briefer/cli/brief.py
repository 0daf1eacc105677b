"""The brief: ``brief`` compiles the PDF, ``brief settings show|set`` edits what it says."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..brief.options import OPTION_KEYS, TEXT_FIELDS, saved_ids
from ..paths import project_path as resolve_project_path
from ..project import is_default_project
from .common import emit, json_option, open_project, project_option, read_text_file

#: The brief's analytic sections (issue #11), kept as settings too.
SECTION_FIELDS = ("scope", "cutoff", "outlook", "indicators", "gaps")


def _progress(percent: int, message: str) -> None:
    if sys.stderr.isatty():
        click.echo(f"\r{percent:3d}%  {message:40}", err=True, nl=percent >= 100)


@click.group("brief", invoke_without_command=True)
@project_option
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: exports/<project>-<date>.pdf); a .docx name "
                   "makes the Word copy when --format is not given.")
@click.option("--html", "html_out", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the brief's HTML here.")
@click.option("--format", "fmt", type=click.Choice(["pdf", "docx"]),
              help="PDF, or an editable Word copy (.docx) (default: from the --out name's "
                   "suffix, else pdf).")
@click.option("--engine", type=click.Choice(["auto", "wkhtmltopdf", "qt", "weasyprint"]),
              default="auto", show_default=True,
              help="PDF engine; auto uses wkhtmltopdf when found. weasyprint (source install "
                   "only) writes a tagged PDF.")
@click.option("--pdf-variant", type=click.Choice(["pdf/ua-1", "pdf/a-3b"]),
              help="With --engine weasyprint: a PDF/UA-1, or an archival PDF/A-3b (tagged "
                   "either way).")
@click.option("--wkhtmltopdf", "wkhtmltopdf", type=click.Path(dir_okay=False),
              help="Path of the wkhtmltopdf program.")
@click.option("--group-by", type=click.Choice(["theme", "actor"]),
              help="Sections per theme or per actor (default: the project's setting, else theme).")
@click.option("--theme", "themes", multiple=True, help="Include only this theme (repeatable).")
@click.option("--actor", "actors", multiple=True, help="Include only this actor (repeatable).")
@click.option("--doc", "docs", multiple=True, help="Include only this document (repeatable).")
@click.option("--starred", is_flag=True, default=None, help="Include only starred quotes.")
@click.option("--title", help="Title instead of the project's.")
@click.option("--marking", help="Handling marking instead of the project's (e.g. TLP:AMBER).")
@click.option("--timeout", type=click.FloatRange(min=1), metavar="SECONDS",
              help="Stop wkhtmltopdf after this long (default: 60 s + 0.02 s per quote).")
@click.pass_context
def brief_cmd(ctx, project_path, out, fmt, html_out, engine, pdf_variant, wkhtmltopdf, group_by,
              themes, actors, docs, starred, title, marking, timeout):
    """Compile the situation brief as a PDF (or a Word copy); prints its path.

    Filters not given come from the project's brief settings (`briefer brief settings`).
    """
    if ctx.invoked_subcommand is not None:
        return
    if fmt is None:
        fmt = "docx" if out is not None and out.suffix.lower() == ".docx" else "pdf"
    if fmt == "pdf" and out is not None and out.suffix.lower() != ".pdf":
        raise click.BadParameter(
            f"the brief is a PDF: give the file a .pdf name, not {out.name!r}"
            + (" (or --format docx for the Word copy)" if out.suffix.lower() == ".docx" else ""),
            param_hint="--out")
    from ..brief.compile import compile_brief, open_read_only
    from ..brief.options import brief_options

    # The export only reads: the project is opened read-only, never created or seeded
    # (but the default project, on first use, as every command does).
    path = resolve_project_path(project_path)
    if is_default_project(path) and not path.exists():
        open_project(project_path).close()
    with open_read_only(path) as project:
        options = brief_options(project, group_by=group_by, themes=themes, actors=actors,
                                starred_only=starred, docs=docs, title=title, marking=marking)
        if fmt == "docx":
            click.echo(str(_docx(project, out, options)))
            return
        result = compile_brief(project, out, options, engine=engine, wkhtmltopdf=wkhtmltopdf,
                               html_out=html_out, progress=_progress, timeout=timeout,
                               pdf_variant=pdf_variant)
    if result.notice:
        click.echo(result.notice, err=True)
    click.echo(str(result.path))


def _docx(project, out, options) -> Path:
    from ..brief.compile import default_output_path
    from ..brief.docx_export import write_docx
    from ..brief.model import build_brief

    brief = build_brief(project, options)
    target = out if out is not None else default_output_path(project).with_suffix(".docx")
    return write_docx(brief, target, progress=_progress)


@brief_cmd.group("settings")
def settings_group():
    """What the brief says and holds: title, marking, summary, contents, theme order."""


def _settings_view(project) -> dict:
    values = project.settings.get()
    names = {kind: {r.id: r.name for r in getattr(project.codebook, kind)()}
             for kind in ("themes", "actors")}
    view = {k: values.get(k, "") for k in (*TEXT_FIELDS, *SECTION_FIELDS)}
    view.update(group_by=values.get(OPTION_KEYS["group_by"]) or "theme",
                themes=[names["themes"].get(i, i)
                        for i in saved_ids(values.get(OPTION_KEYS["themes"]))],
                actors=[names["actors"].get(i, i)
                        for i in saved_ids(values.get(OPTION_KEYS["actors"]))],
                starred=values.get(OPTION_KEYS["starred"]) == "1",
                order=[t.name for t in project.codebook.themes()])
    return view


def _settings_lines(view: dict) -> str:
    return "\n".join(f"{key:9} {', '.join(v) if isinstance(v, list) else v}"
                     for key, v in view.items())


@settings_group.command("show")
@project_option
@json_option
def settings_show(project_path, as_json):
    """Show the brief's settings."""
    with open_project(project_path) as project:
        view = _settings_view(project)
    emit(view, as_json, _settings_lines)


@settings_group.command("set")
@project_option
@json_option
@click.option("--title", help="The brief's title.")
@click.option("--subtitle", help="Its sub-title.")
@click.option("--analyst", help="The analyst's name.")
@click.option("--marking", help="Handling marking (e.g. TLP:AMBER).")
@click.option("--summary", help="Bottom line up front (plain text).")
@click.option("--summary-file", type=click.Path(dir_okay=False, path_type=Path),
              help="Bottom line up front from this file (- for stdin).")
@click.option("--scope", help="What the brief covers (and leaves out).")
@click.option("--cutoff", help="Cut-off date of the information (YYYY-MM-DD; empty to clear).")
@click.option("--outlook-file", type=click.Path(dir_okay=False, path_type=Path),
              help="Outlook (what comes next) from this file (- for stdin).")
@click.option("--indicators-file", type=click.Path(dir_okay=False, path_type=Path),
              help="Indicators to watch, one a line, from this file (- for stdin).")
@click.option("--gaps-file", type=click.Path(dir_okay=False, path_type=Path),
              help="Information gaps, one a line, from this file (- for stdin).")
@click.option("--group-by", type=click.Choice(["theme", "actor"]),
              help="Sections per theme or actor.")
@click.option("--order", multiple=True,
              help="Theme order: themes first, in this order (repeatable).")
@click.option("--filter-theme", "themes", multiple=True,
              help="Include only this theme (repeatable).")
@click.option("--filter-actor", "actors", multiple=True,
              help="Include only this actor (repeatable).")
@click.option("--starred/--all-quotes", default=None, help="Include only starred quotes, or all.")
@click.option("--clear-filters", is_flag=True, help="Include every theme and actor again.")
def settings_set(project_path, as_json, title, subtitle, analyst, marking, summary, summary_file,
                 scope, cutoff, outlook_file, indicators_file, gaps_file,
                 group_by, order, themes, actors, starred, clear_filters):
    """Change the brief's settings (the same ones the app's Brief dock keeps)."""
    if summary is not None and summary_file is not None:
        raise click.UsageError("Give --summary or --summary-file, not both.")
    summary = summary if summary_file is None else read_text_file(summary_file)
    texts = dict(title=title, subtitle=subtitle, analyst=analyst, marking=marking, summary=summary,
                 scope=scope, cutoff=cutoff, outlook=read_text_file(outlook_file),
                 indicators=read_text_file(indicators_file), gaps=read_text_file(gaps_file))
    values = {k: v for k, v in texts.items() if v is not None}
    with open_project(project_path, create=True) as project:
        if clear_filters:
            values.update({OPTION_KEYS["themes"]: "[]", OPTION_KEYS["actors"]: "[]"})
        for kind, refs in (("themes", themes), ("actors", actors)):
            if refs:
                resolve = getattr(project.codebook, f"resolve_{kind[:-1]}")
                values[OPTION_KEYS[kind]] = json.dumps([resolve(r) for r in refs])
        if group_by is not None:
            values[OPTION_KEYS["group_by"]] = group_by
        if starred is not None:
            values[OPTION_KEYS["starred"]] = "1" if starred else "0"
        if not values and not order:
            raise click.UsageError("Nothing to change: see `briefer brief settings set --help`.")
        if order:
            project.codebook.reorder_themes(order)
        if values:
            project.settings.set(**values)
        view = _settings_view(project)
    emit(view, as_json, _settings_lines)
