"""Exporting the brief to PDF from the app: save dialog, work off the GUI thread, the outcome.

``BriefExport.start()`` asks where to save (default ``default_output_path``), then runs
``compile_brief`` on the thread pool (``tasks.run_task``: progress dialog with Cancel)
with the project's *path* — the worker opens its own read-only connection. The whole
compile runs in the worker, the built-in Qt engine too: ``briefer.brief.qt_engine`` uses only a
QTextDocument (which loads no resources, so no pixmaps) and a QPdfWriter, which Qt
supports outside the GUI thread once the application object exists; its output is the
same byte for byte in text as on the GUI thread.

Success shows where the PDF is, the engine used and any notice (e.g. that wkhtmltopdf
was not found), with "Open PDF" and "Open folder". A failure of wkhtmltopdf offers "Try the Qt
engine".
The engine and the wkhtmltopdf path are kept in QSettings (``PreferencesDialog``).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from ...brief.options import BriefOptions
from ...core.errors import BrieferError
from ..shell.hub import Hub
from ..shell.tasks import Task, run_task

if TYPE_CHECKING:           # the engines (``brief.compile``) are imported when first used
    from ...brief.compile import BriefResult

log = logging.getLogger(__name__)

ENGINE_KEY = "brief/engine"
WKHTMLTOPDF_KEY = "brief/wkhtmltopdf"
ENGINE_LABELS = {"auto": "Automatic (wkhtmltopdf when installed, else built-in)",
                 "wkhtmltopdf": "wkhtmltopdf only",
                 "qt": "Built-in Qt engine"}
ENGINE_NAMES = {"wkhtmltopdf": "wkhtmltopdf", "qt": "the built-in Qt engine"}
PDF_FILTER = "PDF files (*.pdf);;All files (*)"


def engine_settings(settings: QSettings) -> tuple[str, str | None]:
    """(engine, wkhtmltopdf path or None) from the settings; unknown values mean "auto"."""
    from ...brief.compile import ENGINES

    engine = str(settings.value(ENGINE_KEY, "auto") or "auto")
    path = str(settings.value(WKHTMLTOPDF_KEY, "") or "").strip()
    return (engine if engine in ENGINES else "auto"), (path or None)


def compile_job(project_path: Path, out: Path, options: BriefOptions, engine: str,
                wkhtmltopdf: str | None):
    """The worker function for ``run_task``: compile from the project's path."""
    def work(progress, cancelled) -> BriefResult:
        from ...brief.compile import compile_brief

        return compile_brief(project_path, out, options, engine=engine, wkhtmltopdf=wkhtmltopdf,
                             progress=lambda percent, message: progress(percent, 100, message),
                             cancelled=cancelled)
    return work


class PreferencesDialog(QDialog):
    """The PDF engine and where wkhtmltopdf is (empty: search PATH)."""

    def __init__(self, settings: QSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Brief PDF engine")
        self.settings = settings
        engine, path = engine_settings(settings)
        self.engine = QComboBox(self)
        for key, label in ENGINE_LABELS.items():
            self.engine.addItem(label, key)
        self.engine.setCurrentIndex(self.engine.findData(engine))
        self.path = QLineEdit(path or "", self)
        self.path.setPlaceholderText("Found on PATH when empty")
        self.path.setClearButtonEnabled(True)
        browse = QPushButton("Browse…", self)
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        note = QLabel("wkhtmltopdf typesets the brief like a browser; the built-in engine "
                      "needs nothing installed.", self)
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Engine:", self.engine)
        form.addRow("wkhtmltopdf:", row)
        form.addRow(note)
        form.addRow(buttons)

    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Where is wkhtmltopdf?",
                                              self.path.text() or "/usr/bin")
        if path:
            self.path.setText(path)

    def accept(self) -> None:
        self.settings.setValue(ENGINE_KEY, self.engine.currentData())
        self.settings.setValue(WKHTMLTOPDF_KEY, self.path.text().strip())
        self.settings.sync()
        super().accept()


