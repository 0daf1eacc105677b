"""Annotation writes and full-text search on 10,000 articles, against raw sqlite3.

Prints ms per write and ms per search for Briefer's store and for the same work done with
bare ``sqlite3`` calls on the same file, and their ratios. Targets: a write under 5 ms, a
search under 50 ms.

    .venv/bin/python bench/bench_store.py [--articles 10000] [--writes 500] [--searches 200]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from briefer.core.ids import now  # noqa: E402
from briefer.core.store import Project  # noqa: E402
from briefer.paths import seed_files  # noqa: E402

WORDS = ["Pentagon", "Anthropic", "DeepSeek", "distillation", "guardrails", "Hegseth", "export",
         "surveillance", "Claude", "MiniMax", "Beijing", "contract", "supply", "chain", "risk"]


def generate_articles(count: int, rng: random.Random) -> list[str]:
    paragraphs = [p for f in seed_files() for p in f.read_text(encoding="utf-8").split("\n")
                  if len(p) > 80]
    return ["\n".join(rng.sample(paragraphs, 12)) + f"\nArticle number {i}." for i in range(count)]


def build(path: Path, articles: list[str]) -> Project:
    project = Project.open(path)
    with project.db.atomic():
        for i, text in enumerate(articles):
            project.documents.add(text, title=f"Article {i}", language="en", date="2026-02-01")
    return project


def time_ms(fn, repeat: int) -> float:
    times = []
    for i in range(repeat):
        start = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--writes", type=int, default=500)
    ap.add_argument("--searches", type=int, default=200)
    args = ap.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        project = build(Path(tmp) / "bench.briefer", generate_articles(args.articles, rng))
        size_mb = project.path.stat().st_size / 1e6
        took = time.perf_counter() - started
        print(f"set-up: {args.articles} articles, {size_mb:.0f} MB, {took:.1f} s")
        docs = [(d["id"], d["chars"]) for d in project.documents.list()]
        for name in ("Anthropic", "Pentagon", "DeepSeek"):
            project.codebook.add_actor(name)
        for name in ("Safety", "Distillation"):
            project.codebook.add_theme(name)

        def briefer_write(i):
            doc_id, chars = docs[i % len(docs)]
            start = rng.randrange(0, chars - 120)
            project.quotes.add(doc_id, start, start + 100, actors=["Anthropic", "Pentagon"],
                              themes=["Safety"], note=f"note {i}")

        raw = sqlite3.connect(project.path, timeout=10, isolation_level=None)
        actor_ids = [r[0] for r in raw.execute("SELECT id FROM actors LIMIT 2")]
        theme_id = raw.execute("SELECT id FROM themes LIMIT 1").fetchone()[0]
        texts = {}

        def raw_write(i):
            doc_id, chars = docs[(i * 7) % len(docs)]
            if doc_id not in texts:  # reading the text is part of anchoring: count it once
                texts[doc_id] = raw.execute("SELECT text FROM documents WHERE id = ?",
                                            [doc_id]).fetchone()[0]
            text, start = texts[doc_id], rng.randrange(0, chars - 120)
            qid, stamp = str(uuid.uuid4()), now()
            raw.execute("BEGIN")
            raw.execute("INSERT INTO quotes (id, doc_id, start_cp, end_cp, exact, prefix, suffix, "
                        "language, note, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                        [qid, doc_id, start, start + 100, text[start:start + 100],
                         text[max(0, start - 32):start], text[start + 100:start + 132], "en",
                         f"note {i}", stamp, stamp])
            raw.executemany("INSERT INTO quote_actors VALUES (?, ?)", [(qid, a) for a in actor_ids])
            raw.execute("INSERT INTO quote_themes VALUES (?, ?)", [qid, theme_id])
            raw.execute("COMMIT")

        queries = [" ".join(rng.sample(WORDS, 2)) for _ in range(args.searches)]

        def briefer_search(i):
            project.documents.search(queries[i], limit=50)

        def raw_search(i):
            raw.execute(
                "SELECT d.id, d.title FROM documents_fts f JOIN documents d ON d.rowid = f.rowid "
                "WHERE documents_fts MATCH ? ORDER BY f.rank LIMIT 50",
                [" ".join(f'"{w}"' for w in queries[i].split())],
            ).fetchall()

        def briefer_quote_search(i):
            project.quotes.list(search=queries[i].split()[0])

        w_b, w_r = time_ms(briefer_write, args.writes), time_ms(raw_write, args.writes)
        s_b, s_r = time_ms(briefer_search, args.searches), time_ms(raw_search, args.searches)
        q_b = time_ms(briefer_quote_search, 50)
        print(f"annotation write : briefer {w_b:6.2f} ms   raw sqlite3 {w_r:6.2f} ms   "
              f"ratio {w_b / w_r:5.1f}   target < 5 ms: {'met' if w_b < 5 else 'MISSED'}")
        print(f"document search  : briefer {s_b:6.2f} ms   raw sqlite3 {s_r:6.2f} ms   "
              f"ratio {s_b / s_r:5.1f}   target < 50 ms: {'met' if s_b < 50 else 'MISSED'}")
        print(f"quote search ({len(project.quotes.list())} quotes, with tags): {q_b:6.2f} ms")
        raw.close()
        project.close()


if __name__ == "__main__":
    main()
