"""Sentence choice alone: for each answerable question of a retrieval set with ``answer_must_contain`` and a
gold passage, the sentences ``knowledge.answer.best_sentences`` picks from the gold passage (retrieval and the
FAQ left out), checked as the answer level checks the reply: every must-contain group in the first sentence,
and in the first two.

    S=knowledge/eval/retired_blind_s4.yaml
    .venv/bin/python benchmarks/sentence_choice_benchmark.py --set $S --half tune
    .venv/bin/python benchmarks/sentence_choice_benchmark.py --set $S --set OTHER.yaml --grid
    .venv/bin/python benchmarks/sentence_choice_benchmark.py --set $S --answers

``--answers``: the whole reply instead (``actions.answers.answer_messages``, FAQ and rules included), its
first sentence and its first two.

``reachable``: questions where some complete sentence (or two neighbouring ones) of the gold passage holds
every group, the ceiling of any sentence choice. Halves as in answer_benchmark.py (``tune`` = odd ids).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fondassistenten.chat_suite import Turn  # noqa: E402
from knowledge.evaluation import Question, gold_ids, load_questions  # noqa: E402
from knowledge.search import get_searcher  # noqa: E402


def in_half(question: Question, half: str) -> bool:
    if half == "all":
        return True
    number = int(re.sub(r"\D", "", question.id) or 0)
    return (number % 2 == 1) == (half == "tune")


def cases(path: Path, half: str) -> list[tuple[Question, object, Turn, Turn]]:
    searcher = get_searcher()
    by_id = {p.id: p for p in searcher.passages}
    out = []
    for q in load_questions(path):
        if not (in_half(q, half) and q.answerable and q.answer_must_contain):
            continue
        ids = sorted(gold_ids(q, searcher.passages))
        if not ids:
            continue
        groups = [list(g) for g in q.answer_must_contain]
        one = Turn(message=q.question, must_contain=groups)
        one.first_sentences = 1
        two = Turn(message=q.question, must_contain=groups)
        two.first_sentences = 2
        out.append((q, by_id[ids[0]], one, two))
    return out


def run(items, config, vectors, show: bool = False) -> tuple[int, int, int]:
    from knowledge.answer import _scored, best_sentences

    first = both = reachable = 0
    for q, passage, one, two in items:
        text = best_sentences(q.question, passage, vectors[q.id], config=config)
        ok1 = not one.problems(text)
        ok2 = not two.problems(text)
        first += ok1
        both += ok2
        sentences, scores = _scored(q.question, passage.text, vectors[q.id], config)
        pieces = [sentences[i] for i in scores] + [
            f"{sentences[i]} {sentences[i + 1]}" for i in scores if i + 1 in scores
        ]
        reach = any(not two.problems(p) for p in pieces)
        reachable += reach
        if show and reach and not ok2:
            print(f"  {q.id}: {q.question}\n      -> {text[:260]!r}")
    return first, both, reachable


def answers(sets: list[Path], half: str, show: bool) -> None:
    from actions.answers import answer_messages

    for path in sets:
        first = both = 0
        items = cases(path, half)
        for q, _, one, two in items:
            reply = "\n".join(answer_messages(q.question))
            ok1, ok2 = not one.problems(reply), not two.problems(reply)
            first += ok1
            both += ok2
            if show and ok2 and not ok1:
                print(f"  {q.id}: {q.question}\n      -> {reply[:260]!r}")
        print(
            f"{path.stem} {half}: reply's first sentence {first}/{len(items)}, first two {both}/{len(items)}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--set", type=Path, action="append")
    parser.add_argument("--half", choices=("tune", "check", "all"), default="tune")
    parser.add_argument("--show", action="store_true", help="Skriv ut valen som missar en nåbar mening.")
    parser.add_argument("--answers", action="store_true", help="Hela svaret: första meningen och två första.")
    parser.add_argument(
        "--grid",
        action="store_true",
        help="Rutnät för lexical_weight, idf_weight, neighbour_margin, best_first.",
    )
    args = parser.parse_args()
    sets = args.set or [Path("knowledge/eval/retired_blind_s4.yaml")]
    if any("blind_2026" in str(s) or "tests/blind" in str(s) for s in sets):
        sys.exit("Den blinda mängden körs inte här.")
    from knowledge.answer import _question_vector, answer_config

    if args.answers:
        answers(sets, args.half, args.show)
        return
    base = answer_config()
    per_set = {s: cases(s, args.half) for s in sets}
    vectors = {}
    for s, items in per_set.items():
        for q, *_ in items:
            vectors[q.id] = _question_vector(q.question)
        # ids repeat across sets: run one set at a time below
        per_set[s] = (items, dict(vectors))
        vectors = {}
    configs = [base]
    if args.grid:
        configs = [
            replace(base, lexical_weight=lw, idf_weight=iw, neighbour_margin=nm, best_first=bf)
            for lw in (0.1,)
            for iw in (0.0, 0.03, 0.05, 0.1, 0.15, 0.2, 0.3)
            for nm in (0.06, 0.1)
            for bf in (False, True)
        ]
    for config in configs:
        parts = []
        for s, (items, vecs) in per_set.items():
            first, both, reachable = run(items, config, vecs, show=args.show and not args.grid)
            parts.append(f"{s.stem}: {first}/{both}/{reachable} of {len(items)}")
        print(
            f"lexical {config.lexical_weight:.2f} idf {config.idf_weight:.2f}"
            f" neighbour {config.neighbour_margin:.2f}"
            f" best_first {config.best_first:d}"
            f" | first/two/reachable: " + " | ".join(parts),
            flush=True,
        )


if __name__ == "__main__":
    main()
