"""The scenario suite: Swedish descriptions and sketches with the verdict each named check must give."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from rules.checks import run_checks
from rules.sketch import IdeaSketch

SCENARIO_DIR = Path(__file__).parent / "scenarios"
DEFAULT_AS_OF = date(2025, 6, 1)


def _scenarios():
    for path in sorted(SCENARIO_DIR.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["scenarios"]:
            yield pytest.param(case, id=f"{path.stem}: {case['name']}")


SCENARIOS = list(_scenarios())


def test_suite_is_large_enough() -> None:
    assert len(SCENARIOS) >= 45


@pytest.mark.parametrize("case", SCENARIOS)
def test_scenario(case: dict) -> None:
    sketch = IdeaSketch.model_validate(case["sketch"])
    as_of = case.get("as_of", DEFAULT_AS_OF)
    results = {
        r.id: r for r in run_checks(sketch, fund=case.get("fund"), as_of=as_of, only=list(case["expect"]))
    }
    for check_id, expected in case["expect"].items():
        got = results[check_id]
        assert got.status == expected, f"{check_id}: {got.status} ≠ {expected}: {got.explanation}"
        assert got.explanation.strip()
        if got.status == "unknown" and not got.missing:
            # an unknown without missing fields must at least ask a question in its fix
            assert got.fix
        if got.status in ("fail", "warn"):
            assert got.fix, f"{check_id}: no advice for a {got.status}"
        assert got.citations, f"{check_id}: no citation"
    for check_id, words in (case.get("says") or {}).items():
        text = results[check_id].explanation + " " + (results[check_id].fix or "")
        for word in words:
            assert word.replace(" ", "\u00a0") in text or word in text, (
                f"{check_id}: {word!r} not in {text!r}"
            )
