"""Unanswerable classes of the retired blind v6 (session 7, answers7b), in wordings of our own (no å/ä/ö,
typos, other users), through ``actions.answers.answer_messages`` with the real index and model:

- "how many" answered by "flera" or "några" is no count: the reply says "Det vet jag inte" (the documents do
  not give the number), while "samtliga/alla nämnder" still answers how many nämnder agreed;
- how a named initiative ended after the documents ("blev X beviljade", "fick X pengar … till slut/sen") is
  "Det vet jag inte", saying that the documents end in 2016, while why an initiative got no money (which
  the 2015 evaluation tells) is still answered."""

from __future__ import annotations

import pytest

from fondassistenten.chat_suite import first_sentences, normalise
from tests.knowledge.replies import reply_to as _reply


def _head(reply: str, count: int = 2) -> str:
    return normalise(" ".join(first_sentences(reply, count)))


@pytest.mark.parametrize(
    "question",
    [
        # the evaluation says "Flera intresseanmälningar har kommit från aktörer utanför kommunen"
        "hur manga intresseanmalningar har kommit fran aktorer utanfor kommunen?",
        # … and "beredningsgruppen fått avvisa flera intresseanmälningar"
        "Hur många intresseanmälningar har beredningsgruppen fått avvisa för att de inte var förankrade?",
    ],
)
def test_flera_or_nagra_is_no_answer_to_how_many(searcher, question):
    reply = _reply(question)
    head = _head(reply, 1)
    assert head.startswith("det vet jag inte"), reply
    assert "antalet" in head, reply


def test_samtliga_still_answers_how_many_namnder_agreed(searcher):
    reply = _reply("hur många nämnder tillstyrkte utvärderingens slutsatser i remissen")
    head = _head(reply)
    assert not head.startswith("det vet jag inte"), reply
    assert normalise("alla nämnder") in head or normalise("samtliga nämnder") in head, reply


@pytest.mark.parametrize(
    "question",
    [
        "blev Skolfam godkand av namnden",
        "fick ACT-kursen nagon finansiering senare?",
        "Blev familjecentralerna beviljade av KS till slut?",
        "fick tjejhuset nan ny finansiering till sist",
    ],
)
def test_how_a_named_initiative_ended_is_not_known(searcher, question):
    reply = _reply(question)
    head = _head(reply, 1)
    assert head.startswith("det vet jag inte"), reply
    assert normalise("2013–2016") in head, reply


def test_why_an_initiative_got_no_money_is_still_answered(searcher):
    reply = _reply("varfor fick tjejhuset inga pengar fran fonden")
    head = _head(reply)
    assert not head.startswith("det vet jag inte"), reply
    assert normalise("oklarhet") in head, reply
