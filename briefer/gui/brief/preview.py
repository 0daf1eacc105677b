"""The brief's preview: the compiled PDF itself, shown in the app (QtPdf's ``QPdfView``).

"Refresh" compiles the brief into a temporary file off the GUI thread (the same engine
and options as an export, no progress dialog: the dock's label says how far it got),
then loads it: every page, zoomed to the width of the dock. A change to the project
afterwards marks the preview out of date; it compiles again only when asked. A refresh
while one is running cancels that one and starts again.
"""

from __future__ import annotations

import itertools
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...brief.options import BriefOptions
from ..shell.hub import Hub
from ..shell.tasks import Task, run_task
from ..widgets.lazy_dock import LazyDock

if TYPE_CHECKING:
    from ...brief.compile import BriefResult

#: (label, zoom mode (a ``QPdfView.ZoomMode`` name), factor) of the zoom choices.
ZOOMS = (("Fit width", "FitToWidth", 1.0), ("Fit page", "FitInView", 1.0),
         ("50%", "Custom", 0.5), ("75%", "Custom", 0.75),
         ("100%", "Custom", 1.0), ("150%", "Custom", 1.5))


class BriefPreviewDock(LazyDock):
    """QtPdf (and the export's engines) are loaded when the preview is first shown (``build``)."""

    def __init__(self, hub: Hub, parent=None, settings: QSettings | None = None, *,
                 lazy: bool = False):
        super().__init__("Brief preview", parent, lazy=lazy)
        self.setObjectName("briefPreviewDock")
        self.hub = hub
        self.settings = settings or getattr(parent, "settings", None) or QSettings()
        #: Gives the composer's BriefOptions; ``before_compile`` saves its pending edits.
        self.options_provider = BriefOptions
        self.before_compile = None
        self.task: Task | None = None
        self.result: BriefResult | None = None
        self.error: BaseException | None = None
        self.stale = True
        self._again = False
        self._generation = 0                    # a new project makes older results void
        self._numbers = itertools.count(1)
        self._folder = tempfile.TemporaryDirectory(prefix="briefer-preview-",
                                                   ignore_cleanup_errors=True)
        if not lazy:
            self.ensure_built()

    def build(self) -> None:
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPdfWidgets import QPdfView

        self._pdf_error_none = QPdfDocument.Error.None_
        self._zoom_modes = QPdfView.ZoomMode
        hub = self.hub
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(8)
        self.refresh_button = QPushButton("Refresh", self)
        self.refresh_button.setToolTip("Compile the brief again and show it")
        self.zoom = QComboBox(self)
        for label, _mode, _factor in ZOOMS:
            self.zoom.addItem(label)
        self.status = QLabel("Not compiled yet: press Refresh.", self)
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)

        bar = QHBoxLayout()
        bar.addWidget(self.refresh_button)
        bar.addWidget(self.zoom)
        bar.addStretch(1)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)
        self.setWidget(body)

        self.refresh_button.clicked.connect(self.refresh)
        self.zoom.currentIndexChanged.connect(self._zoom_changed)
        hub.changed.connect(lambda _changes, _source: self._changed())    # all of it is printed
        hub.projectOpened.connect(self._project_opened)

    # -- compiling ---------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self.task is not None and not self.task.done

    def show_and_refresh(self) -> None:
        self.show()
        self.raise_()
        self.refresh()

    def refresh(self) -> Task | None:
        """Compile the brief into a new temporary PDF off the GUI thread, then show it."""
        if not self.hub.has_project:
            return None
        self.ensure_built()
        if self.busy and self.task is not None:
            self._again = True                  # restart once this one has stopped
            self.task.cancel()
            return self.task
        if self.before_compile is not None:
            self.before_compile()
        from .export import compile_job, engine_settings        # when first compiled

        engine, wkhtmltopdf = engine_settings(self.settings)
        out = Path(self._folder.name) / f"preview-{next(self._numbers)}.pdf"
        job = compile_job(self.hub.project.path, out, self.options_provider(), engine, wkhtmltopdf)
        self.stale = False
        self._again = False
        self.error = None
        self.status.setText("Compiling the brief…")
        self.refresh_button.setText("Restart")
        generation = self._generation
        self.task = run_task(self, "Compiling the preview", job,
                             lambda result: self._loaded(result, generation),
                             lambda exc: self._failed(exc, generation), show_dialog=False)
        self.task.bridge.progressed.connect(self._progress)
        return self.task

    def _progress(self, done: int, _total: int, label: str) -> None:
        if self.busy:
            self.status.setText(f"Compiling the brief… {done}% {label}")

    def _loaded(self, result: BriefResult, generation: int) -> None:
        from .export import ENGINE_NAMES

        self.refresh_button.setText("Refresh")
        if generation != self._generation:
            result.path.unlink(missing_ok=True)
            return
        if self._again:
            self.refresh()
            return
        previous = self.result.path if self.result else None
        self.document.close()
        error = self.document.load(str(result.path))
        if error != self._pdf_error_none:
            self._show_error(f"The preview could not be shown ({error.name}).")
            return
        self.result = result
        if previous is not None and previous != result.path:
            previous.unlink(missing_ok=True)
        self._zoom_changed(self.zoom.currentIndex())
        text = (f"{result.pages} page{'' if result.pages == 1 else 's'}, {result.quotes} quotes, "
                f"{ENGINE_NAMES.get(result.engine_used, result.engine_used)} — compiled "
                f"{time.strftime('%H:%M:%S')}")
        if result.notice:
            text += f"\nNote: {result.notice}"
        self.status.setText(text)
        if self.stale:
            self._changed()

    def _failed(self, exc: BaseException, generation: int) -> None:
        self.refresh_button.setText("Refresh")
        if generation != self._generation:
            return
        if self._again:
            self.refresh()
            return
        self.error = exc
        from ...brief.compile import Cancelled

        if isinstance(exc, Cancelled):
            self.status.setText("Compiling was stopped.")
        else:
            self._show_error(f"The brief could not be compiled: {exc}")

    def _show_error(self, text: str) -> None:
        self.status.setText(text)
        self.hub.statusMessage.emit(text)

    # -- showing -----------------------------------------------------------------------
    def page_count(self) -> int:
        return self.document.pageCount() if self.built else 0

    def _zoom_changed(self, index: int) -> None:
        _label, name, factor = ZOOMS[max(0, index)]
        self.view.setZoomMode(getattr(self._zoom_modes, name))
        if name == "Custom":
            self.view.setZoomFactor(factor)

    def _changed(self) -> None:
        self.stale = True
        if self.result is not None and not self.busy:
            self.status.setText("The brief has changed since this preview: press Refresh.")

    def _project_opened(self) -> None:
        self._generation += 1
        if self.busy and self.task is not None:
            self.task.cancel()
        self._again = False
        self.document.close()
        self.result = None
        self.stale = True
        self.status.setText("Not compiled yet: press Refresh.")
