"""Session 8 (facts8b): no fail on a guess about the form of purchase; outside people paid per month or hour
are paid actors with the whole contract's value; text without å, ä, ö names a purchase."""

from __future__ import annotations

from datetime import date

import pytest

from rules.checks import run_checks
from rules.extract import contract_values, extract_facts
from rules.sketch import IdeaSketch

DAY = date(2025, 6, 1)


def _procurement(description: str | None = None, **actor: object) -> object:
    base = {"name": "Konsult Ett AB", "value_sek": 1_500_000, "purchase_date": "2025-06-01"}
    sketch = IdeaSketch.model_validate(
        {"description": description, "external_actors": [{**base, "social_service": False, **actor}]}
    )
    (res,) = run_checks(sketch, only=["upphandling"], as_of=DAY)
    return res


def test_over_the_limit_without_a_form_is_a_conditional_warning_asking_how_it_is_bought() -> None:
    res = _procurement()
    assert res.status == "warn"
    assert res.conditional and res.conditional.startswith("Om ni direktupphandlar: nej")
    asks = [q.text for q in res.questions if q.kind == "ask"]
    assert asks[0].startswith("Hur tänker ni köpa tjänsten")


@pytest.mark.parametrize(
    "description",
    [
        "Vi köper det direkt av Konsult Ett AB utan annons.",
        "Vi tänker direktupphandla konsulten.",
        "Uppdraget ges utan upphandling eftersom de kan området.",
        "vi kopte det direkt av dem forra gangen och gor likadant nu, utan konkurrens",
    ],
)
def test_a_direct_award_in_plain_words_over_the_limit_fails(description: str) -> None:
    assert _procurement(description).status == "fail"


@pytest.mark.parametrize(
    "description",
    [
        "Kan vi direktupphandla konsulten?",
        "Vi vet inte om vi ska direktupphandla eller annonsera.",
        "Vi ska inte direktupphandla utan annonsera i öppen konkurrens.",
        "Om vi direktupphandlar blir det snabbare.",
    ],
)
def test_a_direct_award_asked_weighed_negated_or_conditional_is_not_stated(description: str) -> None:
    assert _procurement(description).status == "warn"


def test_a_stated_form_field_decides() -> None:
    assert _procurement(form="direktupphandling").status == "fail"
    assert _procurement(form="upphandling").status == "pass"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Vi vill ta in en extern handledare. Hon tar 45 000 kr i månaden under två år.", 1_080_000),
        ("Vi tänker anlita en föreläsare som kostar 900 kr i timmen, ca 400 timmar.", 360_000),
        (
            "skolan vill ha en extern dansinstruktör, timpris 800 kr och ungefär 300 timmar om året i tre år",
            720_000,
        ),
        ("vi vill hyra in en processledare, han tar 60 000 kr/man i 18 manader", 1_080_000),
        ("Vi vill anlita en extern utbildare till föräldragruppen, 10 tillfällen à 15 000 kr.", 150_000),
    ],
)
def test_an_outside_person_paid_per_period_or_hour_is_a_paid_actor_with_the_whole_value(
    text: str, value: int
) -> None:
    (actor,) = extract_facts(text)["external_actors"]
    assert actor["kind"] == "uppdragstagare"
    assert actor["value_sek"] == value


def test_a_monthly_fee_without_a_length_leaves_the_whole_value_open() -> None:
    (actor,) = extract_facts("Vi vill anlita en extern handledare, han tar 40 000 kr i månaden.")[
        "external_actors"
    ]
    assert actor["value_sek"] is None
    (res,) = run_checks(
        IdeaSketch(description="Vi vill anlita en extern handledare, han tar 40 000 kr i månaden."),
        only=["upphandling"],
        as_of=DAY,
    )
    assert res.status == "unknown"
    assert "hela avtalsperioden" in res.explanation


def test_hiring_staff_is_no_purchase() -> None:
    facts = extract_facts("Vi vill anställa en handledare med en lön på 45 000 kr i månaden under två år.")
    assert "external_actors" not in facts


def test_an_hourly_price_without_hours_is_a_price_per_period() -> None:
    (value,) = contract_values("Föreläsaren tar 1 500 kr per timme.")
    assert value.how == "per_period"


def test_text_without_aao_names_a_purchase_from_a_company() -> None:
    (actor,) = extract_facts("vi vill kopa in ett program fran ett foretag for 12 miljoner")[
        "external_actors"
    ]
    assert actor["kind"] == "aktiebolag"
    assert actor["value_sek"] == 12_000_000
