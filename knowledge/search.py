"""Hybrid passage search over the corpus: dense e5 similarity plus a lemmatised, å/ä/ö-folded BM25 signal,
a boost for the active fund's municipality, and an "answerable" flag from a measured threshold.

Lay terms in the question ("betala tillbaka", "förening") add the guidelines' official terms
("återföring", "extern aktör") from ``knowledge/synonyms.yaml`` to the BM25 query and to a second dense
query; a passage keeps the better of its two dense scores. The answerable flag looks at the question as
typed only, so an expansion cannot make an off-topic question look answerable.

The coordinators' FAQ (``knowledge/faq.yaml``, see ``knowledge/faq.py``): when the question as typed is
close enough to an FAQ question, the passages that topic links to get a bonus (those of the active or named
municipality when the topic has any, otherwise all of them); when it is very close, the question also counts
as answerable.

Weights and thresholds are data (``knowledge/search.yaml``), chosen on the tuning half of the evaluation
set.
"""

from __future__ import annotations

import html
import re
import threading
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml
from rank_bm25 import BM25Okapi

from fondassistenten.settings import get_settings
from knowledge.faq import FaqMatch, FaqMatcher
from knowledge.index import QUERY_PREFIX, embedding_text, ensure_index, load_index, load_model
from knowledge.ingest import Passage, load_manifest
from knowledge.live import refresh_live
from knowledge.synonyms import QueryExpander, default_expander
from knowledge.textnorm import fold, lexical_tokens

CONFIG_FILE = Path(__file__).with_name("search.yaml")
MAX_QUERY_CHARS = 2000
_TAG = re.compile(r"<[^>]{0,200}>")

__all__ = ["Passage", "SearchConfig", "SearchResponse", "Searcher", "get_searcher"]


@dataclass(frozen=True)
class SearchConfig:
    lexical_weight: float
    municipality_boost: float
    min_dense_score: float
    min_term_coverage: float
    faq_min_similarity: float
    faq_boost: float
    faq_answerable_similarity: float
    faq_pin_similarity: float = 1.01

    @classmethod
    def load(cls, path: Path = CONFIG_FILE) -> SearchConfig:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return cls(
            lexical_weight=float(data["lexical_weight"]),
            municipality_boost=float(data["municipality_boost"]),
            min_dense_score=float(data["answerable"]["min_dense_score"]),
            min_term_coverage=float(data["answerable"]["min_term_coverage"]),
            faq_min_similarity=float(data["faq"]["min_similarity"]),
            faq_boost=float(data["faq"]["boost"]),
            faq_answerable_similarity=float(data["faq"]["answerable_similarity"]),
            faq_pin_similarity=float(data["faq"].get("pin_similarity", 1.01)),
        )


@dataclass
class SearchResponse:
    query: str
    answerable: bool
    passages: list[Passage] = field(default_factory=list)
    best_dense_score: float = 0.0
    term_coverage: float = 0.0
    faq_topic: str | None = None
    """The FAQ topic whose passages were lifted, if the question matched one."""
    faq_similarity: float = 0.0

    def to_dict(self) -> dict:
        return asdict(self)


def clean_query(query: str) -> str:
    """Treat the query as plain text: entities decoded, tags dropped, whitespace collapsed, length capped."""
    text = html.unescape(query or "")
    text = _TAG.sub(" ", text)
    return " ".join(text.split())[:MAX_QUERY_CHARS]


