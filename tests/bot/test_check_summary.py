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


@pytest.mark.parametrize("form_active", [True, False])
def test_checks_in_the_form_do_not_tell_the_user_to_start_an_idea_sketch(domain, form_active: bool) -> None:
    """Inside the idéskiss form the way forward is the form itself; outside it, the idéskiss is offered."""
    from actions.eligibility import ActionRunChecks
    from tests.bot.conftest import make_tracker, run_action

    tracker = make_tracker(
        "Vi vill pröva en ny metod för läsinlärning i årskurs 1.",
        intent="check_eligibility",
        form_active=form_active,
    )
    texts, _ = run_action(ActionRunChecks(), tracker, domain)
    offered = any("jag vill skriva en idéskiss" in t for t in texts)
    assert texts and offered is not form_active, texts


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("Gäller fortfarande tröskelvärdet 271 964 kr som står i utvärderingen?", "Nej, 271 964 kr"),
        ("Måste direktupphandlingar dokumenteras?", "Ja, en direktupphandling"),
    ],
)
def test_the_procurement_reply_of_the_chat_answers_the_procurement_question_asked(
    question: str, first: str
) -> None:
    """The chat's procurement path gives the rule the question asks about, not only today's limit."""
    from actions.eligibility import direct_award_messages

    assert direct_award_messages(question)[0].startswith(first)
