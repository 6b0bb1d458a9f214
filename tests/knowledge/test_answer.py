"""The answer sentence: one or two whole sentences of the best passage that say the answer, never a table row,
a list item or a sentence cut in the middle."""

from __future__ import annotations

import pytest

from knowledge.answer import best_sentences, is_complete_sentence
from knowledge.textnorm import split_sentences


def _passage(passages, text: str):
    return next(p for p in passages if text in p.text)


@pytest.mark.parametrize(
    ("sentence", "complete"),
    [
        ("Insatsen ska vara helt återbetald senast fem år efter det att återbetalningen påbörjats.", True),
        ("Föreslagen lydelse: Den nämnd som ska ansvara för insatsen kan upphandla hela uppdraget.", True),
        ("Norrköping Start januari 2011: Fond (40 mnkr).", False),  # a cell of the comparison table
        ("Målgrupper – Södertälje Start februari 2013: Barn och unga.", False),  # a table row
        ("8 initiativ, 4 diskuteras, 4 återtagna/avslutade.", False),
        ("- bidra till genomförandet av kommunfullmäktiges mål,", False),  # a list item
        ("och därför ska nämnden ansvara för hela projektet.", False),  # starts mid-sentence
        ("Den sociala investeringsfonden ska följas upp årligen och rapporten lämnas", False),  # cut off
        ("Samverkan, tvärsektorielt.", False),  # too short to answer anything
    ],
)
def test_only_complete_sentences_are_candidates(sentence, complete):
    assert is_complete_sentence(sentence) is complete


def test_the_sentence_that_answers_is_chosen(searcher, passages):
    passage = _passage(passages, "återbetalningen ska börja senast fem år från projektstarten")
    answer = best_sentences("När måste återbetalningen börja?", passage)
    assert "senast fem år från projektstarten" in answer
    assert len(split_sentences(answer)) <= 2 and answer.endswith(".")
    assert answer in " ".join(passage.text.split())  # whole sentences, word for word


def test_a_table_passage_never_answers_with_a_row(passages):
    table = _passage(passages, "I tabellerna nedan jämför vi Södertäljes sociala investeringsfond")
    answer = best_sentences("Hur stor är fonden?", table)
    assert "Start januari 2011" not in answer and "Start februari 2013" not in answer
    for sentence in split_sentences(answer):
        assert is_complete_sentence(sentence), sentence


def test_a_precomputed_question_vector_gives_the_same_sentences(searcher, passages):
    question = "Vem beslutar om pengar ur fonden?"
    passage = _passage(passages, "beslutas av kommunstyrelsen på delegation från kommunfullmäktige")
    plain = best_sentences(question, passage)
    assert plain == best_sentences(question, passage, vector=searcher.encode_query(question))
    assert "kommunstyrelsen på delegation från kommunfullmäktige" in plain


def test_max_sentences_and_no_complete_sentence(passages):
    passage = _passage(passages, "återbetalningen ska börja senast fem år från projektstarten")
    one = best_sentences("När måste återbetalningen börja?", passage, max_sentences=1)
    assert len(split_sentences(one)) == 1
    assert best_sentences("Vad gäller?", "bidra till målen, ge vinster, främja arbetssätt") == ""


def test_answers_to_product_questions_are_whole_sentences(searcher):
    for question in (
        "Hur går ansökningsprocessen till?",
        "Får man dela upp ett avtal för att slippa upphandling?",
    ):
        response = searcher.search(question, k=1)
        answer = best_sentences(question, response.passages[0])
        assert answer, question
        for sentence in split_sentences(answer):
            assert is_complete_sentence(sentence), sentence
