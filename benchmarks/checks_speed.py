"""Speed and memory of the eligibility checks: prints figures, asserts nothing.

Usage: ``OMP_WAIT_POLICY=PASSIVE .venv/bin/python benchmarks/checks_speed.py [--repeat 3]``

Runs every scenario of ``tests/rules/scenarios`` (each under the fund it names) through all eleven checks,
with the learned signal classifiers of ``rules/signals.py``, in three conditions:

- cold: no sentence vector and no classification cached, so the text is encoded with e5 inside the run;
- vectors given: the sentence vectors are already computed (as when search has encoded the message and shares
  the vector), the classifiers and the checks run;
- warm: the same sketch again (vectors and classifications cached).

The target of issue 8 is p95 < 20 ms for all checks on a sketch with the classifiers.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import psutil
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _caches() -> tuple[Callable[[], None], Callable[[], None]]:
    """Functions that empty the classification cache and the sentence-vector cache of rules.signals."""
    try:
        from rules import signals
    except ImportError:
        return (lambda: None), (lambda: None)
    sentence_cache: Any = getattr(signals, "_sentence_cache", None)
    vector_cache: Any = getattr(signals, "_vector_cache", None)
    return (
        (sentence_cache.clear if sentence_cache is not None else (lambda: None)),
        (vector_cache.clear if vector_cache is not None else (lambda: None)),
    )


def _report(name: str, timings: list[float]) -> None:
    timings = sorted(timings)
    p50 = timings[len(timings) // 2] * 1000
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))] * 1000
    print(
        f"{name:<44} n={len(timings):4d}  mean {statistics.mean(timings) * 1000:7.1f} ms  "
        f"p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  max {timings[-1] * 1000:7.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    process = psutil.Process()
    rss_start = process.memory_info().rss

    started = time.perf_counter()
    from rules.checks import run_checks
    from rules.sketch import IdeaSketch

    clear_classified, clear_vectors = _caches()
    run_checks(IdeaSketch(description="Socialnämnden söker 450 tkr för att pröva en ny metod."))
    load_s = time.perf_counter() - started

    cases = []
    for path in sorted((ROOT / "tests/rules/scenarios").glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["scenarios"]:
            cases.append((IdeaSketch.model_validate(case["sketch"]), case.get("fund"), case.get("as_of")))

    def run(sketch: IdeaSketch, fund: str | None, as_of: date | None) -> float:
        t0 = time.perf_counter()
        run_checks(sketch, fund=fund, as_of=as_of or date(2025, 6, 1))
        return time.perf_counter() - t0

    cold, given, warm = [], [], []
    for _ in range(args.repeat):
        for sketch, fund, as_of in cases:
            clear_classified()
            clear_vectors()
            cold.append(run(sketch, fund, as_of))
            clear_classified()  # the vectors stay: encoded before the run, as when shared with search
            given.append(run(sketch, fund, as_of))
            warm.append(run(sketch, fund, as_of))

    long_text = IdeaSketch(description=("Vi vill utveckla en ny metod för unga. " * 250)[:10_000])
    clear_classified()
    clear_vectors()
    t0 = time.perf_counter()
    run_checks(long_text)
    long_s = time.perf_counter() - t0

    print(f"load (spaCy pipeline, profiles, e5 model, classifiers): {load_s:.2f} s")
    print(f"scenarios: {len(cases)} sketches x {args.repeat} runs of all 11 checks (tests/rules/scenarios)")
    _report("cold (text encoded with e5 in the run)", cold)
    _report("vectors given (classifiers + checks)", given)
    _report("warm (same sketch again)", warm)
    print(f"10 000-character description, cold: {long_s * 1000:.0f} ms")
    print(f"RSS growth: {(process.memory_info().rss - rss_start) / 2**20:.0f} MiB")


if __name__ == "__main__":
    main()
