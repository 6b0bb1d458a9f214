"""Retrieval evaluation: recall@k, MRR and the answerability flag, on the tuning sets and the blind set.

Two schemas are read:

- the tuning sets (``knowledge/eval/questions.yaml`` with its "tune" and "test" halves, and the retired former
  blind set ``knowledge/eval/questions_retired_blind.yaml``): top-level ``answerable:`` and ``unanswerable:``
  lists with ``id``, ``question``, ``split`` and ``gold`` locators;
- the frozen blind set (``knowledge/eval/blind_2026.yaml``, written by someone who had seen only the corpus
  and the product description): a top-level ``questions:`` list of ``{id, question, fund, user, answerable,
  gold, answer_must_contain}``. This module was written from that schema without reading the file.

Gold passages are located by quote (whitespace-normalised, case- and å/ä/ö-insensitive), not by id, so the
sets survive re-chunking.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from knowledge.ingest import Passage
from knowledge.textnorm import quote_key, split_sentences

EVAL_DIR = Path(__file__).parent / "eval"
EVAL_FILE = EVAL_DIR / "questions.yaml"
RETIRED_BLIND_FILE = EVAL_DIR / "questions_retired_blind.yaml"
"""The former blind set, retired to the tuning side (its figures were seen before settings were chosen)."""
TUNING_FILES = (EVAL_FILE, RETIRED_BLIND_FILE)
BLIND_FILE = EVAL_DIR / "blind_2026.yaml"
"""The frozen blind set: run once at the end of a change, never used to choose anything."""
FUNDS = ("sodertalje", "sundsvall", "stockholm", "any")


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    split: str
    gold: tuple[tuple[str, str], ...]  # (document file, quote); empty for unanswerable questions
    style: str = "paraphrase"
    fund: str | None = None
    """Fund the asker belongs to (sodertalje, sundsvall, stockholm); None or "any": the configured fund."""
    user: str = ""
    answer_must_contain: tuple[tuple[str, ...], ...] = ()
    """For answer-level checks: every group must be matched by one of its alternatives."""
    expected_answerable: bool | None = None
    """Explicit answerable flag (blind schema); the tuning sets derive it from ``gold``."""

    @property
    def answerable(self) -> bool:
        return bool(self.gold) if self.expected_answerable is None else self.expected_answerable


def load_questions(path: Path = EVAL_FILE) -> list[Question]:
    """Questions of a tuning set (``answerable``/``unanswerable``) or of the blind set (``questions``)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if "questions" in data:
        return load_blind_questions(path, data)
    questions = [
        Question(
            id=q["id"],
            question=q["question"],
            split=q["split"],
            gold=tuple((g["file"], g["quote"]) for g in q["gold"]),
            style=q.get("style", "paraphrase"),
            user=q.get("asker", ""),
        )
        for q in data["answerable"]
    ]
    questions += [
        Question(id=q["id"], question=q["question"], split=q["split"], gold=()) for q in data["unanswerable"]
    ]
    return questions


def load_tuning_questions() -> list[Question]:
    """Every tuning question: both halves of questions.yaml and the retired blind set."""
    return [q for path in TUNING_FILES for q in load_questions(path)]


def load_blind_questions(path: Path = BLIND_FILE, data: dict | None = None) -> list[Question]:
    """The blind schema: ``questions: [{id, question, fund, user, answerable, gold: [{file, quote}],
    answer_must_contain: [[alternatives], ...]}]``."""
    if data is None:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out = []
    for q in data["questions"]:
        fund = str(q.get("fund") or "any").strip().lower()
        if fund not in FUNDS:
            raise ValueError(f"{q.get('id')}: unknown fund {fund!r} (expected one of {', '.join(FUNDS)})")
        must = tuple(
            tuple(str(a) for a in (group if isinstance(group, list) else [group]))
            for group in q.get("answer_must_contain") or []
        )
        out.append(
            Question(
                id=str(q["id"]),
                question=str(q["question"]),
                split="blind",
                gold=tuple((str(g["file"]), str(g["quote"])) for g in q.get("gold") or []),
                fund=None if fund == "any" else fund,
                user=str(q.get("user", "")),
                answer_must_contain=must,
                expected_answerable=bool(q.get("answerable", bool(q.get("gold")))),
            )
        )
    return out


_FOOTNOTE = re.compile(r"<sup>[^<]*</sup>|<[^>]+>")


