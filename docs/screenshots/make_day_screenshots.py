"""Screenshots of the app as a new user meets it (issue #16), under Xvfb at a given size:

    .venv/bin/python docs/screenshots/make_day_screenshots.py 1600x1000
    .venv/bin/python docs/screenshots/make_day_screenshots.py 1280x720

Writes ``first-start-WxH.png`` (the first start: window filling the screen, the seeds in
the library, the starter codebook offered), ``tag-popup-WxH.png`` (the tag popup beside its
selection, on the demo) and ``matrix-WxH.png`` (the matrix with rotated theme headers and
totals) next to this file (or into ``$BRIEFER_SCREENSHOTS_OUT``). Without a display it
re-runs itself under ``xvfb-run``; with ``QT_QPA_PLATFORM=offscreen`` it stays offscreen and
grabs the window itself (what tests/gui/shell/test_screenshot_scripts.py runs).
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
INNER = "BRIEFER_SCREENSHOTS_INNER"
OUT = Path(os.environ.get("BRIEFER_SCREENSHOTS_OUT") or HERE)
OFFSCREEN = os.environ.get("QT_QPA_PLATFORM") == "offscreen"


def settle(app, ms: int = 300) -> None:
    end = time.monotonic() + ms / 1000
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def grab(app, window, out: Path) -> None:
    pixmap = window.grab() if OFFSCREEN else app.primaryScreen().grabWindow(0)
    if not pixmap.save(str(out)):
        raise SystemExit(f"could not write {out}")
    print(f"wrote {out} ({pixmap.width()}×{pixmap.height()})")


def main() -> int:
    size = sys.argv[1] if len(sys.argv) > 1 else "1600x1000"
    width, height = (int(v) for v in size.split("x"))
    if not os.environ.get(INNER) and not OFFSCREEN:
        env = dict(os.environ, **{INNER: "1"})
        env.pop("QT_QPA_PLATFORM", None)
        cmd = [sys.executable, str(Path(__file__).resolve()), size]
        return subprocess.call(["xvfb-run", "-a", "-s", f"-screen 0 {width}x{height}x24", *cmd],
                               env=env)
    sys.path.insert(0, str(ROOT))
    tmp = Path(tempfile.mkdtemp(prefix="briefer-day-shots-"))
    os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")
    os.environ["XDG_DATA_HOME"] = str(tmp / "data")
    os.environ.pop("BRIEFER_PROJECT", None)

    from PySide6.QtCore import QSettings, Qt, QThreadPool
    from PySide6.QtGui import QTextCursor
    from PySide6.QtWidgets import QMessageBox

    from briefer.core.demo import load_demo
    from briefer.gui.shell.app import create_app
    from briefer.gui.shell.changes import Changes
    from briefer.gui.shell.mainwindow import MainWindow
    from briefer.gui.shell.tasks import running_tasks

    app = create_app(["briefer"])
    settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)

    # 1. the first start: the default project, seeded; the starter codebook offered
    window = MainWindow(settings=settings)
    window.start()
    if OFFSCREEN:
        window.resize(width, height)
    window.show()
    deadline = time.monotonic() + 60
    while (running_tasks() or not window.hub.project.documents.list()) \
            and time.monotonic() < deadline:
        settle(app, 100)
    settle(app, 800)
    grab(app, window, OUT / f"first-start-{size}.png")
    offer = getattr(window, "starter_offer", None)
    if offer is not None:
        offer.button(QMessageBox.StandardButton.Yes).click()
    settle(app)

    # 2. the demo, a selection, the tag popup beside it (the layout as the app makes it)
    load_demo(window.hub.project)
    window.hub.notify(Changes.everything())
    docs = window.hub.project.documents.list()
    busiest = max(docs, key=lambda d: d.quotes)
    pane = window.reader.open_document(busiest.id)
    settle(app)
    assert pane.doc is not None
    text = pane.doc.text
    taken = [(q.start_cp, q.end_cp) for q in pane.quotes]
    start = next((i for i in range(200, len(text) - 80)
                  if text[i - 1] == " " and not any(a <= i < b for a, b in taken)
                  and not any(a < i + 70 and i < b for a, b in taken)), 200)
    end = text.rfind(" ", start, start + 70)
    cursor = QTextCursor(pane.view.document())
    cursor.setPosition(pane.map.to16(start))
    cursor.setPosition(pane.map.to16(end), QTextCursor.KeepAnchor)
    pane.view.setTextCursor(cursor)
    pane.view.centerCursor()
    pane.view.setFocus()
    settle(app)
    window.act_tag.trigger()
    popup = window.tag_popup
    if popup is not None:
        popup.themes.all_items()[0].setCheckState(Qt.CheckState.Checked)
        popup.note.setText("Compare with the Pentagon's statement")
        settle(app, 600)
        grab(app, window, OUT / f"tag-popup-{size}.png")
        popup.reject()
    settle(app)

    # 3. the matrix, raised in its tab, with a cell's quotes listed
    dock = window.docks["matrixDock"]
    dock.show()
    dock.raise_()
    settle(app, 600)
    model = dock.model
    best = max(((model.count(a.id, t.id), r, c) for r, a in enumerate(model.actors)
                for c, t in enumerate(model.themes)), default=None)
    if best and best[0]:
        index = model.index(best[1], best[2])
        dock.view.setCurrentIndex(index)
        dock.open_cell(index)
    settle(app, 800)
    grab(app, window, OUT / f"matrix-{size}.png")
    QThreadPool.globalInstance().waitForDone(10_000)
    window.close()
    window.hub.project.close()
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
