"""A chat reply names only the checks the message gave facts for, plus the check it asks about (issue 7), over
the REST channel through the web app, with the real Rasa server, action server and rules.

Before (2026-11-24, benchmarks/untouched_checks.py), "Det framgår inte om någon enskild person får något …"
followed almost any idea, and befintlig verksamhet warned on an answer to the bot's own question about earlier
purchases. A warning the message did give facts for is still shown.
"""

from __future__ import annotations

from tests.e2e.conftest import Chat, say


def test_an_idea_that_names_no_benefit_gets_no_equality_warning(chat: Chat) -> None:
    reply = say(chat, "Vi vill ge läxhjälp till alla elever i åk 7 i Ronna")
    assert "enskild person" not in reply and "likställighet" not in reply
    assert "befintlig verksamhet" not in reply
    assert "uppfyllt:" not in reply


def test_an_answer_about_earlier_purchases_is_not_read_as_existing_operations(chat: Chat) -> None:
    first = say(
        chat, "Vi vill köpa en utbildning i traumamedveten omsorg för 500 000 kr. Får vi direktupphandla?"
    )
    assert "700 000" in first
    reply = say(chat, "nej, vi har inte köpt något liknande tidigare i år")
    assert "befintlig verksamhet" not in reply and "enskild person" not in reply
    assert "direktupphandl" in reply and "700 000" in reply


def test_money_for_what_already_runs_still_gets_the_existing_operations_verdict(chat: Chat) -> None:
    reply = say(chat, "Vi vill ge bidrag till Tjejhusets verksamhet som funnits i flera år. Går det?")
    assert "befintlig verksamhet" in reply
    assert "uppfyllt:" not in reply


def test_a_selected_benefit_still_gets_the_equality_verdict(chat: Chat) -> None:
    reply = say(chat, "Vi vill betala B-körkort åt 20 ungdomar som vi väljer ut. Går det?")
    assert "likställighet" in reply
    assert "uppfyllt:" not in reply


def test_an_idea_that_names_new_work_is_not_told_that_nothing_new_is_said(chat: Chat) -> None:
    reply = say(chat, "Vi vill utbilda lärarna i ett nytt arbetssätt för lässtöd i åk 1–3. Går det?")
    assert "framgår inte vad som är nytt" not in reply
    assert "idéskiss" in reply and "uppfyllt:" not in reply
