"""Session 8 (facts8): a fact stated in a later turn about the idea being discussed is answered with the
verdict of the check it concerns (with its source), not "Jag ser inget i det du har berättat …"; a rule
question in the middle of an idea that the documents do not answer gets the check it concerns. Own wordings
of the class."""

from __future__ import annotations

import re

import pytest

from actions.eligibility import NOTHING_FOUND, concerned_rule_messages, idea_messages

IDEA = {"description": "Vi vill pröva ett nytt arbetssätt med familjecoacher för barn i förskoleklass."}


@pytest.mark.parametrize(
    ("later", "words"),
    [
        (
            "avdelningschefen och förvaltningschefen har gett klartecken, nämnden fick information i maj",
            "förankring",
        ),
        ("ett företag tar ungefär nio hundra tusen kronor för utbildningen av coacherna", "700 000"),
        ("en forskare från Örebro universitet ska följa och utvärdera det", "utvärdering"),
        ("familjerna väljs ut av förskollärarna", "likställighet"),
    ],
)
def test_a_later_fact_gets_the_verdict_of_its_check(later: str, words: str) -> None:
    messages, facts = idea_messages(later, dict(IDEA), [])
    reply = "\n".join(messages)
    assert not messages[0].startswith(NOTHING_FOUND)
    assert words in reply.lower() or words in reply
    assert "Källa:" in reply
    assert "Uppfyllt:" not in reply
    assert later in facts["description"] and IDEA["description"] in facts["description"]


def test_a_rule_question_mid_idea_gets_the_check_it_concerns() -> None:
    reply = "\n".join(concerned_rule_messages("måste chefen ha godkänt det innan vi lämnar in?", dict(IDEA)))
    assert "Förankring" in reply or "förankring" in reply
    assert "Källa:" in reply


def test_no_check_is_named_without_an_idea_described() -> None:
    assert concerned_rule_messages("måste chefen ha godkänt det innan vi lämnar in?", {}) == []


def test_an_amount_split_into_years_in_a_purchase_conversation_is_counted_whole() -> None:
    previous = {
        "description": "Vi vill köpa handledning av en konsultfirma.\nkonsulten tar 200 000 kr",
        "topics": ["upphandling"],
    }
    messages, _ = idea_messages("men om vi tar 200 000 per år i fyra år då?", previous, [])
    reply = "\n".join(messages).replace("\xa0", " ")
    assert "800 000 kr" in reply and "700 000 kr" in reply
    assert "Uppfyllt:" not in reply


# Session 8, checksfix8 (review 8 §1, §4, §19): what the user sees for a hope, a request for information or a
# rule question mid-idea. No pass-like headline ("inget hinder så här långt") and no "står bakom" / "är
# informerad" read from them; a question is never quoted back as something the user wrote.
SOCIAL = {
    "description": "Vi på socialkontoret vill starta en föräldragrupp för barn 6-12 år med ett nytt "
    "arbetssätt. Socialnämnden söker."
}
NO_PASS = "Förankring hos nämnd och chef: inget hinder"


@pytest.mark.parametrize(
    "later",
    [
        [
            "Vi hoppas att förvaltningschefen säger ja.",
            "Nämnden efterfrågade mer information om kostnaderna.",
        ],
        ["Om kontorschefen säger ja kör vi i höst.", "Nämnden behöver information om idén."],
        ["Har förvaltningschefen sagt ja?", "Nämnden fick veta om det men sa nej."],
        ["Vi måste få grönt ljus av avdelningschefen.", "Socialnämnden vill ha mer information först."],
    ],
)
def test_a_hope_or_a_request_for_information_is_no_anchoring(later: list[str]) -> None:
    previous: dict = dict(SOCIAL)
    replies = []
    for text in later:
        messages, previous = idea_messages(text, previous, [])
        replies.append("\n".join(messages))
    reply = replies[-1]
    assert NO_PASS not in reply
    # the affirmative summary ("… chefen står bakom den och nämnden är informerad"), not the missing facts
    # ("Fyll i: om … står bakom idén och om nämnden är informerad")
    assert "chefen står bakom den" not in reply
    assert not re.search(r"(?<!om )nämnden är informerad", reply)


@pytest.mark.parametrize(
    "question",
    [
        "Räcker det om nämnden har fått information och chefen sagt ja?",  # review 8 §4
        "Måste förvaltningschefen ha sagt ja innan vi söker?",  # review 8 §4
        "Gäller det även om nämnden fått information muntligt?",  # review 8 §4
        "Behöver kontorschefen ha godkänt idén innan nämnden informeras?",
        "Är det okej om chefen bara har sagt ja muntligt?",
    ],
)
def test_a_rule_question_mid_idea_checks_the_idea_as_described(question: str) -> None:
    reply = "\n".join(concerned_rule_messages(question, dict(SOCIAL)))
    assert NO_PASS not in reply
    assert "chefen står bakom den" not in reply
    assert question.rstrip("?") not in reply  # never quoted as what the user wrote ("ni skriver ”…”")
