"""The interchange actions in the main window (kept apart from ``shell.menus``):
File ▸ Export ▸ …, File ▸ Import ▸ …, File ▸ Merge project…, Edit ▸ Preferences…."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from ...core.errors import BrieferError
from ...core.exports import FORMATS
from ..shell.changes import Changes
from ..shell.hub import WRITE_ERRORS, error_message
from .analyst import apply_saved_analyst

# Exporting and merging (and their core modules) are imported when an action first runs.

REFI_FILTER = "REFI-QDA (*.qdpx *.qde *.qdc);;All files (*)"
CSV_FILTER = "CSV (*.csv);;All files (*)"
PROJECT_FILTER = "Briefer projects (*.briefer);;All files (*)"


class Interchange:
    """The slots of the interchange actions of one main ``window``."""

    def __init__(self, window):
        self.window = window
        self.hub = window.hub
        self.dialog = None            # the open import dialog, report or preferences
        self.task = None

    def export(self, fmt: str) -> None:
        from .exporting import export_to_file

        theme_columns = self.window.act_theme_columns.isChecked()
        self.task = export_to_file(self.window, self.hub, fmt, theme_columns)

    def import_refi(self) -> None:
        from ...core.refi_read import read_refi
        from .refi_dialog import RefiImportDialog

        if not self._writable():
            return
        path, _ = QFileDialog.getOpenFileName(self.window, "Import REFI-QDA project or codebook",
                                              str(Path.home()), REFI_FILTER)
        if not path:
            return
        try:
            refi = read_refi(path)
        except BrieferError as exc:
            QMessageBox.warning(self.window, "Import REFI-QDA", str(exc))
            return
        self.dialog = RefiImportDialog(self.hub, path, refi, self.window)
        self.dialog.open()

    def import_codebook(self) -> None:
        from ...core.spreadsheet import import_codebook_csv

        if not self._writable():
            return
        path, _ = QFileDialog.getOpenFileName(self.window, "Import codebook from CSV",
                                              str(Path.home()), CSV_FILTER)
        if not path:
            return
        try:
            actors, themes, present = import_codebook_csv(self.hub.project,
                                                          Path(path).read_bytes())
        except WRITE_ERRORS as exc:
            QMessageBox.warning(self.window, "Import codebook", error_message(exc))
            return
        self.hub.notify(Changes(codebook=True), self.window)
        self.hub.statusMessage.emit(f"{actors} actors and {themes} themes added, "
                                    f"{present} already there.")

    def merge(self) -> None:
        from .merging import merge_in_background, report_dialog

        if not self._writable():
            return
        path, _ = QFileDialog.getOpenFileName(self.window, "Merge another analyst's project",
                                              str(self.hub.project.path.parent), PROJECT_FILTER)
        if not path:
            return

        def show(report) -> None:
            self.dialog = report_dialog(self.window, Path(path), report)
            self.dialog.open()

        self.task = merge_in_background(self.window, self.hub, path, show)

    def preferences(self) -> None:
        from .preferences import PreferencesDialog

        self.dialog = PreferencesDialog(self.window.settings, self.window)
        self.dialog.open()

    def _writable(self) -> bool:
        if not self.hub.has_project:
            return False
        if self.hub.project.read_only:
            QMessageBox.warning(self.window, "Briefer", self.hub.project.notice
                                or "The project is open read-only.")
            return False
        return True


def install_interchange(window) -> Interchange:
    """Add the actions to ``window``'s File and Edit menus; apply the saved analyst name."""
    apply_saved_analyst(window.settings)
    slots = Interchange(window)
    window.interchange = slots
    a = window._action
    window.act_export = {fmt: a(label, lambda _=False, f=fmt: slots.export(f))
                         for fmt, (label, _suffix) in FORMATS.items()}
    window.act_theme_columns = a("One column per theme (quotes CSV and Excel)",
                                 lambda _=False: None, checkable=True,
                                 tip="Add a 0/1 column per theme")
    window.act_import_refi = a("REFI-QDA project or codebook…", slots.import_refi,
                               tip="A .qdpx or .qdc from NVivo, MAXQDA, ATLAS.ti, QualCoder…")
    window.act_import_codebook = a("Codebook from CSV…", slots.import_codebook,
                                   tip="Actors and themes from name, description[, type, colour]")
    window.act_merge = a("&Merge project…", slots.merge,
                         tip="Bring in another analyst's project (one undo step)")
    window.act_preferences = a("&Preferences…", slots.preferences,
                               tip="Your name, recorded on each quote you make")
    menus = {x.text().replace("&", ""): x.menu() for x in window.menuBar().actions() if x.menu()}
    file_menu, edit_menu = menus.get("File"), menus.get("Edit")
    if file_menu is not None:
        export_menu = QMenu("E&xport", file_menu)
        export_menu.addActions(list(window.act_export.values()))
        export_menu.addSeparator()
        export_menu.addAction(window.act_theme_columns)
        import_menu = QMenu("Im&port", file_menu)
        import_menu.addActions([window.act_import_refi, window.act_import_codebook])
        anchor = next((x for x in file_menu.actions() if x.isSeparator()), None)
        file_menu.insertMenu(anchor, export_menu)
        file_menu.insertMenu(anchor, import_menu)
        file_menu.insertAction(anchor, window.act_merge)
        window.export_menu, window.import_menu = export_menu, import_menu
    if edit_menu is not None:
        edit_menu.addSeparator()
        edit_menu.addAction(window.act_preferences)
    return slots
