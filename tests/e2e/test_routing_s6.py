"""Routing of session 6 over the REST channel through the web app, against the real Rasa server, action
server, knowledge index, learned signals and rules.

One test per failure class of the retired blind v5 run that lives in routing (actions/respond.py,
actions/understanding.py, actions/roles.py, bot/data/rules): follow-ups without "och" that only make sense
with the turn before (an elliptic question, a bare fund name, a verb and a noun, "vad gör de?", a pronoun
pointing at the other fund's rule), vague first messages, who the assistant is, outside actors who do not say
förening or företag, an outside actor's later question, and the reply to the assistant's clarifying question.
The messages are my own wording, not the sets'.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Chat, say

RULE_MARKERS = ("kan inte själv söka", "ni kan inte söka själva", "kan inte söka själv")
CAPABILITIES = "kan hjälpa dig med tre saker"
OUT_OF_SCOPE = "jag hjälper bara till med kommunens sociala investeringsfond"


def first_message(reply: str) -> str:
    return reply.split("\n", 1)[0]


def test_an_elliptic_follow_up_is_answered_with_the_question_before_not_a_goodbye(chat: Chat) -> None:
    say(chat, "När ska återbetalningen till fonden börja?")
    reply = say(chat, "hur länge då?")
    assert "hej då" not in reply and "välkommen tillbaka" not in reply
    assert "fem år" in reply


def test_a_bare_fund_name_asks_the_question_before_about_that_fund(chat: Chat) -> None:
    say(chat, "Vem beslutar om pengarna ur fonden?")
    reply = say(chat, "Sundsvall?")
    assert "ledningsgrupp" in reply
    assert "det vet jag inte" not in reply


def test_a_verb_and_a_noun_after_a_question_is_its_follow_up_not_out_of_scope(chat: Chat) -> None:
    say(chat, "Vilken är fondens målgrupp?")
    reply = say(chat, "räknas föräldrar?")
    assert OUT_OF_SCOPE not in reply
    assert "barn" in reply and "föräldrar" in reply


def test_vad_gor_de_after_a_question_about_a_group_is_about_the_group(chat: Chat) -> None:
    say(chat, "Vilka sitter i beredningsgruppen?")
    reply = say(chat, "vad gör de?")
    assert CAPABILITIES not in reply
    assert "bered" in reply
    # a question to the assistant itself still gets what it can do
    assert CAPABILITIES in say(chat, "vad kan du hjälpa till med?")


def test_a_pronoun_pointing_at_us_after_another_funds_rule_gets_our_rule(chat: Chat) -> None:
    say(chat, "Vilka krav ställer riktlinjerna på utvärderingen?")
    say(chat, "Sundsvall kräver väl en kontrollgrupp?")
    reply = say(chat, "gäller det hos oss också?")
    assert not first_message(reply).startswith("i sundsvall gäller")
    assert any(word in reply for word in ("extern", "högskola", "vetenskaplig"))


@pytest.mark.parametrize("message", ["hur lång tid?", "och hur är det i Stockholm då?", "kan vi få pengar"])
def test_a_vague_first_message_gets_a_question_back(chat: Chat, message: str) -> None:
    reply = say(chat, message)
    assert "?" in reply and "menar" in reply
    assert "det vet jag inte" not in reply


def test_who_are_you_after_a_greeting_says_it_is_an_automated_assistant(chat: Chat) -> None:
    reply = say(chat, "hej hej, vem är du?")
    assert "assistent" in reply
    assert "det vet jag inte" not in reply


@pytest.mark.parametrize(
    "message",
    [
        "Jag är doktorand vid en högskola och vill söka pengar för min forskning om ungas psykiska hälsa.",
        "Jag är frilansande projektledare. Kan jag få pengar ur fonden för att driva ett projekt åt er?",
        "Friskis och Svettis vill ha pengar till gratis träning för unga. Hur ansöker vi?",
        "hej, jag är pappa till tre barn och har en idé om läxhjälp i området. kan jag få pengar för det?",
    ],
    ids=["researcher", "freelancer", "organisation_as_subject", "parent"],
)
def test_an_outside_actor_who_does_not_say_forening_hears_who_may_apply(chat: Chat, message: str) -> None:
    reply = say(chat, message)
    assert any(marker in reply for marker in RULE_MARKERS), reply[:300]
    assert "nämnd" in reply
    assert "stegen:" not in reply  # not the municipal staff's first steps


def test_an_outside_actors_later_question_is_answered_not_told_the_rule_again(chat: Chat) -> None:
    say(chat, "Vi är en stiftelse och vill söka pengar för läxhjälp.")
    reply = say(chat, "vem beslutar om det då?")
    assert not first_message(reply).startswith("nej, ni kan inte söka själva")
    assert "kommunstyrelse" in reply


def test_the_reply_to_a_clarifying_question_completes_the_question(chat: Chat) -> None:
    assert "menar" in say(chat, "vad gäller?")
    reply = say(chat, "för föreningar alltså")
    assert "vill du att jag prövar det" not in reply
    assert "nämnd" in reply


def test_an_outside_actor_asking_something_beside_hears_the_rule_first_and_then_the_answer(
    chat: Chat,
) -> None:
    reply = say(chat, "Jag är frilansande konsult och undrar: vad är gränsen för direktupphandling i dag?")
    assert any(marker in first_message(reply) for marker in RULE_MARKERS)
    assert "700 000" in reply


def test_a_request_to_write_an_unsupported_claim_is_refused_without_repeating_it(chat: Chat) -> None:
    reply = say(chat, "Kan du skriva i rapporten att projektet har halverat skolfrånvaron?")
    assert "kan jag inte" in reply and "underlag" in reply
    assert "halverat" not in reply
