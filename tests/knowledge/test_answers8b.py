"""Another fund's words must not move a question about the asker's own fund (answers8b, review8 §8).

A word every organisation uses ("ledningsgrupp", "nyttorealisering", "samordningsfunktion") is no fund's name:
it never moves a question to another fund by itself. A term proper to one fund ("beredningsgruppen",
"idéprövningsblankett") still does, unless the asker says it is their own ("vår", "vi", "hos oss"). Wordings
are our own (none is a case of a tuning or blind set), each answered as its fund's assistant through
``actions.answers.answer_messages`` with the real index and model."""

from __future__ import annotations

import pytest

from fondassistenten.chat_suite import normalise
from knowledge.fund_terms import term_municipality
from tests.knowledge.test_answers8 import _reply


@pytest.mark.parametrize(
    "question",
    [
        "Vår ledningsgrupp har sagt ja till idén – räcker det för att söka?",
        "ledningsgruppen pa vart kontor gillar forslaget, maste namnden ocksa saga ja?",
        "Vem bestämmer, ledningsgruppen eller nämnden?",
        "Hur ska vi jobba med nyttorealisering i projektet?",
        "maste man ha en plan for nyttorealisering",
        "Vem på samordningsfunktionen kan hjälpa oss med ansökan?",
        "Vi har en hållbarhetskommission i kommunen, ska den vara med?",
    ],
)
def test_an_everyday_word_does_not_name_another_fund(question):
    assert term_municipality(question) is None


@pytest.mark.parametrize(
    "question",
    [
        "Vår beredningsgrupp har tittat på idén, vad händer nu?",
        "Vi har redan fyllt i en idéprövningsblankett, räcker den som ansökan?",
        "hos oss heter det beredningsgruppen – vem sitter i den?",
    ],
)
def test_the_askers_own_body_keeps_the_active_fund(question):
    assert term_municipality(question) is None


@pytest.mark.parametrize(
    ("question", "place"),
    [
        ("Vad gör beredningsgruppen?", "Södertälje"),
        ("vad ar en ideprovningsblankett", "Sundsvall"),
        ("Vem sitter i det strategiska verksamhetsnätverket?", "Sundsvall"),
        ("Vad ska rådet för sociala investeringar granska?", "Stockholm"),
    ],
)
def test_a_term_proper_to_one_fund_still_names_it(question, place):
    assert term_municipality(question) == place


@pytest.mark.parametrize(
    ("question", "fund_id", "other"),
    [
        ("Vår ledningsgrupp har sagt ja till idén – räcker det för att söka?", "sodertalje", "sundsvall"),
        ("Vem bestämmer, ledningsgruppen eller nämnden?", "sodertalje", "sundsvall"),
        ("Vår beredningsgrupp har tittat på idén, vad händer nu?", "sundsvall", "södertälje"),
    ],
)
def test_the_reply_stays_with_the_active_fund(searcher, question, fund_id, other):
    reply, head = _reply(question, fund_id, searcher)
    assert normalise(other) not in head, reply


def test_the_user_naming_the_fund_still_moves_it(searcher):
    reply, head = _reply("Vem fattar beslut i ledningsgruppen i Sundsvall?", "sodertalje", searcher)
    assert "sundsvall" in normalise(reply), reply
    assert "ledningsgrupp" in head, reply


def test_a_word_only_another_fund_uses_is_not_given_as_the_active_funds_rule(searcher):
    # Södertälje's documents never say "nyttorealisering": Stockholm's text may answer, but labelled as a
    # proposal, never as "I Stockholm: …" (the question moved to Stockholm's fund)
    reply, head = _reply("Hur ska vi jobba med nyttorealisering i projektet?", "sodertalje", searcher)
    assert not head.startswith("i stockholm"), reply
    assert "stockholm" not in head or "forslag" in head, reply
