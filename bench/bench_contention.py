"""Write latency under contention: 1, 2 and 4 writer processes on one project file.

Each writer is its own process and adds quotes through Briefer's store (what the app and
the CLI do); the baseline is the same number of processes doing a bare ``sqlite3`` insert
of the same row in a ``BEGIN IMMEDIATE`` transaction on a copy of the same file. Prints the
median and 95th percentile per write, the ratio to the baseline, and how many writes failed
(the target is none: writers wait their turn).

    .venv/bin/python bench/bench_contention.py [--writes 100]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefer.core.store import Project  # noqa: E402
from briefer.paths import seed_files  # noqa: E402

BRIEFER = """
    import json, sys, time
    sys.path.insert(0, sys.argv[4])
    from briefer.core.store import Project
    p = Project.open(sys.argv[1])
    doc = p.documents.list()[0]["id"]
    n, tag = int(sys.argv[2]), sys.argv[3]
    p.quotes.add(doc, 0, 5)                      # warm: language profiles, statements
    sys.stdin.readline()
    times, failed = [], 0
    for i in range(n):
        t0 = time.perf_counter()
        try:
            p.quotes.add(doc, i % 400, i % 400 + 30, themes=[tag], note=f"{tag} {i}")
        except Exception:
            failed += 1
        times.append(time.perf_counter() - t0)
    print(json.dumps({"times": times, "failed": failed}))
"""

RAW = """
    import json, sqlite3, sys, time, uuid
    conn = sqlite3.connect(sys.argv[1], timeout=10, isolation_level=None)
    doc = conn.execute("SELECT id FROM documents LIMIT 1").fetchone()[0]
    n, tag = int(sys.argv[2]), sys.argv[3]
    sys.stdin.readline()
    times, failed = [], 0
    for i in range(n):
        t0 = time.perf_counter()
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO quotes (id, doc_id, start_cp, end_cp, exact, note, "
                         "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         (str(uuid.uuid4()), doc, i % 400, i % 400 + 30, "x" * 30, f"{tag} {i}",
                          "2026", "2026"))
            conn.execute("COMMIT")
        except Exception:
            failed += 1
            if conn.in_transaction:
                conn.execute("ROLLBACK")
        times.append(time.perf_counter() - t0)
    print(json.dumps({"times": times, "failed": failed}))
"""


def run(code: str, path: Path, writers: int, writes: int) -> tuple[list[float], int]:
    procs = [subprocess.Popen([sys.executable, "-c", textwrap.dedent(code), str(path), str(writes),
                               f"W{i}", str(ROOT)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True) for i in range(writers)]
    for p in procs:
        p.stdin.write("go\n")
        p.stdin.flush()
    times, failed = [], 0
    for p in procs:
        out, _ = p.communicate(timeout=600)
        data = json.loads(out.strip().splitlines()[-1])
        times += data["times"]
        failed += data["failed"]
    return times, failed


def p95(values: list[float]) -> float:
    return sorted(values)[int(0.95 * (len(values) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--writes", type=int, default=100, help="writes per process")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp) / "template.briefer"
        with Project.open(template) as p:
            p.documents.import_files(seed_files()[:1])
        print(f"{'writers':>7} {'briefer median':>15} {'p95':>8} {'raw median':>11} {'p95':>8} "
              f"{'ratio':>6} {'failed':>7}")
        for writers in (1, 2, 4):
            ours, raw = Path(tmp) / f"b{writers}.briefer", Path(tmp) / f"r{writers}.briefer"
            shutil.copy(template, ours)
            shutil.copy(template, raw)
            t_b, f_b = run(BRIEFER, ours, writers, args.writes)
            t_r, f_r = run(RAW, raw, writers, args.writes)
            med_b, med_r = statistics.median(t_b), statistics.median(t_r)
            print(f"{writers:>7} {med_b * 1000:>12.2f} ms {p95(t_b) * 1000:>5.1f} ms "
                  f"{med_r * 1000:>8.2f} ms {p95(t_r) * 1000:>5.1f} ms {med_b / med_r:>6.1f} "
                  f"{f_b:>4}/{f_r}")


if __name__ == "__main__":
    main()
