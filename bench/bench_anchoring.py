"""UTF-16 offsets on a 10-million-character text (CJK, emoji, CRLF).

Prints the seconds to build a ``Utf16Map`` and to convert 10,000 random offsets there and
back, and the ratio to the same conversions done by encoding the prefix each time. Target:
build plus conversions under 3 s (this used to be a timed assertion in the unit tests).

    .venv/bin/python bench/bench_anchoring.py [--chars 10000000] [--lookups 10000]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from briefer.core.anchoring import Utf16Map  # noqa: E402

TARGET_S = 3.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=10_000_000)
    parser.add_argument("--lookups", type=int, default=10_000)
    args = parser.parse_args()
    text = ("Ascii text, 中文, emoji 😀 and 𝕋.\r\n" * (args.chars // 30 + 1))[:args.chars]
    rnd = random.Random(3)
    indexes = [rnd.randrange(len(text)) for _ in range(args.lookups)]

    t0 = time.perf_counter()
    m = Utf16Map(text)
    built = time.perf_counter() - t0
    assert all(m.from16(m.to16(i)) == i for i in indexes)
    total = time.perf_counter() - t0

    sample = indexes[:50]
    t1 = time.perf_counter()
    for i in sample:
        len(text[:i].encode("utf-16-le"))
    naive = (time.perf_counter() - t1) / len(sample) * len(indexes)

    print(f"Utf16Map on {len(text):,} characters: built in {built:.2f} s, "
          f"{len(indexes):,} round trips in {total - built:.3f} s, {total:.2f} s in all "
          f"(target < {TARGET_S:.0f} s: {'met' if total < TARGET_S else 'MISSED'})")
    print(f"encoding each prefix instead: {naive:.1f} s estimated "
          f"(ratio {naive / max(total, 1e-9):.0f}×)")
    return 0 if total < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
