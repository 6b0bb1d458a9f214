"""Print the knowledge search's figures: retrieval quality (full system and a BM25 baseline), the
answerability flag, index build time, warm query latency and process memory.

    OMP_WAIT_POLICY=PASSIVE .venv/bin/python benchmarks/search_benchmark.py             # all figures
    OMP_WAIT_POLICY=PASSIVE .venv/bin/python benchmarks/search_benchmark.py --tune      # weights, threshold
    OMP_WAIT_POLICY=PASSIVE .venv/bin/python benchmarks/search_benchmark.py --tune-faq  # FAQ settings

    OMP_WAIT_POLICY=PASSIVE .venv/bin/python benchmarks/search_benchmark.py --skip-build \
        --set knowledge/eval/blind_2026.yaml                                          # one set only

Which set is which:
- TUNING sets (settings were chosen on them or after seeing their figures): the "tune" and "test" halves of
  knowledge/eval/questions.yaml (``--tune`` grids use the "tune" half only; the "test" half was held out when
  the weights were chosen) and knowledge/eval/questions_retired_blind.yaml, the former blind set, retired in
  issue 9 because the FAQ pin was set after its figures were seen.
- BLIND set: knowledge/eval/blind_2026.yaml, frozen before any change of issue 9 and never used to choose
  anything; run it with ``--set`` once at the end of a change. Each of its questions names the fund it is
  asked for; the search then prefers that fund's municipality.

By default every tuning set is reported with the FAQ layer (knowledge/faq.yaml), without it ("utan FAQ") and
as a plain BM25 baseline. The build time is measured on a fresh index in a temporary folder (the configured
index is left alone).
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
from knowledge.evaluation import (  # noqa: E402
    EVAL_FILE,
    RETIRED_BLIND_FILE,
    Question,
    evaluate,
    load_questions,
)
from knowledge.index import QUERY_PREFIX, ensure_index  # noqa: E402
from knowledge.search import SearchConfig, Searcher, municipality_for_fund  # noqa: E402


def rss_mb() -> float:
    return psutil.Process().memory_info().rss / 1e6


def bm25_baseline(searcher: Searcher):
    """Plain BM25 on lower-case whitespace tokens of the passage text (no lemmas, no folding)."""
    bm25 = BM25Okapi([p.text.lower().split() for p in searcher.passages])
    ids = [p.id for p in searcher.passages]

    def rank(question: Question) -> tuple[list[str], bool]:
        scores = bm25.get_scores(question.question.lower().split())
        return [ids[i] for i in np.argsort(-scores)[:10]], bool(scores.max() > 0)

    return rank


def system_ranker(searcher: Searcher):
    """The full search; a question that names its fund is searched with that fund's municipality."""
    corpus_dir = get_settings().corpus_dir

    def rank(question: Question) -> tuple[list[str], bool]:
        municipality = municipality_for_fund(question.fund, corpus_dir) if question.fund else None
        resp = searcher.search(question.question, k=10, municipality=municipality)
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
    parser.add_argument(
        "--set",
        type=Path,
        default=None,
        metavar="PATH",
        help="evaluate only this question file (tuning or blind schema), e.g. knowledge/eval/blind_2026.yaml",
    )
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
    questions = load_questions(EVAL_FILE)
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
    retired = load_questions(RETIRED_BLIND_FILE)
    if args.set is not None:
        chosen = load_questions(args.set)
        kind = "BLIND" if any(q.split == "blind" for q in chosen) else "tuning"
        label = f"{args.set} ({kind}-mängd, {len(chosen)} frågor)"
        sets = {label: chosen}
    else:
        sets = {
            "tuning: questions.yaml tune-halvan (vikter valda på den)": [
                q for q in questions if q.split == "tune"
            ],
            "tuning: questions.yaml test-halvan (hållen när vikterna valdes)": [
                q for q in questions if q.split == "test"
            ],
            "tuning: questions_retired_blind.yaml (f.d. blind, pensionerad)": retired,
            "tuning: questions.yaml hela": questions,
        }
    for label, subset in sets.items():
        print_metrics(
            f"Hela systemet, {label}:",
            evaluate(subset, searcher.passages, system_ranker(searcher)),
            show_misses=args.set is None,
        )
        if args.set is not None:
            continue
        searcher.config = without_faq(c)
        print_metrics(f"Utan FAQ, {label}:", evaluate(subset, searcher.passages, system_ranker(searcher)))
        searcher.config = c
        print_metrics(
            f"BM25-baslinje, {label}:", evaluate(subset, searcher.passages, bm25_baseline(searcher))
        )
    if args.set is not None:
        return

    latencies = []
    warm = [q.question for q in questions + retired]
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
