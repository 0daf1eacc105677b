"""Every export format as bytes, one place for the CLI (``briefer export``) and the app
(File ▸ Export): W3C annotations, REFI-QDA project and codebook, spreadsheets."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from .text import plural

#: format -> (label for a menu, file suffix). The order is the menu's.
FORMATS: dict[str, tuple[str, str]] = {
    "w3c": ("W3C annotations (.jsonld)", ".jsonld"),
    "qdpx": ("REFI-QDA project (.qdpx)", ".qdpx"),
    "qdc": ("REFI-QDA codebook (.qdc)", ".qdc"),
    "csv": ("Quotes as CSV", ".csv"),
    "xlsx": ("Quotes as Excel (.xlsx)", ".xlsx"),
    "codebook-csv": ("Codebook as CSV", ".csv"),
    "matrix-csv": ("Matrix as CSV", ".csv"),
}


@dataclass
class Export:
    data: bytes
    notes: list[str] = field(default_factory=list)    # said to the user beside the file


def export_bytes(project, fmt: str, theme_columns: bool = False) -> Export:
    """The bytes of ``project`` exported as ``fmt`` (a key of :data:`FORMATS`)."""
    from . import spreadsheet
    from .errors import InvalidInput
    from .refi_export import export_qdc, export_qdpx
    from .w3c import export_annotations

    if fmt == "w3c":
        return Export(json.dumps(export_annotations(project), ensure_ascii=False,
                                 indent=2).encode("utf-8"))
    if fmt == "qdpx":
        data, report = export_qdpx(project)
        notes = [f"{plural(report.orphaned_left_out, 'orphaned quote')} left out (their text is no "
                 "longer in the document)."] if report.orphaned_left_out else []
        return Export(data, notes)
    if fmt == "qdc":
        return Export(export_qdc(project))
    if fmt in ("csv", "xlsx"):
        rows = spreadsheet.quote_rows(project, theme_columns=theme_columns)
        return Export(spreadsheet.to_csv(rows) if fmt == "csv" else spreadsheet.to_xlsx(rows))
    if fmt == "codebook-csv":
        return Export(spreadsheet.to_csv(spreadsheet.codebook_rows(project), guard=False))
    if fmt == "matrix-csv":
        return Export(spreadsheet.to_csv(spreadsheet.matrix_rows(project)))
    raise InvalidInput(f"Unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}.")
