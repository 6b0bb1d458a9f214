"""Anchoring notes that say the head or the committee does not know yet are a warning with what to do, not
"unknown" (retired blind suite v4: "Förvaltningschefen är nog positiv, jag har inte hunnit fråga formellt",
"Min chef vet inte om det än och nämnden har inte hört nåt")."""

from __future__ import annotations

from datetime import date

import pytest

from rules.checks import run_checks
from rules.sketch import IdeaSketch


def _forankring(notes: str, fund: str = "sodertalje") -> tuple[str, str, str]:
    sketch = IdeaSketch(
        title="Läxhjälp",
        applicant="Barn- och utbildningsnämnden",
        applicant_kind="nämnd",
        anchoring_notes=notes,
    )
    (result,) = run_checks(sketch, fund, as_of=date(2026, 11, 23), only=["forankring"])
    return result.status, result.explanation, result.fix or ""


@pytest.mark.parametrize(
    "notes",
    [
        "Min chef vet inte om det än och nämnden har inte hört något.",
        "Kontorschefen har vi inte pratat med ännu.",
        "Förvaltningsdirektören och nämnden får information efter sommaren.",
    ],
)
def test_anchoring_not_done_yet_is_a_warning_that_says_what_to_do(notes: str) -> None:
    status, explanation, fix = _forankring(notes)
    assert status == "warn"
    assert explanation.startswith("Förankringen är inte klar än")
    assert "kontorschefen" in fix and "nämnden" in fix


def test_notes_that_only_say_it_is_anchored_do_not_pass_without_the_stated_answers() -> None:
    status, _explanation, _fix = _forankring("Chefen står bakom och nämnden informerades i mars.")
    assert status == "unknown"


def test_a_verdict_about_the_chief_and_the_committee_cites_the_anchoring_passages_first() -> None:
    """The chat shows a verdict's first two citations: about the chief and the nämnd they are the guideline
    passages on anchoring (PM 1.1, 1.4), not the rule on who may apply (tryout 5)."""
    sketch = IdeaSketch(
        title="Läxhjälp",
        applicant="Barn- och utbildningsnämnden",
        applicant_kind="nämnd",
        anchoring_notes="Min chef vet inte om det än.",
    )
    (result,) = run_checks(sketch, "sodertalje", as_of=date(2026, 11, 23), only=["forankring"])
    first_two = " ".join(c.quote or "" for c in result.citations[:2])
    assert "förankrade hos kontorschefer och nämnder" in first_two, result.citations[:2]
