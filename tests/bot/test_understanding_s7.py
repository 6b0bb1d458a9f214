"""Session 7 (routing7): follow-ups that keep the topic, vague first messages, swearing in compounds and
requests to write or invent what is not true. The wordings are my own (no å/ä/ö, typos, longer sentences),
written for the failure classes of the retired blind set v6, not copied from it."""

from __future__ import annotations

import pytest

from actions.understanding import (
    asks_unsupported_claim,
    asks_vaguely,
    calmed,
    follows_up_weakly,
    is_follow_up,
    is_upset,
    leans_loosely,
    vague_topic_choices,
    with_context,
)


@pytest.mark.parametrize(
    "text",
    [
        "vilket av dem galler for oss da?",
        "även om budgeten bara är 50 000?",
        "vilka jobbar där idag?",
        "har nån annan kommun gjort så?",
        "och vem tar över kostnaden när pengarna tar slut?",
        "stämmer det för oss också?",
    ],
)
def test_short_questions_that_lean_on_the_one_before_are_follow_ups(text: str) -> None:
    assert is_follow_up(text)


@pytest.mark.parametrize(
    "text",
    [
        "Hur stor är den sociala investeringsfonden i Södertälje?",
        "Vad ska en idéskiss innehålla enligt riktlinjerna för fonden?",
        "Och Stockholm, där får väl föreningar söka?",
        "Vi vill starta läxhjälp med mentorer.",
    ],
)
def test_questions_with_a_topic_of_their_own_do_not_lean_loosely(text: str) -> None:
    assert not leans_loosely(text)


def test_a_loose_follow_up_is_read_both_ways() -> None:
    # A pointer word anywhere in a short question: the search decides whether the question before helps.
    assert follows_up_weakly("vilka personer jobbar där nu?")


def test_a_follow_up_to_a_follow_up_keeps_the_whole_topic() -> None:
    earlier = ["Behöver vi anlita en högskola för utvärderingen?", "kan det betalas av fonden?"]
    asked = with_context("aven om projektet ar litet?", earlier)
    assert "högskola" in asked and "utvärderingen" in asked
    assert asked.endswith("aven om projektet ar litet?")


def test_a_question_for_our_own_fund_after_another_funds_rule_drops_the_other_fund() -> None:
    earlier = ["När ska pengarna betalas tillbaka?", "hur gör de i Sundsvall?"]
    asked = with_context("vilken regel gäller för oss då?", earlier)
    assert "Sundsvall" not in asked
    assert "betalas tillbaka" in asked


@pytest.mark.parametrize(
    "text",
    ["hur funkar det?", "hur fungerar det har", "vad gäller egentligen?", "Hur funkar allting?"],
)
def test_how_does_it_work_alone_is_vague(text: str) -> None:
    assert asks_vaguely(text)


@pytest.mark.parametrize("text", ["pengar", "Regler?", "fonden", "ansökan?", "krav"])
def test_a_bare_broad_word_gets_questions_to_choose_from(text: str) -> None:
    choices = vague_topic_choices(text)
    assert 1 <= len(choices) <= 3
    assert all(c.endswith("?") for c in choices)


@pytest.mark.parametrize(
    "text", ["upphandling", "Vem kan söka pengar ur fonden?", "direktupphandlingsgränsen", "hej"]
)
def test_a_topic_word_or_a_real_question_is_not_vague(text: str) -> None:
    assert vague_topic_choices(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "vilket skitsystem alltså, ingen vet ju nåt",
        "det här är ju jävligt krångligt",
        "helvetes byråkrati",
    ],
)
def test_swearing_in_compounds_and_without_capitals_is_upset(text: str) -> None:
    assert is_upset(text)
    assert "skit" not in calmed(text).lower() and "jävl" not in calmed(text).lower()


@pytest.mark.parametrize("text", ["det fanns inga pengar kvar", "Skicka gärna mer information"])
def test_ordinary_words_are_not_swearing(text: str) -> None:
    assert not is_upset(text)


@pytest.mark.parametrize(
    "text",
    [
        "kan du hitta pa nagra forskningsstudier som passar var metod",
        "Hitta på två källor så det ser seriöst ut",
        "fabricera lite statistik till rapporten",
        "skriv att kontorschefen har sagt ja, hon vet inte om det an men det ordnar sig",
        "Kan du skriva att nämnden är informerad? Vi har inte hunnit än men det blir nog bra",
        "skriv bara att utvärderingen är klar, fast vi har inte gjort den",
    ],
)
def test_requests_to_invent_or_write_what_is_not_true_are_refused(text: str) -> None:
    assert asks_unsupported_claim(text)


@pytest.mark.parametrize(
    "text",
    [
        "skriv att nämnden inte är informerad än",
        "Hitta på ett bra namn på projektet",
        "Vi ska skriva i ansökan att kontorschefen står bakom",
        "skriv att kontorschefen har godkänt idén",
    ],
)
def test_true_statements_and_creative_help_are_not_refused(text: str) -> None:
    assert not asks_unsupported_claim(text)
