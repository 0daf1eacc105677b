"""A first start that teaches (issue #16, point 3) and views that stay consistent (point 5),
Find's "n of m" (point 6): through the real window."""

from __future__ import annotations

import sqlite3

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from briefer.core.starter import STARTER_THEMES
from briefer.gui.shell.changes import Changes


@pytest.fixture
def coded_window(main_window):
    """Three quotes of known tags in the window's project; {name: id}."""
    project = main_window.hub.project
    docs = project.documents.list()
    crisis = next(d.id for d in docs if d.title.startswith("Anthropic's 72-Hour"))
    quotes = {
        "ultimatum": project.quotes.add_text(
            crisis, "Hegseth gave him an ultimatum", actors=["Test Pentagon"],
            themes=["Test Military use", "Test Pressure"]),
        "musk": project.quotes.add_text(crisis, "Elon Musk posted on X", actors=["Test Musk"],
                                        themes=["Test Pressure"]),
    }
    main_window.hub.notify(Changes(codebook=True, quotes=True))
    return quotes


def count(path, sql, args=()):
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute(sql, args).fetchone()[0]
    finally:
        conn.close()


def test_the_window_fills_the_screen_and_gives_the_panes_room(main_window):
    window = main_window
    screen = window.screen().availableGeometry()
    assert window.frameGeometry().width() >= screen.width() * 0.95
    assert window.frameGeometry().height() >= screen.height() * 0.9
    window.setGeometry(0, 0, 1600, 1000)                    # as on a laptop's screen
    window._default_layout()
    QApplication.processEvents()
    pane = window.reader.panes[0]
    assert pane.width() >= window.width() * 0.45            # twice the ~340 px of issue #16
    # focus mode hides every dock and brings back the same ones
    shown = {n for n, d in window.docks.items() if d.isVisible()}
    window.act_focus.trigger()
    assert not any(d.isVisible() for d in window.docks.values())
    QApplication.processEvents()
    assert pane.width() >= window.width() * 0.9
    window.act_focus.trigger()
    assert {n for n, d in window.docks.items() if d.isVisible()} == shown
    assert window.act_full_screen.shortcut().toString() == "F11"


def test_empty_states_say_what_to_do(main_window):
    window = main_window
    pane = window.reader.open_document(window.hub.project.documents.list()[0].id)
    assert pane.hint.isVisible() and "Ctrl+T" in pane.hint.text()
    assert "Ctrl+T" in window.docks["quotesDock"].count_label.text()
    window.hub.project.quotes.add(pane.doc_id, 0, 20)
    window.hub.notify(Changes(quotes=True))
    assert not pane.hint.isVisible()
    assert "1 quote" in window.docks["quotesDock"].count_label.text()


def test_help_loads_the_demo_and_shows_keys_and_guide(main_window, qtbot):
    window = main_window
    path = window.hub.project.path
    assert count(path, "SELECT count(*) FROM quotes") == 0
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    texts = [a.text().replace("&", "") for a in help_menu.actions()]
    assert {"User guide", "Keyboard shortcuts", "Load demo annotations"} <= set(texts)
    window.act_load_demo.trigger()
    loaded = count(path, "SELECT count(*) FROM quotes")
    assert loaded > 20
    assert f"{loaded} quotes added" in window.statusBar().currentMessage()
    assert window.docks["quotesDock"].model.rowCount() == loaded
    keys = window.act_shortcuts.trigger() or window.help_dialog
    assert "Ctrl+T" in keys.browser.toPlainText() and "Alt+Right" in keys.browser.toPlainText()
    keys.close()
    window.act_guide.trigger()
    assert "Select and tag" in window.help_dialog.browser.toPlainText()
    window.help_dialog.close()


def test_a_new_project_is_offered_the_starter_codebook(main_window, qtbot, tmp_path):
    window = main_window
    new = tmp_path / "fresh.briefer"
    assert window.open_project_path(new, create=True, seed=False)
    box = window.starter_offer
    assert box is not None and "no themes yet" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.Yes), Qt.LeftButton)
    assert count(new, "SELECT count(*) FROM themes") == len(STARTER_THEMES)
    window.act_undo.trigger()                                   # one step takes them back
    assert count(new, "SELECT count(*) FROM themes") == 0


