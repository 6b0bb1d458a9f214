"""The coordinators' FAQ layer: frequent questions linked to the passages that answer them.

``knowledge/faq.yaml`` lists, per topic, typical ways people ask a question and locators (document file +
verbatim quote) of the answering passages. The FAQ questions are embedded with the index (as e5 queries,
since question-to-question similarity is what the small model does well); at query time a question close
enough to an FAQ question lifts that topic's passages to the top (see ``knowledge/search.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
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
class FaqTopic:
    id: str
    title: str
    questions: tuple[str, ...]
    locators: tuple[Locator, ...]


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
        )
        for t in data.get("topics", [])
    ]


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

    def matches(self, query_vector: np.ndarray, min_similarity: float) -> list[FaqMatch]:
        """Topics at or above ``min_similarity``, closest first."""
        sims = self.topic_similarities(query_vector)
        order = [int(i) for i in np.argsort(-sims) if sims[i] >= min_similarity]
        return [
            FaqMatch(self.faq.topic_ids[i], float(sims[i]), tuple(self.faq.topic_passages[i])) for i in order
        ]
