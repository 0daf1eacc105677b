"""File ▸ Check project…: ``briefer check --repair`` in the app.

The check runs off the GUI thread on a read-only connection of its own (``tasks.run_task``:
a progress dialog with Cancel, which stops even a long SQLite statement; another program
writing meanwhile does not hold it up); its findings fill a dialog, grouped by kind with a
count each and what can be done about them. Repair (offered when something can be mended
and the project is writable) opens the file for writing and runs the same core function
as ``briefer check --repair`` (``Project.repair``: one ``BEGIN IMMEDIATE`` transaction,
rolled back whole if stopped; like the command line it takes no backup, and it is no undo
step), then checks again. The views reload through the hub's ``Changes``. One dialog per
window serves every check of its project. Imported when the action is first triggered
(``menus``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.check import KINDS, CheckCancelled, Finding
from ...core.store import Project
from ...core.text import plural
from .changes import Changes
from .hub import Hub, error_message
from .tasks import Task, run_task, running_tasks

#: Per kind of finding: its heading, and what the analyst can do (the app's words; the
#: command line's are the findings' own ``remedy``).
ADVICE = {
    "sqlite": ("SQLite's own check",
               "Repair cannot mend this: restore the project from a backup."),
    "anchors": ("Quotes that do not match their document at their offsets",
                "Repair cannot mend these: restore the project from a backup."),
    "text": ("Stored text that is damaged or was changed outside Briefer",
             "Repair cannot mend this: restore the project from a backup, or remove the "
             "document and import it again."),
    "pieces": ("Documents whose stored pieces do not match their text",
               "Repair cannot mend these: reload the document from its file (Library ▸ "
               "Reload from file), or restore the project from a backup."),
    "counts": ("Kept counts that differ from the links (quotes per actor, theme and "
               "matrix cell)", "Repair counts them again from the links."),
    "colours": ("Colours that are not #rrggbb (a palette colour is drawn instead)",
                "Set a colour in the Codebook (Colour…)."),
    "people": ("Speakers and carriers naming an actor that is no longer there",
               "Repair drops the actor's id; each quote keeps its words for the person."),
    "links": ("Links to actors, themes, quotes or judgments that are no longer there",
              "Repair drops these links (and takes them off the kept counts); the rest of "
              "each quote stays."),
}


class CheckDialog(QDialog):
    """What a check found: a summary line, the findings by kind, Repair and Check again."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("checkProjectDialog")
        self.setWindowTitle("Check project")
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.repair_button = QPushButton("&Repair", self)
        self.again_button = QPushButton("Check &again", self)
        buttons.addButton(self.repair_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.again_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self.resize(720, 460)

    def show_findings(self, name: str, found: list[Finding], *, can_write: bool,
                      repaired: Iterable[str] = (), note: str = "") -> None:
        """Fill the dialog: ``found`` by kind (heading, count, advice, the findings),
        after what a repair just ``repaired``; Repair only if it can mend something."""
        repaired = list(repaired)
        mendable = sum(f.repairable for f in found)
        if not found:
            summary = f"{name}: no problems found."
        else:
            summary = (f"{name}: {plural(len(found), 'problem')} found; "
                       + (f"Repair can mend {mendable} of them." if mendable
                          else "none of them can be mended by Repair."))
        if repaired:
            summary = f"Repaired {plural(len(repaired), 'thing')}. Checked again: {summary}"
        if mendable and not can_write:
            summary += " (The project is open read-only: Repair is not offered.)"
        self.summary.setText(" ".join(s for s in (summary, note) if s))
        lines = [f"Repaired: {line}" for line in repaired] + ([""] if repaired else [])
        counts = Counter(f.kind for f in found)
        for kind in KINDS:
            if counts[kind]:
                heading, advice = ADVICE[kind]
                lines += [f"{heading}: {counts[kind]:,}", f"  {advice}"]
                lines += [f"  • {f.problem}" for f in found if f.kind == kind]
                lines.append("")
        self.details.setPlainText("\n".join(lines).strip() or "Nothing to report.")
        self.repair_button.setEnabled(bool(mendable) and can_write)
        self.repair_button.setToolTip(
            "Mend what can be mended, in one transaction (not undoable), then check again"
            if mendable else "Nothing here can be mended by Repair")
        self.again_button.setEnabled(True)

    def busy(self) -> None:
        self.repair_button.setEnabled(False)
        self.again_button.setEnabled(False)

    def text(self) -> str:
        return f"{self.summary.text()}\n{self.details.toPlainText()}"


class ProjectCheck:
    """One check of the window's project: the task under way and the dialog."""

    def __init__(self, window, hub: Hub):
        self.window, self.hub = window, hub
        self.path = hub.project.path
        self.read_only = hub.project.read_only
        self.dialog = CheckDialog(window)
        self.dialog.repair_button.clicked.connect(self.repair)
        self.dialog.again_button.clicked.connect(self.check)
        self.task: Task | None = None
        self.found: list[Finding] = []          # what the dialog shows

    @property
    def idle(self) -> bool:
        return self.task is None or self.task not in running_tasks()

    def _asker(self, progress, cancelled, doing: str):
        """The core's ``progress(done, total)``: a line for the progress dialog; False
        once the analyst pressed Cancel."""
        kinds = list(KINDS)

        def ask(done: int, total: int) -> bool:
            what = KINDS[kinds[done]] if doing == "Checking" and done < len(kinds) else ""
            progress(done, total, f"{doing} {what}…" if what else "")
            return not cancelled()
        return ask

    def check(self) -> Task:
        path, read_only = self.path, self.read_only
        self.dialog.busy()

        def work(progress, cancelled):            # reading only: no write lock waited for
            with Project.open(path, create=False, read_only=True) as project:
                return project.findings(self._asker(progress, cancelled, "Checking"))

        def done(found: list[Finding]) -> None:
            self.found = found
            self.dialog.show_findings(path.name, found, can_write=not read_only)
            self.dialog.open()

        self.task = run_task(self.window, f"Checking {path.name}…", work, done, self._failed)
        return self.task

    def repair(self) -> Task | None:
        if self.read_only:
            return None
        path = self.path
        self.dialog.busy()

        def work(progress, cancelled):
            with Project.open(path, create=False) as project:
                repaired = project.repair(self._asker(progress, cancelled, "Repairing"))
                try:
                    return repaired, project.findings(
                        self._asker(progress, cancelled, "Checking"))
                except CheckCancelled:
                    return repaired, None         # repaired; the check after it stopped

        def done(result: tuple[list[str], list[Finding] | None]) -> None:
            repaired, found = result
            if repaired and self.hub.has_project and self.hub.project.path == path:
                self.hub.notify(Changes(quotes=True, codebook=True), self.window)
            self.found = found or []
            self.dialog.show_findings(
                path.name, found or [], can_write=True, repaired=repaired,
                note="" if found is not None else "(The check after the repair was stopped: "
                                                  "Check again to see what is left.)")

        self.task = run_task(self.dialog, f"Repairing {path.name}…", work, done,
                             lambda exc: self._failed(exc, repairing=True))
        return self.task

    def _failed(self, exc: BaseException, repairing: bool = False) -> None:
        message = str(exc) if isinstance(exc, CheckCancelled) else error_message(exc)
        if self.dialog.isVisible():
            self.dialog.summary.setText(message)
            self.dialog.again_button.setEnabled(True)
            # a repair stopped or failed wrote nothing: what it was to mend is still there
            self.dialog.repair_button.setEnabled(
                repairing and any(f.repairable for f in self.found))
        elif isinstance(exc, CheckCancelled):
            self.hub.statusMessage.emit(message)
        else:
            self.hub.errorOccurred.emit(message)


def check_project(window, before: ProjectCheck | None = None) -> ProjectCheck | None:
    """File ▸ Check project…: check the window's project, then show what was found; in the
    dialog of the check ``before`` when it was of the same project (else that one goes)."""
    if not window.hub.has_project:
        return before
    if before is not None:
        if not before.idle:
            return before                       # its check or repair is under way
        hub = window.hub
        if (before.path, before.read_only) != (hub.project.path, hub.project.read_only):
            before.dialog.close()
            before.dialog.deleteLater()
            before = None
    checking = before or ProjectCheck(window, window.hub)
    checking.check()
    return checking
