"""Grid over how the synthetic questions per passage (doc2query, ``passage_questions`` in
knowledge/search.yaml) count, on the TUNING sets only:

    OMP_WAIT_POLICY=PASSIVE .venv/bin/python benchmarks/passage_questions_grid.py

Weights are chosen on the odd-id ("tune") half of knowledge/eval/retired_blind_s2.yaml; its even-id
("check") half, both halves of knowledge/eval/questions.yaml and knowledge/eval/questions_retired_blind.yaml
are printed beside it to see that a choice carries over. Each question's vectors are encoded once. The
blind set (knowledge/eval/blind_2026.yaml) is never read here.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fondassistenten.settings import get_settings  # noqa: E402
from knowledge.evaluation import EVAL_DIR, EVAL_FILE, RETIRED_BLIND_FILE, Question, evaluate, load_questions  # noqa: E402
from knowledge.search import PassageQuestionsConfig, get_searcher, municipality_for_fund  # noqa: E402

RETIRED_S2 = EVAL_DIR / "retired_blind_s2.yaml"


def odd(question: Question) -> bool:
    return int(re.sub(r"\D", "", question.id) or 0) % 2 == 1


def main(fine: bool = "--lexical" in sys.argv) -> None:
    searcher = get_searcher()
    corpus_dir = get_settings().corpus_dir
    own = load_questions(EVAL_FILE)
    s2 = load_questions(RETIRED_S2)
    sets = {
        "s2 tune (odd)": [q for q in s2 if odd(q)],
        "s2 check (even)": [q for q in s2 if not odd(q)],
        "questions tune": [q for q in own if q.split == "tune"],
        "questions test": [q for q in own if q.split == "test"],
        "retired_blind": load_questions(RETIRED_BLIND_FILE),
    }
    every = [q for subset in sets.values() for q in subset]
    vectors = {id(q): searcher.encode_queries(q.question) for q in every}

    def rank(question: Question) -> tuple[list[str], bool]:
        place = municipality_for_fund(question.fund, corpus_dir) if question.fund else None
        response = searcher.search(question.question, k=10, municipality=place, vector=vectors[id(question)])
        return [p.id for p in response.passages], response.answerable

    base = searcher.config
    variants: list[tuple[str, PassageQuestionsConfig]] = [("off", PassageQuestionsConfig(enabled=False))]
    for lexical in (False, True):
        tag = " + lexical" if lexical else ""
        for shift in (0.03, 0.04, 0.05, 0.06, 0.08, 0.1):
            variants.append(
                (
                    f"max shift {shift:.2f}{tag}",
                    PassageQuestionsConfig(True, "max", shift=shift, lexical=lexical),
                )
            )
        for weight in (0.5, 1.0):
            for floor in (0.86, 0.88, 0.9, 0.92):
                variants.append(
                    (
                        f"add w {weight:.2f} floor {floor:.2f}{tag}",
                        PassageQuestionsConfig(True, "add", weight=weight, floor=floor, lexical=lexical),
                    )
                )
    variants.append(("lexical only", PassageQuestionsConfig(True, "add", weight=0.0, lexical=True)))
    if fine:
        variants = [v for v in variants if v[0] == "off" or "lexical" in v[0]]
    if "--neighbours" in sys.argv:  # how many nearest questions count, around the configured fusion
        variants = [("off", PassageQuestionsConfig(enabled=False))] + [
            (f"configured, nearest {k}", replace(base.passage_questions, enabled=True, candidates=k))
            for k in (3, 5, 10, 20, 200)
        ]
    print("variant | " + " | ".join(f"{name}: r@1 r@3 MRR wrongly-flagged" for name in sets), flush=True)
    for name, variant in variants:
        searcher.config = replace(base, passage_questions=variant)
        searcher._index_lexical()
        cells = []
        for subset in sets.values():
            m = evaluate(subset, searcher.passages, rank)
            cells.append(f"{m.recall_at_1:.3f} {m.recall_at_3:.3f} {m.mrr:.3f} {m.false_cannot_answer_count}")
        print(f"{name:<30} | " + " | ".join(cells), flush=True)
    searcher.config = base
    searcher._index_lexical()


if __name__ == "__main__":
    main()
