"""The idea sketch model: every part optional, forgiving of chat answers, strict on absurd values."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from rules.sketch import MAX_TEXT_CHARS, ExternalActor, IdeaSketch, labels


def test_an_empty_draft_is_valid() -> None:
    assert IdeaSketch().model_dump(exclude_none=True) == {}


def test_chat_answers_are_understood() -> None:
    sketch = IdeaSketch(
        department_head_on_board="Ja", committee_informed="nej", title="   ", budget_sek="450000"
    )
    assert sketch.department_head_on_board is True
    assert sketch.committee_informed is False
    assert sketch.title is None
    assert sketch.budget_sek == 450_000


@pytest.mark.parametrize(
    "data",
    [
        {"budget_sek": -1},
        {"start_date": "1066-10-14"},
        {"end_date": "9999-01-01"},
        {"start_date": "2026-05-01", "end_date": "2026-01-01"},
        {"problem": "x" * (MAX_TEXT_CHARS + 1)},
        {"repayment_years": -2},
        {"external_actors": [{"value_sek": -5}]},
    ],
)
def test_absurd_values_are_refused(data: dict) -> None:
    with pytest.raises(ValidationError):
        IdeaSketch.model_validate(data)


def test_contracts_with_one_supplier_share_a_key() -> None:
    a = ExternalActor(name="Föreningen  Unga Röster")
    b = ExternalActor(name="föreningen unga röster")
    c = ExternalActor(name="Annan", supplier_key="föreningen unga röster")
    assert a.supplier == b.supplier == c.supplier


def test_missing_fields_are_named_in_swedish() -> None:
    assert labels(["target_group", "method", "budget_sek"]) == "målgrupp, metod och budget (kr)"


def test_project_length_in_years() -> None:
    sketch = IdeaSketch(start_date=date(2025, 1, 1), end_date=date(2027, 12, 31))
    assert sketch.project_years == pytest.approx(3.0, abs=0.01)


def test_answers_assigned_one_at_a_time_are_understood_too() -> None:
    sketch = IdeaSketch()
    sketch.department_head_on_board = "ja"
    sketch.problem = "  "
    assert sketch.department_head_on_board is True
    assert sketch.problem is None


@pytest.mark.parametrize(
    ("written", "kronor"),
    [("1,2 mnkr", 1_200_000), ("850 tkr", 850_000), ("3 x 450 000 kr", 1_350_000), ("700 000:-", 700_000)],
)
def test_contract_values_and_budgets_read_swedish_notations(written: str, kronor: int) -> None:
    assert ExternalActor(value_sek=written).value_sek == kronor
    assert IdeaSketch(budget_sek=written).budget_sek == kronor


def test_an_unreadable_amount_is_refused_in_swedish() -> None:
    with pytest.raises(ValidationError, match="heltal i kronor"):
        ExternalActor(value_sek="ganska mycket")


def test_contracts_with_one_supplier_share_a_key_with_or_without_legal_form() -> None:
    assert ExternalActor(name="Coach Norr AB").supplier == ExternalActor(name="coach norr").supplier
    assert ExternalActor(name="Coach Norr AB").supplier != ExternalActor(name="Coach Syd AB").supplier
