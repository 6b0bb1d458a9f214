"""Print the knowledge search's figures: retrieval quality (full system and a BM25 baseline), the
answerability flag, index build time, warm query latency and process memory.

    OMP_WAIT_POLICY=PASSIVE .venv/bin/python benchmarks/search_benchmark.py             # all figures
    OMP_WAIT_POLICY=PASSIVE .venv/bin/python benchmarks/search_benchmark.py --tune      # weights, threshold
    OMP_WAIT_POLICY=PASSIVE .venv/bin/python benchmarks/search_benchmark.py --tune-faq  # FAQ settings

Every set is reported with the FAQ layer (knowledge/faq.yaml) and without it ("utan FAQ").
``--tune`` and ``--tune-faq`` search the weights and thresholds on the "tune" split only; the "test" split of
questions.yaml and the frozen blind set (knowledge/eval/questions_blind.yaml, written before any tuning)
stay held out and are reported separately.
The build time is measured on a fresh index in a temporary folder (the configured index is left alone).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
import psutil  # noqa: E402
from rank_bm25 import BM25Okapi  # noqa: E402

from fondassistenten.settings import get_settings  # noqa: E402
from knowledge.evaluation import BLIND_FILE, evaluate, load_questions  # noqa: E402
from knowledge.index import QUERY_PREFIX, ensure_index  # noqa: E402
from knowledge.search import SearchConfig, Searcher, municipality_for_fund  # noqa: E402


def rss_mb() -> float:
    return psutil.Process().memory_info().rss / 1e6


def bm25_baseline(searcher: Searcher):
    """Plain BM25 on lower-case whitespace tokens of the passage text (no lemmas, no folding)."""
    bm25 = BM25Okapi([p.text.lower().split() for p in searcher.passages])
    ids = [p.id for p in searcher.passages]

    def rank(question: str) -> tuple[list[str], bool]:
        scores = bm25.get_scores(question.lower().split())
        return [ids[i] for i in np.argsort(-scores)[:10]], bool(scores.max() > 0)

    return rank


def system_ranker(searcher: Searcher):
    def rank(question: str) -> tuple[list[str], bool]:
        resp = searcher.search(question, k=10)
        return [p.id for p in resp.passages], resp.answerable

    return rank


def print_metrics(title: str, metrics, show_misses: bool = False) -> None:
    print(f"\n{title}")
    for line in metrics.lines():
        print("  " + line)
    if show_misses:
        for miss in metrics.misses:
            print("    miss: " + miss)


def tune(searcher: Searcher, questions) -> None:
    tune_qs = [q for q in questions if q.split == "tune"]
    base = searcher.config
    print(
        f"Rutnät på {sum(q.answerable for q in tune_qs)} besvarbara + "
        f"{sum(not q.answerable for q in tune_qs)} obesvarbara tuning-frågor"
    )
    for lexical in (0.0, 0.05, 0.1, 0.15, 0.2, 0.3):
        for boost in (0.0, 0.01, 0.02, 0.04):
            searcher.config = replace(base, lexical_weight=lexical, municipality_boost=boost)
            m = evaluate(tune_qs, searcher.passages, system_ranker(searcher))
            print(
                f"  lexical {lexical:.2f} boost {boost:.2f}: r@1 {m.recall_at_1:.3f} r@3 {m.recall_at_3:.3f} "
                f"MRR {m.mrr:.3f}"
            )
    searcher.config = base
    print("\nBästa dense-likhet per fråga (för tröskeln):")
    ans = sorted(searcher.search(q.question).best_dense_score for q in tune_qs if q.answerable)
    una = sorted(searcher.search(q.question).best_dense_score for q in tune_qs if not q.answerable)
    print(
        f"  besvarbara:   min {ans[0]:.4f}  p10 {ans[len(ans) // 10]:.4f}"
        f"  median {statistics.median(ans):.4f}"
    )
    print(f"  obesvarbara:  max {una[-1]:.4f}  median {statistics.median(una):.4f}")
    print(f"  mittpunkt mellan obesvarbara max och besvarbara min: {(una[-1] + ans[0]) / 2:.4f}")
    print("Per fråga (delning, besvarbar, dense, ordtäckning):")
    for q in tune_qs:
        r = searcher.search(q.question)
        label = "A" if q.answerable else "U"
        print(f"  {label} {r.best_dense_score:.4f} {r.term_coverage:.2f}  {q.question[:60]}")


def without_faq(config: SearchConfig) -> SearchConfig:
    """The same settings with the FAQ layer switched off (no question can reach the threshold)."""
    return dataclasses.replace(config, faq_min_similarity=float("inf"))


def tune_faq(searcher: Searcher, questions) -> None:
    tune_qs = [q for q in questions if q.split == "tune"]
    base = searcher.config
    n_ans = sum(q.answerable for q in tune_qs)
    print(f"FAQ-rutnät på {n_ans} besvarbara + {len(tune_qs) - n_ans} obesvarbara tuning-frågor")
    searcher.config = without_faq(base)
    m = evaluate(tune_qs, searcher.passages, system_ranker(searcher))
    print(
        f"  utan FAQ: r@1 {m.recall_at_1:.3f} r@3 {m.recall_at_3:.3f} MRR {m.mrr:.3f}"
        f"  obesvarbara flaggade {m.unanswerable_flagged:.3f}"
        f"  fel 'kan inte svara' {m.false_cannot_answer:.3f}"
    )
    for threshold in (0.86, 0.88, 0.90, 0.92, 0.94):
        for boost in (0.01, 0.02, 0.025, 0.03, 0.05, 1.0):
            searcher.config = dataclasses.replace(base, faq_min_similarity=threshold, faq_boost=boost)
            m = evaluate(tune_qs, searcher.passages, system_ranker(searcher))
            print(
                f"  tröskel {threshold:.2f} boost {boost:.2f}: r@1 {m.recall_at_1:.3f}"
                f" r@3 {m.recall_at_3:.3f}"
                f" MRR {m.mrr:.3f}  obesvarbara flaggade {m.unanswerable_flagged:.3f}"
                f"  fel 'kan inte svara' {m.false_cannot_answer:.3f}"
            )
    searcher.config = base
    print("\nNärmaste FAQ-fråga per tuning-fråga (för tröskeln):")
    ans, una = [], []
    for q in tune_qs:
        resp = searcher.search(q.question)
        vector = searcher.model.encode([QUERY_PREFIX + resp.query], normalize_embeddings=True)[0]
        sims = searcher.faq.topic_similarities(vector)
        best = int(np.argmax(sims))
        (ans if q.answerable else una).append(float(sims[best]))
        label = "A" if q.answerable else "U"
        print(f"  {label} {sims[best]:.4f} {searcher.faq.faq.topic_ids[best]:<28} {q.question[:60]}")
    ans.sort()
    una.sort()
    print(f"  besvarbara: min {ans[0]:.4f} median {statistics.median(ans):.4f}")
    print(f"  obesvarbara: max {una[-1]:.4f} median {statistics.median(una):.4f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tune", action="store_true", help="grid over weights on the tuning split")
    parser.add_argument("--tune-faq", action="store_true", help="grid over the FAQ threshold/boost (tuning)")
    parser.add_argument("--skip-build", action="store_true", help="do not time a fresh index build")
    args = parser.parse_args()

    settings = get_settings()
    print(f"Process vid start: {rss_mb():.0f} MB RSS")
    if not args.skip_build:
        with tempfile.TemporaryDirectory() as tmp:
            result = ensure_index(
                settings.corpus_dir, Path(tmp) / "index", settings.embedding_model_name, say=lambda _: None
            )
        print(
            f"Indexbygge från noll: {result.seconds:.1f} s för {result.passages} stycken "
            f"({os.cpu_count()} kärnor, OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY')})"
        )
    ensure_index(settings.corpus_dir, settings.index_dir, settings.embedding_model_name)
    started = time.perf_counter()
    searcher = Searcher(
        settings.index_dir,
        settings.embedding_model_name,
        default_municipality=municipality_for_fund(settings.fund, settings.corpus_dir),
    )
    print(f"Laddning av index + modell: {time.perf_counter() - started:.1f} s")
    questions = load_questions()
    if args.tune:
        tune(searcher, questions)
        return
    if args.tune_faq:
        tune_faq(searcher, questions)
        return

    c = searcher.config
    print(
        f"Inställningar: lexical_weight {c.lexical_weight}, municipality_boost {c.municipality_boost}, "
        f"min_dense_score {c.min_dense_score}, min_term_coverage {c.min_term_coverage}, "
        f"faq_min_similarity {c.faq_min_similarity}, faq_boost {c.faq_boost} "
        f"({len(searcher.faq.faq.topic_ids)} FAQ-ämnen, {len(searcher.faq.faq.questions)} frågor)"
    )
    blind = load_questions(BLIND_FILE)
    sets = {
        "tuning-delen": [q for q in questions if q.split == "tune"],
        "testdelen (hållen utanför tuningen)": [q for q in questions if q.split == "test"],
        "blinda mängden (fryst, aldrig tunad på)": blind,
        "questions.yaml hela": questions,
    }
    for label, subset in sets.items():
        print_metrics(
            f"Hela systemet, {label}:",
            evaluate(subset, searcher.passages, system_ranker(searcher)),
            show_misses=label == "tuning-delen",
        )
        searcher.config = without_faq(c)
        print_metrics(
            f"Utan FAQ, {label}:",
            evaluate(subset, searcher.passages, system_ranker(searcher)),
            show_misses=label == "tuning-delen",
        )
        searcher.config = c
        print_metrics(
            f"BM25-baslinje, {label}:", evaluate(subset, searcher.passages, bm25_baseline(searcher))
        )

    latencies = []
    warm = [q.question for q in questions + blind]
    for text in warm[:5]:
        searcher.search(text)
    for text in warm:
        t = time.perf_counter()
        searcher.search(text, k=5)
        latencies.append((time.perf_counter() - t) * 1000)
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(
        f"\nVarm sökning ({len(latencies)} frågor): p50 {statistics.median(latencies):.1f} ms,"
        f" p95 {p95:.1f} ms"
    )
    print(f"Minne (RSS) efter sökningarna: {rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
