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

Synthetic questions per passage (doc2query, ``knowledge/passage_questions/``, see
``knowledge/passage_questions.py``) are extra keys of their passage: with ``passage_questions.enabled`` a
passage's dense score also counts its best synthetic question's cosine to the user's question
(``mode: max``: the better of the passage's cosine and the question's minus ``shift``; ``mode: add``: plus
``weight`` times what the question's cosine exceeds ``floor`` by), and with ``lexical`` the questions' words
join the passage's BM25 text. The answerable flag does not use them.

Scaling: faiss finds the dense candidates (``knowledge/vector_index.py``: exact flat index, HNSW for very
large corpora) and a sparse BM25 index (``knowledge/lexical.py``) the lexical ones; only their union and the
FAQ passages are scored. ``benchmarks/search_scale.py`` measures it at 1 000 to 100 000 passages.
A caller that already has the question's vector (``Searcher.encode_query``) passes it as ``vector``.
"""

from __future__ import annotations

import html
import math
import re
import threading
from collections import Counter
from dataclasses import asdict, dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

import faiss
import numpy as np
import yaml

from fondassistenten.settings import get_settings
from knowledge.adapter import QueryAdapter, load_adapter
from knowledge.answerability import missing_fact
from knowledge.faq import FaqMatch, FaqMatcher
from knowledge.fund_terms import term_municipality
from knowledge.index import QUERY_PREFIX, embedding_text, ensure_index, load_index, load_model
from knowledge.ingest import Passage, load_manifest
from knowledge.lexical import LexicalIndex
from knowledge.live import refresh_live
from knowledge.synonyms import QueryExpander, default_expander
from knowledge.textnorm import fold, lexical_tokens
from knowledge.vector_index import IndexConfig, VectorIndex, one_thread

CONFIG_FILE = Path(__file__).with_name("search.yaml")
MAX_QUERY_CHARS = 2000
MUNICIPALITY_TYPO_RATIO = 0.88
"""difflib similarity from which a word counts as a misspelt municipality name ("sundsval" 0.94)."""
_TAG = re.compile(r"<[^>]{0,200}>")

__all__ = ["Passage", "SearchConfig", "SearchResponse", "Searcher", "get_searcher"]


@dataclass(frozen=True)
class PassageQuestionsConfig:
    """How synthetic questions per passage count (``passage_questions`` in search.yaml)."""

    enabled: bool = False
    mode: str = "max"
    """"max": dense = max(passage cosine, best question cosine - shift); "add": dense + weight *
    max(0, best question cosine - floor)."""
    shift: float = 0.0
    weight: float = 0.0
    floor: float = 0.0
    lexical: bool = False
    """Add the questions' words to their passage's BM25 text."""
    candidates: int = 200
    """Nearest synthetic questions looked at per query vector (faiss); their passages join the candidates
    and only they count (a question further away is far below any useful floor)."""


@dataclass(frozen=True)
class QueryAdapterConfig:
    """The learned query-side map of the dense ranking (``query_adapter`` in search.yaml,
    ``knowledge/adapter.py``)."""

    enabled: bool = False
    file: str = "query_adapter.npz"
    """Relative to ``knowledge/``; ``FOND_QUERY_ADAPTER`` overrides it (a path, or ``off``)."""
    mix: float = 1.0
    """Dense ranking score = (1 - mix) * cosine of the query as given + mix * cosine of the adapted query."""


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
    lexical_evidence_dense: float = 1.01
    """Below ``min_dense_score`` a question is still answerable from this dense cosine on when the best
    passage holds at least ``min_lexical_evidence`` of its content words, weighted by rarity (IDF)."""
    min_lexical_evidence: float = 1.01
    rare_document_frequency: int = 5
    """A question word the corpus uses in at most this many passages must be in the best passage for the
    lexical evidence to count ("meningen med livet": "liv" is, "mening" is not)."""
    dense_candidates: int = 200
    """Nearest vectors (passages and windows) faiss returns per query vector."""
    lexical_candidates: int = 50
    """Best BM25 passages added to the candidates."""
    index: IndexConfig = field(default_factory=IndexConfig)
    passage_questions: PassageQuestionsConfig = field(default_factory=PassageQuestionsConfig)
    query_adapter: QueryAdapterConfig = field(default_factory=QueryAdapterConfig)

    @classmethod
    def load(cls, path: Path = CONFIG_FILE) -> SearchConfig:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        candidates = data.get("candidates", {})
        return cls(
            dense_candidates=int(candidates.get("dense", 200)),
            lexical_candidates=int(candidates.get("lexical", 50)),
            index=IndexConfig(**data.get("index", {})),
            passage_questions=PassageQuestionsConfig(**data.get("passage_questions", {})),
            query_adapter=QueryAdapterConfig(**data.get("query_adapter", {})),
            lexical_weight=float(data["lexical_weight"]),
            municipality_boost=float(data["municipality_boost"]),
            min_dense_score=float(data["answerable"]["min_dense_score"]),
            min_term_coverage=float(data["answerable"]["min_term_coverage"]),
            faq_min_similarity=float(data["faq"]["min_similarity"]),
            faq_boost=float(data["faq"]["boost"]),
            faq_answerable_similarity=float(data["faq"]["answerable_similarity"]),
            faq_pin_similarity=float(data["faq"].get("pin_similarity", 1.01)),
            lexical_evidence_dense=float(data["answerable"].get("lexical_evidence_dense", 1.01)),
            min_lexical_evidence=float(data["answerable"].get("min_lexical_evidence", 1.01)),
            rare_document_frequency=int(data["answerable"].get("rare_document_frequency", 5)),
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
        self.model = load_model(model_name)
        self.adapter = self._load_adapter()
        self._set_passage_questions(
            loaded.passage_questions.questions,
            np.array(loaded.passage_questions.owners, dtype=np.int64),
            loaded.passage_question_vectors,
        )
        self._setup(loaded.passages, loaded.passage_vectors, loaded.window_vectors, loaded.window_owners)
        self.faq = FaqMatcher(loaded.faq, loaded.faq_vectors)
        self.default_municipality = default_municipality
        self._lock = threading.Lock()

    @classmethod
    def from_arrays(
        cls,
        passages: list[Passage],
        passage_vectors: np.ndarray,
        window_vectors: np.ndarray,
        window_owners: np.ndarray,
        model,
        faq: FaqMatcher,
        default_municipality: str | None = None,
        config: SearchConfig | None = None,
    ) -> Searcher:
        """A searcher over given passages and vectors (the scale benchmark's synthetic corpora)."""
        self = cls.__new__(cls)
        self.config = config or SearchConfig.load()
        self.expander = default_expander()
        self.model = model
        self.adapter = None
        self._set_passage_questions([], np.zeros(0, dtype=np.int64), np.zeros((0, passage_vectors.shape[1])))
        self._setup(passages, passage_vectors, window_vectors, window_owners)
        self.faq = faq
        self.default_municipality = default_municipality
        self._lock = threading.Lock()
        return self

    def _setup(
        self,
        passages: list[Passage],
        passage_vectors: np.ndarray,
        window_vectors: np.ndarray,
        window_owners: np.ndarray,
    ) -> None:
        self.passages = passages
        self.vector_index = VectorIndex(passage_vectors, window_vectors, window_owners, self.config.index)
        self._index_lexical()
        self.municipalities = sorted({p.municipality for p in self.passages})
        self._passage_municipality = np.array([p.municipality for p in self.passages])
        self.vocabulary = {t for p in self.passages for t in lexical_tokens(f"{p.section} {p.text}")}
        self._municipality_tokens = {fold(m) + suffix for m in self.municipalities for suffix in ("", "s")}
        self._pending: dict[str, np.ndarray] = {}

    # knowledge/live.py replaces passages and vectors (``searcher.vectors = …``); the indexes are rebuilt from
    # them before the next search. Reading gives views of faiss's storage, no copies.
    @property
    def vectors(self) -> np.ndarray:
        return self._pending.get("vectors", self.vector_index.vectors[: self.vector_index.passages])

    @vectors.setter
    def vectors(self, value: np.ndarray) -> None:
        self._pending["vectors"] = value

    @property
    def window_vectors(self) -> np.ndarray:
        return self._pending.get("window_vectors", self.vector_index.vectors[self.vector_index.passages :])

    @window_vectors.setter
    def window_vectors(self, value: np.ndarray) -> None:
        self._pending["window_vectors"] = value

    @property
    def window_owners(self) -> np.ndarray:
        return self._pending.get("window_owners", self.vector_index.owners[self.vector_index.passages :])

    @window_owners.setter
    def window_owners(self, value: np.ndarray) -> None:
        self._pending["window_owners"] = value

    @property
    def bm25(self) -> LexicalIndex:
        return self.lexical

    @bm25.setter
    def bm25(self, _value: object) -> None:
        self._pending.setdefault("lexical", np.zeros(0))  # rebuilt from the new passages

    def _ensure_current(self) -> None:
        if not self._pending:
            return
        vectors, windows, owners = self.vectors, self.window_vectors, self.window_owners
        self.vector_index = VectorIndex(vectors, windows, owners, self.config.index)
        self._index_lexical()
        self._pending = {}

    def _load_adapter(self) -> QueryAdapter | None:
        """The query adapter search.yaml (or ``FOND_QUERY_ADAPTER``: a path, or ``off``) names, if it fits
        the model."""
        setting = get_settings().query_adapter.strip()
        if setting.lower() in ("off", "av", "0", "false", "no", "nej"):
            return None
        if not setting and not self.config.query_adapter.enabled:
            return None
        path = Path(setting) if setting else CONFIG_FILE.parent / self.config.query_adapter.file
        return load_adapter(path, self.model)

    def _set_passage_questions(self, texts: list[str], owners: np.ndarray, vectors: np.ndarray) -> None:
        """Synthetic questions (doc2query), the passage index each belongs to and their e5 query vectors;
        knowledge/live.py sets them again when the passages change (then :meth:`_index_lexical` follows)."""
        self.question_texts = list(texts)
        self.question_owners = np.asarray(owners, dtype=np.int64)
        self.question_vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        # exact inner product in faiss: numpy's threaded BLAS took ~7 ms per query here (2 shared cores)
        self._question_index = faiss.IndexFlatIP(self.question_vectors.shape[1])
        if len(self.question_vectors):
            self._question_index.add(self.question_vectors)

    def _index_lexical(self) -> None:
        documents = [lexical_tokens(embedding_text(p)) for p in self.passages]
        # document frequencies (answerability's rare words) count the documents' own words only
        self._document_frequency = Counter(t for tokens in documents for t in set(tokens))
        questions = self.config.passage_questions
        if questions.enabled and questions.lexical and self.question_texts:
            documents = [list(tokens) for tokens in documents]
            for text, owner in zip(self.question_texts, self.question_owners, strict=True):
                documents[int(owner)] += lexical_tokens(text)
        self.lexical = LexicalIndex(documents)

    def question_similarity(self, vectors: np.ndarray) -> dict[int, float]:
        """Per passage, the best cosine of its synthetic questions to any of the query ``vectors``, over the
        ``passage_questions.candidates`` nearest questions of each vector (passages without any: absent)."""
        k = min(self.config.passage_questions.candidates, self._question_index.ntotal)
        best: dict[int, float] = {}
        if k == 0:
            return best
        with one_thread():
            sims, rows = self._question_index.search(np.ascontiguousarray(np.atleast_2d(vectors)), k)
        for sim, row in zip(sims.ravel(), rows.ravel(), strict=True):
            if row >= 0:
                owner = int(self.question_owners[row])
                best[owner] = max(best.get(owner, -1.0), float(sim))
        return best

    def lexical_evidence(self, query: str, passage: Passage) -> float:
        """Share of the question's content words that ``passage`` holds, each weighted by its inverse
        document frequency: a rare name ("Tjejhuset") found in the passage counts for much, "fonden"
        little."""
        terms = set(lexical_tokens(query))
        if not terms:
            return 0.0
        n = len(self.passages)
        weight = {t: math.log((n + 1) / (self._document_frequency.get(t, 0) + 0.5)) for t in terms}
        found = terms & set(lexical_tokens(embedding_text(passage)))
        rare = {
            t for t in terms if 0 < self._document_frequency.get(t, 0) <= self.config.rare_document_frequency
        }
        if rare - found:
            return 0.0
        total = sum(weight.values())
        return sum(weight[t] for t in found) / total if total > 0 else 0.0

    def _named_municipality(self, query: str) -> str | None:
        """A municipality the question names ("i Sundsvall", "Stockholms stad", also misspelt: "Sundsval")
        overrides the active fund."""
        tokens = set(re.findall(r"[a-z]+", fold(query)))
        named = [m for m in self.municipalities if any(_names(fold(m), t) for t in tokens)]
        if named:
            return named[0] if len(named) == 1 else None
        # no name: a body or form of one fund only ("beredningsgruppen"; knowledge/fund_terms.yaml)
        place = term_municipality(query)
        return place if place in self.municipalities else None

    def term_coverage(self, query: str) -> float:
        """Share of the question's content words (municipality names aside) that the corpus uses at all.

        A place name alone makes "Vad blir det för väder i Södertälje?" look close to the corpus; the
        words that carry the question ("väder", "morgon") never occur in it.
        """
        tokens = [t for t in lexical_tokens(query) if t not in self._municipality_tokens]
        return sum(t in self.vocabulary for t in tokens) / len(tokens) if tokens else 0.0

    def encode_query(self, text: str) -> np.ndarray:
        """The e5 query vector of ``text`` (cleaned as :meth:`search` cleans it), to share with other signals
        and pass back as ``search(..., vector=...)``."""
        return self._encode([clean_query(text)])[0]

    def encode_queries(self, text: str) -> np.ndarray:
        """Every vector :meth:`search` needs for ``text``: the question as typed and, when it has lay terms,
        the question with the official terms added (one row or two)."""
        query = clean_query(text)
        terms = self.expander.official_terms(query)
        return self._encode([query] + ([f"{query} {' '.join(terms)}"] if terms else []))

    def _encode(self, texts: list[str]) -> np.ndarray:
        with self._lock:  # the torch model is not safe to call from several threads at once
            vectors = self.model.encode([QUERY_PREFIX + t for t in texts], normalize_embeddings=True)
        return np.asarray(vectors, dtype=np.float32)

    def _for_target(self, matches: list[FaqMatch], target: str | None) -> list[FaqMatch]:
        """The matched FAQ topics that answer for ``target``, each with only that municipality's passages.

        An FAQ entry is labelled by its passages' municipality: another municipality's entry never answers
        (nor makes a question answerable) for the active fund. Without a target every passage counts.
        """
        if target is None:
            return matches
        out = []
        for match in matches:
            own = tuple(i for i in match.passages if self.passages[i].municipality == target)
            if own:
                out.append(FaqMatch(match.topic_id, match.similarity, own))
        return out

    def _faq_bonus(self, matches: list[FaqMatch]) -> dict[int, float]:
        """``faq_boost`` for the passages of every matched FAQ topic (already narrowed to the target).

        When the question is (nearly) the FAQ question itself (``faq_pin_similarity``), the coordinators'
        chosen passages of the best topic go first.
        """
        bonus: dict[int, float] = {}
        for rank, match in enumerate(matches):
            pinned = rank == 0 and match.similarity >= self.config.faq_pin_similarity
            for i in match.passages:
                bonus[i] = max(bonus.get(i, 0.0), 1.0 if pinned else self.config.faq_boost)
        return bonus

    def score(
        self, query: str, municipality: str | None = None, vector: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray, float, list[FaqMatch]]:
        """Candidate passages for ``query`` with their hybrid scores, the best dense cosine of the question
        as typed over the whole index, and the FAQ topics it matches."""
        terms = self.expander.official_terms(query)
        if vector is None:
            texts = [query] + ([f"{query} {' '.join(terms)}"] if terms else [])
            vectors = self._encode(texts)
        else:
            vectors = np.atleast_2d(np.asarray(vector, dtype=np.float32))
            if terms and len(vectors) == 1:
                vectors = np.vstack([vectors, self._encode([f"{query} {' '.join(terms)}"])])
        # the adapted query ranks; the query as given keeps deciding answerability (best_typed), the FAQ
        # match and the synthetic questions' cosines, whose thresholds were measured on it. One faiss call for
        # both: under load each call waits ~1 ms for faiss's threads to wake.
        adapted = self.adapter.apply(vectors) if self.adapter is not None else None
        queries = vectors if adapted is None else np.vstack([vectors, adapted])
        nearest = self.vector_index.nearest(queries, self.config.dense_candidates)
        best_typed = float(nearest[0][1].max()) if len(nearest[0][1]) else 0.0
        lexical = self.lexical.scores(lexical_tokens(query) + lexical_tokens(" ".join(terms)))
        top_lexical = float(lexical.max()) if len(lexical) else 0.0
        target = self._named_municipality(query) or municipality or self.default_municipality
        matches = self._for_target(self.faq.matches(vectors[0], self.config.faq_min_similarity), target)
        bonus = self._faq_bonus(matches)
        questions = self.config.passage_questions
        asked = self.question_similarity(vectors) if questions.enabled else {}
        n_lex = min(self.config.lexical_candidates, len(lexical))
        lexical_best: np.ndarray = (
            np.argpartition(-lexical, n_lex - 1)[:n_lex] if top_lexical > 0 else np.zeros(0, dtype=np.int64)
        )
        candidates = np.unique(
            np.concatenate(
                [found for found, _ in nearest]
                + [np.asarray(lexical_best, dtype=np.int64), np.fromiter(bonus, dtype=np.int64)]
                + [np.fromiter(asked, dtype=np.int64)]
            )
        )
        dense = self._dense(vectors, candidates)
        if adapted is not None:
            mix = self.config.query_adapter.mix
            dense = (1.0 - mix) * dense + mix * self._dense(adapted, candidates)
        if asked:
            best_question = np.array([asked.get(int(i), -1.0) for i in candidates], dtype=np.float32)
            if questions.mode == "add":
                dense = dense + questions.weight * np.maximum(0.0, best_question - questions.floor)
            else:
                dense = np.maximum(dense, best_question - questions.shift)
        lexical_part = lexical[candidates] / top_lexical if top_lexical > 0 else 0.0
        boost = 0.0
        if target:
            boost = (self._passage_municipality[candidates] == target) * self.config.municipality_boost
        faq = np.array([bonus.get(int(i), 0.0) for i in candidates])
        hybrid = dense + self.config.lexical_weight * lexical_part + boost + faq
        return candidates, hybrid, best_typed, matches

    def _dense(self, vectors: np.ndarray, candidates: np.ndarray) -> np.ndarray:
        """Per candidate passage, the best cosine of any of the query ``vectors`` (typed and expanded)."""
        dense = self.vector_index.dense(vectors[0], candidates)
        for extra_vector in vectors[1:]:
            dense = np.maximum(dense, self.vector_index.dense(extra_vector, candidates))
        return dense

    def search(
        self, query: str, k: int = 5, municipality: str | None = None, vector: np.ndarray | None = None
    ) -> SearchResponse:
        """The ``k`` best passages. ``vector``: the question's precomputed :meth:`encode_query` vector (the
        expansion is then encoded here when needed) or all of :meth:`encode_queries`."""
        refresh_live(self)  # coordinators' FAQ entries and uploaded documents, see knowledge/live.py
        self._ensure_current()
        text = clean_query(query)
        if not re.search(r"[^\W\d_]{2,}", text):
            return SearchResponse(query=text, answerable=False)
        k = max(1, min(int(k), len(self.passages)))
        candidates, hybrid, best_dense, faq_matches = self.score(text, municipality, vector)
        order = np.argsort(-hybrid, kind="stable")[:k]
        coverage = self.term_coverage(text)
        passages = [
            Passage(**{**asdict(self.passages[candidates[i]]), "score": round(float(hybrid[i]), 4)})
            for i in order
        ]
        faq_sure = bool(faq_matches) and faq_matches[0].similarity >= self.config.faq_answerable_similarity
        close = best_dense >= self.config.min_dense_score or faq_sure
        if not close and passages and best_dense >= self.config.lexical_evidence_dense:
            close = self.lexical_evidence(text, passages[0]) >= self.config.min_lexical_evidence
        # A kind of fact the best passages do not hold (a phone number, next year's budget), or a
        # municipality the documents do not describe: knowledge/answerability.yaml.
        evidence = " ".join(p.text for p in passages[:3])
        lacking = missing_fact(text, evidence)
        return SearchResponse(
            query=text,
            answerable=close and coverage >= self.config.min_term_coverage and lacking is None,
            passages=passages,
            best_dense_score=round(best_dense, 4),
            term_coverage=round(coverage, 3),
            faq_topic=faq_matches[0].topic_id if faq_matches else None,
            faq_similarity=round(faq_matches[0].similarity, 4) if faq_matches else 0.0,
        )


def _names(name: str, token: str) -> bool:
    """``token`` is the municipality ``name`` or its genitive, or (six letters or more) one typo away."""
    if token in (name, name + "s"):
        return True
    return (
        len(token) >= 6
        and max(SequenceMatcher(None, token, form).ratio() for form in (name, name + "s"))
        >= MUNICIPALITY_TYPO_RATIO
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
