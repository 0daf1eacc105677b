"""Quotes table at scale: one refresh of ``QuotesModel`` with 10,000 quotes, before/after.

    .venv/bin/python bench/bench_quotes_model.py [--runs 5] [--quotes 10000] [--mb 2]

"after" is the model as it is: ``project.quotes.ids(order_by=…)`` sorted by SQLite, then
the first page of rows. "before" is the model as it was (kept below as ``OldQuotesModel``):
every full row read (``project.quotes.list()``, tags attached) and sorted in Python. Each is
timed for a refresh in the document order and sorted by a column (Actors, descending),
and for a sort (a header click). Runs offscreen unless a display is set.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def old_model_class():
    """The model's query before the store sorted: every row read, sorted in Python."""
    from PySide6.QtCore import Qt

    from briefer.core.records import Quote
    from briefer.gui.quotes import model as qm

    def sort_key(column: int, row: Quote):
        if column == qm.STAR:
            return (not row.starred,)
        if column == qm.EXCERPT:
            return (row.exact.casefold(),)
        if column == qm.DOCUMENT:
            return (row.doc_title or "").casefold(), row.start_cp
        if column == qm.ACTORS:
            return (", ".join(row.actors).casefold() or "\uffff",)
        if column == qm.THEMES:
            return (", ".join(row.themes).casefold() or "\uffff",)
        if column == qm.LANGUAGE:
            return (row.language or "", row.language2 or "")
        if column == qm.NOTE:
            return ((row.note or "").casefold() or "\uffff",)
        return ()

    class OldQuotesModel(qm.QuotesModel):
        def _query_ids(self) -> list[str]:
            if not self.hub.has_project:
                return []
            project = self.hub.project
            self.filter = self.filter.pruned(project)
            rows = project.quotes.list(**self.filter.query())
            column, order = self._sort
            if 0 <= column < len(qm.COLUMNS):
                rows.sort(key=lambda r: sort_key(column, r), reverse=order == Qt.DescendingOrder)
            for r in rows[:qm.CACHE_LIMIT // 2]:
                self._cache[r.id] = r
            return [r.id for r in rows]

    return OldQuotesModel


def time_model(model_class, hub, runs: int) -> dict:
    from PySide6.QtCore import Qt

    from briefer.gui.quotes.columns import ACTORS, EXCERPT

    model = model_class(hub)
    out = {}
    for label, sort in (("refresh, document order", (-1, Qt.AscendingOrder)),
                        ("refresh, by Actors desc", (ACTORS, Qt.DescendingOrder))):
        model.sort(*sort)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            model.refresh()
            model.index(0, EXCERPT).data()            # the first row shown
            times.append(time.perf_counter() - started)
        out[label] = times
    times = []
    for i in range(runs):
        started = time.perf_counter()
        model.sort(EXCERPT, Qt.AscendingOrder if i % 2 else Qt.DescendingOrder)
        model.index(0, EXCERPT).data()
        times.append(time.perf_counter() - started)
    out["sort by Excerpt (header click)"] = times
    assert model.rowCount() > 0
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quotes", type=int, default=10_000)
    parser.add_argument("--mb", type=float, default=2)
    args = parser.parse_args(argv)

    from bench_gui import make_project
    from PySide6.QtWidgets import QApplication

    from briefer.gui.quotes.model import QuotesModel
    from briefer.gui.shell.hub import Hub

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        project, _doc_id, _text = make_project(Path(tmp), args.mb, args.quotes)
        for i, qid in enumerate(project.quotes.ids()[::7]):          # some notes and stars
            project.db["quotes"].update(qid, {"note": f"note {i % 97}", "starred": i % 3 == 0})
        print(f"setup: {len(project.quotes.ids())} quotes ({time.perf_counter() - t:.1f} s)")
        hub = Hub()
        hub._project = project                 # no projectOpened: nothing else to load
        before = time_model(old_model_class(), hub, args.runs)
        after = time_model(QuotesModel, hub, args.runs)
        project.close()
    app.processEvents()
    for label in after:
        b, a = statistics.median(before[label]), statistics.median(after[label])
        print(f"{label:32s} before {b:.3f} s   after {a:.3f} s   ({b / a:.0f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
