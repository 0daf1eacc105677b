"""The brief in the main window: menu actions, the export flow and the dock layout."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

if TYPE_CHECKING:          # the export flows are made (and their modules imported) when used
    from .export import BriefExport
    from .word_export import WordExport


def brief_export(window) -> BriefExport:
    """The window's PDF export flow (``BriefExport``), made when first used."""
    export = getattr(window, "_brief_export", None)
    if export is None:
        from .export import BriefExport

        composer = window.docks["briefDock"]
        export = BriefExport(window, window.hub, window.settings, composer.options,
                             composer.flush)
        window._brief_export = export
    return export


def word_export(window) -> WordExport:
    """The window's Word export flow (``WordExport``), made when first used."""
    export = getattr(window, "_word_export", None)
    if export is None:
        from .word_export import WordExport

        composer = window.docks["briefDock"]
        export = WordExport(window, window.hub, composer.options, composer.flush)
        window._word_export = export
    return export


def install_brief(window) -> None:
    """Wire the composer, the preview and the export flow into the main ``window``:
    File ▸ Export brief… (Ctrl+E), Export brief as Word… and PDF engine…, View ▸ Preview
    brief (Ctrl+Shift+E);
    the composer tabbed with the matrix and the preview beside it, hidden at first.
    The export flows are ``brief_export(window)`` and ``word_export(window)``."""
    composer, preview = window.docks.get("briefDock"), window.docks.get("briefPreviewDock")
    if composer is None:
        return

    def export() -> None:
        brief_export(window).start()

    def preferences() -> None:
        from .export import PreferencesDialog

        window.brief_preferences = PreferencesDialog(window.settings, window)
        window.brief_preferences.open()

    window.act_export_brief = window._action("&Export brief…", export, "Ctrl+E",
                                             tip="Compile the situation brief to a PDF")
    window.act_export_word = window._action("Export brief as &Word…",
                                            lambda: word_export(window).start(),
                                            tip="Write the brief as an editable Word file")
    window.act_brief_engine = window._action("Brief PDF &engine…", preferences,
                                             tip="wkhtmltopdf or the built-in engine")
    composer.exportRequested.connect(export)
    composer.preferencesRequested.connect(preferences)
    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions() if a.menu()}
    file_menu, view_menu = menus.get("File"), menus.get("View")
    if file_menu is not None:
        actions = file_menu.actions()
        anchor = next((a for a in actions if a.isSeparator()), None)
        file_menu.insertActions(anchor, [window.act_export_brief, window.act_export_word,
                                         window.act_brief_engine])
    if preview is not None:
        preview.options_provider = composer.options
        preview.before_compile = composer.flush

        def show_preview() -> None:
            hidden = not preview.isVisible()
            preview.show_and_refresh()
            if hidden and not preview.isFloating():     # room for a readable page
                window.resizeDocks([preview], [max(420, window.width() // 3)],
                                   Qt.Orientation.Horizontal)

        window.act_preview_brief = window._action("&Preview brief", show_preview,
                                                  QKeySequence("Ctrl+Shift+E"),
                                                  tip="Compile the brief and show it")
        composer.previewRequested.connect(show_preview)
        if view_menu is not None:
            view_menu.insertAction(composer.toggleViewAction(), window.act_preview_brief)
    matrix = window.docks.get("matrixDock")
    if preview is not None:             # split before tabbing: into a tabbed dock is a tab
        window.splitDockWidget(matrix or composer, preview, Qt.Orientation.Horizontal)
        preview.hide()
    if matrix is not None:
        window.tabifyDockWidget(matrix, composer)
        matrix.raise_()
