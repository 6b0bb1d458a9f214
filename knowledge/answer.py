"""The sentence or two of a passage that answer a question, for the first line of a chat answer.

Only complete sentences are candidates: a table row ("Fondens syfte – Norrköping Start januari 2011: …"), a
list item, a fragment of a cut passage or a line without a full stop is never chosen. Each candidate scores
by e5 similarity to the question plus the share of the question's content words it contains; the best one
answers, and a neighbouring sentence that scores nearly as well completes it. Settings: the ``answer`` section
of ``knowledge/search.yaml``.
"""

from __future__ import annotations

import json
import math
import re
import threading
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import numpy as np
import yaml

from knowledge.index import PASSAGE_PREFIX, PASSAGES_FILE, QUERY_PREFIX, load_model
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
    top_passages: int = 1
    """How many of the search's best passages compete sentence by sentence for the answer."""
    passage_weight: float = 0.0
    """Weight of the passage's search score (minus the best passage's) added to each of its sentences."""
    target_bonus: float = 0.0
    """Added to sentences of the asked-about (or active fund's) municipality."""
    rule_margin: float = 1.0
    """A rule answer (rules/answers.py) gives way to the documents' answer when the chosen sentence scores at
    least this much above the rule answer's best sentence …"""
    rule_lexical_margin: float = 0.0
    """… and holds at least this much larger a share of the question's content words than the rule answer."""
    idf_weight: float = 0.0
    """Weight of the IDF-weighted share of the question's content words a sentence holds
    (:func:`idf_overlap`), used to pick the sentence: a rare word, a number, a name or a year of the question
    counts for more than a common one."""
    best_first: bool = False
    """The best sentence comes first even when the neighbour that completes it stands before it …"""
    leaning_starts: tuple[str, ...] = ()
    """… unless the best sentence starts with one of these words, which lean on the sentence before it."""
    rule_idf_margin: float = 1.01
    """A rule answer also gives way when the documents' sentences score ``rule_margin`` higher and hold at
    least this much larger an IDF-weighted share of the question's content words (:func:`idf_overlap`) than
    the rule's text: the question asks for something the rule does not say (which nämnder wanted to drop
    the repayment)."""
    type_weight: float = 0.0
    """Added to the choice score of a sentence that holds the answer type the question asks for (a number for
    "hur många", a date for "när beslutade …": the ``evidence`` of a ``general`` type of
    :func:`knowledge.answerability.asked_fact`; a specific kind's evidence, such as a year after the
    documents, must not pull a sentence up)."""
    second_margin: float = 1.01
    """A composed answer of three or more sentences (a rule answer) keeps its first sentence; a later sentence
    becomes the second when it holds at least this IDF-weighted share of the question's content words that
    the first two do not hold (:func:`second_by_question`). Above 1: never."""


@dataclass(frozen=True)
class AnswerChoice:
    """The passage that answers and its one or two answering sentences (``score``: the best sentence's)."""

    passage: Any
    text: str
    score: float


@lru_cache(maxsize=1)
def answer_config() -> AnswerConfig:
    data = dict(yaml.safe_load(CONFIG_FILE.read_text(encoding="utf-8")).get("answer", {}))
    if "leaning_starts" in data:
        data["leaning_starts"] = tuple(str(w).lower() for w in data["leaning_starts"] or ())
    return AnswerConfig(**data)


def _text(passage: Any) -> str:
    return passage if isinstance(passage, str) else str(getattr(passage, "text", "") or "")


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


@lru_cache(maxsize=1)
def sentence_idf() -> dict[str, float]:
    """Inverse document frequency of each content token over the corpus's sentences (the index's passages
    split into sentences); empty when the index is not built."""
    from fondassistenten.settings import get_settings

    path = get_settings().index_dir / PASSAGES_FILE
    try:
        passages = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    counts: dict[str, int] = {}
    total = 0
    for passage in passages:
        for sentence in split_sentences(" ".join(str(passage.get("text", "")).split())):
            total += 1
            for token in set(lexical_tokens(sentence)):
                counts[token] = counts.get(token, 0) + 1
    return {token: math.log((total + 1) / (n + 0.5)) for token, n in counts.items()}


def idf_overlap(question_terms: set[str], sentence: str) -> float:
    """The IDF-weighted share of the question's content words that ``sentence`` holds: "remissvar",
    "Moderaterna", "2014" weigh more than "fond" or "kommun". Words of the question no sentence of the corpus
    holds (typos, other places) are left out of the share, as no sentence can hold them."""
    return idf_weight_share(question_terms, set(lexical_tokens(sentence)))


