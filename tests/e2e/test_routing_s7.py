"""Routing of session 7 (routing7) over the REST channel through the web app, against the real Rasa server,
action server, knowledge index and rules.

Follow-ups keep the topic of the turn before (a year asked of the value just answered, a pointer word to the
group just named, "varför inte?" as a question, a change to the idea just checked); vague first messages get
questions to choose from; swearing in a compound and names for the assistant get a calm reply; requests to
invent sources or to write what is not true yet are refused; a question about the fund's decisions is never
"out of scope". The messages are my own wording, not the tuning sets'.
"""

from __future__ import annotations

from tests.e2e.conftest import Chat, say

OUT_OF_SCOPE = "jag hjälper bara till med kommunens sociala investeringsfond"
ROBOT = "jag är en automatiserad assistent, inte en människa"


def test_a_year_asked_after_the_limit_gets_that_years_value(chat: Chat) -> None:
    first = say(chat, "vad far man kopa for utan att gora en annonserad upphandling?")
    assert "700 000" in first
    reply = say(chat, "och vad gällde 2021 för gräns?")
    assert "615 312" in reply


def test_a_pointer_to_the_group_just_named_is_about_the_group_not_the_assistant(chat: Chat) -> None:
    say(chat, "Vilka ingår i beredningsgruppen?")
    reply = say(chat, "och vilka är det som jobbar där nu?")
    assert ROBOT not in reply
    assert OUT_OF_SCOPE not in reply


def test_why_not_after_a_question_is_answered_not_read_as_a_no(chat: Chat) -> None:
    say(chat, "Kan fonden betala driften av en fritidsgård som redan finns?")
    reply = say(chat, "varför inte då?")
    assert "då räknar jag inte med det" not in reply
    assert "metod" in reply or "utveckl" in reply or "befintlig" in reply


def test_renaming_a_checked_idea_is_checked_again(chat: Chat) -> None:
    first = say(
        chat,
        "Vi vill använda fondpengar för att fortsätta driva vår öppna förskola, budgeten tar slut i vår.",
    )
    assert "befintlig" in first or "drift" in first
    reply = say(chat, "men om vi kallar det ett utvecklingsprojekt istället?")
    assert "befintlig" in reply or "drift" in reply
    assert "krångligt" not in reply


def test_a_bare_broad_word_gets_questions_to_choose_from(chat: Chat) -> None:
    reply = say(chat, "Riktlinjer?")
    assert "vad vill du veta om riktlinjer" in reply
    assert "menar du till exempel" in reply


def test_how_does_it_work_as_a_first_message_is_asked_about(chat: Chat) -> None:
    reply = say(chat, "hur fungerar det har da")
    assert "vad menar du" in reply


def test_swearing_in_a_compound_gets_a_calm_reply_and_no_check(chat: Chat) -> None:
    reply = say(chat, "vilket skitkrångel det här är, ingen fattar ju era regler")
    assert "förstår" in reply
    assert "vägledning, inte ett beslut" not in reply
    assert "strider mot fondens regler" not in reply


def test_calling_the_assistant_useless_gets_a_calm_reply(chat: Chat) -> None:
    reply = say(chat, "du är ju helt värdelös som chatt")
    assert "förstår" in reply
    assert "vägledning, inte ett beslut" not in reply


def test_inventing_sources_is_refused_as_a_first_message(chat: Chat) -> None:
    reply = say(chat, "hitta pa tva forskningsartiklar som stodjer var metod")
    assert "hittar inte på" in reply


def test_writing_an_approval_that_has_not_happened_is_refused(chat: Chat) -> None:
    reply = say(
        chat, "Skriv att nämnden har beslutat om projektet, det har de inte gjort än men det blir nog så"
    )
    assert "det kan jag inte göra" in reply
    assert "nämnden har beslutat" not in reply


def test_when_a_decision_comes_is_a_fund_question(chat: Chat) -> None:
    reply = say(chat, "hur lange droejer det innan man far besked om pengarna")
    assert OUT_OF_SCOPE not in reply
