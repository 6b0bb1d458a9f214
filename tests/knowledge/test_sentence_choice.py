"""Which sentences of a long passage answer first: the one holding the question's specific words (a name, an
age, a rare word) comes first, a sentence that leans on the one before it keeps its place, and every sentence
is still a whole sentence of the passage, word for word. Real model, real index (knowledge/search.yaml
``answer``: ``idf_weight``, ``best_first``, ``leaning_starts``)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from actions.answers import answer_messages
from fondassistenten.chat_suite import first_sentences
from knowledge.answer import answer_config, best_sentences, idf_overlap, is_complete_sentence
from knowledge.textnorm import lexical_tokens, split_sentences


def _passage(passages, text: str):
    return next(p for p in passages if text in p.text)


def test_a_rare_word_of_the_question_counts_for_more_than_a_common_one(searcher):
    terms = set(lexical_tokens("Vilka remissvar kom in om fonden?"))
    rare = idf_overlap(terms, "Remissvaren kom in från åtta nämnder.")
    common = idf_overlap(terms, "Fonden har funnits sedan 2013.")
    assert rare > 0.5 > common > 0
    # a word no sentence of the corpus holds (a typo) does not count against any sentence
    assert idf_overlap(terms | {"qwxz"}, "Remissvaren kom in.") == pytest.approx(rare)


@pytest.mark.parametrize(
    ("question", "anchor", "fact"),
    [
        ("Vilken ålder har deltagarna i Ung i Tälje?", "åldern 16-29 år", "16-29 år"),
        (
            "Vad var huvudskälet till att de två kommunala initiativen drogs tillbaka?",
            "som en huvudanledning till att intresseanmälningarna",
            "kravet på återföring",
        ),
    ],
)
def test_the_sentence_holding_the_asked_fact_comes_first(searcher, passages, question, anchor, fact):
    passage = _passage(passages, anchor)
    answer = best_sentences(question, passage)
    first = split_sentences(answer)[0]
    assert fact in first, answer
    # before (no IDF weighting, passage order) the fact stood only in the second sentence
    before = best_sentences(
        question, passage, config=replace(answer_config(), idf_weight=0.0, best_first=False)
    )
    assert fact not in split_sentences(before)[0]
    text = " ".join(passage.text.split())
    for sentence in split_sentences(answer):
        assert is_complete_sentence(sentence), sentence
        assert sentence in text  # whole sentences of the passage, word for word


def test_a_sentence_leaning_on_the_one_before_keeps_its_place(passages):
    passage = _passage(passages, "Det kan gälla om utvärderingen av projekten visar")
    question = "Slipper nämnden betala tillbaka om projektet inte ger någon effekt alls?"
    answer = best_sentences(question, passage)
    # the best sentence ("Det kan gälla om … inga eller negativa effekter") says what "det" is only after
    # the sentence before it, so that one stays first
    assert answer.startswith("Kravet på återföring kan upphävas"), answer
    assert "Det kan gälla om utvärderingen" in answer


def test_the_chat_reply_opens_with_the_fact(searcher):
    reply = "\n".join(answer_messages("Vilken ålder har deltagarna i Ung i Tälje?"))
    assert "16-29 år" in first_sentences(reply, 1)[0], reply
