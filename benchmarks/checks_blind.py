"""The checks on the frozen blind paraphrase suite: prints the confusion matrix per check, asserts nothing.

Usage: ``OMP_WAIT_POLICY=PASSIVE .venv/bin/python benchmarks/checks_blind.py [path]``
(default ``tests/blind/checks.yaml``; the gates are in ``tests/rules/test_blind_checks.py``). The suite is
frozen and never used to choose anything: run it after a change, do not tune on it.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    from tests.rules.blind import format_report, load_cases, run_suite, suite_path

    path = Path(sys.argv[1]) if len(sys.argv) > 1 else suite_path()
    started = time.perf_counter()
    report = run_suite(load_cases(path))
    print(f"suite: {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    print(format_report(report))
    for outcome in report.false_passes + report.false_fails:
        case = outcome.case
        expected = f"expected {case['expect']}, got {outcome.got}"
        print(f"  {case.get('id')}: {case['check']} ({case.get('fund')}) {expected}")
    print(f"\n{time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
