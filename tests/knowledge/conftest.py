"""Fixtures for the knowledge tests: the real prepared model and the real index (built once per session)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fondassistenten.settings import get_settings
from knowledge.index import ensure_index
from knowledge.ingest import Passage, load_passages
from knowledge.model_prep import is_prepared
from knowledge.search import Searcher, municipality_for_fund

SETTINGS = get_settings()
CORPUS = SETTINGS.corpus_dir


@pytest.fixture(scope="session")
def model_name() -> str:
    if not SETTINGS.embedding_model and not is_prepared(SETTINGS.model_dir):
        pytest.skip(
            f"Embeddingmodellen saknas i {SETTINGS.model_dir}; kör: python -m knowledge prepare-model"
        )
    return SETTINGS.embedding_model_name


@pytest.fixture(scope="session")
def passages() -> list[Passage]:
    return load_passages(CORPUS)


@pytest.fixture(scope="session")
def searcher(model_name: str) -> Searcher:
    """A searcher over the real corpus and model and the configured index (built here only if stale)."""
    ensure_index(CORPUS, SETTINGS.index_dir, model_name, say=lambda _: None)
    return Searcher(
        SETTINGS.index_dir, model_name, default_municipality=municipality_for_fund(SETTINGS.fund, CORPUS)
    )


def by_file(passages: list[Passage], stem: str) -> list[Passage]:
    return [p for p in passages if Path(p.document_file).stem == stem]
