"""File ▸ Merge project…: another analyst's project merged off the GUI thread (progress,
Cancel), then ONE undo step (``MergeCommand``) and a report with the conflicts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from ...core.merge import MergeCancelled, MergeReport, merge_project, undo_merge
from ...core.store import Project
from ..commands import Command
from ..shell.changes import Changes
from ..shell.hub import Hub, error_message
from ..shell.tasks import run_task
from .report import ReportDialog


class MergeCommand(Command):
    """The merge as one undo step: undo removes what it added and restores what it
    changed (``undo_merge``); redo merges the file again."""

    def __init__(self, hub: Hub, other: str | Path, report: MergeReport | None = None):
        super().__init__(hub, f"Merge {Path(other).name}")
        self.other = Path(other)
        self.report = report
        self._merged_by_worker = report is not None

    def apply(self) -> None:
        if self._merged_by_worker:          # the worker merged already (its own connection)
            self._merged_by_worker = False
            return
        self.report = merge_project(self.hub.project, self.other)

    def revert(self) -> None:
        if self.report is not None:
            undo_merge(self.hub.project, self.report)

    def changes_made(self) -> Changes:
        return Changes(quotes=True, documents=True, codebook=True, judgments=True)


def merge_in_background(parent: QWidget, hub: Hub, other: str | Path, on_report):
    """Merge ``other`` with a connection of the worker's own; Cancel rolls it back."""
    if not hub.has_project or hub.project.read_only:
        return None
    where, other = hub.project.path, Path(other)

    def work(progress, cancelled):
        with Project.open(where, create=False) as project:
            return merge_project(project, other, progress=lambda done, total: (
                progress(done, total, "Weighing the quotes"), not cancelled())[1])

    def done(report: MergeReport) -> None:
        if hub.has_project and hub.project.path == where and report.changed:
            hub.push(MergeCommand(hub, other, report))
        on_report(report)

    def failed(exc: BaseException) -> None:
        if isinstance(exc, MergeCancelled):
            hub.statusMessage.emit(str(exc))
        else:
            hub.errorOccurred.emit(error_message(exc))

    return run_task(parent, f"Merging {other.name}…", work, done, failed)


def report_dialog(parent: QWidget, other: Path, r: MergeReport) -> ReportDialog:
    summary = (f"{r.documents_added} documents added ({r.documents_matched} matched), "
               f"{r.actors_added} actors and {r.themes_added} themes added, {r.quotes_added} "
               f"quotes added, {r.quotes_updated} updated, {r.quotes_unchanged} unchanged, "
               f"{r.judgments_added} judgments added ({r.judgments_matched} matched), "
               f"{len(r.conflicts)} conflicts" + ("" if r.changed else " (nothing changed)"))
    details = [f"conflict: {what} {name!r}: ours {ours}; theirs {theirs}; kept {kept}"
               for what, name, ours, theirs, kept in r.conflicts] + r.notes()
    return ReportDialog(f"Merged {other.name}", summary, details, parent)
