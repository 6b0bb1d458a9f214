"""Answers a user would notice from the retired blind v6 failure classes (session 7), each in wordings of our
own (no å/ä/ö, typos, other users): a question asking how many, how much or when gets a sentence with a
number, an amount or a date – or "Det vet jag inte" when the answering text has none; a question about who
holds a role today, pay per hour or applying to another funder is "Det vet jag inte"; a rule answer brings
up as its second sentence the one that says what was asked (the exception to the repayment). All through
``actions.answers.answer_messages`` with the real index and model."""

from __future__ import annotations

import pytest

from fondassistenten.chat_suite import first_sentences, normalise
from tests.knowledge.replies import reply_to as _reply


def _head(reply: str, count: int = 2) -> str:
    return normalise(" ".join(first_sentences(reply, count)))


@pytest.mark.parametrize(
    "question",
    [
        # who holds a role today (successor), in any wording
        "vem är ordförande i kommunstyrelsen just nu?",
        "vad heter nuvarande kontorschef pa socialkontoret",
        "Vem sitter som ordförande i hållbarhetsutskottet idag?",
        # pay per hour (salary)
        "vad far man ta i timarvode for en extern handledare",
        "vilken timkostnad ar rimlig for en projektledare i budgeten",
        # applying to another funder, either word order (other_funder)
        "Kan vi ansöka om pengar hos Vinnova i stället?",
        # a number or an amount the documents do not give (count, amount)
        "hur manga deltagare maste ett projekt ha som minst?",
        "hur mycket kostar det att ta in en extern utvärderare?",
    ],
)
def test_questions_the_documents_cannot_answer_say_det_vet_jag_inte_first(searcher, question):
    reply = _reply(question)
    assert _head(reply, 1).startswith("det vet jag inte"), reply


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("När beslutade fullmäktige om riktlinjerna för fonden?", "2013"),
        ("Hur många kommuner deltog i SKL:s enkät?", "82"),
        ("hur mycket pengar finns i fonden", "24 miljoner"),
        # the coordinators' answer on the remiss has no date: the documents' dated sentence answers
        ("när remitterades utvärderingen till nämnderna", "2 december 2014"),
        ("vilket datum skickade hållbarhetsutskottet ut utvärderingen på remiss?", "december 2014"),
    ],
)
def test_how_many_how_much_and_when_get_the_figure_in_the_first_two_sentences(searcher, question, expected):
    reply = _reply(question)
    head = _head(reply)
    assert not head.startswith("det vet jag inte"), reply
    assert normalise(expected) in head, reply


@pytest.mark.parametrize(
    "question",
    [
        "nar kan kravet pa aterforing upphavas, i vilka fall?",
        "Om vi följer metoden men det blir negativa effekter, måste vi betala tillbaka ändå?",
        "kan aterforingskravet slopas om projektet inte gav nagra effekter",
    ],
)
def test_the_exception_to_the_repayment_is_in_the_first_two_sentences(searcher, question):
    reply = _reply(question)
    head = _head(reply)
    assert "sarskild provning" in head and "negativ" in head, reply


def test_a_rule_answer_keeps_its_order_when_the_question_asks_nothing_more(searcher):
    reply = _reply("Vad är direktupphandlingsgränsen?")
    head = _head(reply)
    assert head.startswith("direktupphandlingsgransen ar 700000"), reply
    assert "senast kontrollerad" not in head, "the check date stays a note at the end"


def test_second_by_question_moves_only_the_sentence_holding_what_was_asked(searcher):
    from knowledge.answer import second_by_question

    text = (
        "Återbetalningen ska börja senast fem år efter projektstarten. "
        "Verksamheten kan arbeta i minst två år innan återföringen börjar. "
        "Undantag: Kravet på återföring kan upphävas efter särskild prövning."
    )
    moved = second_by_question("När kan kravet på återföring upphävas?", text)
    assert moved.split(". ")[1].startswith("Undantag"), moved
    assert second_by_question("Hur länge får verksamheten arbeta innan återföringen?", text) == text
