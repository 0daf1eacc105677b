"""The Brief composer dock: what the situation brief says and what goes in it.

"Text": title, sub-title, analyst, marking (TLP levels or free text) and the summary,
saved when a field is left, after a pause in typing, and when the dock is hidden (the
window closing hides it), each save an undoable ``EditBriefSettingsCommand`` (one step
per visit to a field). On a change of the settings (an undo, say) the fields show the project
again, except unsaved typing in the field with focus. "Contents": ``BriefContents`` (group
by, themes and their order, actors, starred only). "Key judgments": ``JudgmentsPanel``.
"Preview" and "Export PDF…" ask the window (``brief_wiring.install_brief`` wires them).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QTimer, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...brief.options import TEXT_FIELDS, BriefOptions, brief_options
from ...core.store import Project
from ..shell.changes import Changes
from ..shell.hub import WRITE_ERRORS, Hub, error_message
from ..widgets.lazy_dock import LazyDock
from .commands import EditBriefSettingsCommand

SAVE_IDLE_MS = 800
MARKINGS = ("TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED")
FIELDS = TEXT_FIELDS
SUMMARY_HINT = ("Plain text: a blank line starts a new paragraph; a line starting with "
                "“- ” is a bullet.")


class BriefDock(LazyDock):
    """Built when first shown (``LazyDock``): until then ``options`` are the project's saved
    ones and there is nothing to save."""

    previewRequested = Signal()
    exportRequested = Signal()
    preferencesRequested = Signal()

    def __init__(self, hub: Hub, parent=None, settings: QSettings | None = None, *,
                 lazy: bool = False):
        super().__init__("Brief composer", parent, lazy=lazy)
        self.setObjectName("briefDock")
        self.hub = hub
        self.settings = settings or getattr(parent, "settings", None) or QSettings()
        self._saved: dict[str, str] = {}        # the fields as last read or written
        self._project_path: Path | None = None
        self._loading = False
        self._pushing = False
        self._session = object()                # the saves of one visit to a field merge
        if not lazy:
            self.ensure_built()

    def build(self) -> None:
        from .contents import BriefContents
        from .judgments import JudgmentsPanel, StatementEdit

        hub = self.hub
        self.title = QLineEdit(self)
        self.subtitle = QLineEdit(self)
        self.analyst = QLineEdit(self)
        self.title.setObjectName("title")
        self.subtitle.setObjectName("subtitle")
        self.analyst.setObjectName("analyst")
        self.marking = QComboBox(self)
        self.marking.setEditable(True)
        self.marking.addItems(MARKINGS)
        self.marking.setToolTip("A TLP level, or free text (printed in capitals)")
        self.marking_note = QLabel(self)
        self.summary = StatementEdit(self)
        self.summary.setPlaceholderText("The summary of the brief…")
        self.summary.setTabChangesFocus(True)
        hint = QLabel(SUMMARY_HINT, self)
        hint.setWordWrap(True)
        text_tab = QWidget(self)
        form = QFormLayout(text_tab)
        form.addRow("Title:", self.title)
        form.addRow("Sub-title:", self.subtitle)
        form.addRow("Analyst:", self.analyst)
        form.addRow("Marking:", self.marking)
        form.addRow("", self.marking_note)
        form.addRow(QLabel("Summary:", self))
        form.addRow(self.summary)
        form.addRow(hint)

        self.contents = BriefContents(hub, self)
        self.judgments = JudgmentsPanel(hub, self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(text_tab, "Text")
        self.tabs.addTab(self.contents, "Contents")
        self.tabs.addTab(self.judgments, "Key judgments")
        self.preview_button = QPushButton("Preview", self)
        self.preview_button.setToolTip("Compile the brief and show it in the preview")
        self.export_button = QPushButton("Export PDF…", self)
        self.export_button.setToolTip("Compile the brief to a PDF file (Ctrl+E)")
        self.engine_button = QPushButton("Engine…", self)
        self.engine_button.setToolTip("Choose the PDF engine (wkhtmltopdf or built-in)")
        buttons = QHBoxLayout()
        buttons.addWidget(self.engine_button)
        buttons.addStretch(1)
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.export_button)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        self.setWidget(body)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_IDLE_MS)
        self._timer.timeout.connect(self._save)
        for edit in (self.title, self.subtitle, self.analyst):
            edit.textEdited.connect(self._typed)
            edit.editingFinished.connect(self.flush)
        self.marking.editTextChanged.connect(self._marking_typed)
        self.marking.activated.connect(lambda _i: self.flush())
        marking_line = self.marking.lineEdit()
        assert marking_line is not None, "the marking box is editable"
        marking_line.editingFinished.connect(self.flush)
        self.summary.textChanged.connect(self._typed)
        self.summary.focusLost.connect(self.flush)
        self.preview_button.clicked.connect(self.previewRequested)
        self.export_button.clicked.connect(self.exportRequested)
        self.engine_button.clicked.connect(self.preferencesRequested)
        hub.projectOpened.connect(self._project_opened)
        hub.changed.connect(self._on_changed)
        if hub.has_project:
            self._project_opened()

    # -- the text fields -----------------------------------------------------------------
    def values(self) -> dict[str, str]:
        return {"title": self.title.text().strip(), "subtitle": self.subtitle.text().strip(),
                "analyst": self.analyst.text().strip(),
                "marking": " ".join(self.marking.currentText().split()),
                "summary": self.summary.toPlainText().rstrip()}

    def _typed(self, *_args) -> None:
        if not self._loading:
            self._timer.start()

    def _marking_typed(self, text: str, typed: bool = True) -> None:
        from ...brief.model import normalise_marking

        marking, tlp = normalise_marking(text)
        self.marking_note.setText(f"Printed as {marking}" + (" (Traffic Light Protocol)"
                                  if tlp else " (free text)") if marking else "No marking")
        if typed:
            self._typed()

    def flush(self) -> None:
        """Save the fields now; the next typing is a new undo step."""
        if not self.built:                      # nothing was typed
            return
        self._save()
        self._session = object()

    def _save(self) -> None:
        """Save the fields that differ from the project's: an undoable command for the open
        project, or straight into the file they were typed for if another was opened since."""
        self._timer.stop()
        if self._loading or self._pushing or self._project_path is None:
            return
        changed = {k: v for k, v in self.values().items() if v != self._saved.get(k)}
        if not changed:
            return
        if self.hub.has_project and self.hub.project.path == self._project_path:
            if self.hub.project.read_only:
                return
            self._pushing = True                # not again from a focus change of an error box
            try:
                if self.hub.push(EditBriefSettingsCommand(self.hub, session=self._session,
                                                          **changed)) is None:
                    self._saved.update(changed)
            finally:
                self._pushing = False
            return
        try:
            with Project.open(self._project_path, create=False) as project:
                project.settings.set(**changed)
            self._saved.update(changed)
        except WRITE_ERRORS as exc:
            self.hub.statusMessage.emit(f"The brief was not saved: {error_message(exc)}")

    def _show_values(self, values: dict[str, str], keep_typing: bool) -> None:
        """Show the project's ``values``; with ``keep_typing``, a field whose text is not
        saved yet and that has focus (or a save pending) keeps it."""
        shown, focus = self.values(), QApplication.focusWidget()
        self._loading = True
        try:
            for key in FIELDS:
                widget, value = getattr(self, key), values.get(key, "")
                focused = focus is not None and (focus is widget or widget.isAncestorOf(focus))
                if shown[key] == value or keep_typing and shown[key] != self._saved.get(key) \
                        and (focused or self._timer.isActive()):
                    continue
                if widget is self.summary:
                    self.summary.setPlainText(value)
                    if focused:
                        self.summary.moveCursor(QTextCursor.MoveOperation.End)
                elif widget is self.marking:
                    self.marking.setCurrentText(value)
                else:
                    widget.setText(value)
                    widget.setCursorPosition(len(value) if focused else 0)
        finally:
            self._loading = False
        self._saved = {k: values.get(k, "") for k in FIELDS}
        self._marking_typed(self.marking.currentText(), typed=False)

    def _on_changed(self, changes: Changes, _source) -> None:
        if changes.settings:
            self._brief_changed()
        if changes.codebook:
            self.contents.fill_lists()
        elif changes.quotes:                 # the lists show each one's quote count
            self.contents.update_counts()

    def _brief_changed(self) -> None:
        if self.hub.has_project and self.hub.project.path == self._project_path:
            self._show_values(self.hub.project.settings.get(), keep_typing=True)

    def _project_opened(self) -> None:
        self.flush()                            # typing still pending for the previous one
        project = self.hub.project
        self._project_path = project.path
        values = project.settings.get()
        self._show_values(values, keep_typing=False)
        self._timer.stop()
        writable = not project.read_only
        for widget in (self.title, self.subtitle, self.analyst, self.marking, self.summary):
            widget.setEnabled(writable)
        self.contents.show_project(values, writable)

    def options(self) -> BriefOptions:
        """What the brief should contain: the project's brief settings (``brief_options``, as
        ``briefer brief`` reads them), with the choices made here (a read-only project keeps
        them only here). Text fields: the saved settings."""
        if not self.hub.has_project:
            return BriefOptions()
        if not self.built:                      # the choices are the saved ones
            return brief_options(self.hub.project)
        return self.contents.options()

    def hideEvent(self, event) -> None:
        self.flush()
        super().hideEvent(event)
