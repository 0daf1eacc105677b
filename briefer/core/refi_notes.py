"""The project-level notes of a REFI-QDA import: key judgments (the notes of a set "Key
judgments", each linked from the selections it rests on) and the brief's sections (notes
named "Brief: …"). How Briefer writes them: ``refi_fields``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import refi_fields as fields
from .errors import InvalidInput
from .ids import now
from .judgments import CONFIDENCE
from .records import Judgment
from .refi_read import RefiFile
from .settings import DEFAULT_SETTINGS

if TYPE_CHECKING:
    from .refi_import import RefiImportReport



def judgment_notes(refi: RefiFile) -> dict[str, dict]:
    """Note key -> judgment fields, for the notes that are key judgments, in order: the
    members of a set "Key judgments" (in its order). Only a file with no such set, from
    another tool (which may drop sets), has its judgments found by their form instead: a
    note written whole as a judgment (statement, likelihood and confidence lines). A note
    that merely starts with "Key judgment: " (a quote's own note, say) stays a note."""
    sets = [members for name, members in refi.sets
            if name.casefold() == fields.JUDGMENTS_SET.casefold()]
    keys = [k for members in sets for k in members if k in refi.notes]
    if not sets and not refi.origin.startswith("Briefer"):
        keys += [k for k, n in refi.notes.items() if fields.is_judgment_note(n.text.lstrip())]
    out = {}
    for key in dict.fromkeys(keys):
        note = refi.notes[key]
        text = note.text.lstrip()
        parsed = fields.parse_judgment(note.name, text) or {
            "text": note.name or text, "likelihood": None, "confidence": "moderate",
            "basis": text if note.name else ""}
        if parsed["text"].strip():
            out[key] = parsed
    return out


def write_judgments(project, refi: RefiFile, judgments: dict[str, dict],
                     report: RefiImportReport) -> None:
    if not judgments:
        return
    rests_on: dict[str, list[str]] = {k: [] for k in judgments}
    for src in refi.sources:
        for sel in src.selections:
            for key in sel.note_keys:
                if key in rests_on:
                    rests_on[key].append(sel.key)
    present = {r[0] for r in project.db.execute("SELECT id FROM judgments")}
    position = project.db.execute(
        "SELECT COALESCE(MAX(position) + 1, 0) FROM judgments").fetchone()[0]
    stamp = now()
    for key, j in judgments.items():
        if key in present:
            report.judgments_present += 1
            continue
        note = refi.notes[key]
        confidence = j["confidence"] if j["confidence"] in CONFIDENCE else "moderate"
        if confidence != j["confidence"]:
            report.skipped.append((f"judgment {j['text'][:40]}",
                                   f"confidence {j['confidence']!r} read as moderate"))
        project.judgments.restore(Judgment(
            id=key, text=j["text"], confidence=confidence, likelihood=j["likelihood"],
            basis=j["basis"], position=position, created_at=note.created_at or stamp,
            updated_at=note.updated_at or note.created_at or stamp,
            quote_ids=tuple(project.quotes.present(rests_on[key]))))
        position += 1
        report.judgments_added += 1


def write_brief(project, refi: RefiFile, report: RefiImportReport) -> None:
    """The brief's sections from notes named "Brief: …", where the project has none."""
    ours = project.settings.get()
    for note in refi.notes.values():
        key = fields.brief_setting(note.name)
        if key is None or not note.text.strip() or note.text == ours.get(key):
            continue
        if ours.get(key, "").strip() and ours[key] != DEFAULT_SETTINGS.get(key):
            report.skipped.append((note.name, "the project has its own; kept"))
            continue
        try:
            project.settings.set(**{key: note.text})
        except InvalidInput as exc:
            report.skipped.append((note.name, str(exc)))
            continue
        report.brief_sections.append(key)
