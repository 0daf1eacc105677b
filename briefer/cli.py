"""Briefer's command line: a thin layer over the core. Every command is listed in README.md.

Errors go to stderr with a non-zero exit and no traceback; ``--json`` gives stable keys.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__
from .core.errors import BrieferError
from .project import open_project

EXIT_ERROR = 1


def project_option(fn):
    return click.option(
        "--project", "project_path", type=click.Path(dir_okay=False, path_type=Path),
        help="Project file (default: $BRIEFER_PROJECT, else your default project).")(fn)


def json_option(fn):
    return click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")(fn)


def emit_json(value) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


def _open(project_path, *, seed: bool = True):
    project = open_project(project_path, seed=seed)
    if project.notice:
        click.echo(f"Note: {project.notice}", err=True)
    return project


# -- the group -------------------------------------------------------------------------
@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="briefer")
@project_option
@click.option("--quit-after-shown", is_flag=True, hidden=True,
              help="Open the window, then quit (for start-up checks).")
@click.pass_context
def cli(ctx, project_path, quit_after_shown):
    """Briefer: annotate articles side by side and compile a situation brief.

    With no command, opens the desktop app; on a machine with no display it
    compiles the demo brief into exports/ instead and prints the PDF's path.
    """
    if ctx.invoked_subcommand is not None:
        return
    from .headless import has_display, run_headless

    if not has_display():
        click.echo("No display found: running the headless main job instead "
                   "(compiling the demo brief).", err=True)
        ctx.exit(run_headless(project_path))
    from .gui.app import run

    argv = [sys.argv[0]] + (["--project", str(project_path)] if project_path else [])
    ctx.exit(run(argv, quit_after_shown=quit_after_shown))


@cli.command("gui")
@project_option
def gui_cmd(project_path):
    """Open the desktop app."""
    from .gui.app import run

    raise SystemExit(run([sys.argv[0]] + (["--project", str(project_path)] if project_path else [])))


# -- documents ---------------------------------------------------------------------------
@cli.command("import")
@project_option
@json_option
@click.option("--encoding", help="Decode the files with this encoding (e.g. cp1252, gb18030) "
                                "instead of recognising it.")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def import_cmd(project_path, as_json, encoding, files):
    """Import articles (.txt, .md, .html); a changed file updates its document."""
    with _open(project_path) as project:
        results = project.import_files(files, encoding=encoding)
    if as_json:
        emit_json([{"path": r.path, "status": r.status, "doc": r.doc_id, "message": r.message,
                    "relocated": r.relocated, "orphaned": r.orphaned} for r in results])
    else:
        for r in results:
            line = f"{r.status:9} {r.path}" + (f"  ({r.message})" if r.message else "")
            click.echo(line, err=r.status == "refused")
    if any(r.status == "refused" for r in results):
        raise SystemExit(EXIT_ERROR)


@cli.command("docs")
@project_option
@json_option
def docs_cmd(project_path, as_json):
    """List documents with their metadata."""
    with _open(project_path) as project:
        rows = [{k: d[k] for k in ("id", "title", "outlet", "author", "date", "language",
                                   "chars", "quotes")} for d in project.documents()]
    if as_json:
        return emit_json(rows)
    for d in rows:
        click.echo(f"{d['id'][:8]}  {d['date'] or '----------'}  {d['language']:7} "
                   f"{d['quotes']:4}q  {d['title']}" + (f" — {d['outlet']}" if d["outlet"] else ""))


@cli.command("edit-doc")
@project_option
@json_option
@click.argument("doc")
@click.option("--title", help="New title.")
@click.option("--outlet", help="New outlet.")
@click.option("--author", help="New author.")
@click.option("--date", help="New publication date (YYYY-MM-DD; empty to clear).")
@click.option("--language", help="New language tag (e.g. en, zh-Hans).")
def edit_doc_cmd(project_path, as_json, doc, title, outlet, author, date, language):
    """Correct a document's metadata (the guesses made at import)."""
    fields = {k: v for k, v in dict(title=title, outlet=outlet, author=author, date=date,
                                    language=language).items() if v is not None}
    if not fields:
        raise click.UsageError("Give at least one of --title, --outlet, --author, --date, --language.")
    with _open(project_path) as project:
        project.update_document(doc, **{k: (v or None) for k, v in fields.items()})
        d = next(x for x in project.documents() if x["id"] == project.resolve_doc_id(doc))
    row = {k: d[k] for k in ("id", "title", "outlet", "author", "date", "language", "chars", "quotes")}
    emit_json(row) if as_json else click.echo(f"{row['id'][:8]}  {row['title']}")


