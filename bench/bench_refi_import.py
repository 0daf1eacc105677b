"""REFI-QDA import of a large generated ``.qdpx`` (another tool's file, quotes in German in
English documents, so each quote's language is detected): how long the import holds the
project's write lock against its whole time.

Placing selections and detecting languages happen before the write transaction, so other
windows and the command line can still write meanwhile. Prints the total seconds, the
seconds inside the transaction and their ratio. Target: the transaction under a quarter of
the whole (before, detection ran inside it: 11–27 s of 12–28 s for 2,000 quotes).

    .venv/bin/python bench/bench_refi_import.py [--sources 40] [--selections 50]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from briefer.core.refi_import import import_refi  # noqa: E402
from briefer.project import open_project  # noqa: E402

TARGET_RATIO = 0.25
PHRASES = ("Die Ministerin erklärte gestern Abend", "die Verhandlungen würden bald fortgesetzt",
           "laut Regierungskreisen in Berlin")


def make_qdpx(path: Path, sources: int, selections: int) -> Path:
    g = "{:08X}-0000-4000-8000-{:012X}".format
    codes = "".join(f'<Code guid="{g(1, n)}" name="Theme {n}" isCodable="true"/>'
                    for n in range(20))
    elements, files = [], {}
    for s in range(sources):
        text, sels = f"Report {s}. The English introduction of this source. ", []
        for k in range(selections):
            quote = f"{PHRASES[k % 3]}, {PHRASES[(k + s) % 3]} ({s}-{k})."
            start = len(text)
            text += quote + " And so the English text goes on. "
            sels.append(f'<PlainTextSelection guid="{g(3, s * 10_000 + k)}" name="{quote}" '
                        f'startPosition="{start}" endPosition="{start + len(quote)}">'
                        f'<Coding guid="{g(4, s * 10_000 + k)}"><CodeRef targetGUID='
                        f'"{g(1, k % 20)}"/></Coding></PlainTextSelection>')
        files[f"sources/{g(2, s)}.txt"] = text
        elements.append(f'<TextSource guid="{g(2, s)}" name="Source {s}" plainTextPath='
                        f'"internal://{g(2, s)}.txt">{"".join(sels)}</TextSource>')
    qde = (f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" '
           f'name="bench" origin="MAXQDA 24"><CodeBook><Codes>{codes}</Codes></CodeBook>'
           f'<Sources>{"".join(elements)}</Sources></Project>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("project.qde", qde)
        for name, text in files.items():
            zf.writestr(name, text)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=40)
    parser.add_argument("--selections", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        qdpx = make_qdpx(Path(tmp) / "bench.qdpx", args.sources, args.selections)
        ticks: list[float] = []
        with open_project(Path(tmp) / "bench.briefer", seed=False) as project:
            t0 = time.perf_counter()
            report = import_refi(project, qdpx,
                                 progress=lambda done, total: ticks.append(time.perf_counter()))
            total = time.perf_counter() - t0
    in_write = total - (ticks[args.sources - 1] - t0)
    ratio = in_write / total
    print(f"{report.quotes_added:,} quotes from {args.sources} sources: {total:.1f} s in all, "
          f"{in_write:.1f} s in the write transaction (ratio {ratio:.2f}; target < "
          f"{TARGET_RATIO})")
    return 0 if ratio < TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
