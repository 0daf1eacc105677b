"""The main window's actions for a day's work: a reading layout (focus mode, full
screen), moving between quotes and into the filter by key, editing a quote from the
text, removing a document, snapping quote ends, and Help's demo, shortcuts and guide."""

from __future__ import annotations

from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import QMainWindow

# Help's dialogs and the tag popup are imported when first opened (not at start).


def _menus(window: QMainWindow) -> dict:
    return {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions() if a.menu()}


def install_workday(w) -> None:
    """Add the actions to ``w`` (a ``MainWindow``) and to its Edit, View and Help menus."""
    a = w._action
    w.act_focus = a("&Focus mode", lambda on: set_focus_mode(w, on), "Ctrl+Shift+F",
                    checkable=True, tip="Hide the docks: the panes get the whole window")
    w.act_full_screen = a("F&ull screen", lambda on: w.showFullScreen() if on else w.showNormal(),
                          "F11", checkable=True)
    w.act_next_quote = a("Ne&xt quote", lambda: step_quote(w, +1), "Alt+Down",
                         tip="Select the next quote in the current pane")
    w.act_previous_quote = a("Pre&vious quote", lambda: step_quote(w, -1), "Alt+Up",
                             tip="Select the previous quote in the current pane")
    w.act_filter_quotes = a("Filter &quotes…", lambda: focus_filter(w), "Ctrl+L",
                            tip="Type in the Quotes dock's filter")
    w.act_remove_document = a("&Remove document…", lambda: remove_current_document(w),
                              tip="Remove the current pane's document and its quotes (undoable)")
    w.act_load_demo = a("Load &demo annotations", lambda: load_demo_annotations(w),
                        tip="Add a worked example to this project")
    w.act_shortcuts = a("&Keyboard shortcuts", lambda: show_shortcuts(w), "F1")
    w.act_guide = a("&User guide", lambda: show_guide(w))
    snap_group = QActionGroup(w)
    w.snap_actions = {}
    for mode, text in (("none", "Snap quote ends: &none"), ("word", "Snap quote ends: to &words"),
                       ("sentence", "Snap quote ends: to &sentences")):
        action = a(text, lambda _on, m=mode: w.reader.set_snap(m), checkable=True)
        action.setChecked(mode == w.reader.snap)
        snap_group.addAction(action)
        w.snap_actions[mode] = action
    w.hub.quoteEditRequested.connect(lambda quote_id: edit_quote(w, quote_id))

    menus = _menus(w)
    edit, view, help_menu = menus.get("Edit"), menus.get("View"), menus.get("Help")
    if edit is not None:
        edit.addSeparator()
        edit.addActions([w.act_next_quote, w.act_previous_quote, w.act_filter_quotes,
                         w.act_remove_document])
        snap = edit.addMenu("&Snap quote ends")
        snap.addActions(list(w.snap_actions.values()))
    if view is not None:
        first = view.actions()[0] if view.actions() else None
        view.insertActions(first, [w.act_focus, w.act_full_screen])
        view.insertSeparator(first)
    if help_menu is not None:
        first = help_menu.actions()[0] if help_menu.actions() else None
        help_menu.insertActions(first, [w.act_guide, w.act_shortcuts, w.act_load_demo])
        help_menu.insertSeparator(first)


def set_focus_mode(w, on: bool) -> None:
    """Hide the docks (remembering which were open), or show those again."""
    if on:
        w._focus_hidden = [d for d in w.docks.values() if d.isVisible()]
        for dock in w._focus_hidden:
            dock.hide()
        w.statusBar().showMessage("Focus mode: Ctrl+Shift+F brings the docks back.", 5000)
    else:
        for dock in getattr(w, "_focus_hidden", []):
            dock.show()
        w._focus_hidden = []


def step_quote(w, direction: int) -> str | None:
    """Select the next (+1) or previous (-1) quote of the current pane after (before) its
    cursor or selected quote; scroll to it. Returns its id."""
    pane = w.reader.current
    if pane is None or not pane.quotes:
        w.statusBar().showMessage("No quotes in this pane.", 4000)
        return None
    ids = [q.id for q in pane.quotes]
    if pane.selected in ids:
        i = ids.index(pane.selected) + direction
    else:
        pos = pane.view.textCursor().selectionStart()
        starts = [pane.index.starts[k] for k in range(len(ids))]
        after = [k for k, s in enumerate(starts) if s >= pos]
        if direction > 0:
            i = after[0] if after else len(ids)
        else:
            i = after[0] - 1 if after else len(ids) - 1
    i %= len(ids)
    w.hub.quoteSelected.emit(ids[i])
    pane.show_quote(ids[i], flash=False)
    pane.select_cp(pane.quotes[i].start_cp, pane.quotes[i].end_cp)
    pane.view.setFocus()
    return ids[i]


def focus_filter(w) -> None:
    dock = w.docks.get("quotesDock")
    if dock is not None:
        dock.show()
        dock.raise_()
        dock.filter_bar.search.setFocus()
        dock.filter_bar.search.selectAll()


def edit_quote(w, quote_id: str):
    """Open the tag popup on a quote: its document in a pane, its span selected."""
    pane = w.reader.show_quote(quote_id)
    if pane is None:
        return None
    from ..reader.tag_popup import open_quote_popup

    w.tag_popup = open_quote_popup(w.hub, pane, quote_id, w)
    return w.tag_popup


def remove_current_document(w) -> None:
    pane = w.reader.current
    if pane is None or pane.doc_id is None:
        w.statusBar().showMessage("Open a document first.", 4000)
        return
    library = w.docks.get("libraryDock")
    if library is not None:
        library.remove_document(pane.doc_id)


def load_demo_annotations(w) -> None:
    from . import help as help_

    w.statusBar().showMessage(help_.load_demo_annotations(w.hub), 8000)


def show_shortcuts(w):
    from . import help as help_

    w.help_dialog = help_.text_dialog(w, "Keyboard shortcuts", html=help_.shortcuts_html(w))
    return w.help_dialog


def show_guide(w):
    from . import help as help_

    w.help_dialog = help_.text_dialog(w, "Briefer user guide", markdown=help_.user_guide_markdown())
    return w.help_dialog
