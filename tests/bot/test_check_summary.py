"""The eligibility summary a user reads in the chat: counted checks are spelled in correct Swedish."""

from __future__ import annotations

import pytest

from actions.eligibility import results_messages
from rules.checks.base import CheckResult


def _unknown(n: int) -> CheckResult:
    return CheckResult(
        id=f"k{n}", title=f"Kontroll {n}", status="unknown", explanation="Uppgift saknas.", missing=["a", "b"]
    )


@pytest.mark.parametrize(("rest", "phrase"), [(1, "1 kontroll kan"), (2, "2 kontroller kan")])
def test_the_checks_not_yet_judged_are_counted_with_the_right_number(rest: int, phrase: str) -> None:
    # Checks that lack more than one fact are counted, not explained ("1 kontroller" was seen in tryout 5).
    lines = results_messages([_unknown(n) for n in range(rest)])
    assert any(line.startswith(phrase) for line in lines), lines
