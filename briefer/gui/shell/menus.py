"""The main window's actions, menus and toolbar (the slots stay on the window; the project
dialogs are in ``project_files``)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

from . import project_files


def make_action(window: QMainWindow, text: str, slot, shortcut=None, *, checkable: bool = False,
                tip: str = "") -> QAction:
    """An action of ``window`` (its shortcut works wherever the focus is in the window)."""
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.setCheckable(checkable)
    action.setStatusTip(tip)
    action.triggered.connect(slot)
    window.addAction(action)
    return action


def make_actions(w) -> None:
    """The main window's actions, as ``w.act_*`` (the brief adds its own: ``brief.wiring``)."""
    a = w._action
    w.act_new = a("&New project…", lambda: project_files.new_project(w),
                  QKeySequence.StandardKey.New)
    w.act_open = a("&Open project…", lambda: project_files.choose_project(w),
                   QKeySequence.StandardKey.Open)
    w.act_save_as = a("Save project &as…", lambda: project_files.save_project_as(w),
                      QKeySequence.StandardKey.SaveAs)
    w.act_import = a("&Import documents…", w.choose_imports, "Ctrl+I",
                     tip="Import articles (several at once; or drop files on the window)")
    w.act_import_url = a("Import from &URL…", w.choose_url_import,
                         tip="Fetch a web page and import its article")
    w.act_check = a("&Check project…", lambda: check_project(w),
                    tip="Check the project file (as `briefer check`); repair what can be mended")
    w.act_quit = a("&Quit", w.close, QKeySequence.StandardKey.Quit)
    w.act_undo = w.hub.undo_stack.createUndoAction(w, "&Undo")
    w.act_undo.setShortcut(QKeySequence("Ctrl+Z"))
    w.act_redo = w.hub.undo_stack.createRedoAction(w, "&Redo")
    w.act_redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    w.addActions([w.act_undo, w.act_redo])
    w.act_tag = a("&Tag selection…", w.tag_selection, "Ctrl+T",
                  tip="Tag the selected text with actors and themes (1–9: a theme at once)")
    w.act_delete = a("&Delete quote", w.delete_quote, tip="Delete the selected quote")
    w.act_find = a("&Find…", w.open_find_bar, QKeySequence.StandardKey.Find)
    w.act_beside = a("Open &beside", w.open_beside, "Ctrl+Alt+B",
                     tip="Open the current document in a new pane beside this one")
    w.act_close_pane = a("&Close pane", w.close_pane, "Ctrl+W")
    w.act_next_pane = a("&Next pane", w.next_pane, "F6")
    w.act_colour_actor = a("Colour by &actor", w.set_colour_by_actor, "Ctrl+Shift+A",
                           checkable=True, tip="Colour highlights by actor, not theme")
    w.act_about = a("&About Briefer", w.about)


def check_project(w) -> None:
    """File ▸ Check project… (its module is imported when first asked for)."""
    from .checking import check_project as start

    w.project_check = start(w, getattr(w, "project_check", None))


def make_menus(w) -> None:
    """File, Edit, View and Help menus and the toolbar of the main window ``w``."""
    bar = w.menuBar()
    file_menu = bar.addMenu("&File")
    file_menu.addActions([w.act_new, w.act_open])
    w.recent_menu = file_menu.addMenu("Open &recent")
    w.recent_menu.aboutToShow.connect(lambda: project_files.fill_recent(w))
    file_menu.addActions([w.act_save_as, w.act_import, w.act_import_url])
    file_menu.addSeparator()
    file_menu.addAction(w.act_check)
    file_menu.addSeparator()
    file_menu.addAction(w.act_quit)
    edit = bar.addMenu("&Edit")
    edit.addActions([w.act_undo, w.act_redo])
    edit.addSeparator()
    edit.addActions([w.act_tag, w.act_delete, w.act_find])
    view = bar.addMenu("&View")
    view.addActions([w.act_beside, w.act_close_pane, w.act_next_pane])
    view.addSeparator()
    view.addAction(w.act_colour_actor)
    view.addSeparator()
    toolbar = w.addToolBar("Main toolbar")
    toolbar.setObjectName("mainToolbar")
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    toolbar.addActions([w.act_import, w.act_beside, w.act_tag, w.act_undo,
                        w.act_redo, w.act_colour_actor])
    for dock in w.docks.values():
        view.addAction(dock.toggleViewAction())
    view.addAction(toolbar.toggleViewAction())
    w.toolbar = toolbar
    bar.addMenu("&Help").addAction(w.act_about)
