"""The runner for the frozen blind paraphrase suite of the checks (``tests/blind/checks.yaml``).

Written from the suite's schema only; the data is never read to choose anything. Each case is
``{id, fund, check, sketch: {IdeaSketch fields}, expect: pass|fail|warn|unknown, acceptable: [...], why}``
and is run as ``run_checks(IdeaSketch(**sketch), fund, as_of=2026-11-23, only=[check])``: the fields given
in ``sketch`` count as stated, the ``description`` is free text (inferred).

Used by ``tests/rules/test_blind_checks.py`` (the gates) and ``benchmarks/checks_blind.py`` (the confusion
matrix per check). ``FOND_BLIND_CHECKS`` points to another file of the same schema.
"""

from __future__ import annotations

import os
import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from rules.checks import run_checks
from rules.sketch import IdeaSketch

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_FILE = ROOT / "tests" / "blind" / "checks.yaml"
AS_OF = date(2026, 11, 23)
"""The fixed date every case is judged as of."""
VERDICTS = ("pass", "warn", "unknown", "fail")
MAX_FALSE_FAIL = 0.05


TUNING_FILE = ROOT / "tests" / "tuning" / "checks_s2.yaml"
"""The previous blind suite (session 2), seen and retired to tuning: a gate in ``make test``."""
HELDOUT_SEED = 20261123
PARTS = ("all", "tune", "heldout", "odd", "even")


def heldout_ids(cases: list[dict[str, Any]]) -> set[str]:
    """A fixed random third of a retired suite's case ids, set aside before tuning and looked at only at the
    end (``random.Random(HELDOUT_SEED).sample`` over the ids in file order)."""
    ids = [str(c.get("id")) for c in cases]
    return set(random.Random(HELDOUT_SEED).sample(ids, len(ids) // 3))


def part_of(cases: list[dict[str, Any]], part: str) -> list[dict[str, Any]]:
    """``all`` cases, the ``tune`` two-thirds or the ``heldout`` third; ``odd``/``even``: the cases whose id
    ends in an odd or even number (the v3 suite, ids ``k001``…: tuned on the odd ids, the even ones looked at
    at the end)."""
    if part == "all":
        return cases
    if part in ("odd", "even"):
        return [c for c in cases if _id_number(c) is not None and (_id_number(c) or 0) % 2 == (part == "odd")]
    held = heldout_ids(cases)
    return [c for c in cases if (str(c.get("id")) in held) == (part == "heldout")]


def _id_number(case: dict[str, Any]) -> int | None:
    digits = re.search(r"(\d+)$", str(case.get("id") or ""))
    return int(digits.group(1)) if digits else None


def suite_path() -> Path:
    return Path(os.environ.get("FOND_BLIND_CHECKS") or DEFAULT_FILE)


@dataclass
class Outcome:
    case: dict[str, Any]
    got: str | None
    """The verdict, or None when the case's sketch is not a valid IdeaSketch (``error`` says why)."""
    error: str | None = None

    @property
    def allowed(self) -> set[str]:
        return {self.case["expect"], *(self.case.get("acceptable") or [])}

    @property
    def false_pass(self) -> bool:
        """Got ``pass`` on a case that should fail, warn or stay unknown."""
        return self.got == "pass" and "pass" not in self.allowed

    @property
    def false_fail(self) -> bool:
        return self.got == "fail" and "fail" not in self.allowed

    @property
    def correct(self) -> bool:
        return self.got in self.allowed


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def judged(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.got is not None]

    @property
    def invalid(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.got is None]

    @property
    def false_passes(self) -> list[Outcome]:
        return [o for o in self.judged if o.false_pass]

    @property
    def false_fails(self) -> list[Outcome]:
        return [o for o in self.judged if o.false_fail]

    def false_fail_rate(self) -> float:
        return len(self.false_fails) / len(self.judged) if self.judged else 0.0

    def confusion(self) -> dict[str, Counter[tuple[str, str]]]:
        """Per check: (expected, got) -> count."""
        table: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
        for o in self.judged:
            table[o.case["check"]][(o.case["expect"], o.got or "")] += 1
        return dict(table)


def load_cases(path: Path | None = None) -> list[dict[str, Any]]:
    """The cases; raises FileNotFoundError with a clear message when the suite is missing."""
    path = path or suite_path()
    if not path.exists():
        raise FileNotFoundError(
            f"The blind paraphrase suite {path} does not exist. It is written by another helper from the "
            "schema {id, fund, check, sketch, expect, acceptable, why}; add it (frozen) before running this "
            "test."
        )
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    cases = data.get("cases", data) if isinstance(data, dict) else data
    if not isinstance(cases, list) or not cases:
        raise ValueError(f"{path} holds no cases (expected a YAML list of cases).")
    return cases


def run_suite(cases: list[dict[str, Any]]) -> Report:
    report = Report()
    for case in cases:
        try:
            sketch = IdeaSketch(**(case.get("sketch") or {}))
        except ValidationError as exc:
            report.outcomes.append(Outcome(case, None, error=str(exc).splitlines()[0]))
            continue
        (result,) = run_checks(sketch, case.get("fund"), as_of=AS_OF, only=[case["check"]])
        report.outcomes.append(Outcome(case, result.status))
    return report


def format_report(report: Report) -> str:
    lines: list[str] = []
    total = len(report.judged)
    correct = sum(o.correct for o in report.judged)
    lines.append(
        f"{total} cases judged as of {AS_OF.isoformat()}: {correct} within expect/acceptable "
        f"({correct / total:.0%})"
        if total
        else "no cases judged"
    )
    lines.append(f"false pass (expected fail/warn/unknown, got pass): {len(report.false_passes)}  (gate: 0)")
    lines.append(
        f"false fail (got fail, fail not allowed): {len(report.false_fails)} = {report.false_fail_rate():.1%}"
        f"  (gate: <= {MAX_FALSE_FAIL:.0%})"
    )
    if report.invalid:
        lines.append(f"{len(report.invalid)} cases with a sketch that is not a valid IdeaSketch (not judged)")
    header = "expect \\ got".ljust(14) + "".join(v.rjust(9) for v in VERDICTS)
    for check, table in sorted(report.confusion().items()):
        n = sum(table.values())
        lines.append("")
        lines.append(f"{check} ({n} cases)")
        lines.append(header)
        for expect in VERDICTS:
            row = [table.get((expect, got), 0) for got in VERDICTS]
            if any(row):
                lines.append(expect.ljust(14) + "".join(str(x).rjust(9) for x in row))
    return "\n".join(lines)
