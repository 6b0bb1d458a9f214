"""The lexical index: BM25 over folded, lemmatised tokens (``knowledge.textnorm.lexical_tokens``) with
``bm25s``, whose sparse matrix scores a query in time proportional to its terms' postings, not to the
corpus."""

from __future__ import annotations

import bm25s  # type: ignore[import-untyped]
import numpy as np

BM25_METHOD = "robertson"
"""Robertson/Okapi BM25 (k1 1.5, b 0.75), the variant rank_bm25's BM25Okapi implements."""


class LexicalIndex:
    def __init__(self, documents: list[list[str]]) -> None:
        self.size = len(documents)
        self.bm25 = bm25s.BM25(method=BM25_METHOD, k1=1.5, b=0.75)
        self.bm25.index([tokens or ["_"] for tokens in documents], show_progress=False)
        self.vocabulary = frozenset(self.bm25.vocab_dict)

    def scores(self, tokens: list[str]) -> np.ndarray:
        """BM25 of every document; terms the corpus never uses are ignored."""
        known = [t for t in tokens if t in self.vocabulary]
        if not known:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self.bm25.get_scores(known), dtype=np.float32)
