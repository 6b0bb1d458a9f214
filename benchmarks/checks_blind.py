"""The checks on a paraphrase suite: prints the confusion matrix per check, the false passes and the false
fails; asserts nothing.

Usage::

    OMP_WAIT_POLICY=PASSIVE .venv/bin/python benchmarks/checks_blind.py [--set PATH] [--part all|tune|heldout]

``--set`` defaults to the frozen blind suite ``tests/blind/checks.yaml`` (never used to choose anything: run
it after a change, do not tune on it; its report is ``tests/rules/test_blind_checks.py``). The retired suite
``tests/tuning/checks_s2.yaml`` is a tuning set; ``--part tune`` gives the two-thirds tuned on and ``--part
heldout`` the fixed random third set aside before tuning (``tests/rules/blind.py: heldout_ids``). Its gate is
``tests/rules/test_tuning_checks.py``. A path given without ``--set`` still works.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> None:
    from tests.rules.blind import PARTS, format_report, load_cases, part_of, run_suite, suite_path

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", type=Path, help="the suite (same as --set)")
    parser.add_argument("--set", dest="suite", type=Path, help="the suite (default: tests/blind/checks.yaml)")
    parser.add_argument(
        "--part", choices=PARTS, default="all", help="all cases, the tuning part or held-out, odd or even ids"
    )
    args = parser.parse_args(argv)
    path = args.suite or args.path or suite_path()
    started = time.perf_counter()
    cases = part_of(load_cases(path), args.part)
    report = run_suite(cases)
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    print(f"suite: {shown} (part: {args.part}, {len(cases)} cases)")
    print(format_report(report))
    for outcome in report.false_passes + report.false_fails:
        case = outcome.case
        expected = f"expected {case['expect']}, got {outcome.got}"
        print(f"  {case.get('id')}: {case['check']} ({case.get('fund')}) {expected}")
    print(f"\n{time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
