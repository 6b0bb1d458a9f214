"""The scalable search: faiss finds the candidates, a sparse BM25 index the lexical ones, a caller can pass
the question's vector, and replacing the corpus (as the live layer does) rebuilds both indexes."""

from __future__ import annotations

import dataclasses

import numpy as np

from knowledge.evaluation import load_tuning_questions
from knowledge.search import Searcher
from knowledge.vector_index import IndexConfig, VectorIndex

from .conftest import SETTINGS


def test_a_precomputed_vector_gives_the_same_answer(searcher):
    question = "Hur lång tid har man på sig att betala tillbaka pengarna?"  # has lay terms: two vectors
    plain = searcher.search(question, k=5)
    typed = searcher.encode_query(question)
    assert typed.shape == (searcher.vectors.shape[1],)
    with_typed = searcher.search(question, k=5, vector=typed)
    with_all = searcher.search(question, k=5, vector=searcher.encode_queries(question))
    assert len(searcher.encode_queries(question)) == 2
    for other in (with_typed, with_all):
        assert [p.id for p in other.passages] == [p.id for p in plain.passages]
        assert other.answerable == plain.answerable
        assert abs(other.best_dense_score - plain.best_dense_score) < 1e-3


def test_candidate_search_ranks_like_scoring_every_passage(searcher):
    """With every passage a candidate the ranking is the exhaustive one; the configured candidates agree."""
    everything = dataclasses.replace(
        searcher.config,
        dense_candidates=searcher.vector_index.size,
        lexical_candidates=len(searcher.passages),
    )
    config = searcher.config
    questions = [q.question for q in load_tuning_questions()][::4]
    try:
        searcher.config = everything
        full = {q: [p.id for p in searcher.search(q, k=5).passages] for q in questions}
    finally:
        searcher.config = config
    same = sum([p.id for p in searcher.search(q, k=5).passages] == full[q] for q in questions)
    assert same == len(questions)


def test_approximate_index_finds_the_exact_nearest_passage(searcher):
    vectors, windows, owners = searcher.vectors, searcher.window_vectors, searcher.window_owners
    exact = VectorIndex(vectors, windows, owners, IndexConfig(kind="flat"))
    hnsw = VectorIndex(vectors, windows, owners, IndexConfig(kind="hnsw"))
    assert hnsw.kind.startswith("HNSW") and exact.kind.startswith("flat")
    query = searcher.encode_query("Vem beslutar om pengar ur fonden?")
    found, scores = exact.nearest(query[None, :], 50)[0]
    h_found, h_scores = hnsw.nearest(query[None, :], 50)[0]
    assert found[np.argmax(scores)] == h_found[np.argmax(h_scores)]
    exact_scores = exact.dense(query, found)  # the passage itself and all its windows
    assert (exact_scores >= scores - 1e-5).all()
    assert abs(exact_scores.max() - scores.max()) < 1e-5


def test_replacing_the_corpus_rebuilds_the_indexes(model_name):
    """knowledge/live.py assigns passages and vectors; the next search uses them."""
    fresh = Searcher(SETTINGS.index_dir, model_name)
    question = "Hur många hundar får man ha i en koloniträdgård enligt fondens regler?"
    before = fresh.search(question, k=3)
    new = dataclasses.replace(
        fresh.passages[0],
        id="nytt#000",
        text="I koloniträdgården får man ha högst två hundar enligt fondens regler för koloniträdgårdar.",
        document_file="nytt.md",
    )
    vector = fresh.encode_query(new.text)  # close enough to the question for a test
    fresh.passages = [*fresh.passages, new]
    fresh.vectors = np.vstack([fresh.vectors, vector[None, :]])
    fresh.window_vectors = np.array(fresh.window_vectors)
    fresh.window_owners = np.array(fresh.window_owners)
    fresh.bm25 = None
    fresh.municipalities = sorted({p.municipality for p in fresh.passages})
    fresh._passage_municipality = np.array([p.municipality for p in fresh.passages])
    after = fresh.search(question, k=3)
    assert "nytt#000" not in [p.id for p in before.passages]
    assert after.passages[0].id == "nytt#000"
    assert fresh.lexical.size == len(fresh.passages) and fresh.vector_index.passages == len(fresh.passages)
