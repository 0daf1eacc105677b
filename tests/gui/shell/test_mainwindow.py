"""The main window: menus, opening projects (and refusing foreign ones), importing off
the GUI thread, restoring settings, and the hub wiring."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox

from briefer import __version__
from briefer.core import schema
from briefer.gui.shell.changes import Changes
from briefer.gui.shell.mainwindow import MainWindow

from ..stored import newer_copy


@pytest.fixture
def dialogs(monkeypatch):
    """Make message boxes non-blocking and record them: (kind, title, text)."""
    shown = []
    for kind in ("critical", "warning", "information", "about"):
        def record(_parent, title, text, *args, kind=kind, **kwargs):
            shown.append((kind, title, text))
            return QMessageBox.Ok
        monkeypatch.setattr(QMessageBox, kind, record)
    return shown


def choose_file(monkeypatch, path):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))


def menu_texts(window):
    return {m.title().replace("&", ""): [a.text().replace("&", "") for a in m.actions()]
            for m in (a.menu() for a in window.menuBar().actions()) if m}


def test_menus_shortcuts_title_and_docks(main_window):
    window = main_window
    menus = menu_texts(window)
    assert list(menus) == ["File", "Edit", "View", "Help"]
    assert {"New project…", "Open project…", "Open recent", "Save project as…",
            "Import documents…", "Quit"} <= set(menus["File"])
    assert window.act_undo.shortcut() == QKeySequence("Ctrl+Z")
    assert QKeySequence("Ctrl+Shift+Z") in window.act_redo.shortcuts()
    assert window.act_tag.shortcut() == QKeySequence("Ctrl+T")
    assert window.act_find.shortcut() == QKeySequence(QKeySequence.Find)
    assert window.windowTitle() == f"{window.hub.project.path.stem} — Briefer"
    for name in window.docks:
        assert window.docks[name].objectName() == name
        assert window.docks[name].toggleViewAction().text() in menus["View"]
    assert "Colour by actor" in menus["View"]
    assert "About Briefer" in menus["Help"]


def test_about_shows_version(main_window, dialogs):
    main_window.act_about.trigger()
    assert dialogs[0][0] == "about" and __version__ in dialogs[0][2]


@pytest.mark.parametrize("kind", ["text", "sqlite", "damaged"])
def test_foreign_or_damaged_file_shows_error_dialog(main_window, dialogs, monkeypatch, tmp_path,
                                                    kind):
    window = main_window
    before = window.hub.project.path
    bad = tmp_path / f"{kind}.briefer"
    if kind == "text":
        bad.write_text("Just some notes, not a project.\n")
        expected = "not an SQLite database"
    elif kind == "sqlite":
        conn = sqlite3.connect(bad)
        conn.execute("CREATE TABLE invoices (id INTEGER, total REAL)")
        conn.commit()
        conn.close()
        expected = "another program"
    else:
        conn = sqlite3.connect(bad)
        conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
        conn.execute("CREATE TABLE t (x)")
        conn.executemany("INSERT INTO t VALUES (?)", [("x" * 500,)] * 200)
        conn.commit()
        conn.close()
        data = bytearray(bad.read_bytes())
        data[4096:12288] = b"\xff" * 8192                        # wreck some pages
        bad.write_bytes(bytes(data))
        expected = "damaged"
    choose_file(monkeypatch, bad)
    window.act_open.trigger()
    assert len(dialogs) == 1
    assert dialogs[0][0] == "critical" and expected in dialogs[0][2]
    assert window.hub.project.path == before                     # still on the old one


def test_read_only_project_shows_the_notice(main_window, dialogs, monkeypatch, tmp_path):
    window = main_window
    newer = newer_copy(window.hub.project, tmp_path / "newer.briefer")
    choose_file(monkeypatch, newer)
    window.act_open.trigger()
    assert window.hub.project.read_only
    assert dialogs[0][0] == "warning" and "read-only" in dialogs[0][2]
    assert "[read-only]" in window.windowTitle()
    assert not window.act_tag.isEnabled() and not window.act_import.isEnabled()
    assert window.readonly_label.isVisibleTo(window)


def test_new_and_save_as(main_window, dialogs, monkeypatch, tmp_path, qtbot):
    window = main_window
    copy = tmp_path / "copy"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(copy), ""))
    window.act_save_as.trigger()
    assert window.hub.project.path.name == "copy.briefer"
    assert len(window.hub.project.documents.list()) == 5
    fresh = tmp_path / "R&D fresh.briefer"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(fresh), ""))
    window.act_new.trigger()
    assert window.hub.project.path == fresh
    from briefer.gui.shell.tasks import running_tasks

    qtbot.waitUntil(lambda: not running_tasks(), timeout=20_000)   # no seeding import ran
    qtbot.wait(200)
    conn = sqlite3.connect(str(fresh))      # a new project starts empty (only the default
    try:                                    # project gets the seed articles)
        assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0
    finally:
        conn.close()
    assert window.windowTitle().startswith("R&D fresh")
    window._fill_recent()
    recent = [a.text() for a in window.recent_menu.actions()]   # "&" shown, not a shortcut
    assert recent[:2] == [str(fresh.resolve()).replace("&", "&&"),
                          str(copy.with_suffix(".briefer").resolve())]


def test_import_documents_runs_off_the_gui_thread(main_window, monkeypatch, tmp_path, qtbot,
                                                   dialogs):
    window = main_window
    files = []
    for i in range(3):
        f = tmp_path / f"article{i}.txt"
        f.write_text(f"Article {i}\n\nThe ministry said on Monday that talks number {i} "
                     "would continue next week in Geneva.\n", encoding="utf-8")
        files.append(str(f))
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: (files + [str(empty)], ""))
    window.act_import.trigger()
    qtbot.waitUntil(lambda: window.import_preview.ok.isEnabled(), timeout=10_000)  # preview read
    window.import_preview.accept()
    qtbot.waitUntil(lambda: len(window.hub.project.documents.list()) == 8, timeout=10_000)
    qtbot.waitUntil(lambda: window.reader.panes[0].chooser.count() == 8, timeout=5000)
    assert "3 added" in window.statusBar().currentMessage()
    assert dialogs and dialogs[0][0] == "warning" and "empty.txt" in dialogs[0][2]


def test_drop_files_onto_window_imports_them(main_window, tmp_path, qtbot):
    window = main_window
    f = tmp_path / "dropped.txt"
    f.write_text("Dropped article\n\nA spokesperson declined to comment on the report.\n")
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(f))])
    event = QDropEvent(QPointF(10, 10), Qt.CopyAction, data, Qt.LeftButton, Qt.NoModifier)
    window.dropEvent(event)
    qtbot.waitUntil(lambda: len(window.hub.project.documents.list()) == 6, timeout=10_000)


def test_first_start_seeds_default_project(qtbot, settings):
    window = MainWindow(settings=settings)     # the data folder is a temporary one (conftest)
    qtbot.addWidget(window)
    assert window.start()
    window.show()
    qtbot.waitUntil(lambda: len(window.hub.project.documents.list()) == 5, timeout=20_000)
    qtbot.waitUntil(lambda: window.reader.panes[0].doc is not None, timeout=5000)
    window.close()
    window.hub.project.close()


def test_a_named_new_project_starts_empty(qtbot, settings, tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFER_PROJECT", str(tmp_path / "named.briefer"))
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    assert window.start()
    from briefer.gui.shell.tasks import running_tasks

    qtbot.waitUntil(lambda: not running_tasks(),
                    timeout=20_000)    # a seeding import ran off-thread
    assert window.hub.project.path == tmp_path / "named.briefer"
    assert window.hub.project.documents.list() == []
    window.hub.project.close()


def test_settings_restore_last_project_and_panes(main_window, qtbot, settings):
    window = main_window
    docs = window.hub.project.documents.list()
    window.reader.open_document(docs[3].id)
    window.reader.open_document(docs[4].id, beside=True)
    window.resize(1111, 777)
    path = window.hub.project.path
    window.close()
    again = MainWindow(settings=settings)
    qtbot.addWidget(again)
    assert again.start()
    assert again.hub.project.path == path.resolve() or again.hub.project.path == path
    assert again.reader.state() == [docs[3].id, docs[4].id]
    assert settings.contains("geometry") and settings.contains("windowState")
    again.close()
    again.hub.project.close()


def test_hub_requests_open_and_activate(main_window, qtbot):
    window = main_window
    hub = window.hub
    docs = hub.project.documents.list()
    hub.documentRequested.emit(docs[1].id, False)
    assert window.reader.current.doc_id == docs[1].id
    hub.documentRequested.emit(docs[2].id, True)
    assert [p.doc_id for p in window.reader.panes] == [docs[1].id, docs[2].id]
    qid = hub.project.quotes.add(docs[3].id, 5, 40, themes=["T"])
    hub.notify(Changes.of_quotes(qid))
    hub.quoteActivated.emit(qid)
    assert window.reader.panes[-1].doc_id == docs[3].id
    assert window.reader.panes[-1].flash_id == qid
    assert window.lang_label.text() == f"Language: {docs[3].language}"


def test_find_action_opens_find_bar(main_window, qtbot):
    window = main_window
    pane = window.reader.panes[0]
    pane.view.setFocus()
    window.act_find.trigger()
    assert pane.find_bar.isVisible()
    window.act_beside.trigger()
    assert len(window.reader.panes) == 2
    window.act_close_pane.trigger()
    assert len(window.reader.panes) == 1


def test_highlight_click_and_quotes_table_stay_in_step(main_window, qtbot):
    window = main_window
    dock = window.docks["quotesDock"]
    hub = window.hub
    docs = hub.project.documents.list()
    qid = hub.project.quotes.add(docs[0].id, 30, 90, themes=["Click"])
    other = hub.project.quotes.add(docs[1].id, 10, 70, themes=["Row"])
    hub.notify(Changes(quotes=True))
    pane = window.reader.open_document(docs[0].id)
    window.reader.open_document(docs[2].id, beside=True)
    qtbot.waitUntil(lambda: any(pane.quotes[i].id == qid for _r, i in pane.margin.stripes()),
                    timeout=5000)
    # clicking a stripe selects the table's row
    rect, _i = next((r, i) for r, i in pane.margin.stripes() if pane.quotes[i].id == qid)
    qtbot.mouseClick(pane.margin, Qt.LeftButton, pos=rect.center())
    assert dock.selected_id() == qid
    assert pane.selected == qid
    # selecting a row shows the quote in the right-most pane and flashes it
    assert dock.select_quote(other)
    hub.quoteActivated.emit(other)
    right = window.reader.panes[-1]
    assert right.doc_id == docs[1].id and right.flash_id == other


def test_run_task_reports_on_the_gui_thread_and_cancels(qtbot):
    import threading

    from briefer.gui.shell.tasks import run_task

    gui = threading.get_ident()
    seen = {}
    running, poll = threading.Event(), threading.Event()

    def work(progress, cancelled):
        seen["worker"] = threading.get_ident()
        progress(0, 1, "step 0")
        running.set()
        while not cancelled():             # runs until cancelled, however slow the machine
            poll.wait(0.01)
        return "cancelled"

    done = []
    task = run_task(None, "Testing…", work, lambda r: done.append((r, threading.get_ident())))
    qtbot.waitUntil(running.is_set, timeout=5000)
    task.cancel()
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    assert done == [("cancelled", gui)] and seen["worker"] != gui

    errors = []
    run_task(None, "Failing…", lambda p, c: 1 / 0, None,
             lambda exc: errors.append((type(exc), threading.get_ident())), show_dialog=False)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert errors == [(ZeroDivisionError, gui)]


def test_a_failed_write_is_shown_to_the_user(main_window, monkeypatch):
    from briefer.gui.quotes.commands import AddQuoteCommand

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    hub = main_window.hub
    doc = hub.project.documents.list()[0]
    pages = hub.project.db.execute("PRAGMA page_count").fetchone()[0]
    hub.project.db.execute(f"PRAGMA max_page_count = {pages}")
    hub.push(AddQuoteCommand(hub, doc.id, 0, 40, note="y" * 90_000))
    assert shown and "could not be written" in shown[0]
    assert hub.project.quotes.list(docs=[doc.id]) == []
