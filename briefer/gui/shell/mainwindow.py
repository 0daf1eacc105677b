"""The main window: menus, toolbar, status bar, docks, and the wiring of the hub.

Widgets never talk to each other; this window connects hub signals to the reader and
the docks (each dock talks only to the hub). Project files are opened here: a damaged
or foreign file gets a dialog with the core's message, never a traceback.
"""

from __future__ import annotations

import importlib
import logging
import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import __version__ as PYSIDE_VERSION
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QDockWidget, QFileDialog, QLabel, QMainWindow, QMenu, QMessageBox

from ... import __version__, paths
from ...core.errors import BrieferError
from ...core.store import Project
from ..brief import wiring as brief_wiring
from ..interchange.menu import install_interchange
from ..reader.reader import Reader
from ..widgets.icons import app_icon
from ..widgets.lazy_dock import LazyDock
from .hub import Hub
from .menus import make_action, make_actions, make_menus
from .project_files import as_list, remember
from .workday import install_workday
from .tasks import running_tasks, wait_for_all

if TYPE_CHECKING:
    from ..brief.export import BriefExport
    from ..brief.word_export import WordExport
    from ..reader.tag_popup import TagPopup

# What only a menu, a key or a drop needs (import, tagging, dialogs) is imported when first
# used, not at start (issue #13): the first screen is up sooner.

log = logging.getLogger(__name__)

#: (objectName, module, class, area) of the docks; a missing module is skipped. A
#: ``LazyDock`` is made lazy: its contents are built when it is first shown or raised.
DOCKS = (("libraryDock", "library.dock", "LibraryDock", Qt.DockWidgetArea.LeftDockWidgetArea),
         ("codebookDock", "codebook.dock", "CodebookDock", Qt.DockWidgetArea.LeftDockWidgetArea),
         ("quotesDock", "quotes.dock", "QuotesDock", Qt.DockWidgetArea.BottomDockWidgetArea),
         ("matrixDock", "quotes.matrix", "MatrixDock", Qt.DockWidgetArea.RightDockWidgetArea),
         ("briefDock", "brief.dock", "BriefDock", Qt.DockWidgetArea.RightDockWidgetArea),
         ("briefPreviewDock", "brief.preview", "BriefPreviewDock",
          Qt.DockWidgetArea.RightDockWidgetArea))
#: The package the dock modules above are named in (``briefer.gui``).
GUI_PACKAGE = __package__.rsplit(".", 1)[0]


