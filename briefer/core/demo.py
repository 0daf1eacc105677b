"""The demo: an analyst's codebook, quotes, key judgments and brief settings for the seed articles.

``seeds/demo-annotations.jsonld`` is an ordinary Briefer export (see :mod:`briefer.core.w3c`)
whose ``briefer:codebook`` block also carries the key judgments and the brief's settings.
:func:`load_demo` imports it into a project; running it again adds nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

from .. import paths
from .errors import InvalidInput, NotFound
from .store import DEFAULT_SETTINGS
from .w3c import quote_id_for
from .w3c_import import ImportReport, import_annotations
from .w3c_file import read_annotation_file

DEMO_FILE = "demo-annotations.jsonld"
#: Brief settings with no default value (empty until the analyst writes them).
BRIEF_SECTIONS = ("scope", "cutoff", "outlook", "indicators", "gaps")


def demo_path() -> Path:
    return paths.seeds_dir() / DEMO_FILE


def load_demo(project, path: str | os.PathLike | None = None) -> ImportReport:
    """Load the demo (or another Briefer export at ``path``) into ``project``.

    Seed articles missing from the project are imported first. Then the codebook and the
    annotations (in one transaction), the judgments not yet present, and those settings the
    user has not changed from their defaults. Malformed entries are left out.
    """
    source = Path(path) if path else demo_path()
    try:
        data = read_annotation_file(source)
    except (OSError, InvalidInput) as exc:
        raise InvalidInput(f"The demo annotations cannot be read from {source}: {exc}") from exc
    if path is None:
        import_missing_seeds(project)
    report = import_annotations(project, data)
    block = data.get("briefer:codebook") if isinstance(data, dict) else None
    if isinstance(block, dict):
        with project.transaction():     # checked and written under one lock: loaded once
            apply_judgments(project, block.get("judgments") or [])
            apply_settings(project, block.get("settings") or {})
    return report


def import_missing_seeds(project) -> list:
    """Import the seed articles no document of the project was imported from.

    A seed whose file name is already there is left alone, even if its text was edited:
    importing it again would replace the edited text.
    """
    have = {d.source_name for d in project.documents.list()}
    return project.documents.import_files([p for p in paths.seed_files() if p.name not in have])


def apply_judgments(project, judgments: list) -> list[str]:
    """Add each judgment whose statement the project lacks; return the new ids.

    A judgment keeps those of its quotes that are in the project.
    """
    have = {j.text.strip().casefold() for j in project.judgments.list()}
    added = []
    for j in judgments if isinstance(judgments, list) else []:
        statement = j.get("statement") if isinstance(j, dict) else None
        if not isinstance(statement, str) or not statement.strip() \
                or statement.strip().casefold() in have:
            continue
        statement = statement.strip()
        quotes = []
        refs = j.get("quotes") if isinstance(j.get("quotes"), list) else []
        for ref in (r for r in refs if isinstance(r, str)):
            try:
                quotes.append(project.quotes.resolve(quote_id_for(ref)))
            except (NotFound, InvalidInput):
                continue
        confidence = j.get("confidence") if isinstance(j.get("confidence"), str) else "moderate"
        likelihood = j.get("likelihood") if isinstance(j.get("likelihood"), str) else None
        basis = j.get("basis") if isinstance(j.get("basis"), str) else ""
        try:
            added.append(project.judgments.add(statement, confidence, quotes,
                                               likelihood=likelihood, basis=basis))
        except InvalidInput:                # an unknown confidence or likelihood: left out
            continue
        have.add(statement.casefold())
    return added


def apply_settings(project, settings: dict) -> dict:
    """Set the given settings that still have their default value; return those set."""
    if not isinstance(settings, dict):
        return {}
    current = project.settings.get()
    defaults = {**{k: "" for k in BRIEF_SECTIONS}, **DEFAULT_SETTINGS}
    changes = {k: str(v) for k, v in settings.items()
               if k in defaults and isinstance(v, (str, int, float))
               and current.get(k, "") == defaults[k] and str(v) != current.get(k, "")}
    if changes:
        project.settings.set(**changes)
    return changes
