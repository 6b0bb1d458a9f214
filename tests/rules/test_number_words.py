"""Swedish number words: one list (``number_words`` in rules/data/extract_patterns.yaml) and one parser
(``rules.extract.parse_number``) for durations, repayment years, gain horizons and the counts and years of
rule questions (session 6: three lists merged)."""

from __future__ import annotations

import re

import pytest

from rules.answers import _asked_total
from rules.checks.aterforing import _late_horizons
from rules.extract import extract_facts, number_word_pattern, parse_duration_months, parse_number
from rules.profiles import load_profile


@pytest.mark.parametrize(
    ("word", "value"),
    [("sju", 7.0), ("Tolv", 12.0), ("ett och ett halvt", 1.5), ("2,5", 2.5), ("18", 18.0), ("trettio", 30.0)],
)
def test_parse_number_reads_digits_and_words(word: str, value: float) -> None:
    assert parse_number(word) == value


@pytest.mark.parametrize("word", ["", "några", "ungefär", "år"])
def test_parse_number_gives_none_for_other_words(word: str) -> None:
    assert parse_number(word) is None


def test_the_pattern_matches_each_number_word_whole() -> None:
    regex = re.compile(rf"^(?:{number_word_pattern()})$", re.IGNORECASE)
    assert regex.match("ett och ett halvt") and regex.match("fjorton") and regex.match("12")
    assert not regex.match("sjutusen")


def test_durations_and_repayment_years_in_words() -> None:
    assert parse_duration_months("fjorton månader") == 14
    facts = extract_facts("Återbetalningen börjar tre år efter projektstart och pågår i sex år.")
    assert facts["repayment_start_years"] == 3 and facts["repayment_years"] == 6


def test_a_rule_question_counts_parts_in_words() -> None:
    assert _asked_total("Får vi göra fyra avtal på 200 000 kr vardera?") == 800_000


def test_a_gain_horizon_in_words_is_read_by_the_repayment_check() -> None:
    repayment = load_profile("sundsvall").repayment
    assert _late_horizons("Vinsterna kommer först om sexton år.", repayment) == [16]
    assert _late_horizons("Besparingen väntas om mer än tolv år.", repayment) == [12.5]
    assert _late_horizons("Besparingen väntas om fem år.", repayment) == []