def _type_bonus(
    question: str, sentences: list[str], candidates: list[int], weight: float
) -> dict[int, float]:
    """``weight`` for each candidate sentence holding the kind of fact the question asks for, else 0."""
    if not weight:
        return {}
    from knowledge.answerability import asked_fact

    fact = asked_fact(question)
    if fact is None or not fact.general or not fact.evidence:
        return {}
    return {i: weight for i in candidates if fact.holds(sentences[i])}


def _score_sentences(
    question: str, text: str, query: np.ndarray, config: AnswerConfig
) -> tuple[list[str], dict[int, float], dict[int, float]]:
    """The sentences of ``text`` and two scores of its complete ones against the question.

    The choice: e5 similarity plus ``idf_weight`` times the IDF-weighted share of the question's content words
    (:func:`idf_overlap`), which picks the sentence holding the question's rare words, numbers and names. The
    base score: e5 similarity plus ``lexical_weight`` times the plain share; it decides whether a neighbour
    joins and is the score a rule or FAQ answer is compared with (``sentence_score``, ``beats_rule``). With
    ``idf_weight`` 0 both are the base score."""
    sentences = [x.strip() for x in split_sentences(" ".join(text.split()))]
    candidates = [i for i, x in enumerate(sentences) if is_complete_sentence(x, config.min_words)]
    if not candidates:
        return sentences, {}, {}
    dense = _encode_sentences([sentences[i] for i in candidates]) @ np.asarray(query, dtype=np.float32)
    terms = set(lexical_tokens(question))
    base = {
        i: float(d) + config.lexical_weight * _overlap(terms, sentences[i])
        for i, d in zip(candidates, dense, strict=True)
    }
    bonus = _type_bonus(question, sentences, candidates, config.type_weight)
    if not config.idf_weight and not bonus:
        return sentences, base, base
    choice = {
        i: float(d) + config.idf_weight * idf_overlap(terms, sentences[i]) + bonus.get(i, 0.0)
        for i, d in zip(candidates, dense, strict=True)
    }
    return sentences, choice, base


def _scored(
    question: str, text: str, query: np.ndarray, config: AnswerConfig
) -> tuple[list[str], dict[int, float]]:
    """The sentences of ``text`` and the base scores of its complete ones against the question."""
    sentences, _, base = _score_sentences(question, text, query, config)
    return sentences, base


def _first_word(sentence: str) -> str:
    return (sentence.split() or [""])[0].strip('”"(,').lower()


def _with_neighbour(
    sentences: list[str],
    scores: dict[int, float],
    best: int,
    max_sentences: int,
    config: AnswerConfig | None = None,
) -> str:
    """The best sentence and a neighbour that scores within ``neighbour_margin`` of it (``scores``: without
    the IDF part, so a sentence that alone holds the question's rare words still takes its neighbour along),
    in passage order, or with the best sentence first when ``best_first``."""
    config = config or answer_config()
    chosen = [best]
    for neighbour in (best + 1, best - 1):
        if len(chosen) >= max_sentences or neighbour not in scores:
            continue
        if scores[neighbour] < scores[best] - config.neighbour_margin:
            continue
        if sum(len(sentences[i]) for i in chosen) + len(sentences[neighbour]) + 1 > config.max_chars:
            continue
        chosen.append(neighbour)
    best_first = config.best_first and _first_word(sentences[best]) not in config.leaning_starts
    return " ".join(sentences[i] for i in (chosen if best_first else sorted(chosen)))


def best_sentences(
    question: str,
    passage: Any,
    vector: np.ndarray | None = None,
    max_sentences: int = 2,
    config: AnswerConfig | None = None,
) -> str:
    """The one or two complete sentences of ``passage`` (its ``text``, or a string) that best answer
    ``question``, in their order in the passage; "" when the passage has no complete sentence.

    ``vector`` is the question's e5 query vector when the caller already has it
    (``knowledge.search.Searcher.encode_query``).
    """
    config = config or answer_config()
    query = vector if vector is not None else _question_vector(question)
    sentences, scores, base = _score_sentences(question, _text(passage), query, config)
    if not scores:
        return ""
    best = max(scores, key=lambda i: (scores[i], -i))
    return _with_neighbour(sentences, base, best, max_sentences, config)


def sentence_score(question: str, text: str, vector: np.ndarray | None = None) -> float | None:
    """The score of ``text``'s best sentence (three words or more) against ``question``, as
    :func:`best_sentences` scores; None when it has no complete sentence."""
    config = replace(answer_config(), min_words=3)
    query = vector if vector is not None else _question_vector(question)
    _, scores = _scored(question, text, query, config)
    return max(scores.values()) if scores else None


