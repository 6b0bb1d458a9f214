"""Tryout 5, class A (the first sentence did not answer the question) and t510/t511 (another fund's rules):
each question below is answered by its own first sentence from the curated answers or the rules data, with a
source, through ``actions.answers.answer_messages`` over the real index and model (tests/tuning/probe_s5.yaml
runs the same questions through the chat)."""

from __future__ import annotations

import pytest

from fondassistenten.chat_suite import first_sentences, normalise
from tests.knowledge.replies import reply_to as _reply


def _first(reply: str) -> str:
    return normalise(" ".join(first_sentences(reply, 1)))


def _holds(text: str, *phrases: str) -> bool:
    """Every phrase is in the (normalised) text, compared with å/ä/ö folded as the chat suites do."""
    return all(normalise(phrase) in text for phrase in phrases)


def test_parents_as_target_group_fit_when_the_effect_reaches_the_children(searcher):
    # t501: the first sentence was an unrelated budget sentence of the same passage.
    reply = _reply(
        "Vi på socialkontoret funderar på ett föräldrastödsprogram för föräldrar till barn i förskoleåldern. "
        "Passar det fonden, trots att det är föräldrarna som får insatsen?"
    )
    first = _first(reply)
    assert first.startswith(normalise("ja,")) and _holds(first, "foraldrar", "barn och unga"), reply
    assert "mätas hos barnen" in reply and "Långsiktigt betyder det" not in reply, reply
    assert "Källa: Södertälje kommun, utvärdering (2015)" in reply, reply


def test_rent_is_not_paid_for_running_existing_operations(searcher):
    # t502: the reply was "OPUS- ansökan var inte förenlig med fondens kriterier." and nothing more.
    reply = _reply("Får man använda fondens pengar till lokalhyra?")
    first = _first(reply)
    assert first.startswith(normalise("nej,")) and _holds(first, "drift av befintlig verksamhet"), reply
    assert "OPUS- ansökan" not in reply, reply


def test_direct_awards_of_the_same_kind_in_a_year_count_together(searcher):
    # t505: "Det vet jag inte", although the rules data says it.
    reply = _reply("Räknas flera små köp av samma sorts tjänst ihop?")
    first = _first(reply)
    assert first.startswith(normalise("ja,")) and _holds(
        first, "samma slag", "räkenskapsåret räknas samman"
    ), reply
    assert _holds(first, "lagen (2016:1145) om offentlig upphandling"), reply
    assert "Det vet jag inte" not in reply, reply


def test_sundsvall_repayment_gives_the_period_and_the_amount(searcher):
    # t511 turn 1: the reply named the model but not the period.
    reply = _reply("Vad gäller för återbetalning i Sundsvall?")
    first = _first(reply)
    assert first.startswith(normalise("i sundsvall")) and _holds(
        first, "mellan ett och tio år efter projektets slut"
    ), reply
    assert _holds(first, "förbrukat belopp"), reply
    assert "Källa: Sundsvalls kommun, riktlinje (2015)" in reply, reply


def test_sundsvall_repayment_exceptions(searcher):
    # t511 turn 2, as the routing asks it with the topic of the turn before.
    reply = _reply("Finns det undantag från återbetalningen i Sundsvall?")
    first = _first(reply)
    assert first.startswith(normalise("ja, i sundsvall")) and _holds(first, "tidiga insatser"), reply


def test_who_prepares_applications_in_sundsvall_is_the_strategic_network(searcher):
    # t512: the reply was Sundsvall's priority factors.
    reply = _reply("vem bereder ansökningarna i sundsvall")
    first = _first(reply)
    assert _holds(first, "bereder det strategiska verksamhetsnätverket ansökningarna"), reply
    assert _holds(first, "ledningsgruppen beslutar"), reply
    assert "prioriteras ansökningar efter" not in reply, reply


def test_idea_sketch_versus_application_says_which_comes_first(searcher):
    # t514: the reply described the sketch and never the difference.
    reply = _reply("vad är skillnaden mellan idéskiss och ansökan?")
    first = _first(reply)
    assert first.startswith(normalise("idéskissen kommer först")) and _holds(first, "innan någon ansökan"), (
        reply
    )
    assert _holds(normalise(reply), "formella ansökan kommer sedan"), reply


@pytest.mark.parametrize("question", ["vad betyder LOU", "vad är LOU", "vad ar LOU"])
def test_lou_is_spelled_out(searcher, question):
    # t517 and its variants: "Det vet jag inte", or the nine exceptions of LOU as the first sentence.
    reply = _reply(question)
    assert _first(reply) == normalise("lou är lagen (2016:1145) om offentlig upphandling."), reply


def test_stockholm_target_groups_are_answered_as_a_proposal(searcher):
    # t510 turn 2: another fund's proposal, labelled as one, not Södertälje's target-group rule.
    reply = _reply("Men i Stockholm får väl alla målgrupper söka?")
    first = _first(reply)
    assert _holds(first, "stockholm", "förslag", "målgrupper"), reply
    assert "Det låter som att insatsen riktar sig till äldre" not in reply, reply
