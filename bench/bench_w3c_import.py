"""Import of W3C Web Annotations: 2,000 and 20,000 generated annotations on one document.

Each annotation quotes one sentence of a ~2 MB generated English article (TextQuoteSelector with
prefix and suffix plus a TextPositionSelector), tags two actors (of 30) and one theme (of 12)
and has a note every other time: the shape of Briefer's own export, which gives each quote's
language. Prints the time of ``import_annotations`` (validation, anchoring and the one write
transaction) and the time per annotation; then the smallest size again without languages (as
Hypothesis exports come), where each quote's language is detected (langdetect, ~2-7 ms each).

    .venv/bin/python bench/bench_w3c_import.py [--sizes 2000 20000] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from briefer.core.store import Project  # noqa: E402
from briefer.core.w3c_import import import_annotations  # noqa: E402

WORDS = ["Pentagon", "Anthropic", "distillation", "guardrails", "export", "surveillance",
         "contract", "supply", "chain", "risk", "the", "and", "model", "analysts", "said",
         "officials", "weapons", "policy", "China", "chips", "would", "could", "were", "that"]


def generate(count: int, rng: random.Random) -> tuple[str, list[tuple[int, int]]]:
    """A document of ``count`` + 10 sentences and the spans of ``count`` of them."""
    sentences = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 16))).capitalize()
                 + f" (item {i})." for i in range(count + 10)]
    spans, pos = [], 0
    for s in sentences:
        spans.append((pos, pos + len(s)))
        pos += len(s) + 1
    return " ".join(sentences), rng.sample(spans, count)


def annotations(doc_id: str, text: str, spans, rng: random.Random, languages: bool) -> dict:
    actors = [f"Actor {i}" for i in range(30)]
    themes = [f"Theme {i}" for i in range(12)]
    items = []
    for n, (start, end) in enumerate(spans):
        body = [
            {"type": "TextualBody", "purpose": "tagging", "value": a, "briefer:tagType": "actor"}
            for a in rng.sample(actors, 2)
        ]
        body.append({"type": "TextualBody", "purpose": "tagging", "value": rng.choice(themes),
                     "briefer:tagType": "theme"})
        if n % 2:
            body.append({"type": "TextualBody", "purpose": "commenting",
                         "value": f"Note {n}: worth a second look.", "format": "text/plain"})
        items.append({
            "id": f"urn:uuid:{uuid.UUID(int=rng.getrandbits(128))}", "type": "Annotation",
            "created": "2026-03-01T12:00:00Z", "body": body,
            "target": {"type": "SpecificResource", **({"language": "en"} if languages else {}),
                       "source": {"id": f"urn:uuid:{doc_id}", "type": "Text"},
                       "selector": [{"type": "TextQuoteSelector", "exact": text[start:end],
                                     "prefix": text[max(0, start - 32):start],
                                     "suffix": text[end:end + 32]},
                                    {"type": "TextPositionSelector", "start": start, "end": end}]}})
    return {"type": "AnnotationCollection", "total": len(items),
            "first": {"type": "AnnotationPage", "items": items}}


def run(count: int, folder: Path, profile: bool, languages: bool = True) -> float:
    rng = random.Random(count)
    text, spans = generate(count, rng)
    with Project.open(folder / f"bench-{count}-{languages}.briefer") as project:
        doc_id = project.documents.add(text, title="Generated", language="en")
        data = annotations(doc_id, text, spans, rng, languages)
        profiler = cProfile.Profile() if profile else None
        start = time.perf_counter()
        if profiler:
            profiler.enable()
        report = import_annotations(project, data)
        if profiler:
            profiler.disable()
        elapsed = time.perf_counter() - start
        assert report.added == count, (report.added, report.skipped[:3], report.unanchored[:3])
        assert len(project.quotes.ids()) == count
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[2_000, 20_000])
    ap.add_argument("--profile", action="store_true", help="Print cProfile's top functions.")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for count in args.sizes:
            elapsed = run(count, Path(folder), args.profile)
            print(f"{count:>7,} annotations: {elapsed:7.2f} s  "
                  f"({elapsed / count * 1000:.2f} ms per annotation)")
        count = min(args.sizes)
        elapsed = run(count, Path(folder), args.profile, languages=False)
        print(f"{count:>7,} annotations without a target language (Hypothesis-style, detected): "
              f"{elapsed:7.2f} s ({elapsed / count * 1000:.2f} ms per annotation)")


if __name__ == "__main__":
    main()
