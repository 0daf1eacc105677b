"""Take the README's screenshots of the real app on the demo project, under Xvfb.

    .venv/bin/python docs/screenshots/make_screenshots.py

Without a display it re-runs itself under ``xvfb-run`` (or a private ``Xvfb``) so the
pictures come from the ordinary xcb platform with real fonts. Writes, next to this file:
``side-by-side.png`` (two seeds side by side with highlights and stripes),
``tag-popup.png`` (the tag popup on a selection), ``matrix.png`` (the actor × theme
matrix with the quotes table filtered to a cell) and ``brief-composer.png`` (the brief
composer beside the preview of the compiled PDF). ``$BRIEFER_SCREENSHOTS_OUT`` writes them
elsewhere; with ``QT_QPA_PLATFORM=offscreen`` it stays offscreen and grabs the window itself
(what tests/gui/shell/test_screenshot_scripts.py runs).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SCREEN = (1600, 1000)
INNER = "BRIEFER_SCREENSHOTS_INNER"
OUT = Path(os.environ.get("BRIEFER_SCREENSHOTS_OUT") or HERE)
OFFSCREEN = os.environ.get("QT_QPA_PLATFORM") == "offscreen"


def relaunch_under_xvfb() -> int:
    env = dict(os.environ, **{INNER: "1"})
    env.pop("QT_QPA_PLATFORM", None)
    cmd = [sys.executable, str(Path(__file__).resolve()), *sys.argv[1:]]
    size = f"{SCREEN[0]}x{SCREEN[1]}x24"
    if shutil.which("xvfb-run"):
        return subprocess.call(["xvfb-run", "-a", "-s", f"-screen 0 {size}", *cmd], env=env)
    if not shutil.which("Xvfb"):
        print("Neither xvfb-run nor Xvfb is installed (apt-get install xvfb).", file=sys.stderr)
        return 1
    display = ":97"
    server = subprocess.Popen(["Xvfb", display, "-screen", "0", size, "-nolisten", "tcp"])
    try:
        time.sleep(1.0)
        return subprocess.call(cmd, env=dict(env, DISPLAY=display))
    finally:
        server.terminate()
        server.wait()


def settle(app, ms: int = 300) -> None:
    end = time.monotonic() + ms / 1000
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def demo_project(folder: Path):
    from briefer.project import open_project

    project = open_project(folder / "Demo.briefer")
    try:
        from briefer.core.demo import load_demo
        load_demo(project)
    except ImportError:                       # no demo yet: a few quotes of our own
        docs = project.documents.list()
        for doc, (start, end, actor, theme) in zip(docs, [(40, 180, "Anthropic", "Distillation"),
                                                          (200, 320, "Pentagon", "Military use")]):
            project.quotes.add(doc.id, start, end, actors=[actor], themes=[theme])
    project.close()
    return folder / "Demo.briefer"


def grab_screen_rect(app, window, out: Path) -> None:
    rect = window.frameGeometry()
    pixmap = window.grab() if OFFSCREEN else app.primaryScreen().grabWindow(
        0, rect.x(), rect.y(), rect.width(), rect.height())
    if not pixmap.save(str(out)):
        raise SystemExit(f"could not write {out}")
    print(f"wrote {out} ({pixmap.width()}×{pixmap.height()})")


def main() -> int:
    if not os.environ.get(INNER) and not os.environ.get("DISPLAY") and not OFFSCREEN:
        return relaunch_under_xvfb()
    sys.path.insert(0, str(ROOT))
    tmp = Path(tempfile.mkdtemp(prefix="briefer-shots-"))
    os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")
    os.environ["XDG_DATA_HOME"] = str(tmp / "data")

    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtGui import QTextCursor

    from briefer.core.anchoring import Utf16Map
    from briefer.gui.shell.app import create_app
    from briefer.gui.shell.mainwindow import MainWindow

    app = create_app(["briefer"])
    path = demo_project(tmp)
    window = MainWindow(settings=QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat))
    window.open_project_path(path)
    window.setGeometry(0, 0, *SCREEN)
    window.show()
    settle(app)
    window.resizeDocks([window.docks[n] for n in ("libraryDock",) if n in window.docks], [300],
                       Qt.Orientation.Horizontal)
    for name in ("matrixDock", "briefDock", "briefPreviewDock"):   # room for the reading panes
        if name in window.docks:
            window.docks[name].hide()
    if "codebookDock" in window.docks and "libraryDock" in window.docks:
        window.tabifyDockWidget(window.docks["libraryDock"], window.docks["codebookDock"])
        window.docks["libraryDock"].raise_()
    if "quotesDock" in window.docks:
        window.resizeDocks([window.docks["quotesDock"]], [320], Qt.Orientation.Vertical)
    settle(app)

    # 1. two seeds side by side, scrolled to their quotes
    project = window.hub.project
    quotes = project.quotes.list()
    by_doc: dict[str, list] = {}
    for q in quotes:
        by_doc.setdefault(q.doc_id, []).append(q)
    busiest = sorted(by_doc, key=lambda d: -len(by_doc[d]))[:2]
    window.reader.open_document(busiest[0])
    window.reader.open_document(busiest[1], beside=True)
    settle(app)
    for pane, doc_id in zip(window.reader.panes, busiest):
        first = by_doc[doc_id][min(2, len(by_doc[doc_id]) - 1)]
        pane.show_quote(first.id, flash=False)
    window.reader.panes[0].set_selected("")
    settle(app, 800)
    grab_screen_rect(app, window, OUT / "side-by-side.png")

    # 2. the tag popup on a fresh selection in the right pane: a visible untagged line
    pane = window.reader.panes[1]
    text = pane.doc.text
    m = Utf16Map(text)
    view = pane.view
    first = m.from16(view.cursorForPosition(view.viewport().rect().topLeft()).position())
    last = m.from16(view.cursorForPosition(view.viewport().rect().bottomRight()).position())
    taken = [(q.start_cp, q.end_cp) for q in pane.quotes]
    start = end = 0
    offset = 0
    for line in text.splitlines(keepends=True):
        s, e = offset, offset + len(line.rstrip())
        offset += len(line)
        if s >= first + 200 and e <= last and 60 <= e - s <= 220 and \
                not any(a < e and s < b for a, b in taken):
            start, end = s, e
            break
    if end == 0:
        start, end = first + 10, first + 120
    cursor = QTextCursor(view.document())
    cursor.setPosition(m.to16(start))
    cursor.setPosition(m.to16(end), QTextCursor.MoveMode.KeepAnchor)
    view.setFocus()
    view.setTextCursor(cursor)
    window.reader.set_current(pane)
    window.act_tag.trigger()
    popup = window.tag_popup
    if popup is not None:
        popup.filter_edit.setText("")
        for item in popup.themes.all_items()[:1]:
            item.setCheckState(Qt.CheckState.Checked)
        popup.note.setText("Compare with the Pentagon's statement")
        settle(app, 500)
        grab_screen_rect(app, window, OUT / "tag-popup.png")
        popup.reject()
    cursor.clearSelection()
    view.setTextCursor(cursor)
    settle(app)

    # 3. the matrix, with the quotes table filtered to one cell
    if "matrixDock" in window.docks:
        dock = window.docks["matrixDock"]
        for name in ("libraryDock", "codebookDock"):
            if name in window.docks:
                window.docks[name].hide()
        dock.show()
        dock.raise_()
        window.resizeDocks([dock], [760], Qt.Orientation.Horizontal)
        settle(app)
        model = dock.model
        best = max(((model.count(a.id, t.id), r, c) for r, a in enumerate(model.actors)
                    for c, t in enumerate(model.themes[:4])), default=None)  # a visible cell
        if best and best[0]:
            index = model.index(best[1], best[2])
            dock.view.setCurrentIndex(index)
            dock.open_cell(index)
        settle(app, 800)
        grab_screen_rect(app, window, OUT / "matrix.png")
    else:
        print("no matrix dock yet: matrix.png not taken")

    # 4. the brief composer with the compiled brief in the preview
    if "briefDock" in window.docks and "briefPreviewDock" in window.docks:
        composer, preview = window.docks["briefDock"], window.docks["briefPreviewDock"]
        for name in ("libraryDock", "codebookDock", "matrixDock"):
            if name in window.docks:
                window.docks[name].hide()
        window.docks["quotesDock"].hide()
        composer.show()
        composer.raise_()
        composer.tabs.setCurrentIndex(0)
        window.act_preview_brief.trigger()
        deadline = time.monotonic() + 90
        while preview.busy and time.monotonic() < deadline:
            settle(app, 100)
        window.resizeDocks([composer, preview], [460, 640], Qt.Orientation.Horizontal)
        preview.zoom.setCurrentIndex(0)             # fit width
        settle(app, 800)
        if preview.result is None:
            print(f"the preview failed: {preview.status.text()}")
        grab_screen_rect(app, window, OUT / "brief-composer.png")
    else:
        print("no brief composer yet: brief-composer.png not taken")
    window.close()
    window.hub.project.close()
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
