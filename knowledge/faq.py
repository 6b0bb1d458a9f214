"""The coordinators' FAQ layer: frequent questions linked to the passages that answer them.

``knowledge/faq.yaml`` lists, per topic, typical ways people ask a question and locators (document file +
verbatim quote) of the answering passages. The FAQ questions are embedded with the index (as e5 queries,
since question-to-question similarity is what the small model does well); at query time a question close
enough to an FAQ question lifts that topic's passages to the top (see ``knowledge/search.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml

from knowledge.ingest import Passage
from knowledge.textnorm import quote_key

FAQ_FILE = Path(__file__).with_name("faq.yaml")


@dataclass(frozen=True)
class Locator:
    file: str
    quote: str
    municipality: str = ""
    """Whose text it is (the document's manifest municipality); only that fund's searches use it."""


@dataclass(frozen=True)
class CuratedAnswer:
    """A coordinator-signed answer to an FAQ topic for one fund: ``text``'s first sentence answers in plain
    Swedish; ``quote`` (verbatim in ``file``) is shown under it with the document's kind and year. ``rule``:
    a rules/answers.py topic that answers instead (dated figures and the fund profile's own facts)."""

    topic: str
    fund: str
    """A fund id of rules/profiles/ ("sodertalje"), or "alla" for a fact any fund's user may ask about (a
    figure about another municipality in the comparison table)."""
    text: str = ""
    file: str = ""
    quote: str = ""
    rule: str = ""


@dataclass(frozen=True)
class FaqTopic:
    id: str
    title: str
    questions: tuple[str, ...]
    locators: tuple[Locator, ...]
    answers: tuple[CuratedAnswer, ...] = ()


def _answers(topic: dict) -> tuple[CuratedAnswer, ...]:
    return tuple(
        CuratedAnswer(
            topic=str(topic["id"]),
            fund=str(a["fund"]),
            text=" ".join(str(a.get("text", "")).split()),
            file=str(a.get("file", "")),
            quote=" ".join(str(a.get("quote", "")).split()),
            rule=str(a.get("rule", "")),
        )
        for a in topic.get("answers", []) or []
    )


def load_faq(path: Path = FAQ_FILE) -> list[FaqTopic]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [
        FaqTopic(
            id=str(t["id"]),
            title=str(t.get("title", t["id"])),
            questions=tuple(str(q) for q in t["questions"]),
            locators=tuple(
                Locator(str(p["file"]), str(p["quote"]), str(p.get("municipality", "")))
                for p in t["passages"]
            ),
            answers=_answers(t),
        )
        for t in data.get("topics", [])
    ]


@dataclass(frozen=True)
class AnswerSettings:
    """The ``answers`` section of faq.yaml: when a question counts as an FAQ topic's question for its curated
    answer, and which words say that a question about another fund asks about one's own."""

    min_similarity: float = 1.01
    candidates: int = 3
    answer_weight: float = 0.0
    lexical_weight: float = 0.0
    rule_margin: float = 0.0
    rule_rivals: int = 5
    max_uncovered: float = 1.01
    """A curated answer gives way when this IDF-weighted share or more of the question's content words is in
    none of its topic's questions and not in its own text or quote (:func:`uncovered_share`): the question
    asks something the topic does not (above 1: never)."""
    own_fund: tuple[re.Pattern[str], ...] = ()
    dated_rules: tuple[tuple[str, str], ...] = ()
    """Rule topics whose answer is a dated value of rules/parameters/ (topic, parameter name): a question
    that names an earlier year gets that year's value, then the one in force."""


@lru_cache(maxsize=1)
def answer_settings(path: Path = FAQ_FILE) -> AnswerSettings:
    data = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("answers", {}) or {}
    return AnswerSettings(
        min_similarity=float(data.get("min_similarity", 1.01)),
        candidates=int(data.get("candidates", 3)),
        answer_weight=float(data.get("answer_weight", 0.0)),
        lexical_weight=float(data.get("lexical_weight", 0.0)),
        rule_margin=float(data.get("rule_margin", 0.0)),
        rule_rivals=int(data.get("rule_rivals", 5)),
        max_uncovered=float(data.get("max_uncovered", 1.01)),
        own_fund=tuple(re.compile(p) for p in data.get("own_fund", [])),
        dated_rules=tuple((str(k), str(v)) for k, v in (data.get("dated_rules") or {}).items()),
    )


@lru_cache(maxsize=1)
def _topic_terms(path: Path = FAQ_FILE) -> dict[str, tuple[frozenset[str], ...]]:
    from knowledge.textnorm import lexical_tokens

    return {t.id: tuple(frozenset(lexical_tokens(q)) for q in t.questions) for t in load_faq(path)}


def question_overlap(question: str, topic: str) -> float:
    """The largest share of the question's content words that one of the topic's questions holds."""
    from knowledge.textnorm import lexical_tokens

    terms = set(lexical_tokens(question))
    if not terms:
        return 0.0
    return max((len(terms & q) / len(terms) for q in _topic_terms().get(topic, ())), default=0.0)


def uncovered_share(question: str, topic: str, text: str = "") -> float:
    """The IDF-weighted share of the question's content words that none of the topic's questions holds and
    ``text`` (the curated answer and its quote) does not hold either: "Vad har beredningsgruppen tagit fram
    för material?" against the topic on who sits in the beredningsgrupp leaves "material" and "ta fram"
    uncovered. Words the corpus never uses weigh nothing (``knowledge.answer.idf_weight_share``)."""
    from knowledge.answer import idf_weight_share
    from knowledge.textnorm import lexical_tokens

    terms = set(lexical_tokens(question))
    covered = set(lexical_tokens(text)).union(*_topic_terms().get(topic, ()))
    return idf_weight_share(terms, terms - covered)


@lru_cache(maxsize=1)
def curated_answers(path: Path = FAQ_FILE) -> dict[str, tuple[CuratedAnswer, ...]]:
    """Per topic id, its curated answers (one per fund at most)."""
    return {t.id: t.answers for t in load_faq(path) if t.answers}


def curated_for(topic: str, fund: str) -> CuratedAnswer | None:
    """The topic's answer for ``fund``, else its answer for every fund ("alla"), else None."""
    answers = curated_answers().get(topic, ())
    return next((a for a in answers if a.fund == fund), None) or next(
        (a for a in answers if a.fund == "alla"), None
    )


def locate(locator: Locator, passages: list[Passage]) -> list[int]:
    """Indices of the passages of ``locator.file`` that contain its quote (folded, whitespace-normalised)."""
    key = quote_key(locator.quote)
    return [i for i, p in enumerate(passages) if p.document_file == locator.file and key in quote_key(p.text)]


@dataclass
class ResolvedFaq:
    """What the index stores: each topic's passage indices and, per FAQ question, its topic."""

    topic_ids: list[str]
    topic_passages: list[list[int]]
    questions: list[str]
    question_topics: list[int]
    unresolved: list[str]
    """Locators no passage matched ("topic: file: quote"), reported when the index is built."""

    def to_json(self) -> dict:
        return {
            "topic_ids": self.topic_ids,
            "topic_passages": self.topic_passages,
            "questions": self.questions,
            "question_topics": self.question_topics,
            "unresolved": self.unresolved,
        }

    @classmethod
    def from_json(cls, data: dict) -> ResolvedFaq:
        return cls(**data)

    @classmethod
    def empty(cls) -> ResolvedFaq:
        return cls([], [], [], [], [])


def resolve(topics: list[FaqTopic], passages: list[Passage]) -> ResolvedFaq:
    """Link every topic to its passages; topics whose locators match nothing are left out."""
    faq = ResolvedFaq.empty()
    for topic in topics:
        found: list[int] = []
        for locator in topic.locators:
            hits = locate(locator, passages)
            if not hits:
                faq.unresolved.append(f"{topic.id}: {locator.file}: {locator.quote}")
            found += [i for i in hits if i not in found]
        if not found:
            continue
        faq.topic_ids.append(topic.id)
        faq.topic_passages.append(found)
        for question in topic.questions:
            faq.questions.append(question)
            faq.question_topics.append(len(faq.topic_ids) - 1)
    return faq


@dataclass(frozen=True)
class FaqMatch:
    topic_id: str
    similarity: float
    """Cosine between the user's question and the closest FAQ question of the topic."""
    passages: tuple[int, ...]


class FaqMatcher:
    """Finds the FAQ topics whose questions are close to a query vector."""

    def __init__(self, faq: ResolvedFaq, vectors: np.ndarray) -> None:
        self.faq = faq
        self.vectors = vectors
        self._owners = np.array(faq.question_topics, dtype=np.int64)

    def topic_similarities(self, query_vector: np.ndarray) -> np.ndarray:
        """Per topic, the best cosine over its questions (empty when there is no FAQ)."""
        best = np.full(len(self.faq.topic_ids), -1.0, dtype=np.float32)
        if len(self._owners):
            np.maximum.at(best, self._owners, self.vectors @ query_vector)
        return best

    def ranked_curated(
        self, query_vector: np.ndarray, fund: str, k: int = 3
    ) -> list[tuple[CuratedAnswer, float]]:
        """The curated answers for ``fund`` of the ``k`` topics closest to the query that have one, closest
        first, each with its topic's similarity (the best cosine over the topic's questions)."""
        sims = self.topic_similarities(query_vector)
        found: list[tuple[CuratedAnswer, float]] = []
        for i in np.argsort(-sims):
            answer = curated_for(self.faq.topic_ids[int(i)], fund)
            if answer is not None:
                found.append((answer, float(sims[int(i)])))
                if len(found) >= k:
                    break
        return found

    def matches(self, query_vector: np.ndarray, min_similarity: float) -> list[FaqMatch]:
        """Topics at or above ``min_similarity``, closest first."""
        sims = self.topic_similarities(query_vector)
        order = [int(i) for i in np.argsort(-sims) if sims[i] >= min_similarity]
        return [
            FaqMatch(self.faq.topic_ids[i], float(sims[i]), tuple(self.faq.topic_passages[i])) for i in order
        ]
