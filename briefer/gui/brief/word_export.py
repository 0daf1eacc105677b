"""File ▸ Export brief as Word: the brief's editable copy (.docx), off the GUI thread.

The same flow as the PDF export (``export.BriefExport``): the composer's pending edits are
saved, a save dialog asks where (default ``exports/<project>-<date>.docx``), and the worker
opens its own read-only connection to the project file, builds the brief with the
composer's options and writes the Word copy (``briefer.brief.docx_export``) with progress
and Cancel. The CLI does the same with ``briefer brief --format docx``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ...brief.options import BriefOptions
from ...core.errors import BrieferError
from ..shell.hub import Hub
from ..shell.tasks import Task, run_task
from .export import open_folder_of

log = logging.getLogger(__name__)

DOCX_FILTER = "Word documents (*.docx);;All files (*)"


def docx_job(project_path: Path, out: Path, options: BriefOptions):
    """The worker function for ``run_task``: build the brief and write its Word copy."""
    def work(progress, cancelled) -> Path:
        from ...brief.compile import Cancelled, open_read_only
        from ...brief.docx_export import write_docx
        from ...brief.model import build_brief

        progress(2, 100, "Reading the project")
        with open_read_only(project_path) as project:
            brief = build_brief(project, options)
        if cancelled():
            raise Cancelled("The Word copy was cancelled; no file was written.")
        return write_docx(brief, out, cancelled=cancelled,
                          progress=lambda percent, message: progress(percent, 100, message))
    return work


class WordExport(QObject):
    """The Word export of one window (``options`` and ``flush`` as for ``BriefExport``)."""

    def __init__(self, parent: QWidget, hub: Hub, options=BriefOptions, flush=None):
        super().__init__(parent)
        self.widget = parent
        self.hub = hub
        self.options = options
        self.flush = flush
        self.task: Task | None = None
        self.result: Path | None = None
        self.error: BaseException | None = None
        self.message_box: QMessageBox | None = None

    def start(self) -> Task | None:
        """Ask where to save the .docx, then write it there off the GUI thread."""
        if not self.hub.has_project:
            return None
        if self.task is not None and not self.task.done:
            self.hub.statusMessage.emit("The Word copy is being written already.")
            return None
        if self.flush is not None:
            self.flush()
        from ...brief.compile import default_output_path

        default = default_output_path(self.hub.project).with_suffix(".docx")
        path, _ = QFileDialog.getSaveFileName(self.widget, "Export brief as Word", str(default),
                                              DOCX_FILTER)
        if not path:
            return None
        out = Path(path)
        if out.suffix.lower() != ".docx":
            out = out.with_name(out.name + ".docx")
        return self.run(out)

    def run(self, out: Path) -> Task | None:
        if not self.hub.has_project:
            return None
        self.result = self.error = None
        job = docx_job(self.hub.project.path, out, self.options())
        self.hub.statusMessage.emit(f"Writing the brief's Word copy to {out.name}…")
        self.task = run_task(self.widget, "Exporting the brief as Word…", job, self._done,
                             self._failed)
        return self.task

    def _done(self, path: Path) -> None:
        self.result = path
        self.hub.statusMessage.emit(f"Word copy written: {path}")
        box = self._box(QMessageBox.Icon.Information, "Brief exported as Word",
                        f"The brief's Word copy was written to:\n{path}")
        open_folder = box.addButton("Open folder", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        open_folder.clicked.connect(lambda: open_folder_of(path))
        box.open()

    def _failed(self, exc: BaseException) -> None:
        self.error = exc
        from ...brief.compile import Cancelled

        if isinstance(exc, Cancelled):
            self.hub.statusMessage.emit("Export cancelled; no Word file was written.")
            return
        if isinstance(exc, BrieferError):
            text = str(exc)
        else:
            log.error("The Word export failed:\n%s", self.task.traceback if self.task else exc)
            text = f"The Word export failed unexpectedly: {exc}"
        self._box(QMessageBox.Icon.Critical, "Export brief as Word", text).open()

    def _box(self, icon, title: str, text: str) -> QMessageBox:
        if self.message_box is not None:
            self.message_box.close()
            self.message_box.deleteLater()
        self.message_box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton,
                                       self.widget)
        return self.message_box
