"""Annotation write (quote + 2 actors + 1 theme, committed) on a 10 KB and a 10 MB document.

    .venv/bin/python bench/bench_write.py [--runs 40] [--profile]

The write reads only the span and its context (one piece of the text, ``core/chunks.py``)
and asks langdetect only when the quote is not plainly its document's language, so both
medians should be alike and < 5 ms (issue #13).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

WORDS = ("the ministry said sanctions export controls would tighten as negotiators met in "
         "Geneva while analysts expected a cautious response from regional partners").split()


def text(rng: random.Random, size: int) -> str:
    out, n = [], 0
    while n < size:
        sentence = " ".join(rng.choice(WORDS) for _ in range(20)).capitalize() + ". "
        out.append(sentence)
        n += len(sentence)
    return "".join(out)


def main() -> None:
    from briefer.core import textlang
    from briefer.core.store import Project

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    textlang.warm_up()
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as tmp:
        project = Project.open(Path(tmp) / "write.briefer")
        docs = {"10 KB": (project.documents.add(text(rng, 10_000), title="small", language="en"),
                          9_000),
                "10 MB": (project.documents.add(text(rng, 10_000_000), title="big",
                                                language="en"), 9_000_000)}
        for name, (doc, last) in docs.items():
            times = []
            for _ in range(args.runs):
                start = rng.randrange(0, last)
                began = time.perf_counter()
                project.quotes.add(doc, start, start + 120, actors=["Actor 1", "Actor 2"],
                                   themes=["Theme 1"])
                times.append(time.perf_counter() - began)
            median = statistics.median(times) * 1000
            print(f"annotation write, {name} document: median {median:.2f} ms"
                  f" (p90 {sorted(times)[int(len(times) * 0.9)] * 1000:.2f} ms)   target < 5 ms")
        if args.profile:
            prof = cProfile.Profile()
            prof.enable()
            for _ in range(20):
                start = rng.randrange(0, 9_000_000)
                project.quotes.add(docs["10 MB"][0], start, start + 120, actors=["Actor 1"])
            prof.disable()
            pstats.Stats(prof, stream=sys.stderr).sort_stats("cumulative").print_stats(20)
        project.close()


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    main()
