"""Facts read from Swedish free text."""

from __future__ import annotations

from datetime import date

import pytest

from rules.extract import classify_applicant, extract_facts, find_signals, parse_amount, parse_date


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("450 tkr", 450_000),
        ("2,8 miljoner kronor", 2_800_000),
        ("1 200 000 kr", 1_200_000),
        ("3 mnkr", 3_000_000),
        ("700 000:-", 700_000),
        ("Vi söker ungefär 450 tkr för tre år", 450_000),
        ("1200000", 1_200_000),
        ("2,8 miljoner", 2_800_000),
        ("900 tkr", 900_000),
        ("1,2 mkr", 1_200_000),
        ("450 000:-", 450_000),
        ("3 × 450 000 kr", 1_350_000),
        ("3 x 450 tkr", 1_350_000),
        ("Det kostar 450 000 kr.", 450_000),
        ("ingen aning", None),
        ("", None),
    ],
)
def test_amounts(text: str, amount: int | None) -> None:
    assert parse_amount(text) == amount


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("1 mars 2026", date(2026, 3, 1)),
        ("2026-03-01", date(2026, 3, 1)),
        ("Vi startar den 15 augusti 2025.", date(2025, 8, 15)),
        ("Vi startar 15 aug. 2025.", date(2025, 8, 15)),
        ("start den 1/3 2026", date(2026, 3, 1)),
        ("någon gång i höst", None),
    ],
)
def test_dates(text: str, day: date | None) -> None:
    assert parse_date(text) == day


def test_project_facts_from_a_description() -> None:
    facts = extract_facts(
        "Socialnämnden söker 2,8 miljoner kronor. Projektet pågår från 1 mars 2026 till 2029-02-28."
    )
    assert facts["applicant_kind"] == "nämnd"
    assert facts["budget_sek"] == 2_800_000
    assert facts["start_date"] == date(2026, 3, 1)
    assert facts["end_date"] == date(2029, 2, 28)


def test_durations_turn_a_yearly_price_into_the_whole_contract_value() -> None:
    facts = extract_facts("Vi vill anlita Föreningen Unga Röster för 300 tkr per år i tre år.")
    (actor,) = facts["external_actors"]
    assert actor["value_sek"] == 900_000
    assert actor["contract_months"] == 36
    assert actor["kind"] == "förening"
    assert actor["name"] == "Föreningen Unga Röster"


def test_a_consultancy_with_an_amount_and_a_duration_is_an_external_actor() -> None:
    facts = extract_facts("Vi vill anlita ett konsultföretag för 2,8 miljoner kronor under tre år.")
    (actor,) = facts["external_actors"]
    assert actor["kind"] == "aktiebolag"
    assert actor["value_sek"] == 2_800_000
    assert actor["contract_months"] == 36


def test_repayment_plan_in_words() -> None:
    facts = extract_facts("Återbetalningen börjar efter tre år och pågår i fem år.")
    assert facts["repayment_start_years"] == 3
    assert facts["repayment_years"] == 5


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Socialnämnden", "nämnd"),
        ("Utbildningsförvaltningen", "förvaltning"),
        ("Kultur- och fritidskontoret", "kontor"),
        ("Idrottsföreningen", "förening"),
        ("Le Liv AB", "aktiebolag"),
        ("Stiftelsen Barnkraft", "stiftelse"),
        ("en enskild firma", "enskild firma"),
        ("Ung i Telge", "kommunalt bolag"),
        ("vet inte", None),
    ],
)
def test_organisation_kinds(text: str, kind: str | None) -> None:
    assert classify_applicant(text) == kind


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        ("Vi vill fortsätta som idag", "existing_strong"),
        ("Driftkostnader och hyra för lokalen", "existing_weak"),
        ("Pengarna ska betala körkort för några ungdomar", "selective_benefit"),
        ("Presentkort till deltagarna", "selective_benefit"),
        ("Vi betalar avgiften för vissa elever", "selective_benefit"),
        ("Startbidrag till ett företag", "business_support"),
    ],
)
def test_warning_signs(text: str, signal: str) -> None:
    assert find_signals(text).has(signal)


def test_plain_text_has_no_warning_signs() -> None:
    signals = find_signals("Utbildning av lärare i en ny metod för läsinlärning.")
    assert not signals.has("existing_strong")
    assert not signals.has("selective_benefit")
    assert not signals.has("business_support")


@pytest.mark.parametrize(
    "text", ["", "   ", "<script>alert(1)</script>", "x" * 50_000, "🙂🙂🙂", "Lorem ipsum"]
)
def test_bad_input_gives_empty_facts_not_a_crash(text: str) -> None:
    assert isinstance(extract_facts(text), dict)