# -- quotes ------------------------------------------------------------------------------
@cli.command("annotate")
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
def annotate_cmd(project_path, as_json, doc, quote_text, occurrence, start, end, actors, themes,
                 note, star):
    """Quote a span of a document and tag it; prints the quote id."""
    if (quote_text is None) == (start is None or end is None):
        raise click.UsageError("Give either --quote TEXT or both --start and --end.")
    with _open(project_path) as project:
        kwargs = dict(actors=actors, themes=themes, note=note, starred=star)
        if quote_text is not None:
            quote_id = project.add_quote_text(doc, quote_text, occurrence, **kwargs)
        else:
            quote_id = project.add_quote(project.resolve_doc_id(doc), start, end, **kwargs)
        row = quote_json(project.quote(quote_id))
    emit_json(row) if as_json else click.echo(quote_id)


def quote_json(q: dict) -> dict:
    return {"id": q["id"], "doc": q["doc_id"], "start": q["start_cp"], "end": q["end_cp"],
            "text": q["exact"], "prefix": q["prefix"], "suffix": q["suffix"],
            "language": q["language"], "note": q["note"], "starred": bool(q["starred"]),
            "orphaned": bool(q["orphaned"]), "actors": q["actors"], "themes": q["themes"]}


@cli.command("quotes")
@project_option
@json_option
@click.option("--actor", "actors", multiple=True, help="Only quotes with this actor (AND).")
@click.option("--theme", "themes", multiple=True, help="Only quotes with this theme (AND).")
@click.option("--doc", "docs", multiple=True, help="Only quotes from this document.")
@click.option("--lang", "langs", multiple=True, help="Only quotes in this language.")
@click.option("--search", help="Full-text search in quotes and notes.")
@click.option("--starred", is_flag=True, default=None, help="Only starred quotes.")
def quotes_cmd(project_path, as_json, actors, themes, docs, langs, search, starred):
    """List quotes, filtered."""
    with _open(project_path) as project:
        rows = [quote_json(q) for q in project.quotes(
            actors=actors, themes=themes, docs=docs, langs=langs, search=search,
            starred=True if starred else None)]
    if as_json:
        return emit_json(rows)
    for q in rows:
        tags = ", ".join(q["actors"] + [f"#{t}" for t in q["themes"]])
        flag = "*" if q["starred"] else ("?" if q["orphaned"] else " ")
        text = " ".join(q["text"].split())
        click.echo(f"{q['id'][:8]} {flag} “{text[:90]}{'…' if len(text) > 90 else ''}”  [{tags}]")


@cli.command("actors")
@project_option
@json_option
def actors_cmd(project_path, as_json):
    """List actors with kind, aliases and quote counts."""
    with _open(project_path) as project:
        rows = [{k: a[k] for k in ("id", "name", "kind", "aliases", "colour", "quotes")}
                for a in project.actors()]
    if as_json:
        return emit_json(rows)
    for a in rows:
        aliases = f"  (aka {', '.join(a['aliases'])})" if a["aliases"] else ""
        click.echo(f"{a['quotes']:4}q  {a['name']} [{a['kind']}]{aliases}")


