"""Time the brief of a big project: 200 documents, 1,000 quotes, with each PDF engine.

    .venv/bin/python bench/bench_brief.py [--quotes 1000] [--docs 200] [--keep DIR]
        [--engine wkhtmltopdf|qt|weasyprint|docx|long-title ...]

Builds the project in a temporary folder (not timed), then compiles its brief with
wkhtmltopdf (when installed), with the built-in Qt engine and with WeasyPrint (when
installed), writes its Word copy, and prints the seconds, the pages and the ratio to the
10 s target (for WeasyPrint also the CPU seconds, its three stages, how many times it laid
the brief out, and which library
subset the fonts); for wkhtmltopdf and Qt also what the navigation costs (a second
typesetting pass only if a list of pages is too long for its row, finding headings, citations
and page-number placeholders: in wkhtmltopdf's text layer, in the Qt engine's layout; the
numbers, outline and links) and, for Qt, the page-break pass (``qt_pages.keep_together``, as
``qt_engine`` calls it), and for each its CPU seconds; then once more with a 10,000-character
title (Chinese in it). Exit status 1 if an export misses the target.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from briefer.brief import compile as compiling  # noqa: E402
from briefer.brief import navigation, qt_engine  # noqa: E402
from briefer.brief.compile import compile_brief  # noqa: E402
from briefer.brief.docx_export import write_docx  # noqa: E402
from briefer.brief.build import build_brief  # noqa: E402
from briefer.brief.model import BriefOptions  # noqa: E402
from briefer.brief.wkhtml import find_wkhtmltopdf  # noqa: E402
from briefer.core.store import Project  # noqa: E402

TARGET_S = 10.0
ALL_ENGINES = ("wkhtmltopdf", "qt", "weasyprint", "docx", "long-title")
WORDS = ("the ministry said sanctions export controls would tighten as negotiators met in "
         "Geneva while analysts expected a cautious response from regional partners and "
         "markets reacted to reports of new restrictions on advanced chips and cloud access"
         ).split()
CHINESE = ["贼喊捉贼", "心智观察所认为", "美国政府的压力", "成年禮", "出口管制", "人工智能安全"]
KINDS = ("person", "organisation", "state", "media")
ACTORS = [(f"Actor {i:02d}", KINDS[i % 4]) for i in range(24)]
THEMES = ["Export controls", "Military use", "Distillation", "Domestic politics",
          "Industry dynamics", "Chinese reactions", "Safety policy", "Source reliability"]


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    if rng.random() < 0.2:
        text += f" ({rng.choice(CHINESE)})"
    return text[0].upper() + text[1:] + "."


def build(path: Path, docs: int, quotes: int, seed: int = 7) -> Project:
    rng = random.Random(seed)
    project = Project.open(path)
    for name, kind in ACTORS:
        project.codebook.add_actor(name, kind)
    for name in THEMES:
        project.codebook.add_theme(name, description=f"Reporting on {name.lower()}.")
    per_doc = quotes // docs
    quote_ids = []
    for d in range(docs):
        sentences = [sentence(rng, rng.randint(12, 40)) for _ in range(per_doc + 3)]
        text = "\n\n".join(sentences)
        doc_id = project.documents.add(
            text, title=f"Report {d:03d}: {sentence(rng, 6)[:-1]}", outlet=f"Outlet {d % 17}",
            author=f"Author {d % 29}", date=f"2025-{1 + d % 12:02d}-{1 + d % 28:02d}",
            language="en")
        for s in sentences[:per_doc]:
            start = text.index(s)
            quote_ids.append(project.quotes.add(
                doc_id, start, start + len(s),
                actors=[a for a, _ in rng.sample(ACTORS, rng.randint(0, 3))],
                themes=rng.sample(THEMES, rng.choice((1, 1, 1, 2))),
                note=sentence(rng, rng.randint(5, 25)) if rng.random() < 0.4 else "",
                starred=rng.random() < 0.1))
    for i in range(8):
        project.judgments.add(f"Judgment {i + 1}: {sentence(rng, 20)}",
                             ("low", "moderate", "high")[i % 3], rng.sample(quote_ids, 4))
    project.settings.set(title="Benchmark brief", analyst="Bench", marking="TLP:AMBER",
                         summary=sentence(rng, 60) + "\n\n- " + sentence(rng, 15) + "\n- "
                         + sentence(rng, 15))
    return project


class Stopwatch:
    """Seconds spent in named functions of a module while a brief compiles (patched)."""

    def __init__(self):
        self.calls: dict[str, list[float]] = {}
        self._undo = []

    def watch(self, module, name: str) -> None:
        original = getattr(module, name)

        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.calls.setdefault(name, []).append(time.perf_counter() - started)
        setattr(module, name, timed)
        self._undo.append((module, name, original))

    def restore(self) -> None:
        for module, name, original in reversed(self._undo):
            setattr(module, name, original)

    def navigation(self) -> float:
        """A second typesetting pass (only when a list of pages overflows its row), finding
        where things landed (wkhtmltopdf: in the PDF's text layer; Qt: in its layout, and
        the pages its stamp mends), placing the page numbers, the outline and links."""
        typeset = self.calls.get("_typeset", [])
        return sum(sum(self.calls.get(name, [])) for name in (
            "_locate", "read_positions", "straddled", "_numbers", "add_navigation")) \
            + sum(typeset[1:])

    def typeset_runs(self) -> int:
        return len(self.calls.get("_typeset", []))


def cpu_seconds() -> float:
    """CPU seconds of this process and its waited-for children (wkhtmltopdf, pdftotext)."""
    import resource

    return sum(t for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
               for t in resource.getrusage(who)[:2])


def report(name: str, seconds: float, extra: str) -> bool:
    print(f"{name:12s} {seconds:6.2f} s  {extra}  {seconds / TARGET_S:5.2f} × the "
          f"{TARGET_S:g} s target" + ("  MISSED" if seconds > TARGET_S else ""))
    return seconds > TARGET_S


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quotes", type=int, default=1000)
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--keep", type=Path, help="write the PDFs into this folder")
    parser.add_argument("--engine", action="append", choices=ALL_ENGINES,
                        help="time only this export (repeat for several; default: all)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="briefer-bench-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        project = build(Path(tmp) / "bench.briefer", args.docs, args.quotes)
        print(f"built {args.docs} documents, {len(project.quotes.list())} quotes "
              f"in {time.perf_counter() - started:.1f} s (not timed)")
        wanted = set(args.engine or ALL_ENGINES)
        engines = (["wkhtmltopdf"] if find_wkhtmltopdf() else []) + ["qt"]
        missed = False
        for engine in [e for e in engines if e in wanted]:
            watch = Stopwatch()
            for name in ("_typeset", "_locate", "_numbers"):
                watch.watch(compiling, name)
            watch.watch(navigation, "add_navigation")
            for name in ("keep_together", "read_positions", "straddled"):
                watch.watch(qt_engine, name)
            started, cpu = time.perf_counter(), cpu_seconds()
            try:
                result = compile_brief(project, folder / f"bench-{engine}.pdf", BriefOptions(),
                                       engine=engine)    # time-out: 60 s + 0.02 s a quote
            finally:
                watch.restore()
            seconds = time.perf_counter() - started
            missed |= report(engine, seconds, f"{result.pages:4d} pages")
            pushes = watch.calls.get("keep_together", [])
            print(f"{'':12s} CPU {cpu_seconds() - cpu:5.2f} s, typeset {watch.typeset_runs()}×, "
                  f"navigation {watch.navigation():5.2f} s"
                  + (f", page-break pass {sum(pushes):5.2f} s" if pushes else ""))
        if "wkhtmltopdf" not in engines and "wkhtmltopdf" in wanted:
            print("wkhtmltopdf   not installed: skipped")
        if "weasyprint" not in wanted:
            pass
        elif compiling_weasy_available():
            import weasyprint

            from briefer.brief.weasy import fast_subsetting

            watch = Stopwatch()
            watch.watch(weasyprint.HTML, "__init__")
            watch.watch(weasyprint.HTML, "render")
            watch.watch(weasyprint.Document, "write_pdf")
            started, cpu = time.perf_counter(), time.process_time()
            try:
                result = compile_brief(project, folder / "bench-weasyprint.pdf",
                                       BriefOptions(), engine="weasyprint",
                                       pdf_variant="pdf/ua-1")
            finally:
                watch.restore()
            missed |= report("weasyprint", time.perf_counter() - started,
                             f"{result.pages:4d} pages")
            spent = {name: sum(times) for name, times in watch.calls.items()}
            print(f"{'':12s} CPU {time.process_time() - cpu:5.1f} s; parsing the HTML "
                  f"{spent.get('__init__', 0):5.2f} s, styles and layout "
                  f"{spent.get('render', 0):5.2f} s (typeset "
                  f"{len(watch.calls.get('render', []))}×), drawing, tagging and writing the PDF "
                  f"{spent.get('write_pdf', 0):5.2f} s; fonts subset with "
                  + ("HarfBuzz" if fast_subsetting() else "fontTools (no libharfbuzz-subset)"))
        else:
            print("weasyprint    not installed: skipped")
        if "docx" in wanted:
            started = time.perf_counter()
            write_docx(build_brief(project, BriefOptions()), folder / "bench.docx")
            size = (folder / "bench.docx").stat().st_size
            missed |= report("docx", time.perf_counter() - started, f"{size / 1e6:4.1f} MB ")
        if "long-title" not in wanted:
            project.close()
            return 1 if missed else 0
        # A 10,000-character title with Chinese in it: the stamp measures it once per
        # brief and embeds a CJK subset font (was: trimmed a character at a time per page).
        title = "关心 " + "long title " * 909
        started = time.perf_counter()
        result = compile_brief(project, folder / "bench-long-title.pdf",
                               BriefOptions(title=title), engine=engines[0])
        seconds = time.perf_counter() - started
        print(f"{'long title':12s} {seconds:6.2f} s  {result.pages:4d} pages  "
              f"({len(title):,}-character CJK title, {engines[0]})")
        project.close()
    return 1 if missed else 0


def compiling_weasy_available() -> bool:
    from briefer.brief.weasy import available

    return available()


if __name__ == "__main__":
    sys.exit(main())
