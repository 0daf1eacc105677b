"""Importing documents off the GUI thread, with progress and Cancel; the views update after."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from ...core.errors import BrieferError
from ...core.store import Project
from ...core.text import plural
from ..shell.changes import Changes
from ..shell.hub import Hub
from ..shell.tasks import run_task


def import_in_background(parent: QWidget, hub: Hub, files, quiet: bool = False, *,
                         whole_page: bool = False, edits: dict | None = None,
                         skipped: list[str] | None = None):
    """Import ``files`` in a worker with its own connection; re-anchored quotes are redrawn.

    Each file is committed as it is read, so Cancel keeps what was imported so far.
    Refused files are listed in a message (unless ``quiet``); the status bar counts the rest
    and, for updated documents, the quotes found again and those orphaned. ``whole_page``
    keeps web pages whole; ``edits`` maps a file to the metadata corrected in the preview
    (applied to the document it adds); ``skipped`` lists files left out before the import,
    reported with the refusals.
    """
    if not hub.has_project or hub.project.read_only:
        return None
    where, files = hub.project.path, [str(f) for f in files]
    edits, skipped = dict(edits or {}), list(skipped or [])

    def work(progress, cancelled):
        with Project.open(where, create=False) as project:
            results = project.documents.import_files(
                files, whole_page=whole_page,
                progress=lambda done, total, r: (progress(done, total, Path(r.path).name),
                                                 not cancelled())[1])
            for r in results:
                fields = edits.get(r.path) or edits.get(str(Path(r.path)))
                if fields and r.status == "added" and r.doc_id is not None:
                    try:
                        project.documents.update(r.doc_id, **fields)
                    except BrieferError as exc:
                        r.message = f"imported, but the corrections were not kept: {exc}"
            return results

    def done(results):
        if not hub.has_project or hub.project.path != where:
            return
        # an updated file moves its quotes; undoing a deletion made before re-anchors it
        hub.notify(Changes(documents=True,
                           quotes=any(r.status == "updated" for r in results)), parent)
        hub.statusMessage.emit(summary(results))
        refused = skipped + [f"{Path(r.path).name}: {r.message}" for r in results
                             if r.status == "refused" or "not kept" in r.message]
        if refused and not quiet:
            QMessageBox.warning(parent, "Import documents", "Not imported:\n" + "\n".join(refused))

    def failed(exc):
        QMessageBox.critical(parent, "Import documents", f"The import stopped: {exc}")

    return run_task(parent, f"Importing {plural(len(files), 'document')}…", work, done, failed)


def summary(results) -> str:
    """The status bar's line: counts by outcome, then quotes found again / orphaned, if any."""
    counts = {s: sum(r.status == s for r in results)
              for s in ("added", "updated", "unchanged", "refused")}
    parts = [f"{n} {s}" for s, n in counts.items() if n]
    relocated = sum(r.relocated for r in results)
    orphaned = sum(r.orphaned for r in results)
    if relocated:
        parts.append(f"{relocated} quote{'s' if relocated != 1 else ''} found again")
    if orphaned:
        parts.append(f"{orphaned} quote{'s' if orphaned != 1 else ''} orphaned "
                     "(text no longer found)")
    return ", ".join(parts)
