"""The brief as an editable Word document (python-docx): the same sections as the PDF.

Real Word heading styles (Title, Heading 1, Heading 2), so Word's navigation pane shows
the structure; tables for the key actors, the actor × theme matrix (with totals) and the
sources; the handling marking in every page's header and footer with "Page X of Y"
fields; CJK text in an East Asian font (``w:eastAsia``), so Word never picks a Latin font
for Han characters. Everything is written as text runs: nothing the user typed is read as
markup. The file is written next to the target and moved into place when complete.
"""

from __future__ import annotations

from collections.abc import Sequence

import os
import secrets
import time
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .. import __version__
from ..core.errors import BrieferError
from ..fileio import refuse_protected
from .columns import matrix_parts
from .model import Brief, BriefQuote, short_date
from .quoting import attribution, quote_text, source_ref
from .sourcing import bluf_sources, chronology, summary_statement

LATIN_FONT = "Calibri"
EAST_ASIAN_FONT = {"cjk-sc": "Noto Sans CJK SC", "cjk-tc": "Noto Sans CJK TC",
                   "cjk-jp": "Noto Sans CJK JP", "cjk-kr": "Noto Sans CJK KR"}
INK = RGBColor(0x1B, 0x2A, 0x3A)
MUTED = RGBColor(0x4A, 0x58, 0x68)


class DocxError(BrieferError):
    """The Word copy could not be written."""


def _east_asian(lang: str | None) -> str:
    code = (lang or "").lower()
    if code.startswith(("zh-hant", "zh-tw", "zh-hk", "zh-mo")):
        return EAST_ASIAN_FONT["cjk-tc"]
    if code.startswith("ja"):
        return EAST_ASIAN_FONT["cjk-jp"]
    if code.startswith("ko"):
        return EAST_ASIAN_FONT["cjk-kr"]
    return EAST_ASIAN_FONT["cjk-sc"]


