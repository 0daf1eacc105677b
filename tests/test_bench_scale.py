"""bench/bench_scale.py's lines for the briefs: the target (1,000 quotes in 10 s) is printed
beside the 1,000-quote rows only; the others show their time-out."""

from __future__ import annotations

import importlib.util
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench" / "bench_scale.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_scale", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_target_is_printed_only_where_it_applies():
    bench = _bench()
    small = bench.brief_line(1000, "qt", 8.7, 185, 120, 6.7)
    large = bench.brief_line(5000, "qt", 32.1, 736, 300, 22.8)
    assert "target <= 10 s" in small and "0.87 of it" in small
    assert "time-out 300 s" in large and "target" not in large and "10 s" not in large
