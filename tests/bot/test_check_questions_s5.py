"""Check questions in the chat answer the check asked about first (session 6; the chat check turns of the
retired blind set v5 that the checks' own code decides): the actions' functions with the real rules and signal
models.

- "Vi vill anlita en extern utvärderare från en högskola för 900 000 kr … Måste det upphandlas?" is about
  upphandling, not the evaluation the message also names: the first sentence is the conditional procurement
  answer with the 700 000 kr limit (v5 s131; a högskola paid for a service is a purchase).
- A price in a later message belongs to the actor named before ("Offerten ligger på ungefär 450 000 kr"),
  and a hypothetical follow-up ("och om det kostar 900 000?") is checked with that price, dated limit included
  (c011).
- "…, är det ok?" with nothing said before is the idea itself, not "Du har inte berättat något om idén än"
  (s113).
"""

from __future__ import annotations

from typing import Any

from actions.eligibility import idea_messages, so_far_messages
from actions.understanding import topics_in
from tests.bot.conftest import make_tracker


def _conversation(*turns: str) -> list[list[str]]:
    replies: list[list[str]] = []
    previous: dict[str, Any] = {}
    for text in turns:
        topics = topics_in(text) or [str(t) for t in previous.get("topics") or []]
        messages, previous = idea_messages(text, previous, topics, None)
        replies.append(messages)
    return replies


def test_a_question_about_procurement_beside_an_evaluator_gets_the_procurement_answer_first() -> None:
    (reply,) = _conversation(
        "Vi vill anlita en extern utvärderare från en högskola för 900 000 kr under tre år. "
        "Måste det upphandlas?"
    )
    first = reply[0].replace("\u00a0", " ")
    assert first.startswith("Upphandling enligt LOU:"), reply
    assert "900 000 kr är över direktupphandlingsgränsen 700 000 kr" in first


def test_a_price_given_later_and_a_hypothetical_price_are_checked_against_the_dated_limit() -> None:
    _, second, third = _conversation(
        "Vi vill att ett IT-företag bygger en app för att följa elevernas närvaro i projektet. "
        "Måste vi upphandla?",
        "Offerten ligger på ungefär 450 000 kr för hela avtalstiden, två år",
        "och om det kostar 900 000?",
    )
    said = " ".join(second).replace("\u00a0", " ")
    assert "450 000 kr" in said and "direktupphandlas" in said and "100 000 kr" in said
    first = third[0].replace("\u00a0", " ")
    assert "900 000 kr är över direktupphandlingsgränsen 700 000 kr (från 2022-02-01)" in first
    assert "annonserad upphandling" in first


def test_a_hypothetical_price_is_not_remembered() -> None:
    previous: dict[str, Any] = {}
    for text in ("Vi vill anlita ett konsultföretag för handledning. Offerten ligger på 300 000 kr.",):
        _, previous = idea_messages(text, previous, ["upphandling"], None)
    _, after = idea_messages("och om det blir 900 000?", previous, ["upphandling"], None)
    assert after["description"] == previous["description"]


def test_an_idea_asked_about_as_the_first_message_is_checked_not_called_missing(domain: Any) -> None:
    text = "Vi tänkte betala körkortet för 20 av ungdomarna i projektet, de som kommit längst. Är det ok?"
    messages, _ = so_far_messages(make_tracker(text, intent="ask_question"), {})
    assert "likställighet" in messages[0], messages
    assert not messages[0].startswith("Du har inte berättat"), messages


def test_asking_how_it_looks_with_nothing_said_still_asks_for_the_idea(domain: Any) -> None:
    messages, _ = so_far_messages(
        make_tracker("Ser du några problem så här långt?", intent="ask_question"), {}
    )
    assert messages[0].startswith("Du har inte berättat något om idén än"), messages


def test_a_question_about_splitting_the_contract_gets_the_rule_first() -> None:
    *_, last = _conversation(
        "Vi vill anlita ett konsultföretag för handledning. Offerten ligger på 450 000 kr.",
        "kan vi inte dela upp det i två avtal på 450 000 kr var?",
    )
    assert last[0].startswith("Nej, det är inte tillåtet att dela upp"), last


def test_a_price_given_after_a_question_answered_elsewhere_is_checked_against_the_limit() -> None:
    previous = {"description": "Vi vill att ett IT-företag bygger en app. Måste det upphandlas?"}
    price = "Offerten ligger på ungefär 450 000 kr för hela avtalstiden"
    messages, _ = idea_messages(price, previous, [], None)
    said = " ".join(messages).replace("\u00a0", " ")
    assert "upphandling enligt LOU" in messages[0], messages
    assert "700 000 kr" in said and "dokumenteras" in said
