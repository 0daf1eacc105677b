"""GUI benchmarks: a 10 MB document with 10,000 quotes in a pane, and start-up time.

    .venv/bin/python bench/bench_gui.py [--runs 3] [--mb 10] [--quotes 10000]

1. Open the document in a Briefer pane (text and quotes read from the project file,
   highlights and stripes built) until the pane is painted, against a bare
   ``QPlainTextEdit.setPlainText`` + ``setExtraSelections`` of the same 10,000 spans
   built as cheaply as Qt allows (one fresh QTextCursor per span) until painted.
   Target: ratio <= 2.
2. Start-up: a new process running ``briefer.gui.shell.app.run`` on a seeded project until
   the window is shown and the event loop idle. Target: <= 1 s.

Runs offscreen unless a display is set (QT_QPA_PLATFORM may be overridden).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

WORDS = ("the ministry said talks would resume next week after officials from both sides met in "
         "Geneva to discuss export controls on advanced chips while analysts warned that the "
         "dispute could widen spokesperson declined comment sanctions model distillation defence "
         "contract access guardrails").split()


def make_text(megabytes: float, rng: random.Random) -> str:
    """Paragraphs of ~600 characters, an emoji now and then (astral: two UTF-16 units)."""
    target = int(megabytes * 1_000_000)
    parts, size = [], 0
    while size < target:
        words = [rng.choice(WORDS) for _ in range(rng.randint(60, 120))]
        if rng.random() < 0.2:
            words.insert(rng.randrange(len(words)), rng.choice("😀🎉🚀𝕏"))
        para = " ".join(words).capitalize() + ".\r\n\r\n" if rng.random() < 0.1 else \
            " ".join(words).capitalize() + ".\n\n"
        parts.append(para)
        size += len(para)
    return "".join(parts)[:target]


def make_project(folder: Path, megabytes: float, n_quotes: int):
    """A project with one big document and ``n_quotes`` tagged quotes (through the core)."""
    from briefer.core.anchoring import context
    from briefer.core.records import Quote
    from briefer.core.store import Project

    rng = random.Random(7)
    text = make_text(megabytes, rng)
    project = Project.open(folder / "bench.briefer")
    themes = [project.codebook.add_theme(f"Theme {i}") for i in range(8)]
    actors = [project.codebook.add_actor(f"Actor {i}") for i in range(6)]
    doc_id = project.documents.add(text, title="Ten megabytes", language="en")
    stamp = project.store.now()
    quotes = []
    for _ in range(n_quotes):
        start = rng.randrange(0, len(text) - 400)
        end = start + rng.randint(20, 300)
        prefix, suffix = context(text, start, end)
        # add_many stores quotes as given (no per-quote language detection)
        quotes.append(Quote(
            id=project.store.new_id(), doc_id=doc_id, start_cp=start, end_cp=end,
            exact=text[start:end], prefix=prefix, suffix=suffix, language="en",
            created_at=stamp, updated_at=stamp,
            actor_ids=tuple(rng.sample(actors, rng.randint(0, 2))),
            theme_ids=tuple(rng.sample(themes, rng.randint(1, 2)))))
    project.quotes.add_many(quotes)
    return project, doc_id, text


class PaintWatch:
    """Counts paint events of a widget (an event filter)."""

    def __init__(self, widget):
        from PySide6.QtCore import QEvent, QObject

        class Filter(QObject):
            painted = 0

            def eventFilter(self, _obj, event):
                if event.type() == QEvent.Paint:
                    Filter.painted += 1
                return False

        self.filter = Filter()
        self.cls = Filter
        widget.installEventFilter(self.filter)

    @property
    def painted(self) -> int:
        return self.cls.painted


def wait_painted(app, watch: PaintWatch, before: int) -> None:
    while watch.painted <= before:
        app.processEvents()


def time_briefer(app, project, doc_id) -> float:
    from briefer.gui.reader.reader import Reader
    from briefer.gui.shell.hub import Hub

    hub = Hub()
    hub._project = project                   # no projectOpened: nothing else to load
    reader = Reader(hub)
    reader.resize(900, 700)
    reader.show()
    pane = reader.add_pane(None)
    app.processEvents()
    watch = PaintWatch(pane.view.viewport())
    before = watch.painted
    started = time.perf_counter()
    reader.open_document(doc_id)
    wait_painted(app, watch, before)
    elapsed = time.perf_counter() - started
    assert len(pane.quotes) > 0 and pane.view.extraSelections()
    reader.close()
    reader.deleteLater()
    app.processEvents()
    return elapsed


def time_bare(app, text: str, spans16: list[tuple[int, int]], colours) -> dict:
    """setPlainText + 10,000 extra selections until painted, built as cheaply as Qt allows:
    a fresh QTextCursor per span, inside an edit block (so ``setPosition`` skips laying
    out the block for the cursor's x). ``setExtraSelections`` then lays out every block
    a selection touches (it computes each selection's rectangle): that part is Qt's."""
    from PySide6.QtGui import QTextCharFormat, QTextCursor
    from PySide6.QtWidgets import QPlainTextEdit, QTextEdit

    view = QPlainTextEdit()
    view.setReadOnly(True)
    view.resize(900, 700)
    view.show()
    app.processEvents()
    watch = PaintWatch(view.viewport())
    before = watch.painted
    started = time.perf_counter()
    view.setPlainText(text)
    set_text = time.perf_counter()
    doc = view.document()
    guard = QTextCursor(doc)
    guard.beginEditBlock()
    selections = []
    for (s, e), colour in zip(spans16, colours):
        sel = QTextEdit.ExtraSelection()
        cursor = QTextCursor(doc)
        cursor.setPosition(s)
        cursor.setPosition(e, QTextCursor.KeepAnchor)
        fmt = QTextCharFormat()
        fmt.setBackground(colour)
        sel.cursor, sel.format = cursor, fmt
        selections.append(sel)
    guard.endEditBlock()
    built = time.perf_counter()
    view.setExtraSelections(selections)
    wait_painted(app, watch, before)
    done = time.perf_counter()
    view.close()
    view.deleteLater()
    app.processEvents()
    return {"total": done - started, "setPlainText": set_text - started, "build": built - set_text,
            "setExtraSelections+paint": done - built}


def time_startup(runs: int) -> list[float]:
    """Wall time of a new process until the window is shown and idle."""
    from briefer.project import open_project

    out = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "seeds.briefer"
        open_project(path).close()
        env = dict(os.environ, XDG_CONFIG_HOME=str(Path(tmp) / "config"),
                   XDG_DATA_HOME=str(Path(tmp) / "data"), PYTHONPATH=str(ROOT))
        code = ("import time; t = time.perf_counter(); import sys; "
                "from briefer.gui.shell.app import run; "
                f"sys.exit(run(['briefer', '--project', {str(path)!r}], quit_after_shown=True))")
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], env=env, check=True,
                           stderr=subprocess.DEVNULL)
            out.append(time.perf_counter() - started)
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--mb", type=float, default=10)
    parser.add_argument("--quotes", type=int, default=10_000)
    args = parser.parse_args(argv)

    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QApplication

    from briefer.core.anchoring import Utf16Map
    from briefer.gui.reader.pane import display_text

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        project, doc_id, text = make_project(Path(tmp), args.mb, args.quotes)
        print(f"setup: {len(text) / 1e6:.1f} M code points, {args.quotes} quotes "
              f"({time.perf_counter() - t:.1f} s)")
        m = Utf16Map(text)
        rows = project.quotes.list(docs=[doc_id])
        spans16 = sorted((m.to16(r["start_cp"]), m.to16(r["end_cp"])) for r in rows)
        palette = [QColor(t["colour"]) for t in project.codebook.themes()]
        colours = [palette[i % len(palette)] for i in range(len(spans16))]
        shown = display_text(text)

        briefer_times, bare_runs = [], []
        for _ in range(args.runs):
            bare_runs.append(time_bare(app, shown, spans16, colours))
            briefer_times.append(time_briefer(app, project, doc_id))
        project.close()

    bare_times = [r["total"] for r in bare_runs]
    b, bare = statistics.median(briefer_times), statistics.median(bare_times)
    parts = "; ".join(f"{k} {statistics.median(r[k] for r in bare_runs):.3f} s"
                      for k in ("setPlainText", "build", "setExtraSelections+paint"))
    print(f"bare QPlainTextEdit: {bare:.3f} s until painted ({parts}; runs {_fmt(bare_times)})")
    print(f"Briefer pane:        {b:.3f} s until painted (runs {_fmt(briefer_times)})")
    ratio = b / bare
    print(f"ratio: {ratio:.2f} (target <= 2) {'OK' if ratio <= 2 else 'OVER'}")

    startup = time_startup(args.runs)
    s = statistics.median(startup)
    print(f"startup to a usable window on the seeds: {s:.3f} s (runs {_fmt(startup)}; "
          f"target <= 1 s) {'OK' if s <= 1 else 'OVER'}")
    return 0


def _fmt(values) -> str:
    return ", ".join(f"{v:.3f}" for v in values)


if __name__ == "__main__":
    raise SystemExit(main())
