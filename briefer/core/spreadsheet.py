"""Spreadsheets: the quotes as CSV or XLSX, the codebook as CSV (both ways), the matrix as CSV.

The XLSX is written with the standard library (zipfile + XML: one sheet, inline strings),
not openpyxl: it adds nothing to the frozen app. A quotes CSV cell that a spreadsheet would
run as a formula (``=``, ``+``, ``-``, ``@`` first) starts with an apostrophe.

The codebook CSV follows Taguette's convention, ``name`` and ``description`` first; Briefer
adds ``type`` (actor or theme), ``colour``, ``kind`` and ``aliases`` ("; " between). Reading
takes ``name`` (or Taguette's ``tag``), and a row without ``type`` is a theme.
"""

from __future__ import annotations

import csv
import io
import zipfile
from xml.sax.saxutils import escape

from . import colours
from .errors import InvalidInput
from .grading import grade

QUOTE_COLUMNS = ("id", "document", "outlet", "date", "text", "speaker", "actors", "themes",
                 "note", "star", "language", "grades", "made_by")
CODEBOOK_COLUMNS = ("name", "description", "type", "colour", "kind", "aliases")


def quote_rows(project, theme_columns: bool = False, **filters) -> list[list[str]]:
    """The header and one row a quote (``theme_columns``: one 0/1 column per theme)."""
    themes = [t.name for t in project.codebook.themes()] if theme_columns else []
    rows = [[*QUOTE_COLUMNS, *themes]]
    reliability = {d.id: d.reliability for d in project.documents.list()}
    for q in project.quotes.list(**filters):
        rows.append([q.id, q.doc_title, q.doc_outlet or "", q.doc_date or "", q.exact,
                     str(getattr(q, "speaker", "") or ""), "; ".join(q.actors),
                     "; ".join(q.themes), q.note, "1" if q.starred else "0",
                     q.language + (f"+{q.language2}" if q.language2 else ""),
                     grade(reliability.get(q.doc_id), q.credibility), q.created_by,
                     *("1" if t in q.themes else "0" for t in themes)])
    return rows


def to_csv(rows: list[list[str]], guard: bool = True) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_guard(c) if guard else c for c in row])
    return out.getvalue().encode("utf-8-sig")      # the BOM makes Excel read UTF-8


def _guard(cell: str) -> str:
    return "'" + cell if cell[:1] in ("=", "+", "-", "@") else cell


def to_xlsx(rows: list[list[str]], sheet: str = "Quotes") -> bytes:
    """A minimal one-sheet XLSX (Office Open XML) of text cells."""
    def col(n: int) -> str:
        s = ""
        while n >= 0:
            s, n = chr(65 + n % 26) + s, n // 26 - 1
        return s
    body = []
    for r, row in enumerate(rows, 1):
        cells = "".join(
            f'<c r="{col(c)}{r}" t="inlineStr"><is><t xml:space="preserve">'
            f"{escape(_xml_safe(v))}</t></is></c>" for c, v in enumerate(row))
        body.append(f'<row r="{r}">{cells}</row>')
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    files = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
            'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.worksheet+xml"/></Types>'),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"),
        "xl/workbook.xml": (
            f'<workbook {ns} xmlns:r="{rel}"><sheets><sheet name="{escape(sheet)}" '
            'sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>"),
        "xl/worksheets/sheet1.xml": f'<worksheet {ns}><sheetData>{"".join(body)}'
                                    "</sheetData></worksheet>",
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, xml in files.items():
            zf.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml)
    return out.getvalue()


def _xml_safe(text: str) -> str:
    """Text without the control characters XML 1.0 cannot hold."""
    return "".join(c for c in text if c in "\t\n\r" or ord(c) >= 0x20)


def matrix_rows(project, **filters) -> list[list[str]]:
    """Actor × theme counts: a header of themes, one row an actor."""
    counts = project.quotes.matrix(**filters)
    actors, themes = project.codebook.actors(), project.codebook.themes()
    rows = [["actor", *(t.name for t in themes)]]
    for a in actors:
        rows.append([a.name, *(str(counts.cell(a.id, t.id)) for t in themes)])
    return rows


def codebook_rows(project) -> list[list[str]]:
    rows = [list(CODEBOOK_COLUMNS)]
    rows += [[a.name, "", "actor", a.colour, a.kind, "; ".join(a.aliases)]
             for a in project.codebook.actors()]
    rows += [[t.name, t.description, "theme", t.colour, "", ""]
             for t in project.codebook.themes()]
    return rows


def import_codebook_csv(project, data: bytes) -> tuple[int, int, int]:
    """Add the actors and themes of a codebook CSV; (actors added, themes added, already
    there). Names already in the codebook (any case) are left as they are."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"The codebook CSV is not UTF-8 text (byte {exc.start}).") from exc
    reader = csv.DictReader(io.StringIO(text))
    fields = [f.strip().casefold() for f in reader.fieldnames or []]
    if "name" not in fields and "tag" not in fields:
        raise InvalidInput("A codebook CSV needs a 'name' (or 'tag') column; this one has "
                           f"{', '.join(fields) or 'no header'}.")
    actors = {a.name.casefold() for a in project.codebook.actors()}
    themes = {t.name.casefold() for t in project.codebook.themes()}
    added_a = added_t = present = 0
    with project.transaction():
        for raw in reader:
            row = {(k or "").strip().casefold(): (v or "").strip() for k, v in raw.items()}
            name = " ".join((row.get("name") or row.get("tag") or "").split())
            if not name:
                continue
            colour = row.get("colour") or row.get("color") or None
            if colour:
                colour = colours.checked(colour, f"Line {reader.line_num} ({name!r}): the colour")
            if row.get("type", "").casefold() == "actor":
                if name.casefold() in actors:
                    present += 1
                    continue
                aliases = [a.strip() for a in row.get("aliases", "").split(";") if a.strip()]
                project.codebook.add_actor(name, row.get("kind") or "organisation", aliases,
                                           colour)
                actors.add(name.casefold())
                added_a += 1
            elif name.casefold() in themes:
                present += 1
            else:
                project.codebook.add_theme(name, row.get("description", ""), colour)
                themes.add(name.casefold())
                added_t += 1
    return added_a, added_t, present
