"""The web app's e5 queries run on the ONNX export with a cache of vectors by text: a cached vector is the one
the model gives, the cache stays within its size, and the search gets the ONNX model only when the export is
current (``FOND_EMBEDDING_BACKEND=torch`` keeps sentence-transformers)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from fondassistenten.e5_onnx import E5Encoder, OnnxSentenceModel, onnx_model_for
from fondassistenten.settings import get_settings
from knowledge.onnx_export import export_onnx

TEXTS = [
    "query: Kan en förening söka pengar ur fonden?",
    "query: Vem beslutar om pengarna?",
    "passage: Återbetalningen ska börja senast fem år från projektstarten.",
]


@pytest.fixture(scope="module")
def onnx_dir() -> Path:
    return export_onnx(get_settings().model_dir, say=lambda _: None)


def test_cached_vectors_are_the_models_vectors_and_the_cache_stays_small(onnx_dir: Path) -> None:
    fresh = E5Encoder(onnx_dir, cache_size=0).encode(TEXTS)
    cached = E5Encoder(onnx_dir, cache_size=2)
    first = cached.encode(TEXTS[:2])
    mixed = cached.encode([TEXTS[1], TEXTS[2], TEXTS[1]])  # one cached, one new, one repeated
    assert np.allclose(first, fresh[:2], atol=1e-6)
    assert np.allclose(mixed, fresh[[1, 2, 1]], atol=1e-6)
    assert np.allclose(np.linalg.norm(mixed, axis=1), 1.0, atol=1e-5)
    assert cached.hits >= 1 and len(cached._cache) == 2  # the oldest text (TEXTS[0]) was dropped


def test_the_search_uses_the_onnx_export_unless_told_otherwise(
    onnx_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model_name = str(get_settings().model_dir)
    model = onnx_model_for(model_name)
    assert isinstance(model, OnnxSentenceModel)
    assert model.encode(TEXTS[0]).shape == (384,)
    monkeypatch.setenv("FOND_EMBEDDING_BACKEND", "torch")
    get_settings.cache_clear()
    try:
        assert onnx_model_for(model_name) is None
    finally:
        monkeypatch.delenv("FOND_EMBEDDING_BACKEND")
        get_settings.cache_clear()