class BriefExport(QObject):
    """The export flow of one window. ``options`` gives the composer's ``BriefOptions``;
    ``flush`` saves the composer's pending edits before the worker reads the file."""

    def __init__(self, parent: QWidget, hub: Hub, settings: QSettings, options=BriefOptions,
                 flush=None):
        super().__init__(parent)
        self.widget = parent
        self.hub = hub
        self.settings = settings
        self.options = options
        self.flush = flush
        self.task: Task | None = None
        self.result: BriefResult | None = None
        self.error: BaseException | None = None
        self.message_box: QMessageBox | None = None

    @property
    def busy(self) -> bool:
        return self.task is not None and not self.task.done

    def start(self) -> Task | None:
        """Ask where to save, then export there (with the engine of the settings)."""
        if not self.hub.has_project:
            return None
        if self.busy:
            self.hub.statusMessage.emit("The brief is being exported already.")
            return None
        if self.flush is not None:
            self.flush()
        from ...brief.compile import default_output_path

        default = default_output_path(self.hub.project)
        try:
            default.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            pass
        path, _ = QFileDialog.getSaveFileName(self.widget, "Export brief", str(default), PDF_FILTER)
        if not path:
            return None
        out = Path(path)
        if out.suffix.lower() != ".pdf":
            out = out.with_name(out.name + ".pdf")
        return self.run(out)

    def run(self, out: Path, engine: str | None = None) -> Task | None:
        """Export to ``out`` off the GUI thread; ``engine`` None = the one in the settings."""
        if not self.hub.has_project or self.busy:
            return None
        configured, wkhtmltopdf = engine_settings(self.settings)
        engine = engine or configured
        self.result = self.error = None
        self._close_box()
        job = compile_job(self.hub.project.path, out, self.options(), engine, wkhtmltopdf)
        self.hub.statusMessage.emit(f"Exporting the brief to {out.name}…")
        self.task = run_task(self.widget, "Exporting the brief…", job, self._done,
                             lambda exc: self._failed(exc, out, engine))
        return self.task

    # -- the outcome (GUI thread) -----------------------------------------------------------
    def _done(self, result: BriefResult) -> None:
        self.result = result
        pages = f"{result.pages} page{'' if result.pages == 1 else 's'}"
        self.hub.statusMessage.emit(f"Brief exported: {result.path} ({pages})")
        text = (f"The brief was written to:\n{result.path}\n\n{pages}, "
                f"{result.quotes} quote{'' if result.quotes == 1 else 's'}, typeset with "
                f"{ENGINE_NAMES.get(result.engine_used, result.engine_used)}.")
        if result.notice:
            text += f"\n\nNote: {result.notice}"
        box = self._box(QMessageBox.Icon.Information, "Brief exported", text)
        open_pdf = box.addButton("Open PDF", QMessageBox.ButtonRole.ActionRole)
        open_folder = box.addButton("Open folder", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        open_pdf.clicked.connect(lambda: open_file(result.path))
        open_folder.clicked.connect(lambda: open_folder_of(result.path))
        box.setDefaultButton(open_pdf)
        box.open()

    def _failed(self, exc: BaseException, out: Path, engine: str) -> None:
        self.error = exc
        from ...brief.compile import Cancelled, EngineError
        from ...brief.wkhtml import QT_HINT

        if isinstance(exc, Cancelled):
            self.hub.statusMessage.emit("Export cancelled; no PDF was written.")
            return
        if isinstance(exc, EngineError) and engine == "wkhtmltopdf":
            box = self._box(QMessageBox.Icon.Warning, "Export brief",
                            "wkhtmltopdf could not make the brief:\n\n"
                            f"{str(exc).replace(QT_HINT, '').strip()}")
            retry = box.addButton("Try the Qt engine", QMessageBox.ButtonRole.AcceptRole)
            box.addButton(QMessageBox.StandardButton.Close)
            retry.clicked.connect(lambda: self.run(out, engine="qt"))
            box.open()
            return
        if isinstance(exc, BrieferError):
            text = str(exc)
        else:
            log.error("The export failed:\n%s", self.task.traceback if self.task else exc)
            text = f"The export failed unexpectedly: {exc}"
        self._box(QMessageBox.Icon.Critical, "Export brief", text).open()

    def _box(self, icon, title: str, text: str) -> QMessageBox:
        """A window-modal message box that does not block (``open``), kept for tests."""
        self._close_box()
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, self.widget)
        self.message_box = box
        return box

    def _close_box(self) -> None:
        if self.message_box is not None:
            self.message_box.close()
            self.message_box.deleteLater()
            self.message_box = None


def open_file(path: Path) -> bool:
    """Open the PDF in the desktop's viewer."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(path).resolve())))


def open_folder_of(path: Path) -> bool:
    """Show the folder holding ``path`` in the desktop's file manager."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(path).resolve().parent)))