def _set_fonts(style_or_run, east_asian: str) -> None:
    """Latin and East Asian fonts of a style or run (python-docx sets only the Latin one)."""
    style_or_run.font.name = LATIN_FONT
    rpr = style_or_run.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east_asian)


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) in ``paragraph``: Word fills it in on each page."""
    run = paragraph.add_run()
    begin, end = OxmlElement("w:fldChar"), OxmlElement("w:fldChar")
    code = OxmlElement("w:instrText")
    begin.set(qn("w:fldCharType"), "begin")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(code)
    run._r.append(end)


def _furniture(doc, brief: Brief) -> None:
    section = doc.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(20), Mm(18)
    section.left_margin = section.right_margin = Mm(16)
    marking = brief.marking or "NO MARKING"
    head = section.header.paragraphs[0]
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    head.add_run(marking).bold = True
    head.add_run(f"\t{brief.title[:120]}").font.size = Pt(8)
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    foot.add_run(marking + "    ").bold = True
    foot.add_run("Page ")
    _field(foot, "PAGE")
    foot.add_run(" of ")
    _field(foot, "NUMPAGES")


def _styles(doc, language: str) -> None:
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Table Grid"):
        try:
            style = doc.styles[name]
        except KeyError:
            continue
        _set_fonts(style, _east_asian(language))
    doc.styles["Normal"].font.size = Pt(10)
    # Word reads the document's language from the default run properties.
    rpr = doc.styles["Normal"].element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), language or "en")
    lang.set(qn("w:eastAsia"), "zh-CN")
    rpr.append(lang)


def _quote_run(paragraph, q: BriefQuote, text: str, italic: bool = False):
    run = paragraph.add_run(text)
    run.italic = italic
    _set_fonts(run, _east_asian(q.language2 if (q.language or "").startswith("en")
                                else q.language))
    return run


def _table(doc, header: list[str], rows: Sequence[Sequence[object]]):
    table = doc.add_table(rows=1, cols=len(header))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    _repeat_header(table.rows[0])
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values):
            cell.text = str(value)
    return table


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    trpr.append(flag)


def _lines(doc, text: str) -> None:
    """Plain text as paragraphs, ``- `` lines as bullets."""
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped[:2] in ("- ", "• ", "* "):
            doc.add_paragraph(stripped[2:].strip(), style="List Bullet")
        elif stripped:
            doc.add_paragraph(stripped)


def _sourcing_parts(doc, brief: Brief) -> None:
    """Outlook and indicators, the source summary statement and the chronology."""
    if brief.outlook or brief.indicators:
        doc.add_heading("Outlook and indicators", level=1)
        _lines(doc, brief.outlook)
        if brief.indicators:
            doc.add_paragraph("Indicators to watch:").runs[0].bold = True
            _lines(doc, brief.indicators)
    if brief.sources:
        doc.add_heading("Source summary", level=1)
        for line in summary_statement(brief):
            doc.add_paragraph(line)
    entries = chronology(brief)
    if entries:
        doc.add_heading("Chronology", level=1)
        _table(doc, ["Date", "What", "Source"], [[e.label, e.what, e.ref] for e in entries])


def build_docx(brief: Brief, progress=None, cancelled=None):
    """The brief as a python-docx ``Document`` (not yet saved)."""
    doc = Document()
    _styles(doc, brief.language)
    _furniture(doc, brief)
    doc.core_properties.title = brief.title
    doc.core_properties.author = brief.analyst or ""
    doc.core_properties.language = brief.language or "en"
    doc.core_properties.comments = f"Compiled with Briefer {__version__}"

    doc.add_paragraph("SITUATION BRIEF").runs[0].bold = True
    doc.add_heading(brief.title, level=0)
    if brief.subtitle:
        doc.add_paragraph(brief.subtitle).runs[0].italic = True
    meta = doc.add_paragraph()
    meta.add_run(f"Analyst: {brief.analyst or 'Not named'}   ·   Compiled: "
                 f"{short_date(brief.compiled_at.date().isoformat())}   ·   Handling: "
                 f"{brief.marking or 'NO MARKING'}").font.color.rgb = MUTED
    if brief.tlp_rule:
        doc.add_paragraph(f"{brief.marking}: {brief.tlp_rule}")

    doc.add_heading("Bottom line up front", level=1)
    summary = brief.summary.strip()
    for block in (summary.split("\n\n") if summary else []):
        for line in block.split("\n"):
            stripped = line.strip()
            if stripped[:2] in ("- ", "• ", "* "):
                doc.add_paragraph(stripped[2:].strip(), style="List Bullet")
            elif stripped:
                doc.add_paragraph(stripped)
    if not summary:
        doc.add_paragraph("No bottom line has been written for this brief.").runs[0].italic = True
    refs = bluf_sources(brief)
    if refs:
        doc.add_paragraph("Cited above: " + "; ".join(f"[{n}] {what}" for n, what in refs) + ".")
    if brief.scope or brief.cutoff:
        doc.add_heading("Scope and cut-off", level=1)
        if brief.scope:
            doc.add_paragraph(brief.scope)
        doc.add_paragraph("Information cut-off: "
                          + (short_date(brief.cutoff) if brief.cutoff else "not stated") + ".")

    if brief.judgments:
        doc.add_heading("Key judgments", level=1)
        for j in brief.judgments:
            doc.add_heading(f"KJ{j.number}. {j.text}", level=2)
            label = (f"Likelihood: {j.likelihood} · " if j.likelihood else "") + j.confidence_label
            doc.add_paragraph(label).runs[0].bold = True
            if j.basis:
                doc.add_paragraph(f"Basis: {j.basis}")
            for q in j.evidence:
                p = doc.add_paragraph(style="List Bullet")
                _quote_run(p, q, quote_text(q.text, evidence=True))
                carrier = f" (as quoted in {q.carrier})" if q.carrier else ""
                p.add_run(f" — {q.who}{carrier} {source_ref(q)}")
            if j.missing:
                doc.add_paragraph(f"{j.missing} quote(s) it rests on no longer match their "
                                  "document and are not shown.").runs[0].italic = True

    _sourcing_parts(doc, brief)

    if brief.actors:
        doc.add_heading("Key actors", level=1)
        _table(doc, ["Actor", "Kind", "Quotes", "Themes"],
               [[a.name, a.kind.capitalize(), a.quotes, ", ".join(a.themes) or "—"]
                for a in brief.actors])

    total = sum(len(s.entries) for s in brief.sections) or 1
    done = 0
    for section in brief.sections:
        if cancelled is not None and cancelled():
            from .wkhtml import Cancelled
            raise Cancelled("The brief was cancelled; no Word file was written.")
        doc.add_heading(section.title, level=1)
        if section.kind != "actor" and section.description:
            doc.add_paragraph(section.description).runs[0].italic = True
        cited: set[int] = set()
        for entry in section.entries:
            q = entry.quote
            p = doc.add_paragraph(style="Quote")
            _quote_run(p, q, quote_text(q.text))
            attrib = doc.add_paragraph()
            if q.starred:
                attrib.add_run("★ Key quote · ").bold = True
            attrib.add_run("— " + attribution(q, cited) + " " + source_ref(q))
            if q.translation:
                _quote_run(doc.add_paragraph("Analyst's translation: "), q, q.translation)
            if q.foreign:
                attrib.add_run(f"  (In {q.language_label})").italic = True
            if q.actors:
                doc.add_paragraph("About: " + ", ".join(q.actors))
            if q.note:
                doc.add_paragraph().add_run(f"Analyst note: {q.note}").italic = True
            if entry.also_under:
                doc.add_paragraph("Also under: " + ", ".join(entry.also_under))
            done += 1
            if progress is not None and done % 50 == 0:
                progress(10 + 70 * done // total, "Writing the Word document")

    m = brief.matrix
    if m.actors and m.themes:
        doc.add_heading("Actors by theme", level=1)
        parts = matrix_parts(m.themes, m.actors)        # tables as wide as the page, as in the PDF
        for part in parts:
            a, b, last = part.start, part.stop, part is parts[-1]
            if len(parts) > 1:
                doc.add_paragraph(f"Themes {a + 1}–{b} of {len(m.themes)}")
            rows = [[name, *row[a:b], *([n] if last else [])]
                    for name, row, n in zip(m.actors, m.counts, m.actor_totals)]
            rows.append(["Total", *m.theme_totals[a:b], *([m.total] if last else [])])
            _table(doc, ["Actor", *m.themes[a:b], *(["Total"] if last else [])], rows)
        doc.add_paragraph("Number of quotes naming each actor under each theme. A quote naming "
                          "several actors or themes counts in each of their cells, but once in "
                          "each total.")

    if brief.gaps:
        doc.add_heading("Information gaps", level=1)
        _lines(doc, brief.gaps)
    if brief.sources:
        doc.add_heading("Sources", level=1)
        _table(doc, ["No.", "Title", "Outlet", "Author", "Date", "Type · grade", "Quotes"],
               [[f"[{s.number}]", s.title, s.outlet or "—", s.author or "—",
                 short_date(s.date) if s.date else "Undated",
                 f"{s.type_label} · {s.reliability} {s.reliability_label}"
                 + (f" ({s.reliability_reason})" if s.reliability_reason else ""), s.quotes_used]
                for s in brief.sources])
    doc.add_paragraph(f"Compiled with Briefer {__version__}.")
    return doc


def write_docx(brief: Brief, out_path, progress=None, cancelled=None) -> Path:
    """Write the brief's Word copy to ``out_path`` (a .docx name); return its path."""
    out = Path(out_path).expanduser()
    if out.suffix.lower() != ".docx":
        raise DocxError(f"The Word copy is a .docx file: give it a .docx name, not {out.name!r}.")
    refuse_protected(out)
    doc = build_docx(brief, progress, cancelled)
    tmp = out.parent / f".{out.name}.{secrets.token_hex(4)}.part"
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        doc.save(str(tmp))
        os.replace(tmp, out)
    except OSError as exc:
        _discard(tmp)
        raise DocxError(f"Cannot write {out.name} in {out.parent}: "
                        f"{exc.strerror or exc}. Choose another folder.") from exc
    except BaseException:
        _discard(tmp)
        raise
    return out


def _discard(path: Path) -> None:
    """Remove a temporary file if there is one (its folder may not even exist)."""
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


def timed_docx(brief: Brief, out_path) -> float:
    """Seconds ``write_docx`` takes (for the bench)."""
    started = time.monotonic()
    write_docx(brief, out_path)
    return time.monotonic() - started