class MainWindow(QMainWindow):
    # made by menus.make_actions / make_menus and workday.install_workday
    act_import: QAction
    act_tag: QAction
    act_delete: QAction
    act_beside: QAction
    act_colour_actor: QAction
    act_remove_document: QAction
    act_load_demo: QAction
    recent_menu: QMenu

    def __init__(self, hub: Hub | None = None, settings: QSettings | None = None):
        super().__init__()
        self.hub = hub or Hub(self)
        self.settings = settings if settings is not None else QSettings()
        self.setObjectName("mainWindow")
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)
        self.reader = Reader(self.hub)
        self.setCentralWidget(self.reader)
        self.selected_quote = ""
        self.tag_popup: TagPopup | None = None
        self.docks: dict[str, QDockWidget] = {}
        self._make_docks()
        make_actions(self)
        make_menus(self)
        brief_wiring.install_brief(self)  # File ▸ Export brief…, View ▸ Preview brief
        install_workday(self)           # focus mode, next quote, Help ▸ demo, guide, keys
        install_interchange(self)       # File ▸ Export / Import / Merge, Edit ▸ Preferences
        self._make_status_bar()
        self._wire()
        self.reader.context_actions = [self.act_tag, self.act_beside]
        geometry = self.settings.value("geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.fill_screen()
        state = self.settings.value("windowState")
        self._lay_out_when_shown = state is None or not self.restoreState(state)
        if self._lay_out_when_shown:
            self._default_layout()
        if self.settings.value("colourBy", "theme") == "actor":
            self.act_colour_actor.setChecked(True)
            self.hub.colour_by = "actor"
        self._update_title()

    @property
    def brief_export(self) -> BriefExport:
        """File ▸ Export brief…'s flow (made when first used)."""
        return brief_wiring.brief_export(self)

    @property
    def word_export(self) -> WordExport:
        """File ▸ Export brief as Word…'s flow (made when first used)."""
        return brief_wiring.word_export(self)

    # -- building ---------------------------------------------------------------------
    def _make_docks(self) -> None:
        for name, module, cls, area in DOCKS:
            try:
                dock_class = getattr(importlib.import_module(f"{GUI_PACKAGE}.{module}"), cls)
                lazy = {"lazy": True} if issubclass(dock_class, LazyDock) else {}
                dock = dock_class(self.hub, self, **lazy)
            except ModuleNotFoundError as exc:
                if exc.name != f"{GUI_PACKAGE}.{module}":
                    log.exception("The %s could not be created.", cls)
                continue
            except Exception:
                log.exception("The %s could not be created.", cls)
                continue
            dock.setObjectName(name)
            self.addDockWidget(area, dock)
            self.docks[name] = dock

    def fill_screen(self) -> None:
        """The first start: the window takes the screen's free area."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            self.setGeometry(screen.availableGeometry())
        else:
            self.resize(1280, 800)

    def _default_layout(self) -> None:
        """A reading layout: library and codebook as tabs on the left, matrix and brief as
        tabs on the right, both narrow; quotes below, a quarter of the height."""
        docks = self.docks
        library, codebook = docks.get("libraryDock"), docks.get("codebookDock")
        if library is not None and codebook is not None \
                and codebook not in self.tabifiedDockWidgets(library):   # tabbed once: the
            self.tabifyDockWidget(library, codebook)      # codebook, hidden, is not built
            library.raise_()
        width = self.width()
        left = [d for n, d in docks.items() if n == "libraryDock"]
        right = [d for n, d in docks.items() if n == "matrixDock"]
        self.resizeDocks(left, [max(360, width // 5)] * len(left), Qt.Orientation.Horizontal)
        self.resizeDocks(right, [max(280, width // 5)] * len(right), Qt.Orientation.Horizontal)
        if "quotesDock" in docks:
            self.resizeDocks([docks["quotesDock"]], [max(200, self.height() // 4)],
                             Qt.Orientation.Vertical)

    def _action(self, text: str, slot, shortcut=None, *, checkable: bool = False,
                tip: str = "") -> QAction:
        return make_action(self, text, slot, shortcut, checkable=checkable, tip=tip)

    def _make_status_bar(self) -> None:
        self.lang_label = QLabel()
        self.selection_label = QLabel()
        self.readonly_label = QLabel("Read-only")
        self.readonly_label.hide()
        for label in (self.readonly_label, self.lang_label, self.selection_label):
            self.statusBar().addPermanentWidget(label)

    def _wire(self) -> None:
        hub, reader = self.hub, self.reader
        hub.projectOpened.connect(self._on_project_opened)
        hub.changed.connect(reader.on_changed)
        hub.documentRequested.connect(reader.open_document)
        hub.quoteActivated.connect(self._on_quote_activated)
        hub.quoteSelected.connect(self._on_quote_selected)
        hub.statusMessage.connect(lambda text: self.statusBar().showMessage(text, 5000))
        hub.errorOccurred.connect(lambda text: QMessageBox.warning(self, "Briefer", text))
        reader.currentChanged.connect(self._update_status)
        reader.selectionChanged.connect(self._update_status)
        reader.numberKey.connect(self._theme_number)

    # -- projects -----------------------------------------------------------------------
    def start(self, explicit: str | os.PathLike | None = None) -> bool:
        """Open the project named (``--project`` / ``$BRIEFER_PROJECT``; a new one starts
        empty), else the last one, else the default one (seeded with the articles on first
        start)."""
        if explicit or os.environ.get(paths.PROJECT_ENV):
            return self.open_project_path(paths.project_path(explicit), create=True, seed=False)
        last = self.settings.value("lastProject", "")
        if (isinstance(last, str) and last and Path(last).exists()
                and self.open_project_path(last, create=False)):
            return True
        return self.open_project_path(paths.default_project_path(), create=True, seed=True)

    def open_project_path(self, path, *, create: bool = False, seed: bool = False) -> bool:
        """Open a project file; a refusal is shown in a dialog and leaves the open one.
        A project created here gets the seed articles only with ``seed`` (the default
        project, on first start); File ▸ New project starts empty."""
        path = Path(path)
        try:
            project = Project.open(path, create=create)
        except BrieferError as exc:
            QMessageBox.critical(self, "Cannot open project", str(exc))
            return False
        except (OSError, sqlite3.Error) as exc:
            QMessageBox.critical(self, "Cannot open project",
                                 f"{path.name} cannot be opened: {exc}")
            return False
        self._save_panes()
        self.hub.set_project(project)
        remember(self.settings, path)
        if project.read_only:
            QMessageBox.warning(self, "Read-only project", project.notice or "Opened read-only.")
        elif project.notice:
            self.statusBar().showMessage(project.notice, 10000)
        if project.created and seed:
            self.import_files(paths.seed_files(), quiet=True)
        if project.created:
            from .help import offer_starter_codebook

            self.starter_offer = offer_starter_codebook(self, self.hub)
        return True

    def _on_project_opened(self) -> None:
        project = self.hub.project
        if self.settings.value("panes/project", "") == str(project.path):
            scrolls = [int(v) for v in as_list(self.settings.value("panes/scrolls", []))
                       if str(v).isdigit()]
            self.reader.reload(as_list(self.settings.value("panes/docs", [])), scrolls)
        else:
            self.reader.reload()
        writable = not project.read_only
        for action in (self.act_import, self.act_tag, self.act_delete, self.act_remove_document,
                       self.act_load_demo):
            action.setEnabled(writable)
        self.readonly_label.setVisible(not writable)
        self._update_title()
        self._update_status()

    def _update_title(self) -> None:
        if not self.hub.has_project:
            self.setWindowTitle("Briefer")
            return
        project = self.hub.project
        self.setWindowFilePath(str(project.path))
        suffix = " [read-only]" if project.read_only else ""
        self.setWindowTitle(f"{project.path.stem}{suffix} — Briefer")

    # -- importing (off the GUI thread) -----------------------------------------------
    def choose_imports(self) -> None:
        from ...core.corpus import SUPPORTED_SUFFIXES
        from ..library.import_sources import ImportPreviewDialog

        suffixes = " ".join("*" + s for s in SUPPORTED_SUFFIXES)
        files, _ = QFileDialog.getOpenFileNames(self, "Import documents", str(Path.home()),
                                                f"Documents ({suffixes});;All files (*)")
        if files and self.hub.has_project and not self.hub.project.read_only:
            self.import_preview = ImportPreviewDialog(self, self.hub, files)
            self.import_preview.read()
            self.import_preview.open()

    def choose_url_import(self) -> None:
        from ..library.import_sources import ImportUrlDialog

        if self.hub.has_project and not self.hub.project.read_only:
            self.import_url_dialog = ImportUrlDialog(self, self.hub)
            self.import_url_dialog.open()

    def import_files(self, files, quiet: bool = False):
        """Import files off the GUI thread (see ``importing.import_in_background``)."""
        from ..library.importing import import_in_background

        return import_in_background(self, self.hub, files, quiet=quiet)

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        """Files (and web addresses) are imported; one project file is opened; everything
        left out is named in the import's report, never skipped silently."""
        from ..library.import_sources import split_drop
        from ..library.importing import import_in_background

        files, projects, skipped = split_drop(event.mimeData().urls())
        if len(projects) == 1 and not files and not skipped:
            self.open_project_path(projects[0], create=False)
        elif files or projects or skipped:
            skipped += [f"{Path(p).name}: a project file; open it with File ▸ Open project "
                        "(drop it alone to open it)" for p in projects]
            import_in_background(self, self.hub, files, skipped=skipped)
        event.acceptProposedAction()

    # -- editing and viewing -----------------------------------------------------------
    def tag_selection(self) -> None:
        from ..reader.tag_popup import open_tag_popup

        self.tag_popup = open_tag_popup(self.hub, self.reader.current, self)

    def _theme_number(self, pane, number: int) -> None:
        from ..reader.tag_popup import apply_theme_number

        apply_theme_number(self.hub, pane, number)

    def delete_quote(self) -> None:
        from ..quotes.commands import DeleteQuoteCommand

        pane = self.reader.current
        quote = pane.quote_at_selection() if pane else None
        quote_id = quote.id if quote else self.selected_quote
        if not quote_id or not self.hub.has_project:
            self.statusBar().showMessage("Click a highlight first.", 5000)
            return
        self.hub.push(DeleteQuoteCommand(self.hub, quote_id))
        self.selected_quote = ""

    def open_find_bar(self) -> None:
        if self.reader.current is not None:
            self.reader.current.find_bar.open_bar()

    def open_beside(self) -> None:
        pane = self.reader.current
        self.reader.add_pane(pane.doc_id if pane else None, after=pane)

    def close_pane(self) -> None:
        if self.reader.current is not None:
            self.reader.close_pane(self.reader.current)

    def next_pane(self) -> None:
        panes = self.reader.panes
        if panes:
            i = panes.index(self.reader.current) if self.reader.current in panes else -1
            panes[(i + 1) % len(panes)].view.setFocus()

    def set_colour_by_actor(self, on: bool) -> None:
        self.hub.colour_by = "actor" if on else "theme"
        self.reader.codebook_changed()

    def about(self) -> None:
        import platform

        QMessageBox.about(self, "About Briefer",
                          f"<h3>Briefer {__version__}</h3><p>Read news articles side by side, "
                          "tag quotes by actor and theme, and compile a situation brief.</p>"
                          f"<p>PySide6 {PYSIDE_VERSION} · Python {platform.python_version()}</p>")

    def _on_quote_activated(self, quote_id: str) -> None:
        self.selected_quote = quote_id
        try:
            self.reader.show_quote(quote_id)
        except BrieferError as exc:
            self.statusBar().showMessage(str(exc), 5000)

    def _on_quote_selected(self, quote_id: str) -> None:
        self.selected_quote = quote_id
        self.reader.select_quote(quote_id)

    def _update_status(self, *_args) -> None:
        pane = self.reader.current
        doc = pane.doc if pane else None
        self.lang_label.setText(f"Language: {doc.language or '?'}" if doc else "")
        span = pane.selection_cp() if pane else None
        self.selection_label.setText(f"Selection: {span[1] - span[0]} characters" if span else "")

    # -- settings ------------------------------------------------------------------------
    def _save_panes(self) -> None:
        if self.hub.has_project:
            self.settings.setValue("panes/project", str(self.hub.project.path))
            self.settings.setValue("panes/docs", self.reader.state())
            self.settings.setValue("panes/scrolls", [str(v) for v in self.reader.scroll_state()])

    def save_settings(self) -> None:
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("windowState", self.saveState())
        self.settings.setValue("colourBy", self.hub.colour_by)
        self._save_panes()
        self.settings.sync()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._lay_out_when_shown:            # dock sizes hold once the window has its size
            self._lay_out_when_shown = False
            QTimer.singleShot(0, self, self._default_layout)   # dropped if the window goes

    def closeEvent(self, event) -> None:
        self.save_settings()
        for task in running_tasks():
            task.cancel()
        wait_for_all()
        super().closeEvent(event)

