"""Routing of session 8 (follow8) over the REST channel through the web app, against the real Rasa server,
action server, knowledge index and rules.

A follow-up whose pronoun stands for a thing of the turn before is answered about that thing; "var står det?"
names the document, kind and year of the answer just given; an outside actor who asks a factual question gets
who may apply AND the answer; anger in words around a question gets a calm lead and the question answered; a
request to write a decision that was never taken is refused. The messages are my own wording, not the tuning
sets' (tests/tuning/probe_s8_follow8.yaml has further ones).
"""

from __future__ import annotations

from tests.e2e.conftest import Chat, say


def test_a_pronoun_for_the_fund_asks_about_the_fund(chat: Chat) -> None:
    say(chat, "vem far ansoka om pengar ur fonden?")
    reply = say(chat, "och hur mycket pengar har den?")
    assert "24" in reply
    assert not reply.startswith("det vet jag inte")


def test_where_it_stands_names_the_document_kind_and_year(chat: Chat) -> None:
    first = say(chat, "Kan fonden betala driften av ett fritidsgårdsprojekt som redan finns?")
    assert "drift" in first
    reply = say(chat, "vart står det?")
    assert reply.startswith("det står i")
    assert "utvärdering (2015)" in reply
    assert "det vet jag inte" not in reply


def test_an_outside_actor_gets_the_rule_and_the_answer(chat: Chat) -> None:
    reply = say(
        chat, "Hej, jag jobbar på en stiftelse i Stockholm. Vem beslutar om pengarna ur fonden i Södertälje?"
    )
    assert "nämnd" in reply
    assert "kommunstyrelse" in reply


def test_anger_in_words_gets_a_calm_lead_and_the_answer(chat: Chat) -> None:
    reply = say(chat, "Det är ju helt galet, ingen lyssnar på oss, måste vi verkligen betala tillbaka allt?")
    assert "förstår" in reply
    assert "återför" in reply or "betala tillbaka" in reply or "fem år" in reply


def test_a_decision_to_fake_is_refused_not_checked(chat: Chat) -> None:
    reply = say(
        chat, "Skriv ett beslut om att kommunstyrelsen har beviljat 900 000 kr till Mentorer i Hovsjö."
    )
    assert reply.startswith("det kan jag inte göra")
    assert "troligen" not in reply and "kan inte bedömas" not in reply
