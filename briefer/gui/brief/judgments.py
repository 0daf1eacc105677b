"""Key judgments in the brief composer: the list, and an editor of the current one.

Each judgment is a statement, a confidence (low / moderate / high) and the quotes it
rests on. The editor saves as the analyst works (no Save button): the statement after
a short pause in typing or when the editor loses focus, the confidence and the quotes at
once. "New" starts a draft that becomes a judgment as soon as it has a statement. The quotes
it rests on are a ``SupportingQuotes`` list (``supporting_quotes.py``). Every change is an
undoable command (``brief_commands``) on the hub's stack, announced with
``Changes(judgments=True)`` on ``hub.changed``; the saves of the statement during one visit to
the editor merge into one undo step, and "Remove" asks nothing (undo brings the judgment back
with its id and quotes). On a change of the judgments or settings (an undo, say) the list and
the editor show the project again, except a statement the user is typing. The ICD 203 warnings
under the list follow those changes too, and an edit of one quote (in the inspector, say) only
when the checks read that quote or it now prints a note.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.brief_checks import BriefCheck, check_brief
from ...core.grading import LIKELIHOOD
from ...core.judgments import CONFIDENCE
from ...core.records import Judgment
from ...core.store import Project
from ...core.text import excerpt
from ..shell.changes import Changes
from ..shell.hub import WRITE_ERRORS, Hub, error_message
from .commands import AddJudgmentCommand, EditJudgmentCommand, JudgmentCommand
from .commands import RemoveJudgmentCommand as RemoveCommand
from .supporting_quotes import SupportingQuotes

SAVE_IDLE_MS = 800
NO_CHECK = BriefCheck([], frozenset())
EXCERPT_CHARS = 90


class StatementEdit(QPlainTextEdit):
    focusLost = Signal()

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.focusLost.emit()


class JudgmentsPanel(QWidget):
    def __init__(self, hub: Hub, parent=None):
        super().__init__(parent)
        self.hub = hub
        self.judgment_id: str | None = None     # the one in the editor; None = a draft
        self._loading = False
        self._pushing = False                   # a command of ours is being pushed
        self._project_path: Path | None = None
        self._stored_text = ""                  # the statement as last read or written
        self._session = object()                # the statement's saves in one visit merge
        self._checked = NO_CHECK                # the last warnings and the quotes they read

        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.list.setMinimumHeight(70)
        self.new_button = QPushButton("New", self)
        self.new_button.setToolTip("Start a new key judgment")
        self.remove_button = QPushButton("Remove", self)
        self.remove_button.setToolTip("Remove the selected key judgment")
        self.heading = QLabel(self)
        self.statement = StatementEdit(self)
        self.statement.setPlaceholderText("The judgment, e.g. “The Pentagon will not back down "
                                          "before the deadline.”")
        self.statement.setTabChangesFocus(True)
        self.statement.setFixedHeight(self.statement.fontMetrics().lineSpacing() * 3 + 14)
        self.confidence = QComboBox(self)
        for level in CONFIDENCE:
            self.confidence.addItem(level.capitalize(), level)
        self.confidence.setCurrentIndex(CONFIDENCE.index("moderate"))
        self.likelihood = QComboBox(self)
        self.likelihood.addItem("Likelihood not stated", "")
        for key, (words, probability) in LIKELIHOOD.items():
            self.likelihood.addItem(f"{words} ({probability})", key)
        self.likelihood.setToolTip("ICD 203: how likely the judgment is, apart from how "
                                   "good the evidence is (confidence)")
        self.basis = QLineEdit(self)
        self.basis.setPlaceholderText("Basis: what the judgment rests on, in one line")
        self.warnings = QLabel(self)
        self.warnings.setWordWrap(True)
        self.warnings.setTextFormat(Qt.TextFormat.PlainText)
        self.warnings.setStyleSheet("QLabel { color: #92400e; background: #fef3c7; padding: 4px; }")
        self.warnings.hide()
        self.supporting = SupportingQuotes(hub, self)

        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        confidence_row = QHBoxLayout()
        confidence_row.addWidget(QLabel("Confidence:", self))
        confidence_row.addWidget(self.confidence)
        confidence_row.addWidget(QLabel("Likelihood:", self))
        confidence_row.addWidget(self.likelihood)
        confidence_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 2)
        layout.addLayout(buttons)
        layout.addWidget(self.heading)
        layout.addWidget(self.statement)
        layout.addLayout(confidence_row)
        layout.addWidget(self.basis)
        layout.addWidget(self.supporting, 1)
        layout.addWidget(self.warnings)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_IDLE_MS)
        self._timer.timeout.connect(lambda: self.save(typing=True))
        self.statement.textChanged.connect(self._typed)
        self.statement.focusLost.connect(self.save)
        self.confidence.activated.connect(lambda _i: self.save())
        self.likelihood.activated.connect(lambda _i: self.save())
        self.basis.editingFinished.connect(self.save)
        self.list.currentItemChanged.connect(self._current_changed)
        self.new_button.clicked.connect(self.new_judgment)
        self.remove_button.clicked.connect(self.remove_judgment)
        self.supporting.edited.connect(lambda: self.save(quotes_changed=True))
        hub.changed.connect(self._on_changed)
        hub.projectOpened.connect(self._project_opened)
        self._project_opened()

    # -- reading -----------------------------------------------------------------------
    def _writable(self) -> bool:
        return self.hub.has_project and not self.hub.project.read_only

    def _project_opened(self) -> None:
        if self._timer.isActive():
            self.save()                         # typing still pending for the previous one
        self._project_path = self.hub.project.path if self.hub.has_project else None
        self.judgment_id = None
        self.supporting.reset()
        self.reload()
        self._show(None)

    def reload(self) -> None:
        """Read the judgments again; the editor keeps the current one (and unsaved typing)."""
        rows = self.hub.project.judgments.list() if self.hub.has_project else []
        self._loading = True
        try:
            self.list.clear()
            for number, row in enumerate(rows, 1):
                count = len(row.quote_ids)
                item = QListWidgetItem(
                    f"{number}. [{row.confidence.capitalize()}] "
                    f"{excerpt(row.text, EXCERPT_CHARS)}  "
                    f"({count} quote{'' if count == 1 else 's'})", self.list)
                item.setData(Qt.ItemDataRole.UserRole, row.id)
                item.setToolTip(row.text)
                if row.id == self.judgment_id:
                    self.list.setCurrentItem(item)
        finally:
            self._loading = False
        current = next((r for r in rows if r.id == self.judgment_id), None)
        if self.judgment_id is not None and current is None:
            self._show(None)                    # removed elsewhere (or undone)
        elif current is not None:
            self.supporting.show_quotes(current.quote_ids)
            self._show_stored(current)
        self._update_buttons()
        self.show_warnings()

    def _show_stored(self, row: Judgment) -> None:
        """The editor's judgment as stored now; a statement being typed (not saved yet,
        with focus or a save pending) is kept."""
        text = self.statement.toPlainText().strip()
        typing = text != self._stored_text and (self.statement.hasFocus()
                                                or self._timer.isActive())
        self._stored_text = row.text
        self._loading = True
        try:
            if text != row.text and not typing:
                self.statement.setPlainText(row.text)
            self.confidence.setCurrentIndex(max(0, self.confidence.findData(row.confidence)))
            self._show_sourcing(row)
        finally:
            self._loading = False

    def _on_changed(self, changes: Changes, _source) -> None:
        """The judgments list the quotes they rest on (their excerpts), not their tags; the
        warnings follow an edit of a quote the checks read (its exclusion, its note…)."""
        if changes.judgments or changes.settings:
            self._brief_changed()
        elif changes.documents or changes.quotes is True:
            self.reload()
        elif changes.quotes and self.hub.has_project and self._checked.affected_by(
                self.hub.project, changes.quote_ids or ()):
            self.show_warnings()

    def _brief_changed(self) -> None:
        if not self._pushing and self.hub.has_project \
                and self.hub.project.path == self._project_path:
            self.reload()

    def judgment_ids(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def _current_changed(self, item, _previous) -> None:
        if self._loading:
            return
        self.save()
        judgment_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        row = next((r for r in self.hub.project.judgments.list() if r.id == judgment_id), None)
        self._show(row)

    def _show(self, row: Judgment | None) -> None:
        """Put ``row`` (a judgment) or an empty draft into the editor."""
        self._timer.stop()
        self._loading = True
        try:
            self.judgment_id = row.id if row else None
            self._stored_text = row.text if row else ""
            self.statement.setPlainText(self._stored_text)
            level = row.confidence if row else "moderate"
            self.confidence.setCurrentIndex(max(0, self.confidence.findData(level)))
            self._show_sourcing(row)
            self.heading.setText("Edit the key judgment:" if row else "New key judgment "
                                 "(saved once it has a statement):")
            if row is None:
                # PySide6's stubs leave out None; Qt takes nullptr (no current item)
                self.list.setCurrentItem(None)  # type: ignore[call-overload]
        finally:
            self._loading = False
        self.supporting.show_quotes(row.quote_ids if row else [])
        self._update_buttons()

    def _show_sourcing(self, row: Judgment | None) -> None:
        """The judgment's likelihood and basis (a basis being typed is kept)."""
        self.likelihood.setCurrentIndex(max(0, self.likelihood.findData(
            (row.likelihood if row else None) or "")))
        if not self.basis.hasFocus():
            self.basis.setText(row.basis if row else "")

    def show_warnings(self) -> None:
        """What ``briefer check --brief`` would warn about, under the judgments."""
        self._checked = check_brief(self.hub.project) if self.hub.has_project else NO_CHECK
        found = self._checked.warnings
        self.warnings.setText("\n".join(f"⚠ {w}" for w in found))
        self.warnings.setVisible(bool(found))

    def _update_buttons(self) -> None:
        writable = self._writable()
        for widget in (self.new_button, self.statement, self.confidence):
            widget.setEnabled(writable)
        self.remove_button.setEnabled(writable and self.judgment_id is not None)
        self.supporting.set_writable(writable)

    # -- editing -----------------------------------------------------------------------
    def _typed(self) -> None:
        if not self._loading:
            self._timer.start()

    def new_judgment(self) -> None:
        self.save()
        self._show(None)
        self.statement.setFocus()

    def save(self, quotes_changed: bool = False, typing: bool = False) -> None:
        """Write the editor: create the draft, or update the judgment, as an undoable
        command; ``typing`` (a pause in typing) keeps the undo step open for more. If
        another project was opened meanwhile, into the file it belongs to (not undoable)."""
        self._timer.stop()
        if self._loading or self._pushing or self._project_path is None:
            return
        session = self._session
        if not typing:
            self._session = object()
        if not (self.hub.has_project and self.hub.project.path == self._project_path):
            try:
                with Project.open(self._project_path, create=False) as project:
                    change = self._change(project, quotes_changed)
                    if change is not None:
                        getattr(project.judgments, change[0])(*change[1:-1], **change[-1])
            except WRITE_ERRORS as exc:
                QMessageBox.warning(self, "Key judgments", error_message(exc))
            return
        change = None if self.hub.project.read_only else self._change(self.hub.project,
                                                                      quotes_changed)
        if change is None:
            return
        command: JudgmentCommand
        if change[0] == "add":
            command = AddJudgmentCommand(self.hub, **change[-1], session=session)
        else:
            command = EditJudgmentCommand(self.hub, change[1], **change[-1], session=session)
        self._pushing = True
        try:
            if self.hub.push(command) is not None:
                return                          # the hub has said why
        finally:
            self._pushing = False
        if change[0] == "add":                  # (an edit may have merged into the step before)
            self.judgment_id = command.judgment_id
        self._stored_text = self.statement.toPlainText().strip()
        self.heading.setText("Edit the key judgment:")
        self.reload()

    def _change(self, project, quotes_changed: bool) -> tuple | None:
        """What saving the editor does: ("add", {fields}) for a draft with a statement,
        ("update", id, {changes}) for a changed judgment, None for nothing."""
        text = self.statement.toPlainText().strip()
        confidence = self.confidence.currentData()
        likelihood = self.likelihood.currentData() or ""
        basis = self.basis.text().strip()
        if self.judgment_id is None:
            if not text:
                return None                     # a draft without a statement waits
            return "add", {"text": text, "confidence": confidence,
                           "quotes": list(self.supporting.ids),
                           "likelihood": likelihood or None, "basis": basis}
        row = next((r for r in project.judgments.list() if r.id == self.judgment_id), None)
        if row is None:
            return None
        changes: dict[str, str | list[str]] = {}
        if text and text != row.text:
            changes["text"] = text
        if confidence != row.confidence:
            changes["confidence"] = confidence
        if likelihood != (row.likelihood or ""):
            changes["likelihood"] = likelihood
        if basis != (row.basis or ""):
            changes["basis"] = basis
        if quotes_changed or set(self.supporting.ids) != set(row.quote_ids):
            changes["quotes"] = list(self.supporting.ids)
        return ("update", self.judgment_id, changes) if changes else None

    def remove_judgment(self) -> None:
        """Remove the judgment in the editor at once: undo brings it back."""
        if self.judgment_id is None or not self._writable():
            return
        self.save()                             # typing first, so undo brings it back too
        if self.judgment_id is None or self.hub.push(
                RemoveCommand(self.hub, self.judgment_id)) is not None:
            return
        self._show(None)
        self.reload()
        self.hub.statusMessage.emit("Key judgment removed — Undo brings it back.")

    def hideEvent(self, event) -> None:
        self.save()
        super().hideEvent(event)
