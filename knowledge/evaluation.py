"""Retrieval evaluation on ``knowledge/eval/questions.yaml``: recall@k, MRR and the answerability flag.

Gold passages are located by quote, not by id, so the set survives re-chunking.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from knowledge.ingest import Passage
from knowledge.textnorm import quote_key

EVAL_FILE = Path(__file__).parent / "eval" / "questions.yaml"
BLIND_FILE = Path(__file__).parent / "eval" / "questions_blind.yaml"
"""Frozen blind set, written before tuning; never used to choose anything."""


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    split: str
    gold: tuple[tuple[str, str], ...]  # (document file, quote); empty for unanswerable questions
    style: str = "paraphrase"

    @property
    def answerable(self) -> bool:
        return bool(self.gold)


def load_questions(path: Path = EVAL_FILE) -> list[Question]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    questions = [
        Question(
            id=q["id"],
            question=q["question"],
            split=q["split"],
            gold=tuple((g["file"], g["quote"]) for g in q["gold"]),
            style=q.get("style", "paraphrase"),
        )
        for q in data["answerable"]
    ]
    questions += [
        Question(id=q["id"], question=q["question"], split=q["split"], gold=()) for q in data["unanswerable"]
    ]
    return questions


def gold_ids(question: Question, passages: Sequence[Passage]) -> set[str]:
    """Ids of the passages that contain one of the question's gold quotes."""
    ids = set()
    for file, quote in question.gold:
        q = quote_key(quote)
        ids.update(p.id for p in passages if p.document_file == file and q in quote_key(p.text))
    return ids


@dataclass
class Metrics:
    questions: int
    recall_at_1: float
    recall_at_3: float
    mrr: float
    unanswerable: int
    unanswerable_flagged: float
    """Share of unanswerable questions flagged as such."""
    false_cannot_answer: float
    """Share of answerable questions wrongly flagged as unanswerable."""
    misses: list[str]

    def lines(self) -> list[str]:
        return [
            f"recall@1 {self.recall_at_1:.3f}   recall@3 {self.recall_at_3:.3f}   MRR {self.mrr:.3f}"
            f"   ({self.questions} frågor)",
            f"obesvarbara flaggade {self.unanswerable_flagged:.3f} ({self.unanswerable} frågor)"
            f"   felaktigt 'kan inte svara' {self.false_cannot_answer:.3f}",
        ]


Ranker = Callable[[str], tuple[list[str], bool]]
"""Returns the ranked passage ids for a question and whether it is judged answerable."""


def evaluate(
    questions: Sequence[Question], passages: Sequence[Passage], ranker: Ranker, k: int = 10
) -> Metrics:
    answerable = [q for q in questions if q.answerable]
    unanswerable = [q for q in questions if not q.answerable]
    r1 = r3 = rr = 0.0
    false_no = 0
    misses = []
    for q in answerable:
        gold = gold_ids(q, passages)
        if not gold:
            raise ValueError(f"{q.id}: no passage contains any gold quote {q.gold}")
        ranked, ok = ranker(q.question)
        ranks = [i for i, pid in enumerate(ranked[:k]) if pid in gold]
        first = ranks[0] if ranks else None
        r1 += first == 0
        r3 += first is not None and first < 3
        rr += 1.0 / (first + 1) if first is not None else 0.0
        false_no += not ok
        if first is None or first >= 3:
            misses.append(f"{q.id} (rang {first + 1 if first is not None else '>' + str(k)}): {q.question}")
    flagged = sum(not ranker(q.question)[1] for q in unanswerable)
    n = max(len(answerable), 1)
    return Metrics(
        questions=len(answerable),
        recall_at_1=r1 / n,
        recall_at_3=r3 / n,
        mrr=rr / n,
        unanswerable=len(unanswerable),
        unanswerable_flagged=flagged / max(len(unanswerable), 1),
        false_cannot_answer=false_no / n,
        misses=misses,
    )
