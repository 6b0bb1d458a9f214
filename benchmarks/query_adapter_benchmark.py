"""Print what the learned query adapter (knowledge/adapter.py) does to retrieval on every tuning set, both
halves, against the search without it, and the warm query latency of both.

    .venv/bin/python benchmarks/query_adapter_benchmark.py              # before/after per set and half
    .venv/bin/python benchmarks/query_adapter_benchmark.py --grid       # hybrid weights with the adapter
    .venv/bin/python benchmarks/query_adapter_benchmark.py --train-grid # training settings (re-trains)

"Before" is the search as it was before the adapter (adapter off, lexical_weight 0.02, municipality_boost
0.02); "after" is knowledge/search.yaml as it stands. Sets (all TUNING sets; the blind set
knowledge/eval/blind_2026.yaml is never read here):

- knowledge/eval/questions.yaml, its "tune" and "test" halves; knowledge/eval/questions_retired_blind.yaml;
- knowledge/eval/retired_blind_s2.yaml and retired_blind_s3.yaml, each split into odd ids ("välj": the
  settings were chosen on them) and even ids ("håll": only read after the choice; for s3 once, at the end).

The grids print the mean over the sets the choice was made on (questions.yaml tune half,
questions_retired_blind.yaml, the odd ids of s2 and s3).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import re
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from fondassistenten.settings import get_settings  # noqa: E402
from knowledge import adapter as qa  # noqa: E402
from knowledge.evaluation import EVAL_DIR, EVAL_FILE, RETIRED_BLIND_FILE, Question, evaluate, load_questions  # noqa: E402
from knowledge.index import ensure_index, load_index  # noqa: E402
from knowledge.search import Searcher, municipality_for_fund  # noqa: E402

CHOSEN_ON = ("questions.yaml tune", "questions_retired_blind", "s2 udda (välj)", "s3 udda (välj)")


def _number(question: Question) -> int:
    match = re.search(r"(\d+)$", question.id)
    return int(match.group(1)) if match else 0


def tuning_sets() -> dict[str, list[Question]]:
    questions = load_questions(EVAL_FILE)
    sets = {
        "questions.yaml tune": [q for q in questions if q.split == "tune"],
        "questions.yaml test": [q for q in questions if q.split == "test"],
        "questions_retired_blind": load_questions(RETIRED_BLIND_FILE),
    }
    for name in ("s2", "s3"):
        retired = load_questions(EVAL_DIR / f"retired_blind_{name}.yaml")
        sets[f"{name} udda (välj)"] = [q for q in retired if _number(q) % 2 == 1]
        sets[f"{name} jämna (håll)"] = [q for q in retired if _number(q) % 2 == 0]
    return sets


def measure(searcher: Searcher, sets: dict[str, list[Question]]) -> dict[str, tuple[float, ...]]:
    corpus = get_settings().corpus_dir

    def rank(question: Question) -> tuple[list[str], bool]:
        municipality = municipality_for_fund(question.fund, corpus) if question.fund else None
        response = searcher.search(question.question, k=10, municipality=municipality)
        return [p.id for p in response.passages], response.answerable

    out: dict[str, tuple[float, ...]] = {}
    for name, questions in sets.items():
        m = evaluate(questions, searcher.passages, rank)
        out[name] = (
            m.recall_at_1,
            m.recall_at_3,
            m.mrr,
            m.questions,
            m.false_cannot_answer_count,
            m.unanswerable_flagged_count,
            m.unanswerable,
        )
    return out


def summary(figures: dict[str, tuple[float, ...]]) -> str:
    chosen = [figures[name] for name in CHOSEN_ON if name in figures]
    return (
        f"valda mängder: r@3 {statistics.mean(f[1] for f in chosen):.3f}"
        f" MRR {statistics.mean(f[2] for f in chosen):.4f}"
    )


def latency(searcher: Searcher, questions: list[str]) -> str:
    for text in questions[:5]:
        searcher.search(text)
    times = []
    for text in questions:
        started = time.perf_counter()
        searcher.search(text, k=5)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return f"p50 {statistics.median(times):.1f} ms, p95 {times[int(0.95 * (len(times) - 1))]:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grid", action="store_true", help="mix and hybrid weights with the adapter")
    parser.add_argument("--train-grid", action="store_true", help="training settings of the adapter")
    args = parser.parse_args()

    settings = get_settings()
    ensure_index(settings.corpus_dir, settings.index_dir, settings.embedding_model_name)
    searcher = Searcher(
        settings.index_dir,
        settings.embedding_model_name,
        default_municipality=municipality_for_fund(settings.fund, settings.corpus_dir),
    )
    if searcher.adapter is None:
        sys.exit(
            "Frågeadaptern är av eller passar inte modellen (se knowledge/search.yaml, FOND_QUERY_ADAPTER)"
        )
    sets = tuning_sets()
    after_config, adapter = searcher.config, searcher.adapter
    before_config = dataclasses.replace(after_config, lexical_weight=0.02, municipality_boost=0.02)

    if args.grid:
        for mix in (0.5, 0.7, 1.0):
            for lexical, boost, questions in (
                (0.02, 0.02, 0.5),
                (0.05, 0.05, 0.5),
                (0.05, 0.08, 0.5),
                (0.1, 0.05, 0.5),
                (0.05, 0.05, 1.0),
            ):
                searcher.config = dataclasses.replace(
                    after_config,
                    lexical_weight=lexical,
                    municipality_boost=boost,
                    passage_questions=dataclasses.replace(after_config.passage_questions, weight=questions),
                    query_adapter=dataclasses.replace(after_config.query_adapter, mix=mix),
                )
                label = f"mix {mix} lexical {lexical} boost {boost} frågevikt {questions}"
                print(f"{label:48s} {summary(measure(searcher, sets))}", flush=True)
        return
    if args.train_grid:
        loaded = load_index(settings.index_dir)
        queries, positives = qa.training_pairs(
            loaded.passage_questions.questions,
            np.asarray(loaded.passage_questions.owners, dtype=np.int64),
            loaded.passage_question_vectors,
            len(loaded.passages),
        )
        keys = np.vstack([loaded.passage_vectors, loaded.window_vectors])
        owners = np.concatenate([np.arange(len(loaded.passages)), loaded.window_owners])
        for temperature, l2, epochs in (
            (0.02, 0.01, 100),
            (0.02, 0.0, 50),
            (0.02, 0.0, 200),
            (0.05, 0.0, 100),
        ):
            params = qa.TrainingParams(temperature, l2, epochs)
            matrix = qa.train(queries, positives, keys, owners, params, say=lambda _: None)
            searcher.adapter = dataclasses.replace(adapter, matrix=matrix)
            label = f"temperatur {temperature} l2 {l2} epoker {epochs}"
            print(f"{label:48s} {summary(measure(searcher, sets))}", flush=True)
        return

    searcher.adapter, searcher.config = None, before_config
    before = measure(searcher, sets)
    warm = [q.question for questions in sets.values() for q in questions]
    before_latency = latency(searcher, warm)
    searcher.adapter, searcher.config = adapter, after_config
    after = measure(searcher, sets)
    after_latency = latency(searcher, warm)
    print(f"Frågeadapter: {adapter.params}, mix {after_config.query_adapter.mix}")
    print(
        "mängd                          frågor  r@1 före -> efter   r@3 före -> efter   MRR före -> efter"
        "   felflaggade  obesvarbara flaggade"
    )
    for name in sets:
        b, a = before[name], after[name]
        print(
            f"{name:30s} {int(a[3]):5d}   {b[0]:.3f} -> {a[0]:.3f}      {b[1]:.3f} -> {a[1]:.3f}      "
            f"{b[2]:.3f} -> {a[2]:.3f}      {int(b[4])} -> {int(a[4])}         "
            f"{int(b[5])}/{int(b[6])} -> {int(a[5])}/{int(a[6])}"
        )
    print(f"Före:  {summary(before)}; varm sökning {before_latency}")
    print(f"Efter: {summary(after)}; varm sökning {after_latency}")


if __name__ == "__main__":
    main()
