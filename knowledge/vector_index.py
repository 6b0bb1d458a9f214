"""Dense candidate search with faiss: every passage vector and every sentence-window vector in one index.

A passage scores by the best cosine of itself and its windows. faiss returns the nearest vectors; their
passages are the dense candidates, and :meth:`VectorIndex.dense` gives the exact score of any passage (the
vectors are read from faiss's own storage, no copy).

The index type is chosen by size (``knowledge/search.yaml``, ``index``): exact inner product (``IndexFlatIP``)
up to ``hnsw_above`` vectors, HNSW above it. Measured with ``benchmarks/search_scale.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import faiss
import numpy as np


@dataclass(frozen=True)
class IndexConfig:
    kind: str = "auto"
    """auto (flat up to ``hnsw_above`` vectors, HNSW above), or flat, hnsw, ivf to force one."""
    hnsw_above: int = 200_000
    """Vector count from which "auto" uses HNSW instead of the exact flat index."""
    hnsw_m: int = 32
    ef_construction: int = 80
    ef_search: int = 96
    ivf_lists_per_sqrt: float = 4.0
    """IVF: number of lists = this x sqrt(vector count)."""
    ivf_probe: int = 16


@contextmanager
def one_thread() -> Iterator[None]:
    """faiss's searches of one question in the calling thread only (the setting is per thread and put back).

    A search of a few query vectors is far too small to share out: on the 2 shared cores, under load
    (average 5), each call waited 1-3 ms for faiss's OpenMP threads to wake; with one thread the whole
    search p50 fell from 5-8 to under 2 ms (benchmarks/query_adapter_benchmark.py, 2026-11-24)."""
    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(threads)


def _storage_view(index: Any) -> np.ndarray:
    """The float32 vectors a flat (or HNSW-over-flat) index holds, as a read-only numpy view."""
    flat: Any = faiss.downcast_index(index.storage) if isinstance(index, faiss.IndexHNSW) else index
    n, d = flat.ntotal, flat.d
    if n == 0:
        return np.zeros((0, d), dtype=np.float32)
    return faiss.rev_swig_ptr(flat.get_xb(), n * d).reshape(n, d)


class VectorIndex:
    """Passage vectors (rows ``0 .. passages-1``), then window vectors, each window owned by a passage."""

    def __init__(
        self,
        passage_vectors: np.ndarray,
        window_vectors: np.ndarray,
        window_owners: np.ndarray,
        config: IndexConfig | None = None,
    ) -> None:
        self.config = config or IndexConfig()
        self.passages = int(passage_vectors.shape[0])
        owners = np.asarray(window_owners, dtype=np.int64)
        order = np.argsort(owners, kind="stable")  # windows of one passage side by side
        owners = owners[order]
        vectors = np.ascontiguousarray(
            np.vstack([passage_vectors, window_vectors[order]]).astype(np.float32, copy=False)
        )
        self.owners = np.concatenate([np.arange(self.passages, dtype=np.int64), owners])
        self.window_start = np.searchsorted(owners, np.arange(self.passages)) + self.passages
        self.window_end = np.searchsorted(owners, np.arange(self.passages), side="right") + self.passages
        d = vectors.shape[1]
        kind = self.config.kind
        if kind == "auto":
            kind = "hnsw" if len(vectors) > self.config.hnsw_above else "flat"
        index: Any
        if kind == "hnsw":
            index = faiss.IndexHNSWFlat(d, self.config.hnsw_m, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = self.config.ef_construction
            index.hnsw.efSearch = self.config.ef_search
            self.kind = f"HNSW (M {self.config.hnsw_m}, efSearch {self.config.ef_search})"
        elif kind == "ivf":
            lists = max(1, min(len(vectors) // 39, int(self.config.ivf_lists_per_sqrt * len(vectors) ** 0.5)))
            index = faiss.IndexIVFFlat(faiss.IndexFlatIP(d), d, lists, faiss.METRIC_INNER_PRODUCT)
            index.train(vectors)
            index.nprobe = self.config.ivf_probe
            self.kind = f"IVF ({lists} listor, nprobe {self.config.ivf_probe})"
        elif kind == "flat":
            index = faiss.IndexFlatIP(d)
            self.kind = "flat inner product (exact)"
        else:
            raise ValueError(f"unknown index kind {kind!r} (auto, flat, hnsw or ivf)")
        index.add(vectors)
        self.index = index
        # the exact scores read the vectors from faiss's own storage; IVF keeps them in lists, so a copy
        self.vectors = vectors if kind == "ivf" else _storage_view(index)

    @property
    def size(self) -> int:
        return int(self.index.ntotal)

    def nearest(self, queries: np.ndarray, n: int) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per query: the passages owning the ``n`` nearest vectors and their best cosine among those."""
        n = max(1, min(n, self.size))
        with one_thread():
            scores, rows = self.index.search(np.ascontiguousarray(queries, dtype=np.float32), n)
        out = []
        for score_row, id_row in zip(scores, rows, strict=True):
            keep = id_row >= 0
            owners = self.owners[id_row[keep]]
            unique, first = np.unique(owners, return_index=True)  # rows come best first
            out.append((unique, score_row[keep][first]))
        return out

    def dense(self, query: np.ndarray, passages: np.ndarray) -> np.ndarray:
        """Exact score of each of ``passages``: the best cosine of the passage and its windows."""
        passages = np.asarray(passages, dtype=np.int64)
        best = self.vectors[passages] @ query
        starts, ends = self.window_start[passages], self.window_end[passages]
        counts = ends - starts
        if counts.sum():
            rows = np.concatenate([np.arange(s, e) for s, e in zip(starts, ends, strict=True) if e > s])
            slots = np.repeat(np.arange(len(passages)), counts)
            np.maximum.at(best, slots, self.vectors[rows] @ query)
        return best
