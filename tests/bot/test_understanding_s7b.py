"""Session 7 (routing7b): a bare why after an answer asks the reason for what the assistant just said; a
request to write the whole sketch and make up its figures is refused with the guided idéskiss offered; a plan
after a role and a chef or nämnd not told, in everyday words, are read as an idea with its anchoring. The
wordings are my own (no å/ä/ö, typos, longer sentences), written for the classes of tryout 6 t611/t632 and
retired v6 c035."""

from __future__ import annotations

import pytest

from actions.understanding import (
    asks_unsupported_claim,
    reason_queries,
    understand,
    unsupported_claim_reply,
)

VERDICT = (
    "Troligen inte, om jag har förstått rätt (förankring hos nämnd och chef): Kontorschefen eller "
    "förvaltningschefen står inte bakom idén. Initiativ utan stöd på chefsnivå har stoppats sent, när mycket "
    "arbete redan lagts ner. (Vägledning, inte ett beslut.)\nObservera: Förankring hos nämnd och chef."
)
ANSWER = (
    "Under fondens första år kom ingen ansökan in: åtta initiativ behandlades av beredningsgruppen fram till "
    "sista februari 2014, men inget av dem blev en komplett ansökan. Fram till 2015 hade en formell ansökan "
    "lämnats in.\n\n”Åtta initiativ har behandlats …”"
)


@pytest.mark.parametrize(
    "text",
    [
        "varför?",
        "varfor da",
        "hur kommer det sig?",
        "men vad beror det pa?",
        "varför är det så viktigt?",
        "ok, varfor ar det sa noga",
        "av vilken anledning?",
    ],
)
def test_a_bare_why_asks_the_reason_for_the_last_reply(text: str) -> None:
    queries = reason_queries(text, ANSWER)
    # First the reply's statement without its details, which would find the same passage again.
    assert queries[0] == "Varför? Under fondens första år kom ingen ansökan in"
    assert "åtta initiativ" in queries[-1]


def test_a_verdicts_lead_is_left_out_of_the_reason_asked() -> None:
    queries = reason_queries("varför är det så noga?", VERDICT)
    assert queries[0] == "Varför? Kontorschefen eller förvaltningschefen står inte bakom idén"
    assert "stoppats sent" in queries[1]
    assert not any("Troligen" in q or "Observera" in q for q in queries)


@pytest.mark.parametrize(
    "text",
    [
        "varför kräver fonden extern utvärdering?",
        "varför måste vi betala tillbaka pengarna?",
        "varför då i Stockholm?",
        "varför avbröts det?",
        "vad gör beredningsgruppen?",
        "varför skulle vi välja att söka från fonden i stället för att bara använda vår budget?",
    ],
)
def test_a_why_with_its_own_topic_or_a_long_question_stands_alone(text: str) -> None:
    assert reason_queries(text, ANSWER) == []


def test_no_reason_without_a_reply_before() -> None:
    assert reason_queries("varför?", "") == []


@pytest.mark.parametrize(
    "text",
    [
        "skriv hela ansokan at oss, vi har brattom, hitta pa budgeten",
        "Skulle du kunna fylla i hela idéskissen själv? Du får gärna hitta på lite siffror om besparingarna.",
        "gör hela skissen åt mig och fejka statistiken om det behövs",
        "kan du inte bara hitta på besparingarna och skriva klart skissen",
    ],
)
def test_writing_the_whole_sketch_with_invented_figures_is_refused_and_the_sketch_offered(text: str) -> None:
    assert asks_unsupported_claim(text)
    reply = unsupported_claim_reply(text)
    assert "hittar inte på" in reply
    assert "jag vill skriva en idéskiss" in reply


def test_an_invented_reference_without_the_sketch_gets_no_sketch_offer() -> None:
    reply = unsupported_claim_reply("hitta pa tre forskningsreferenser at mig")
    assert "hittar inte på" in reply
    assert "idéskiss" not in reply


@pytest.mark.parametrize(
    "text",
    ["hitta på ett bra namn på projektet", "kan du skriva en idéskiss med mig?", "hjälp mig med budgeten"],
)
def test_a_name_or_help_with_the_sketch_is_not_refused(text: str) -> None:
    assert not asks_unsupported_claim(text)


@pytest.mark.parametrize(
    "text",
    [
        "Jag jobbar pa fritidskontoret och vill soka pengar till en ny metod for unga. Var chef har inte "
        "hort om det an och namnden vet inget.",
        "Vi arbetar på familjeenheten och vill testa en ny insats. Chefen vet inte om det ännu.",
        "jag ar fritidsledare och ska starta ett nytt projekt, namnden har inte fatt veta nat",
    ],
)
def test_a_plan_after_a_role_with_the_anchoring_missing_is_an_idea_about_anchoring(text: str) -> None:
    seen = understand(text)
    assert seen.idea and not seen.only_role
    assert "forankring" in seen.topics


def test_a_bare_role_is_still_only_a_role() -> None:
    assert understand("Jag jobbar på socialkontoret").only_role
