"""What the free description says, read by the checks (session 6, the retired blind checks set v5):

- a stated field that the description contradicts gives at most a warning that quotes the sentence (v5's two
  false passes: stated repayment years against "tidigast från år 7", stated "Bara i egen verksamhet" against
  savings at socialnämnden), and a description that agrees leaves the pass;
- where the savings arise and who takes part, the implementation plan, the evaluation and the knowledge base
  are read out of a description (inferred: a warning with the sentence to confirm, never a pass) instead of
  "unknown";
- a sentence saying nothing is bought agrees with a stated "no external actors", while a purchase in another
  clause still puts the pass in doubt;
- repayment in calendar years is checked against a window counted from the project's end, and a plan that
  declines an external evaluator is a warning.

The sentences are our own, not the cases of the set.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from rules.checks import run_checks
from rules.sketch import IdeaSketch

AS_OF = date(2026, 11, 23)


def _run(check: str, fund: str = "sodertalje", **fields: Any) -> tuple[str, str]:
    sketch = IdeaSketch(title="Idé", applicant="Barn- och utbildningsnämnden", **fields)
    (result,) = run_checks(sketch, fund, as_of=AS_OF, only=[check])
    return result.status, result.explanation


def test_stated_repayment_years_contradicted_by_the_description_are_a_warning_that_quotes_it() -> None:
    status, text = _run(
        "aterforing",
        repayment_start_years=2,
        repayment_years=3,
        description="Ärligt talat börjar återbetalningen tidigast från år 8.",
    )
    assert status == "warn"
    assert "tidigast från år 8" in text and "stämmer inte" in text


def test_a_description_that_agrees_with_the_repayment_years_leaves_the_pass() -> None:
    status, _ = _run(
        "aterforing",
        repayment_start_years=3,
        repayment_years=4,
        description="Återbetalningen börjar år 3 och pågår i fyra år.",
    )
    assert status == "pass"


def test_savings_stated_as_own_but_named_at_another_committee_in_the_description_are_a_warning() -> None:
    status, text = _run(
        "samverkan",
        savings_elsewhere="Endast i vår egen verksamhet",
        description="Det som sparas mest är att socialnämnden slipper kostsamma placeringar.",
    )
    assert status == "warn"
    assert "socialnämnden slipper" in text


def test_savings_stated_as_own_and_said_so_again_pass() -> None:
    status, _ = _run(
        "samverkan",
        savings_elsewhere="Bara i egen verksamhet",
        description="Besparingen stannar i vår egen verksamhet.",
    )
    assert status == "pass"


def test_savings_and_cooperation_read_from_the_description_are_a_warning_not_unknown() -> None:
    status, text = _run(
        "samverkan",
        description=(
            "Kostnaderna minskar framför allt hos socialförvaltningen. Socialförvaltningen deltar i "
            "styrgruppen från start."
        ),
    )
    assert status == "warn"
    assert "inte är bekräftade" in text


@pytest.mark.parametrize(
    ("check", "description"),
    [
        (
            "implementering",
            "Om det fungerar tar skolhälsan över arbetssättet i ordinarie verksamhet från 2030.",
        ),
        ("utvardering", "Mälardalens universitet ska följa och utvärdera insatsen med en jämförelsegrupp."),
        ("kunskapsbas", "Metoden bygger på en randomiserad studie (Andersson 2019) om tidigt läsinlärning."),
    ],
)
def test_an_answer_given_in_the_description_is_read_as_a_warning_to_confirm(
    check: str, description: str
) -> None:
    status, _ = _run(check, description=description)
    assert status == "warn"


def test_a_description_that_ends_the_work_with_the_project_is_a_warning_not_unknown() -> None:
    status, text = _run(
        "implementering", description="Projektet pågår i två år. Vi har inga planer på att fortsätta."
    )
    assert status == "warn"
    assert "inte ska fortsätta" in text


def test_nothing_bought_agrees_with_no_external_actors() -> None:
    status, _ = _run(
        "upphandling",
        external_actors=[],
        description="Allt sköts av vår egen personal, vi köper inga tjänster av någon annan.",
    )
    assert status == "pass"


def test_a_purchase_in_another_clause_still_doubts_no_external_actors() -> None:
    status, _ = _run(
        "upphandling",
        external_actors=[],
        description="Vi anlitar ett konsultföretag men betalar inte förrän i vår.",
    )
    assert status == "warn"


def test_repayment_in_calendar_years_beyond_ten_years_after_the_end_fails_in_sundsvall() -> None:
    status, text = _run(
        "aterforing",
        fund="sundsvall",
        start_date="2027-01-01",
        end_date="2028-12-31",
        repayment_plan="Vi betalar tillbaka 2031–2041.",
    )
    assert status == "fail"
    assert "2041" in text and "13 år" in text


def test_repayment_in_calendar_years_within_the_window_is_not_failed() -> None:
    status, _ = _run(
        "aterforing",
        fund="sundsvall",
        start_date="2027-01-01",
        end_date="2028-12-31",
        repayment_plan="Vi betalar tillbaka 2030–2034.",
    )
    assert status != "fail"


def test_a_plan_that_declines_an_external_evaluator_is_a_warning_that_says_the_requirement() -> None:
    status, text = _run(
        "utvardering",
        evaluation="Vi mäter med ett standardiserat formulär före och efter, ingen extern utvärderare "
        "behövs.",
    )
    assert status in ("warn", "fail")
    assert "extern" in text
