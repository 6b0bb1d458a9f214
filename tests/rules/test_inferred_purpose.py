"""A purpose read from a chat message that names neither existing work nor anything new is a question for
befintlig verksamhet, not a warning on a guess; one that names existing work still gets the warning."""

from __future__ import annotations

from datetime import date

from rules.checks import FactSet, run_checks
from rules.sketch import IdeaSketch


def _befintlig(message: str) -> str:
    (result,) = run_checks(
        IdeaSketch(funding_purpose=message),
        "sodertalje",
        facts=FactSet(inferred={"funding_purpose": message}),
        as_of=date(2026, 11, 24),
        only=["befintlig_verksamhet"],
    )
    return result.status


def test_a_plain_activity_read_from_a_message_is_a_question() -> None:
    assert _befintlig("Vi vill ge läxhjälp till alla elever i åk 7 i Ronna") == "unknown"


def test_existing_work_read_from_a_message_is_still_a_warning() -> None:
    assert _befintlig("Vi vill hålla igång nattvandringen som vi redan har, budgeten räcker inte") == "warn"


def test_a_stated_purpose_that_names_nothing_new_is_still_a_warning() -> None:
    (result,) = run_checks(
        IdeaSketch(funding_purpose="Läxhjälp till alla elever i åk 7"),
        "sodertalje",
        as_of=date(2026, 11, 24),
        only=["befintlig_verksamhet"],
    )
    assert result.status == "warn"