def _word_key(text: str) -> str:
    """The words of ``text`` only (folded): a quote copied from the Markdown source (a footnote mark
    ``<sup>8</sup>``, ``*emphasis*``, a table row's tabs) still matches the passage text the index holds."""
    return " ".join(re.findall(r"\w+", quote_key(_FOOTNOTE.sub("", text)).replace("_", " ")))


def _locate(file: str, quote: str, passages: Sequence[Passage]) -> set[str]:
    """Passages of ``file`` holding ``quote``; a quote that a passage boundary cuts is located by its
    sentences of five words or more instead. Markdown in the quote (footnote marks, emphasis) is ignored, and
    a table row (cells separated by tabs) is found in the passage that holds every cell."""
    in_file = [p for p in passages if p.document_file == file]
    key = quote_key(quote)
    ids = {p.id for p in in_file if key in quote_key(p.text)}
    if ids:
        return ids
    words = {p.id: _word_key(p.text) for p in in_file}
    cells = [_word_key(c) for c in quote.split("\t") if _word_key(c)]
    ids = {pid for pid, text in words.items() if cells and all(c in text for c in cells)}
    if ids:
        return ids
    for sentence in split_sentences(quote):
        if len(sentence.split()) >= 5:
            part = _word_key(sentence)
            ids.update(pid for pid, text in words.items() if part in text)
    if ids:
        return ids
    # A quote copied from a scanned text as it was ("dér", "fér pa") while the index holds it with å/ä/ö
    # given back (knowledge.ocr_repair: "där", "får på"): compared with the OCR's é folded as ä.
    part = _ocr_key(quote)
    return {p.id for p in in_file if part and part in _ocr_key(p.text)}


def _ocr_key(text: str) -> str:
    """:func:`_word_key` with é read as ä (a scanned "dér" is "där"), all folded."""
    return _word_key(text.replace("é", "ä").replace("É", "Ä"))


def gold_ids(question: Question, passages: Sequence[Passage]) -> set[str]:
    """Ids of the passages that contain one of the question's gold quotes."""
    ids: set[str] = set()
    for file, quote in question.gold:
        ids |= _locate(file, quote, passages)
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
    unlocated: list[str]
    """Answerable questions none of whose gold quotes was found in any passage (counted as misses)."""

    @property
    def unanswerable_flagged_count(self) -> int:
        return round(self.unanswerable_flagged * self.unanswerable)

    @property
    def false_cannot_answer_count(self) -> int:
        return round(self.false_cannot_answer * self.questions)

    def lines(self) -> list[str]:
        lines = [
            f"recall@1 {self.recall_at_1:.3f}   recall@3 {self.recall_at_3:.3f}   MRR {self.mrr:.3f}"
            f"   ({self.questions} frågor)",
            f"obesvarbara flaggade {self.unanswerable_flagged_count}/{self.unanswerable}"
            f"   besvarbara felaktigt flaggade {self.false_cannot_answer_count}/{self.questions}",
        ]
        if self.unlocated:
            lines.append(f"guldcitat som inte hittades (räknas som miss): {', '.join(self.unlocated)}")
        return lines


Ranker = Callable[[Question], tuple[list[str], bool]]
"""Returns the ranked passage ids for a question and whether it is judged answerable."""


def evaluate(
    questions: Sequence[Question], passages: Sequence[Passage], ranker: Ranker, k: int = 10
) -> Metrics:
    answerable = [q for q in questions if q.answerable]
    unanswerable = [q for q in questions if not q.answerable]
    r1 = r3 = rr = 0.0
    false_no = 0
    misses: list[str] = []
    unlocated: list[str] = []
    for q in answerable:
        gold = gold_ids(q, passages)
        if not gold:
            unlocated.append(q.id)
        ranked, ok = ranker(q)
        ranks = [i for i, pid in enumerate(ranked[:k]) if pid in gold]
        first = ranks[0] if ranks else None
        r1 += first == 0
        r3 += first is not None and first < 3
        rr += 1.0 / (first + 1) if first is not None else 0.0
        false_no += not ok
        if first is None or first >= 3:
            misses.append(f"{q.id} (rang {first + 1 if first is not None else '>' + str(k)}): {q.question}")
    flagged = sum(not ranker(q)[1] for q in unanswerable)
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
        unlocated=unlocated,
    )
