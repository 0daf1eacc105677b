"""File ▸ Export ▸ …: every format of ``core.exports``, written off the GUI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ...core.exports import FORMATS, export_bytes
from ...core.store import Project
from ...fileio import write_atomic
from ..shell.hub import Hub, error_message
from ..shell.tasks import run_task


def export_to_file(parent: QWidget, hub: Hub, fmt: str, theme_columns: bool = False):
    """Ask where, then export ``fmt`` with a read-only connection of the worker's own."""
    if not hub.has_project:
        return None
    label, suffix = FORMATS[fmt]
    project = hub.project
    stem = project.path.stem + ("-codebook" if fmt in ("qdc", "codebook-csv") else
                                "-matrix" if fmt == "matrix-csv" else "")
    path, _ = QFileDialog.getSaveFileName(parent, f"Export {label}",
                                          str(project.path.parent / f"{stem}{suffix}"),
                                          f"{label} (*{suffix});;All files (*)")
    if not path:
        return None
    out = Path(path) if Path(path).suffix else Path(path).with_suffix(suffix)
    where = project.path

    def work(progress, cancelled):
        with Project.open(where, create=False, read_only=True) as reader:
            result = export_bytes(reader, fmt, theme_columns)
        if cancelled():
            return None
        write_atomic(out, result.data)
        return result

    def done(result) -> None:
        if result is None:
            hub.statusMessage.emit("Export cancelled; nothing was written.")
            return
        hub.statusMessage.emit(" ".join([f"Exported to {out}.", *result.notes]))

    def failed(exc: BaseException) -> None:
        QMessageBox.warning(parent, "Export", error_message(exc))

    return run_task(parent, f"Exporting {label}…", work, done, failed)
