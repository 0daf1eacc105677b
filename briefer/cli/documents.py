"""Documents: ``import``, ``doc list|show|edit|remove``."""

from __future__ import annotations


import click

from ..core.grading import SOURCE_TYPES
from ..core.text import plural
from .common import (EXIT_ERROR, confirm, emit, emit_json, json_option, open_project, pick,
                     project_option, yes_option)

DOC_KEYS = ("id", "title", "outlet", "author", "date", "language", "chars", "quotes",
            "source_type", "reliability", "reliability_reason", "url", "accessed")


def doc_line(d: dict) -> str:
    return (f"{d['id'][:8]}  {d['date'] or '----------'}  {d['language']:7} {d['quotes']:4}q  "
            f"{d['title']}" + (f" — {d['outlet']}" if d["outlet"] else ""))


def doc_row(project, ref: str) -> dict:
    doc_id = project.documents.resolve(ref)
    return pick(next(d for d in project.documents.list() if d.id == doc_id), DOC_KEYS)


@click.command("import")
@project_option
@json_option
@click.option("--encoding", help="Decode the files with this encoding (e.g. cp1252, gb18030) "
                                "instead of recognising it.")
@click.option("--whole-page", is_flag=True,
              help="Keep a web page's whole visible text, not just its article.")
@click.argument("files", nargs=-1, required=True)
def import_cmd(project_path, as_json, encoding, whole_page, files):
    """Import articles (.txt, .md, .html, .pdf, .docx, .odt) or web pages (http(s)://…);
    a changed file updates its document."""
    with open_project(project_path, create=True) as project:
        results = project.documents.import_files(files, encoding=encoding, whole_page=whole_page)
    if as_json:
        emit_json([{"path": r.path, "status": r.status, "doc": r.doc_id, "message": r.message,
                    "relocated": r.relocated, "orphaned": r.orphaned} for r in results])
    else:
        for r in results:
            line = f"{r.status:9} {r.path}" + (f"  ({r.message})" if r.message else "")
            click.echo(line, err=r.status == "refused")
    if any(r.status == "refused" for r in results):
        raise SystemExit(EXIT_ERROR)


@click.group("doc")
def doc_group():
    """Documents: list, show, edit, remove (add them with `briefer import`)."""


@doc_group.command("list")
@project_option
@json_option
def doc_list(project_path, as_json):
    """List documents with their metadata."""
    with open_project(project_path) as project:
        rows = [pick(d, DOC_KEYS) for d in project.documents.list()]
        name = project.path.name
    emit(rows, as_json, doc_line)
    if not rows and not as_json:
        click.echo(f"No documents in {name} yet (`briefer import FILE…` adds them).", err=True)


@doc_group.command("show")
@project_option
@json_option
@click.argument("doc")
@click.option("--text", "with_text", is_flag=True, help="Print the document's text too.")
def doc_show(project_path, as_json, doc, with_text):
    """Show one document's metadata (and, with --text, its text)."""
    with open_project(project_path) as project:
        row = doc_row(project, doc)
        full = next(d for d in project.documents.list() if d.id == row["id"])
        row.update(pages=len(full.pages) or None)
        if with_text:
            row["text"] = project.documents.get(row["id"]).text
    emit(row, as_json, lambda d: doc_line(d) + _source_line(d)
         + (f"\n\n{d['text']}" if with_text else ""))


def _source_line(d: dict) -> str:
    parts = [f"{d['source_type']}, graded {d['reliability']}"
             + (f" ({d['reliability_reason']})" if d["reliability_reason"] else ""),
             plural(d["pages"], "page") if d.get("pages") else "", d.get("url") or "",
             f"accessed {d['accessed']}" if d.get("accessed") else ""]
    shown = "  ".join(p for p in parts if p)
    return f"\n{shown}" if shown else ""


@doc_group.command("edit")
@project_option
@json_option
@click.argument("doc")
@click.option("--title", help="New title.")
@click.option("--outlet", help="New outlet.")
@click.option("--author", help="New author.")
@click.option("--date", help="New publication date (YYYY-MM-DD; empty to clear).")
@click.option("--language", help="New language tag (e.g. en, zh-Hans).")
@click.option("--source-type", type=click.Choice(list(SOURCE_TYPES)), help="Kind of source.")
@click.option("--reliability", type=click.Choice(list("ABCDEF"), case_sensitive=False),
              help="Source reliability A-F (NATO/Admiralty; F: cannot be judged).")
@click.option("--reliability-reason", help="Why that grade, in one line.")
@click.option("--url", help="Where the document was found (https://…; empty to clear).")
@click.option("--accessed", help="When it was accessed (YYYY-MM-DD; empty to clear).")
def doc_edit(project_path, as_json, doc, title, outlet, author, date, language, source_type,
             reliability, reliability_reason, url, accessed):
    """Correct a document's metadata (the guesses made at import) and grade its source."""
    fields = {k: v for k, v in dict(title=title, outlet=outlet, author=author, date=date,
                                    language=language, source_type=source_type,
                                    reliability=reliability, reliability_reason=reliability_reason,
                                    url=url, accessed=accessed).items() if v is not None}
    if not fields:
        raise click.UsageError("Give at least one of --title, --outlet, --author, --date, "
                               "--language, --source-type, --reliability, --reliability-reason, "
                               "--url, --accessed.")
    keep_empty = {"reliability_reason"}
    with open_project(project_path) as project:
        project.documents.update(doc, **{k: (v if k in keep_empty else v or None)
                                         for k, v in fields.items()})
        row = doc_row(project, doc)
    emit_json(row) if as_json else click.echo(f"{row['id'][:8]}  {row['title']}")


@doc_group.command("remove")
@project_option
@yes_option
@click.argument("doc")
def doc_remove(project_path, yes, doc):
    """Remove a document and its quotes (asks first; --yes does not)."""
    with open_project(project_path) as project:
        row = doc_row(project, doc)
        confirm(f"Remove “{row['title']}” and its {plural(row['quotes'], 'quote')}?", yes)
        project.documents.delete(row["id"])
    click.echo(f"Removed {row['id'][:8]} “{row['title']}” and "
               f"{plural(row['quotes'], 'quote')}.")
