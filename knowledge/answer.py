"""The sentence or two of a passage that answer a question, for the first line of a chat answer.

Only complete sentences are candidates: a table row ("Fondens syfte – Norrköping Start januari 2011: …"), a
list item, a fragment of a cut passage or a line without a full stop is never chosen. Each candidate scores
by e5 similarity to the question plus the share of the question's content words it contains; the best one
answers, and a neighbouring sentence that scores nearly as well completes it. Settings: the ``answer`` section
of ``knowledge/search.yaml``.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import yaml

from knowledge.index import PASSAGE_PREFIX, QUERY_PREFIX, load_model
from knowledge.search import CONFIG_FILE
from knowledge.textnorm import lexical_tokens, split_sentences

_END = re.compile(r"[.!?](?:[”\"')\]]*)$")
_START = re.compile(r"^[”\"(]*[A-ZÅÄÖÉ0-9]")
_LIST_ITEM = re.compile(r"^\s*(?:[-•*–]|\d+[.)]|[a-z][.)])\s")
_TABLE_ROW = re.compile(r"\s[–-]\s[^.:]{1,60}:\s")
_DATED_LABEL = re.compile(r"^[^.:]{0,60}\d[^.:]{0,20}:\s")
"""A label with a date or number before a colon ("Norrköping Start januari 2011: Fond …"): a table cell."""
_CACHE_LIMIT = 4096
_lock = threading.Lock()
_sentence_vectors: dict[str, np.ndarray] = {}


@dataclass(frozen=True)
class AnswerConfig:
    lexical_weight: float = 0.1
    neighbour_margin: float = 0.015
    min_words: int = 5
    max_chars: int = 420


@lru_cache(maxsize=1)
def answer_config() -> AnswerConfig:
    data = yaml.safe_load(CONFIG_FILE.read_text(encoding="utf-8")).get("answer", {})
    return AnswerConfig(**data)


def is_complete_sentence(sentence: str, min_words: int | None = None) -> bool:
    """A whole sentence: capital start, full stop at the end, enough words, not a list item or table row."""
    s = sentence.strip()
    words = s.split()
    if len(words) < (answer_config().min_words if min_words is None else min_words):
        return False
    if not _START.match(s) or not _END.search(s) or _LIST_ITEM.match(s):
        return False
    if _TABLE_ROW.search(s) or _DATED_LABEL.match(s) or s.count(": ") >= 2:
        return False
    numbers = sum(any(ch.isdigit() for ch in w) for w in words)
    return numbers / len(words) < 0.3


def _model():
    from fondassistenten.settings import get_settings

    return load_model(get_settings().embedding_model_name)


def _encode_sentences(sentences: list[str]) -> np.ndarray:
    missing = [s for s in dict.fromkeys(sentences) if s not in _sentence_vectors]
    if missing:
        model = _model()
        with _lock:
            vectors = model.encode([PASSAGE_PREFIX + s for s in missing], normalize_embeddings=True)
            if len(_sentence_vectors) + len(missing) > _CACHE_LIMIT:
                _sentence_vectors.clear()
            for sentence, vector in zip(missing, vectors, strict=True):
                _sentence_vectors[sentence] = np.asarray(vector, dtype=np.float32)
    return np.vstack([_sentence_vectors[s] for s in sentences])


def _question_vector(question: str) -> np.ndarray:
    model = _model()
    with _lock:
        return np.asarray(model.encode([QUERY_PREFIX + question], normalize_embeddings=True)[0], np.float32)


def _overlap(question_terms: set[str], sentence: str) -> float:
    if not question_terms:
        return 0.0
    return len(question_terms & set(lexical_tokens(sentence))) / len(question_terms)


def best_sentences(
    question: str, passage: Any, vector: np.ndarray | None = None, max_sentences: int = 2
) -> str:
    """The one or two complete sentences of ``passage`` (its ``text``, or a string) that best answer
    ``question``, in their order in the passage; "" when the passage has no complete sentence.

    ``vector`` is the question's e5 query vector when the caller already has it
    (``knowledge.search.Searcher.encode_query``).
    """
    config = answer_config()
    text = passage if isinstance(passage, str) else str(getattr(passage, "text", "") or "")
    sentences = [s.strip() for s in split_sentences(" ".join(text.split()))]
    candidates = [i for i, s in enumerate(sentences) if is_complete_sentence(s, config.min_words)]
    if not candidates:
        return ""
    query = vector if vector is not None else _question_vector(question)
    dense = _encode_sentences([sentences[i] for i in candidates]) @ np.asarray(query, dtype=np.float32)
    terms = set(lexical_tokens(question))
    scores = {
        i: float(d) + config.lexical_weight * _overlap(terms, sentences[i])
        for i, d in zip(candidates, dense, strict=True)
    }
    best = max(candidates, key=lambda i: (scores[i], -i))
    chosen = [best]
    for neighbour in (best + 1, best - 1):
        if len(chosen) >= max_sentences or neighbour not in scores:
            continue
        if scores[neighbour] < scores[best] - config.neighbour_margin:
            continue
        if sum(len(sentences[i]) for i in chosen) + len(sentences[neighbour]) + 1 > config.max_chars:
            continue
        chosen.append(neighbour)
    return " ".join(sentences[i] for i in sorted(chosen))