def test_an_empty_project_says_how_to_add_documents(main_window, qtbot, tmp_path):
    window = main_window
    assert window.open_project_path(tmp_path / "empty.briefer", create=True)
    window.starter_offer.reject()
    pane, library = window.reader.panes[0], window.docks["libraryDock"]
    qtbot.waitUntil(lambda: pane.hint.isVisible() and library.hint.isVisible(), timeout=5000)
    for hint in (pane.hint, library.hint):
        assert "Import documents (Ctrl+I" in hint.text() and "drop files" in hint.text()
    window.hub.project.documents.add("A ministry statement.\n\nTalks continue.", title="Talks")
    window.hub.notify(Changes(documents=True))
    qtbot.waitUntil(lambda: not library.hint.isVisible(), timeout=5000)
    assert "Import documents" not in pane.hint.text()
    window.reader.open_document(window.hub.project.documents.list()[0].id)
    qtbot.waitUntil(lambda: pane.hint.text().startswith("No quotes in this document"),
                    timeout=5000)
    assert pane.hint.isVisible()


def test_the_inspector_follows_the_filter(main_window, coded_window):
    window, quotes = main_window, coded_window
    dock = window.docks["quotesDock"]
    dock.select_quote(quotes["musk"])
    dock._selection_changed()
    assert dock.inspector.quote_id == quotes["musk"]
    dock.filter_bar.search.setText("ultimatum")
    dock.filter_bar._emit()
    assert dock.model.row_of(quotes["musk"]) < 0
    assert dock.inspector.quote_id is None


def test_highlights_of_several_themes_are_striped_and_named_in_the_legend(main_window,
                                                                          coded_window):
    window, quotes = main_window, coded_window
    pane = window.reader.show_quote(quotes["ultimatum"])
    i = [q.id for q in pane.quotes].index(quotes["ultimatum"])
    assert len(pane.colour_sets[i]) == 2
    start, end = pane.quote_span16(quotes["ultimatum"])
    brushes = [x.format.background() for x in pane.view.extraSelections()
               if x.cursor.selectionStart() >= start and x.cursor.selectionEnd() <= end]
    pane._end_flash()
    brushes = [x.format.background() for x in pane.view.extraSelections()
               if x.cursor.selectionStart() >= start and x.cursor.selectionEnd() <= end]
    assert brushes and all(b.gradient() is not None for b in brushes)
    assert "Test Pressure" in pane.legend.text() and "Test Military use" in pane.legend.text()
    window.act_colour_actor.trigger()
    assert "Test Pentagon" in pane.legend.text() and "Actors:" in pane.legend.text()


def test_a_pane_comes_back_to_where_it_was_in_a_document(main_window):
    window = main_window
    docs = window.hub.project.documents.list()
    pane = window.reader.open_document(docs[0].id)
    bar = pane.view.verticalScrollBar()
    assert bar.maximum() > 100
    bar.setValue(bar.maximum() // 2)
    top = pane.top_position()
    assert top > 1000
    pane.load(docs[1].id)
    assert pane.top_position() < top
    pane.load(docs[0].id)
    assert abs(pane.top_position() - top) < 200            # the same line (wrapping aside)


def test_find_says_n_of_m(main_window, qtbot):
    window = main_window
    pane = window.reader.open_document(window.hub.project.documents.list()[0].id)
    text = pane.doc.text
    needle = "Anthropic"
    total = text.casefold().count(needle.casefold())
    assert total >= 3
    pane.view.setFocus()
    qtbot.keyClick(pane.view, Qt.Key_F, Qt.ControlModifier)
    qtbot.keyClicks(pane.find_bar.edit, needle)
    assert pane.find_bar.status.text() == f"1 of {total}"
    qtbot.keyClick(pane.find_bar.edit, Qt.Key_Return)
    assert pane.find_bar.status.text() == f"2 of {total}"
    QApplication.processEvents()


def test_a_first_start_takes_the_whole_screen(qtbot, settings, monkeypatch):
    """No saved geometry: the window takes the screen's free area (the test screen is
    pretended to be 1500×950; the offscreen one is smaller than the window may be)."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QScreen

    from briefer.gui.shell.mainwindow import MainWindow

    monkeypatch.setattr(QScreen, "availableGeometry", lambda _self: QRect(0, 0, 1500, 950))
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    assert (window.geometry().width(), window.geometry().height()) == (1500, 950)
