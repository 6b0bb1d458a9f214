"""Search at scale: a synthetic corpus of 1 000, 10 000 and 100 000 passages built from the real one.

    OMP_WAIT_POLICY=PASSIVE .venv/bin/python benchmarks/search_scale.py                      # flat/HNSW/IVF
    OMP_WAIT_POLICY=PASSIVE .venv/bin/python benchmarks/search_scale.py --sizes 1000 --kinds flat

Copy 0 is the real corpus (passages, e5 vectors, sentence windows, FAQ). Every further copy perturbs each real
passage: its vector and its windows' vectors get Gaussian noise (cosine about 0.9 to the original, then
normalised), about a third of its words are replaced by words of other passages or by a copy-specific word (so
the vocabulary and the postings grow), and it belongs to one of 40 synthetic municipalities. The questions are
the tuning questions (knowledge/eval/questions.yaml and questions_retired_blind.yaml); each is encoded once.

Printed per size and index type: build time of the vector and lexical indexes, process memory (RSS) after the
build, search time p50/p95 with the question's precomputed vectors (``Searcher.encode_queries``, passed
as ``search(..., vector=...)``: no encoding), the same including encoding the question (and its expansion,
when it has lay terms), and for the approximate indexes the share of questions whose top 5 equals the exact
flat index's.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
import psutil  # noqa: E402

from fondassistenten.settings import get_settings  # noqa: E402
from knowledge.evaluation import load_tuning_questions  # noqa: E402
from knowledge.faq import FaqMatcher  # noqa: E402
from knowledge.index import ensure_index, load_index, load_model  # noqa: E402
from knowledge.ingest import Passage  # noqa: E402
from knowledge.search import SearchConfig, Searcher, municipality_for_fund  # noqa: E402
from knowledge.textnorm import lexical_tokens  # noqa: E402

NOISE = 0.5
"""Gaussian noise per dimension is NOISE / sqrt(d): cosine to the original about 1 / sqrt(1 + NOISE²)."""
WORD_SWAP = 0.33
MUNICIPALITIES = 40


def rss_mb() -> float:
    return psutil.Process().memory_info().rss / 1e6


def _perturb(vectors: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    noisy = vectors + rng.normal(0.0, NOISE / np.sqrt(vectors.shape[1]), vectors.shape).astype(np.float32)
    return (noisy / np.linalg.norm(noisy, axis=1, keepdims=True)).astype(np.float32)


def synthetic_corpus(size: int, seed: int = 7):
    """Passages, passage vectors, window vectors and window owners for ``size`` passages."""
    settings = get_settings()
    loaded = load_index(settings.index_dir)
    real = loaded.passages
    rng = np.random.default_rng(seed)
    words = [w for p in real for w in p.text.split()]
    passages: list[Passage] = []
    vectors, windows, owners = [], [], []
    copy = 0
    while len(passages) < size:
        take = min(len(real), size - len(passages))
        start = len(passages)
        if copy == 0:
            passages += real[:take]
            vectors.append(loaded.passage_vectors[:take])
            keep = loaded.window_owners < take
            windows.append(loaded.window_vectors[keep])
            owners.append(loaded.window_owners[keep])
        else:
            for i in range(take):
                p = real[i]
                text = p.text.split()
                for j in np.nonzero(rng.random(len(text)) < WORD_SWAP)[0]:
                    text[j] = words[rng.integers(len(words))] if rng.random() < 0.7 else f"ord{copy}x{j}"
                passages.append(
                    replace(
                        p,
                        id=f"syntetisk-{copy}#{i:03d}",
                        text=" ".join(text),
                        municipality=f"Kommun {rng.integers(MUNICIPALITIES)}",
                        document_file=f"syntetisk-{copy}.md",
                    )
                )
            vectors.append(_perturb(loaded.passage_vectors[:take], rng))
            keep = loaded.window_owners < take
            windows.append(_perturb(loaded.window_vectors[keep], rng))
            owners.append(loaded.window_owners[keep] + start)
        copy += 1
    return (
        passages,
        np.vstack(vectors),
        np.vstack(windows),
        np.concatenate(owners).astype(np.int64),
        FaqMatcher(loaded.faq, loaded.faq_vectors),
    )


def percentiles(values: list[float]) -> tuple[float, float]:
    values = sorted(values)
    return statistics.median(values), values[int(0.95 * (len(values) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    kinds = ["flat", "hnsw", "ivf"]
    parser.add_argument("--kinds", nargs="+", default=kinds, choices=kinds)
    args = parser.parse_args()

    settings = get_settings()
    ensure_index(settings.corpus_dir, settings.index_dir, settings.embedding_model_name, say=lambda _: None)
    model = load_model(settings.embedding_model_name)
    base_config = SearchConfig.load()
    municipality = municipality_for_fund(settings.fund, settings.corpus_dir)
    questions = [q.question for q in load_tuning_questions()]
    print(f"{len(questions)} frågor (justeringsmängderna), {os.cpu_count()} kärnor")

    lexical_tokens("uppvärmning")  # load spaCy's lemma table before anything is timed
    for size in args.sizes:
        corpus = synthetic_corpus(size)
        passages, pv, wv, wo, faq = corpus
        print(f"\n{size} stycken ({len(pv) + len(wv)} vektorer med meningsfönstren)")
        exact: dict[str, list[str]] = {}
        for kind in args.kinds:
            gc.collect()
            before = rss_mb()
            config = replace(base_config, index=replace(base_config.index, kind=kind))
            started = time.perf_counter()
            searcher = Searcher.from_arrays(
                passages, pv, wv, wo, model, faq, default_municipality=municipality, config=config
            )
            build = time.perf_counter() - started
            memory = rss_mb() - before
            typed = {q: searcher.encode_queries(q) for q in questions}
            for q in questions[:5]:
                searcher.search(q, k=5, vector=typed[q])
            with_vector, with_encoding, dense_only, lexical_only, same = [], [], [], [], 0
            for q in questions:
                t = time.perf_counter()
                searcher.vector_index.nearest(typed[q], config.dense_candidates)
                dense_only.append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                searcher.lexical.scores(lexical_tokens(q))
                lexical_only.append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                resp = searcher.search(q, k=5, vector=typed[q])
                with_vector.append((time.perf_counter() - t) * 1000)
                ids = [p.id for p in resp.passages]
                if kind == "flat":
                    exact[q] = ids
                same += exact.get(q) == ids
                t = time.perf_counter()
                searcher.search(q, k=5)
                with_encoding.append((time.perf_counter() - t) * 1000)
            p50, p95 = percentiles(with_vector)
            e50, e95 = percentiles(with_encoding)
            d50, _ = percentiles(dense_only)
            l50, _ = percentiles(lexical_only)
            agreement = ""
            if exact and kind != "flat":
                agreement = f", samma topp 5 som flat: {same}/{len(questions)}"
            print(
                f"  {searcher.vector_index.kind}: bygge {build:.1f} s, minne +{memory:.0f} MB "
                f"(RSS {rss_mb():.0f} MB); sökning med färdig vektor p50 {p50:.1f} ms, p95 {p95:.1f} ms; "
                f"med kodning av frågan p50 {e50:.1f} ms, p95 {e95:.1f} ms{agreement}; "
                f"varav faiss p50 {d50:.1f} ms, BM25 p50 {l50:.1f} ms; belastning {os.getloadavg()[0]:.1f}"
            )
            del searcher
        del corpus, passages, pv, wv, wo


if __name__ == "__main__":
    main()