class Searcher:
    def __init__(
        self,
        index_dir: Path,
        model_name: str,
        default_municipality: str | None = None,
        config: SearchConfig | None = None,
        expander: QueryExpander | None = None,
    ) -> None:
        self.config = config or SearchConfig.load()
        self.expander = expander or default_expander()
        loaded = load_index(index_dir)
        self.passages = loaded.passages
        self.vectors = loaded.passage_vectors
        self.window_vectors = loaded.window_vectors
        self.window_owners = loaded.window_owners
        self.faq = FaqMatcher(loaded.faq, loaded.faq_vectors)
        self.model = load_model(model_name)
        self.bm25 = BM25Okapi([lexical_tokens(embedding_text(p)) or ["_"] for p in self.passages])
        self.municipalities = sorted({p.municipality for p in self.passages})
        self.default_municipality = default_municipality
        self._passage_municipality = np.array([p.municipality for p in self.passages])
        self.vocabulary = {t for p in self.passages for t in lexical_tokens(f"{p.section} {p.text}")}
        self._municipality_tokens = {fold(m) + suffix for m in self.municipalities for suffix in ("", "s")}
        self._lock = threading.Lock()

    def _named_municipality(self, query: str) -> str | None:
        """A municipality the question names ("i Sundsvall", "Stockholms stad") overrides the active fund."""
        tokens = set(re.findall(r"[a-z]+", fold(query)))
        named = [m for m in self.municipalities if {fold(m), fold(m) + "s"} & tokens]
        return named[0] if len(named) == 1 else None

    def term_coverage(self, query: str) -> float:
        """Share of the question's content words (municipality names aside) that the corpus uses at all.

        A place name alone makes "Vad blir det för väder i Södertälje?" look close to the corpus; the
        words that carry the question ("väder", "morgon") never occur in it.
        """
        tokens = [t for t in lexical_tokens(query) if t not in self._municipality_tokens]
        return sum(t in self.vocabulary for t in tokens) / len(tokens) if tokens else 0.0

    def _dense(self, query_vector: np.ndarray) -> np.ndarray:
        """Cosine of every passage: the best of the passage itself and its sentence windows."""
        dense = self.vectors @ query_vector
        if len(self.window_owners):
            np.maximum.at(dense, self.window_owners, self.window_vectors @ query_vector)
        return dense

    def _faq_bonus(self, matches: list[FaqMatch], target: str | None) -> np.ndarray:
        """``faq_boost`` for the passages of every matched FAQ topic.

        A topic with passages from the target municipality lifts only those; the others keep their rank.
        When the question is (nearly) the FAQ question itself (``faq_pin_similarity``), the coordinators'
        chosen passages of the best topic go first.
        """
        bonus = np.zeros(len(self.passages))
        for rank, match in enumerate(matches):
            linked = [i for i in match.passages if self.passages[i].municipality == target]
            pinned = rank == 0 and match.similarity >= self.config.faq_pin_similarity
            bonus[linked or list(match.passages)] = 1.0 if pinned else self.config.faq_boost
        return bonus

    def score(
        self, query: str, municipality: str | None = None
    ) -> tuple[np.ndarray, np.ndarray, list[FaqMatch]]:
        """Hybrid scores of every passage for ``query``, the dense cosines of the question as typed and the
        FAQ topics it matches."""
        terms = self.expander.official_terms(query)
        texts = [QUERY_PREFIX + query]
        if terms:
            texts.append(f"{QUERY_PREFIX}{query} {' '.join(terms)}")
        with self._lock:  # the torch model is not safe to call from several threads at once
            vectors = self.model.encode(texts, normalize_embeddings=True)
        typed = self._dense(vectors[0])
        dense = np.maximum(typed, self._dense(vectors[1])) if terms else typed
        lexical = self.bm25.get_scores(lexical_tokens(query) + lexical_tokens(" ".join(terms)))
        top = lexical.max() if len(lexical) else 0.0
        lexical = lexical / top if top > 0 else np.zeros_like(dense)
        target = self._named_municipality(query) or municipality or self.default_municipality
        boost = (self._passage_municipality == target) * self.config.municipality_boost if target else 0.0
        matches = self.faq.matches(vectors[0], self.config.faq_min_similarity)
        hybrid = dense + self.config.lexical_weight * lexical + boost + self._faq_bonus(matches, target)
        return hybrid, typed, matches

    def search(self, query: str, k: int = 5, municipality: str | None = None) -> SearchResponse:
        refresh_live(self)  # coordinators' FAQ entries and uploaded documents, see knowledge/live.py
        text = clean_query(query)
        if not re.search(r"[^\W\d_]{2,}", text):
            return SearchResponse(query=text, answerable=False)
        k = max(1, min(int(k), len(self.passages)))
        hybrid, dense, faq_matches = self.score(text, municipality)
        order = np.argsort(-hybrid)[:k]
        best_dense = float(dense.max())
        coverage = self.term_coverage(text)
        passages = [
            Passage(**{**asdict(self.passages[i]), "score": round(float(hybrid[i]), 4)}) for i in order
        ]
        faq_sure = bool(faq_matches) and faq_matches[0].similarity >= self.config.faq_answerable_similarity
        close = best_dense >= self.config.min_dense_score or faq_sure
        return SearchResponse(
            query=text,
            answerable=close and coverage >= self.config.min_term_coverage,
            passages=passages,
            best_dense_score=round(best_dense, 4),
            term_coverage=round(coverage, 3),
            faq_topic=faq_matches[0].topic_id if faq_matches else None,
            faq_similarity=round(faq_matches[0].similarity, 4) if faq_matches else 0.0,
        )


def municipality_for_fund(fund: str, corpus_dir: Path) -> str | None:
    """The manifest municipality whose folded name is the fund id ("sodertalje" -> "Södertälje")."""
    for doc in load_manifest(corpus_dir):
        if fold(doc.municipality) == fold(fund):
            return doc.municipality
    return None


@lru_cache(maxsize=1)
def get_searcher() -> Searcher:
    """The process-wide searcher for the configured corpus, model and fund; builds a stale index first."""
    settings = get_settings()
    ensure_index(settings.corpus_dir, settings.index_dir, settings.embedding_model_name)
    return Searcher(
        settings.index_dir,
        settings.embedding_model_name,
        default_municipality=municipality_for_fund(settings.fund, settings.corpus_dir),
    )
