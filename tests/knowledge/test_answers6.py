"""Answers a user would notice from the retired blind v5 failure classes (session 6): the direct-award limit
is stated without a doubt in its first sentence (the rule is in force until changed; the date it was last
checked is a note); a threshold the table has no value for says "Det vet jag inte" first; questions whose
answer the documents do not hold (whether a proposal was adopted, today's contact at a project, what was
financed later, when money is paid out, how much a fund saved, which party drove the fund) get "Det vet jag
inte"; a question the rules recognise still gets the documents' sentence when it says what is asked (what
counts as lower costs, which nämnder wanted to drop the repayment); Sundsvall's repayment counts the amount
used. All through ``actions.answers.answer_messages`` with the real index and model."""

from __future__ import annotations

import pytest

from fondassistenten.chat_suite import first_sentences, normalise
from tests.knowledge.replies import reply_to as _reply


def _head(reply: str, count: int = 2) -> str:
    return normalise(" ".join(first_sentences(reply, count)))


def test_the_direct_award_limit_is_stated_first_and_the_check_date_is_a_note(searcher):
    reply = _reply("Vad är gränsen för direktupphandling i dag?")
    first = _head(reply, 1)
    assert "700000" in first and "vet inte" not in first, reply
    assert "senast kontrollerad" in normalise(reply), "the date it was last checked is still said"


def test_the_2015_figure_question_gets_todays_limit_in_its_first_sentence(searcher):
    reply = _reply("Vilken direktupphandlingsgräns gäller nu? I utvärderingen står det 271 964 kr.")
    first = _head(reply, 1)
    assert first.startswith("nej") and "700000" in first, reply


def test_a_threshold_past_the_table_says_det_vet_jag_inte_first(searcher):
    reply = _reply("Vilket EU-tröskelvärde gäller för tjänster år 2026?")
    assert _head(reply, 1).startswith("det vet jag inte"), reply
    assert "2389585" in _head(reply), "the last known value follows"


def test_the_laws_name_for_bilaga_2_services_gets_their_threshold(searcher):
    reply = _reply("Hur högt var tröskelvärdet för sociala och andra särskilda tjänster 2024?")
    assert "8109450" in _head(reply, 1), reply


@pytest.mark.parametrize(
    "question",
    [
        "Har Hägersten-Liljeholmens förslag om en förstudiefas antagits?",
        "Blev riktlinjerna i Stockholm antagna i den form remissen föreslog?",
        "vad hände med förslaget sen?",
        "Vem är kontaktperson för Ung i Telge idag?",
        "Vilka projekt har Sundsvall finansierat sedan 2016?",
        "Vilka idéskisser ligger inne hos beredningsgruppen just nu?",
        "Vad blev resultatet av projektet Familjecentraler?",
        "Får vi pengarna i förskott eller i efterhand?",
        "Hur mycket har Umeå sparat på sina sociala investeringar?",
        "Vilket parti drev fram den sociala investeringsfonden?",
    ],
)
def test_facts_the_documents_do_not_hold_get_det_vet_jag_inte(searcher, question):
    reply = _reply(question)
    assert _head(reply, 1).startswith("det vet jag inte"), reply


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("När antog fullmäktige riktlinjerna?", "2013"),
        ("Vilka reserverade sig i kultur- och fritidsnämnden?", "rolander"),  # session 8: was a row with no
        # expected words ("Vilka partier reserverade sig mot motionen?", which no document answers)
        ("Vi vill fortsätta vårt stödprogram i skolan som saknar pengar nästa år, går det?", ""),
    ],
)
def test_answerable_questions_with_those_words_are_not_called_unknown(searcher, question, said):
    from knowledge.answerability import asked_fact

    fact = asked_fact(question)
    # session 7: "När antog …" asks for a date (the general answer type `event_date`), answered when the
    # answering sentences hold one
    assert fact is None or fact.general, question
    reply = _reply(question)
    assert said in _head(reply), reply
    assert not _head(reply, 1).startswith("det vet jag inte"), reply


def test_the_documents_sentence_answers_what_counts_as_lower_costs_not_the_repayment_rule(searcher):
    reply = _reply("vad raknas som lagre kostnader nar man ska betala tillbaka")
    head = _head(reply)
    assert "resursanvandning" in head or "placera" in head, reply


def test_which_namnder_wanted_to_drop_the_repayment_is_answered_by_the_remiss_sentence(searcher):
    reply = _reply("Vilka nämnder ville ta bort kravet på återbetalning i remissomgången?")
    head = _head(reply)
    assert "omsorgsnamnden" in head and "socialnamnden" in head, reply


def test_sundsvall_repays_the_amount_used(searcher):
    reply = _reply(
        "Ska man i Sundsvall betala tillbaka hela det beviljade beloppet eller bara det som använts?"
    )
    assert "forbrukat" in _head(reply, 1), reply


def test_the_aggregation_answer_cites_no_unverified_paragraph(searcher):
    reply = _reply("Räknas flera direktupphandlingar av samma tjänst samman?")
    assert "samma slag" in _head(reply, 1) and "19 kap" in reply, reply
    assert "8 §" not in reply
