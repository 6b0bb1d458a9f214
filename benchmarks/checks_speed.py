"""Speed and memory of the eligibility checks: prints figures, asserts nothing.

Usage: ``OMP_WAIT_POLICY=PASSIVE .venv/bin/python benchmarks/checks_speed.py [--repeat 5]``
Runs every scenario of ``tests/rules/scenarios`` through all checks (all funds as the scenario says).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

import psutil
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    process = psutil.Process()
    rss_start = process.memory_info().rss

    started = time.perf_counter()
    from rules.checks import run_checks
    from rules.extract import extract_facts
    from rules.sketch import IdeaSketch

    extract_facts("Socialnämnden söker 450 tkr.")  # loads spaCy and the lemma table
    load_s = time.perf_counter() - started

    cases = []
    for path in sorted((ROOT / "tests/rules/scenarios").glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["scenarios"]:
            cases.append((IdeaSketch.model_validate(case["sketch"]), case.get("fund"), case.get("as_of")))

    timings = []
    for _ in range(args.repeat):
        for sketch, fund, as_of in cases:
            t0 = time.perf_counter()
            run_checks(sketch, fund=fund, as_of=as_of or date(2025, 6, 1))
            timings.append(time.perf_counter() - t0)
    timings.sort()
    long_text = IdeaSketch(description=("Vi vill utveckla en ny metod för unga. " * 250)[:10_000])
    t0 = time.perf_counter()
    run_checks(long_text)
    long_s = time.perf_counter() - t0

    print(f"load (spaCy pipeline, profiles): {load_s:.2f} s")
    print(f"scenarios: {len(cases)} x {args.repeat} runs of all 11 checks")
    print(f"run_checks mean: {statistics.mean(timings) * 1000:.1f} ms")
    print(f"run_checks p95:  {timings[int(len(timings) * 0.95)] * 1000:.1f} ms")
    print(f"run_checks max:  {timings[-1] * 1000:.1f} ms")
    print(f"10 000-character description: {long_s * 1000:.0f} ms")
    print(f"RSS growth: {(process.memory_info().rss - rss_start) / 2**20:.0f} MiB")


if __name__ == "__main__":
    main()
