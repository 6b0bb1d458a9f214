"""The learned query adapter (knowledge/adapter.py): loaded by the real search, it moves the right passage up
for questions a user asks; it does not change what counts as answerable; the committed file is what its
recipe trains; it is not used with another model."""

from __future__ import annotations

import contextlib

import numpy as np
import pytest

from knowledge import adapter as qa
from knowledge.evaluation import EVAL_FILE, RETIRED_BLIND_FILE, gold_ids, load_questions
from knowledge.index import load_index
from tests.knowledge.conftest import SETTINGS


@contextlib.contextmanager
def without_adapter(searcher):
    """The same search with ``FOND_QUERY_ADAPTER=off`` (same weights, no adapter)."""
    adapter = searcher.adapter
    searcher.adapter = None
    try:
        yield searcher
    finally:
        searcher.adapter = adapter


def test_search_loads_the_adapter(searcher):
    assert searcher.config.query_adapter.enabled
    assert searcher.adapter is not None
    assert searcher.adapter.matrix.shape == (384, 384)


def test_a_small_purchase_question_finds_the_direct_procurement_passage_first(searcher):
    """questions.yaml q63 (tuning set): without the adapter the passage on direct procurement below the
    threshold was not among the first ten."""
    question = "Får vi anlita en konsult utan upphandlnig om beloppet är litet?"
    with without_adapter(searcher):
        before = searcher.search(question, k=5)
    after = searcher.search(question, k=5)
    assert "direktupphandlas" in after.passages[0].text
    assert "direktupphandlas" not in before.passages[0].text
    assert after.answerable == before.answerable
    assert after.best_dense_score == before.best_dense_score


def _first_hits(searcher, questions) -> int:
    hits = 0
    for question in questions:
        gold = gold_ids(question, searcher.passages)
        hits += searcher.search(question.question, k=3).passages[0].id in gold
    return hits


def test_the_adapter_puts_the_right_passage_first_more_often_on_the_tuning_questions(searcher):
    """Both halves of questions.yaml and the retired blind set (96 answerable tuning questions)."""
    questions = [q for path in (EVAL_FILE, RETIRED_BLIND_FILE) for q in load_questions(path) if q.answerable]
    with without_adapter(searcher):
        before = _first_hits(searcher, questions)
    after = _first_hits(searcher, questions)
    assert after > before, (before, after)


def test_the_answerable_flag_does_not_depend_on_the_adapter(searcher):
    for question in ("Vad blir det för väder i Södertälje i morgon?", "Vem beslutar om pengar ur fonden?"):
        with without_adapter(searcher):
            before = searcher.search(question)
        after = searcher.search(question)
        assert (after.answerable, after.best_dense_score) == (before.answerable, before.best_dense_score)


def test_the_committed_adapter_is_what_its_recipe_trains(searcher):
    """Re-training from the index (the synthetic questions only) gives the committed map (float16 steps)."""
    trained = qa.train_from_index(SETTINGS.index_dir, searcher.model, qa.TrainingParams(), say=lambda _: None)
    committed = qa.QueryAdapter.load(qa.ADAPTER_FILE)
    retrain = "synthetic questions or eval sets changed: python -m knowledge.adapter train, measure, commit"
    assert committed.params == trained.params, retrain
    assert np.abs(trained.matrix - committed.matrix).max() < 2e-3, retrain
    assert float(trained.check_vector @ committed.check_vector) > qa.CHECK_MIN_COSINE


def test_no_evaluation_question_is_trained_on():
    """A synthetic question that is word for word a tuning question is left out of the training pairs."""
    loaded = load_index(SETTINGS.index_dir)
    texts = loaded.passage_questions.questions
    exclude = qa.evaluation_questions()
    assert "hur prioriteras ansökningarna i sundsvall?" in exclude  # retired_blind_s2.yaml n115
    overlap = {t for t in texts if " ".join(t.casefold().split()) in exclude}
    assert "Hur prioriteras ansökningarna i Sundsvall?" in overlap
    args = (texts, np.asarray(loaded.passage_questions.owners), loaded.passage_question_vectors)
    queries, positives = qa.training_pairs(*args, len(loaded.passages), exclude=exclude)
    everything, _ = qa.training_pairs(*args, len(loaded.passages))
    assert len(queries) == len(everything) - len(overlap) == len(set(texts) - overlap)
    assert positives.any(axis=1).all()
    kept = {tuple(np.round(v, 5)) for v in queries}
    for text in overlap:
        assert tuple(np.round(loaded.passage_question_vectors[texts.index(text)], 5)) not in kept


def test_an_adapter_trained_on_another_model_is_not_used(searcher):
    """The check vector is the model's own query vector of a fixed sentence; another model gives another."""
    other = qa.QueryAdapter.load(qa.ADAPTER_FILE)
    assert other.fits(searcher.model)
    other.check_vector = np.asarray(
        searcher.model.encode(["query: Vad kostar en busskort i Sundsvall?"], normalize_embeddings=True)[0]
    )
    assert not other.fits(searcher.model)


@pytest.mark.parametrize("setting", ["off", "av"])
def test_the_setting_turns_the_adapter_off(searcher, monkeypatch, setting):
    from fondassistenten.settings import get_settings

    monkeypatch.setenv("FOND_QUERY_ADAPTER", setting)
    get_settings.cache_clear()
    try:
        assert searcher._load_adapter() is None
    finally:
        monkeypatch.delenv("FOND_QUERY_ADAPTER")
        get_settings.cache_clear()
    assert searcher._load_adapter() is not None
