"""A year of reporting in the app: 2,000 documents, 50,000 quotes, 200 actors, 40 themes.

    .venv/bin/python bench/bench_scale.py [--runs 5] [--briefs 1000,5000] [--profile OP]

Builds the large project once (cached in ``$TMPDIR/briefer-bench-scale/``, keyed by its
parameters; not timed) and the demo project, then times each against the other in the same
run, every figure in a new process (so peak memory is that process's own):

- start to an idle window (and a bare PySide6 window as the baseline);
- library filter-as-you-type (9 keys), quotes dock refresh, a full-text search, matrix
  refresh, one more quote tagged until the app is idle again (and how many views reloaded:
  model resets counted over every model of the window);
- the peak memory of the process that did all of that;
- briefs of 1,000 and 5,000 quotes with each engine (``--briefs`` chooses; ``--briefs ''``
  skips them), and the time-out a 50,000-quote brief would get.

``--profile OP`` (start, filter, quotes, search, matrix, tag) prints cProfile's top entries
for that operation at scale. Targets are printed beside each figure.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

DOCS, QUOTES, ACTORS, THEMES = 2000, 50_000, 200, 40
WORDS = ("the ministry said sanctions export controls would tighten as negotiators met in "
         "Geneva while analysts expected a cautious response from regional partners and "
         "markets reacted to reports of new restrictions on advanced chips and cloud access"
         ).split()
KINDS = ("person", "organisation", "state", "media")
FILTER_KEYS = "report 12"          # typed into the library's filter, key by key
SEARCH = "negotiators Geneva"


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def build_large(path: Path, docs: int, quotes: int, actors: int, themes: int) -> None:
    """The large project, through the core (quotes stored as given by ``add_many``)."""
    from briefer.core.anchoring import context
    from briefer.core.records import Quote
    from briefer.core.store import Project

    rng = random.Random(13)
    project = Project.open(path)
    actor_ids = [project.codebook.add_actor(f"Actor {i:03d}", KINDS[i % 4]) for i in range(actors)]
    theme_ids = [project.codebook.add_theme(f"Theme {i:02d}", description=f"Reporting {i}.")
                 for i in range(themes)]
    per_doc = quotes // docs
    stamp = project.store.now()
    batch: list[Quote] = []
    for d in range(docs):
        sentences = [_sentence(rng, rng.randint(12, 40)) for _ in range(per_doc + 5)]
        text = "\n\n".join(sentences)
        doc_id = project.documents.add(
            text, title=f"Report {d:04d}: {_sentence(rng, 6)[:-1]}", outlet=f"Outlet {d % 37}",
            author=f"Author {d % 101}", date=f"2025-{1 + d % 12:02d}-{1 + d % 28:02d}",
            language="en")
        at = 0
        for s in sentences[:per_doc]:
            start = text.index(s, at)
            end = start + len(s)
            at = end
            prefix, suffix = context(text, start, end)
            batch.append(Quote(
                id=project.store.new_id(), doc_id=doc_id, start_cp=start, end_cp=end,
                exact=s, prefix=prefix, suffix=suffix, language="en",
                note=_sentence(rng, rng.randint(5, 20)) if rng.random() < 0.3 else "",
                starred=int(rng.random() < 0.1), created_at=stamp, updated_at=stamp,
                actor_ids=tuple(rng.sample(actor_ids, rng.randint(0, 3))),
                theme_ids=tuple(rng.sample(theme_ids, rng.choice((1, 1, 2))))))
        if len(batch) >= 5000:
            project.quotes.add_many(batch)
            batch = []
    project.quotes.add_many(batch)
    some = project.quotes.ids()[:: max(1, quotes // 40)]
    for i in range(8):
        project.judgments.add(f"Judgment {i + 1}: {_sentence(rng, 20)}",
                              ("low", "moderate", "high")[i % 3], some[i * 4:i * 4 + 4])
    project.settings.set(title="A year of reporting", analyst="Bench", marking="TLP:AMBER",
                         summary=_sentence(rng, 60))
    project.close()


def projects(tmp: Path) -> dict[str, Path]:
    """{"demo": …, "large": …}: the large one built once and cached across runs, keyed by
    its size; a copy of it is used."""
    from briefer.core.demo import load_demo
    from briefer.project import open_project

    cache = Path(tempfile.gettempdir()) / "briefer-bench-scale"
    cache.mkdir(exist_ok=True)
    # keyed by the schema too: a file a newer Briefer upgraded opens read-only in an older one
    from briefer.core.schema import SCHEMA_VERSION
    large = cache / f"scale-{DOCS}d-{QUOTES}q-{ACTORS}a-{THEMES}t-s{SCHEMA_VERSION}.briefer"
    if not large.exists():
        started = time.perf_counter()
        partial = large.with_suffix(".partial")
        for leftover in cache.glob(partial.name + "*"):
            leftover.unlink()
        build_large(partial, DOCS, QUOTES, ACTORS, THEMES)
        partial.rename(large)
        print(f"built {large} in {time.perf_counter() - started:.0f} s (once; not timed)")
    # The views' "tag one more quote" writes: each run works on a copy, so the cached
    # project keeps its size from run to run (figures comparable across runs).
    work = tmp / "large.briefer"
    with closing(sqlite3.connect(large)) as source, closing(sqlite3.connect(work)) as copy:
        source.backup(copy)
    demo = tmp / "demo.briefer"
    project = open_project(demo)
    load_demo(project)
    project.close()
    return {"demo": demo, "large": work}


# -- children: each figure in a new process ------------------------------------------------
def child(mode: str, path: str, runs: int, profile: str) -> None:
    """Runs in the child process; prints one JSON line."""
    import resource

    started = time.perf_counter()
    if mode == "bare":
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication, QMainWindow

        app = QApplication([])
        window = QMainWindow()
        window.resize(1280, 800)
        window.show()
        QTimer.singleShot(0, app.quit)
        app.exec()
        out = {"seconds": time.perf_counter() - started}
    elif mode == "start":
        from briefer.gui.shell.app import run

        if profile == "start":
            import cProfile
            import pstats

            prof = cProfile.Profile()
            prof.enable()
        run(["briefer", "--project", path], quit_after_shown=True)
        out = {"seconds": time.perf_counter() - started}
        if profile == "start":
            prof.disable()
            pstats.Stats(prof, stream=sys.stderr).sort_stats("cumulative").print_stats(30)
    else:
        out = _time_views(path, runs, profile)
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))


def _time_views(path: str, runs: int, profile: str) -> dict:
    import cProfile
    import pstats

    from PySide6.QtCore import QAbstractItemModel
    from PySide6.QtWidgets import QApplication

    from briefer.gui.quotes.commands import AddQuoteCommand
    from briefer.gui.quotes.quote_filter import QuoteFilter
    from briefer.gui.shell.app import create_app
    from briefer.gui.shell.mainwindow import MainWindow

    app = create_app(["briefer"])
    window = MainWindow()
    window.start(path)
    window.show()

    def idle() -> None:
        for _ in range(3):
            app.processEvents()
            QApplication.sendPostedEvents()

    idle()
    docks = window.docks
    library, quotes, matrix = docks["libraryDock"], docks["quotesDock"], docks["matrixDock"]
    for dock in (library, quotes, matrix):
        dock.show()
        dock.raise_()
    idle()
    project = window.hub.project
    doc_ids = [d.id for d in project.documents.list()][:runs]
    actor = project.codebook.actors()[0].id
    theme = project.codebook.themes()[0].id

    def type_filter() -> None:
        box = library.filter_box
        box.clear()
        for i in range(1, len(FILTER_KEYS) + 1):
            box.setText(FILTER_KEYS[:i])
            idle()
        box.clear()
        idle()

    def refresh_quotes() -> None:
        quotes.model.reload()
        idle()

    def search() -> None:
        quotes.model.set_filter(QuoteFilter(text=SEARCH))
        idle()
        quotes.model.set_filter(QuoteFilter())
        idle()

    def refresh_matrix() -> None:
        matrix.refresh()
        idle()

    tagged = iter(doc_ids * 3)

    def tag() -> None:
        doc = next(tagged)
        window.hub.push(AddQuoteCommand(window.hub, doc, 0, 40, actors=[actor], themes=[theme]))
        idle()

    resets = {"n": 0}
    for model in window.findChildren(QAbstractItemModel):
        model.modelReset.connect(lambda: resets.__setitem__("n", resets["n"] + 1))
        model.layoutChanged.connect(lambda: resets.__setitem__("n", resets["n"] + 1))

    ops = {"filter": type_filter, "quotes": refresh_quotes, "search": search,
           "matrix": refresh_matrix, "tag": tag}
    out: dict = {}
    for name, op in ops.items():
        times, cpus, reloads = [], [], []
        for _ in range(runs):
            resets["n"] = 0
            t, c = time.perf_counter(), time.process_time()
            op()
            times.append(time.perf_counter() - t)
            cpus.append(time.process_time() - c)
            reloads.append(resets["n"])
        out[name] = statistics.median(times)
        out[f"{name}_cpu"] = statistics.median(cpus)     # this process's CPU: less load-bound
        if name == "tag":
            out["tag_reloads"] = statistics.median(reloads)
        if name == profile:
            prof = cProfile.Profile()
            prof.enable()
            op()
            prof.disable()
            pstats.Stats(prof, stream=sys.stderr).sort_stats("cumulative").print_stats(30)
    for cpu in ("", "_cpu"):
        out[f"filter_per_key{cpu}"] = out[f"filter{cpu}"] / (len(FILTER_KEYS) + 1)
        out[f"search_each{cpu}"] = out.pop(f"search{cpu}") / 2
    window.close()
    return out


def run_child(mode: str, path: Path | str = "", runs: int = 1, profile: str = "") -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, __file__, "--child", mode, str(path),
                           "--runs", str(runs), "--profile", profile],
                          env=env, capture_output=True, text=True, timeout=1800)
    if proc.returncode != 0:
        raise SystemExit(f"{mode} failed:\n{proc.stderr[-3000:]}")
    if profile:
        print(proc.stderr, file=sys.stderr)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _cpu() -> float:
    """CPU seconds of this process and its waited-for children (wkhtmltopdf, pdftotext)."""
    import resource

    return sum(t for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
               for t in resource.getrusage(who)[:2])


#: Seconds a brief of so many quotes should take (a target is set for 1,000 quotes only).
BRIEF_TARGET = {1000: 10.0}


def time_briefs(path: Path, sizes: list[int], folder: Path) -> list[tuple]:
    """(quotes, engine, seconds, pages, time-out, CPU seconds) of briefs of about ``size``
    quotes (whole documents). CPU counts the engine's processes too: the machine may be
    shared, wall-clock time alone says little then."""
    from briefer.brief.compile import compile_brief
    from briefer.brief.model import BriefOptions
    from briefer.brief.wkhtml import brief_timeout, find_wkhtmltopdf
    from briefer.core.store import Project

    project = Project.open(path, read_only=True)
    docs = [d.id for d in project.documents.list()]
    per_doc = QUOTES // DOCS
    rows = []
    for size in sizes:
        options = BriefOptions(docs=docs[: max(1, size // per_doc)])
        for engine in (["wkhtmltopdf"] if find_wkhtmltopdf() else []) + ["qt"]:
            started, cpu = time.perf_counter(), _cpu()
            result = compile_brief(project, folder / f"scale-{size}-{engine}.pdf", options,
                                   engine=engine)
            rows.append((size, engine, time.perf_counter() - started, result.pages,
                         brief_timeout(size), _cpu() - cpu))
    project.close()
    return rows


def brief_line(size: int, engine: str, seconds: float, pages: int, timeout: float,
               cpu: float) -> str:
    """A row of ``time_briefs`` as printed: the target beside a brief of the size it is
    set for (``BRIEF_TARGET``), the time-out it gets beside the others."""
    line = f"brief of {size:,} quotes, {engine:11s} {seconds:6.1f} s {pages:5d} pages"
    if size in BRIEF_TARGET:
        target = BRIEF_TARGET[size]
        return line + (f"   target <= {target:.0f} s ({seconds / target:.2f} of it; "
                       f"CPU {cpu:.1f} s, {cpu / target:.2f})")
    return line + f"   (CPU {cpu:.1f} s; time-out {timeout:.0f} s)"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--briefs", default="1000,5000")
    parser.add_argument("--profile", default="")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PROJECT"))
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], args.child[1], args.runs, args.profile)
        return 0
    # Starts are timed from bytecode, as an installed or frozen app starts: with
    # PYTHONDONTWRITEBYTECODE set (as in CI shells) a tree without __pycache__ would
    # compile every module again in every child (0.3-0.9 s of each "start").
    compileall.compile_dir(str(ROOT / "briefer"), quiet=1)
    with tempfile.TemporaryDirectory(prefix="briefer-bench-scale-") as tmp:
        paths = projects(Path(tmp))
        if args.profile:
            run_child("start" if args.profile == "start" else "views", paths["large"],
                      args.runs, args.profile)
            return 0
        starts: dict[str, list[float]] = {"bare": [], "demo": [], "large": []}
        peaks: dict[str, float] = {}
        for _ in range(args.runs):                    # interleaved
            starts["bare"].append(run_child("bare")["seconds"])
            for name in ("demo", "large"):
                out = run_child("start", paths[name])
                starts[name].append(out["seconds"])
                peaks[f"start {name}"] = max(peaks.get(f"start {name}", 0), out["peak_mb"])
        views = {name: run_child("views", paths[name], args.runs) for name in ("demo", "large")}
        med = {k: statistics.median(v) for k, v in starts.items()}
        print(f"\nmedians of {args.runs} (large: {DOCS:,} documents, {QUOTES:,} quotes, "
              f"{ACTORS} actors, {THEMES} themes)")
        print(f"{'':28s}{'demo':>10s}{'large':>10s}   target")
        print(f"{'bare PySide6 window':28s}{med['bare']:>9.2f}s")
        print(f"{'start to idle window':28s}{med['demo']:>9.2f}s{med['large']:>9.2f}s"
              f"   large <= 2 s; demo <= 2x bare ({med['demo'] / med['bare']:.1f}x)")
        rows = (("library filter, 9 keys", "filter", "s", ""),
                ("  a key", "filter_per_key", "ms", "<= 200 ms"),
                ("quotes dock refresh", "quotes", "ms", "<= 200 ms"),
                ("full-text search", "search_each", "ms", "<= 200 ms"),
                ("matrix refresh", "matrix", "ms", "<= 200 ms"),
                ("tag one quote to idle", "tag", "ms", "<= 100 ms"),
                ("  views reloaded", "tag_reloads", "", ""),
                ("peak memory (views)", "peak_mb", "MB", "<= 200 MB"))
        for label, key, unit, target in rows:
            scale = 1000 if unit == "ms" else 1
            cells = "".join(f"{views[n][key] * scale:>9.{0 if unit in ('ms', 'MB', '') else 2}f}"
                            f"{unit[:1] if unit == 's' else ' '}" for n in ("demo", "large"))
            cpu = (f"   (CPU {views['demo'][key + '_cpu'] * 1000:.0f} / "
                   f"{views['large'][key + '_cpu'] * 1000:.0f} ms)"
                   if unit == "ms" and key + "_cpu" in views["large"] else "")
            print(f"{label:28s}{cells}   {target or ''}{cpu}")
        for name in ("demo", "large"):
            print(f"{'peak memory (start ' + name + ')':28s}{peaks[f'start {name}']:>9.0f} MB")
        sizes = [int(s) for s in args.briefs.split(",") if s.strip()]
        if sizes:
            print()
            for row in time_briefs(paths["large"], sizes, Path(tmp)):
                print(brief_line(*row))
            from briefer.brief.wkhtml import brief_timeout
            print(f"a 50,000-quote brief gets a time-out of {brief_timeout(50_000):.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