@cli.command("themes")
@project_option
@json_option
def themes_cmd(project_path, as_json):
    """List themes in brief order with quote counts."""
    with _open(project_path) as project:
        rows = [{k: t[k] for k in ("id", "name", "description", "colour", "position", "quotes")}
                for t in project.themes()]
    if as_json:
        return emit_json(rows)
    for t in rows:
        click.echo(f"{t['quotes']:4}q  {t['name']}" + (f" — {t['description']}" if t["description"] else ""))


# -- interchange and maintenance ---------------------------------------------------------
@cli.command("export")
@project_option
@click.option("--format", "fmt", type=click.Choice(["w3c"]), default="w3c", show_default=True)
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
def export_cmd(project_path, fmt, out):
    """Export all quotes as W3C Web Annotation JSON-LD."""
    from .core.w3c import export_annotations
    from .fileio import write_atomic

    with _open(project_path) as project:
        data = export_annotations(project)
    write_atomic(out, json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"))
    click.echo(str(out))


@cli.command("import-annotations")
@project_option
@json_option
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_annotations_cmd(project_path, as_json, file):
    """Import W3C Web Annotations (Briefer's or Hypothesis's export).

    Everything that anchors is added in one transaction; malformed annotations are skipped
    and listed with their reasons. Exits non-zero when nothing could be added.
    """
    from .core.w3c_import import import_annotations
    from .core.w3c_read import read_annotation_file

    data = read_annotation_file(file)
    with _open(project_path) as project:
        report = import_annotations(project, data, progress=_progress_line())
    _print_annotation_report(report, as_json)
    if report.added == 0 and (report.unanchored or report.skipped):
        click.echo(f"Error: nothing was imported: none of the {report.total} annotations in "
                   f"{file.name} could be added (see the reasons above).", err=True)
        raise SystemExit(EXIT_ERROR)


#: Files with at least this many annotations show a progress line (on a terminal only).
PROGRESS_FROM = 1000


def _progress_line():
    """A ``progress(done, total)`` that rewrites one line ("1,250 / 20,000 annotations read")."""
    if not sys.stderr.isatty():
        return None

    def progress(done: int, total: int) -> bool:
        if total >= PROGRESS_FROM:
            end = "\n" if done == total else ""
            click.echo(f"\r{done:,} / {total:,} annotations read{end}", err=True, nl=False)
        return True
    return progress


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


@cli.command("demo")
@project_option
@json_option
def demo_cmd(project_path, as_json):
    """Load the demo annotations (quotes, codebook, judgments) into a project."""
    from .core.demo import load_demo

    with _open(project_path) as project:
        report = load_demo(project)
        click.echo(f"Demo loaded into {project.path}", err=as_json)
    _print_annotation_report(report, as_json)


@cli.command("check")
@project_option
def check_cmd(project_path):
    """Check the project file: SQLite's quick_check and every quote's anchor."""
    with _open(project_path, seed=False) as project:
        problems = project.check()
    for p in problems:
        click.echo(p, err=True)
    if problems:
        raise SystemExit(EXIT_ERROR)
    click.echo("ok")


@cli.command("backup")
@project_option
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--overwrite", is_flag=True, help="Replace an earlier backup at --out.")
def backup_cmd(project_path, out, overwrite):
    """Write a consistent copy of the project (SQLite backup API)."""
    with _open(project_path, seed=False) as project:
        click.echo(str(project.backup(out, overwrite=overwrite)))


def _register_more() -> None:
    from .cli_brief import brief_cmd, judgment_group

    cli.add_command(brief_cmd)
    cli.add_command(judgment_group)


_register_more()


def main(argv=None) -> int:
    """Entry point: run the CLI, turning known errors into one line on stderr."""
    try:
        rv = cli.main(args=argv, prog_name="briefer", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return EXIT_ERROR
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
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
    return rv if isinstance(rv, int) else 0


if __name__ == "__main__":
    sys.exit(main())
