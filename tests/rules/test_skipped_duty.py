"""A stated intent to skip a legal duty of a purchase is a warning, never a pass (retired blind suite v4,
k062: a 250 000 kr direct award where the user writes that no paper is needed passed with the documentation
duty in the explanation and no warning)."""

from __future__ import annotations

from datetime import date

import pytest

from rules.checks import run_checks
from rules.sketch import IdeaSketch

AS_OF = date(2026, 11, 23)


def _upphandling(description: str, value: int = 250_000, **actor: object) -> tuple[str, str]:
    sketch = IdeaSketch(
        title="Föreläsningar",
        applicant="Barn- och utbildningsnämnden",
        applicant_kind="nämnd",
        description=description,
        external_actors=[
            {
                "name": "Föreläsare",
                "service": "föreläsningsserie för lärare",
                "value_sek": value,
                "purchase_date": "2026-03-01",
                "social_service": False,
                "form": "direktupphandling",
                **actor,
            }
        ],
    )
    (result,) = run_checks(sketch, "sodertalje", as_of=AS_OF, only=["upphandling"])
    return result.status, result.explanation


@pytest.mark.parametrize(
    "description",
    [
        "Vi ringer upp föreläsaren och beställer, något papper behövs väl inte för en så liten summa.",
        "Köpet dokumenterar vi inte, det är ju under gränsen.",
        "Vi slipper dokumentera eftersom det är en direktupphandling.",
        "Beställningen görs muntligt, utan någon dokumentation.",
    ],
)
def test_skipping_the_documentation_of_a_direct_award_is_a_warning(description: str) -> None:
    status, explanation = _upphandling(description)
    assert status == "warn"
    assert "ska dokumenteras" in explanation and "hoppa över" in explanation


@pytest.mark.parametrize(
    "description",
    [
        "Vi delar upp uppdraget i två beställningar så att varje del hamnar under gränsen.",
        "Vi delar upp köpet i två delar så vi slipper upphandla.",
    ],
)
def test_splitting_a_purchase_to_stay_under_the_limit_is_a_warning(description: str) -> None:
    status, explanation = _upphandling(description, value=400_000)
    assert status == "warn"
    assert "får inte delas upp" in explanation


@pytest.mark.parametrize(
    "description",
    [
        "Vi begär offert från tre föreläsare och dokumenterar köpet.",
        "Inga andra köp av samma slag görs i år.",
    ],
)
def test_documenting_or_naming_no_other_purchases_is_no_skipped_duty(description: str) -> None:
    _status, explanation = _upphandling(description, value=95_000)
    assert "hoppa över" not in explanation and "får inte delas upp" not in explanation


def test_no_documentation_under_the_documentation_limit_is_no_skipped_duty() -> None:
    _status, explanation = _upphandling("Inget papper behövs för en så liten summa.", value=60_000)
    assert "hoppa över" not in explanation