def beats_rule(question: str, rule_text: str, choice: AnswerChoice, vector: np.ndarray | None = None) -> bool:
    """The documents' chosen sentences answer ``question`` clearly better than a rule answer's text: by the
    sentence score (``rule_margin``) and by the question's content words they hold
    (``rule_lexical_margin``)."""
    config = answer_config()
    rule_score = sentence_score(question, rule_text, vector)
    if rule_score is None:
        return True
    terms = set(lexical_tokens(question))
    lexical = _overlap(terms, choice.text) - _overlap(terms, rule_text)
    if choice.score < rule_score + config.rule_margin:
        return False
    if lexical >= config.rule_lexical_margin:
        return True
    return idf_overlap(terms, choice.text) - idf_overlap(terms, rule_text) >= config.rule_idf_margin


def choose_answer(
    question: str,
    passages: list[Any],
    vector: np.ndarray | None = None,
    target: str | None = None,
    max_sentences: int = 2,
    config: AnswerConfig | None = None,
) -> AnswerChoice | None:
    """The answer among the ``top_passages`` best passages that have a complete sentence (a table passage is
    skipped, never quoted as a row), chosen sentence by sentence: each complete
    sentence scores as in :func:`best_sentences`, plus ``passage_weight`` times its passage's search score
    (relative to the best passage) and ``target_bonus`` when the passage is ``target``'s municipality. None
    when no candidate passage has a complete sentence."""
    config = config or answer_config()
    if not passages:
        return None
    query = vector if vector is not None else _question_vector(question)
    top = float(getattr(passages[0], "score", 0.0) or 0.0)
    best: tuple[float, Any, list[str], dict[int, float], int] | None = None  # the last dict: base scores
    competing = 0
    for passage in passages:
        if competing >= max(1, config.top_passages):
            break
        sentences, scores, base = _score_sentences(question, _text(passage), query, config)
        if not scores:
            continue  # a table or a list: the next passage with a whole sentence competes instead
        competing += 1
        extra = config.passage_weight * (float(getattr(passage, "score", 0.0) or 0.0) - top)
        if target and getattr(passage, "municipality", None) == target:
            extra += config.target_bonus
        index = max(scores, key=lambda i: (scores[i], -i))
        if best is None or scores[index] + extra > best[0]:
            best = (scores[index] + extra, passage, sentences, base, index)
    if best is None:
        return None
    _, passage, sentences, base, index = best
    # the base score (no IDF part) is what a rule answer's sentence is compared with (beats_rule)
    text = _with_neighbour(sentences, base, index, max_sentences, config)
    return AnswerChoice(passage, text, base[index])


def idf_weight_share(terms: set[str], part: set[str]) -> float:
    """The IDF weight of the words of ``terms`` that ``part`` holds as a share of the weight of ``terms``
    (words the corpus never holds weigh nothing)."""
    idf = sentence_idf()
    weights = {t: idf[t] for t in terms if t in idf}
    if not weights:
        return 0.0
    return sum(w for t, w in weights.items() if t in part) / sum(weights.values())


def second_by_question(
    question: str, text: str, config: AnswerConfig | None = None, fixed: tuple[str, ...] = ()
) -> str:
    """``text`` with its first sentence kept and, when a later sentence holds at least ``second_margin`` of
    the IDF weight of the question's content words (:func:`idf_overlap`) counting only words the first two
    sentences lack, that sentence moved up to be the second: the reply's first two sentences carry what was
    asked ("när kan kravet på återföring upphävas" → the exception, not the start of the repayment).
    Sentences starting with one of ``fixed`` (a note such as the date a value was last checked) stay where
    they are. Unchanged when the text has fewer than three sentences."""
    config = config or answer_config()
    if config.second_margin > 1:
        return text
    sentences = [x.strip() for x in split_sentences(" ".join(text.split()))]
    if len(sentences) < 3:
        return text
    # only the question's words the first two sentences do not hold yet count
    terms = set(lexical_tokens(question)) - set(lexical_tokens(f"{sentences[0]} {sentences[1]}"))
    if not terms:
        return text
    whole = set(lexical_tokens(question))
    shares = [idf_overlap(terms, x) * idf_weight_share(whole, terms) for x in sentences]
    # a sentence that leans on the one before it ("Det gäller …") is never moved away from it
    movable = [
        i
        for i in range(2, len(sentences))
        if _first_word(sentences[i]) not in config.leaning_starts and not sentences[i].startswith(fixed)
    ]
    if not movable:
        return text
    best = max(movable, key=lambda i: (shares[i], -i))
    if shares[best] < config.second_margin:
        return text
    order = [0, best] + [i for i in range(1, len(sentences)) if i != best]
    return " ".join(sentences[i] for i in order)
