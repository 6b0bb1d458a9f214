"""Learned Swedish signals: one logistic regression per signal over e5 sentence vectors.

A text is split into sentences with the spaCy sentencizer of ``rules.extract``; each sentence is encoded with
the same e5 model as the knowledge index (``query: `` prefix) and, where the signal's configuration says so,
joined with word-list features (the vocabulary of ``data/extract_patterns.yaml``) and a negation-scope feature
(a negation word in the same clause as a word-list match). Word lists are features here, never verdicts.

Training data: ``data/signals/<signal>.yaml`` (text, label). Features, regularisation and thresholds:
``data/signals/config.yaml``, chosen by cross-validation on the training data
(``benchmarks/signals_benchmark.py --tune``). The fitted models are cached under ``$FOND_DATA_DIR/signals/``
keyed by a hash of the training data, the configuration and the model name; nothing is loaded at import.

Command line: ``python -m rules.signals train`` (at set-up), ``python -m rules.signals show "text"``.
"""

from __future__ import annotations

import hashlib
import json
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import yaml

SIGNAL_DIR = Path(__file__).resolve().parent / "data" / "signals"
CONFIG_FILE = SIGNAL_DIR / "config.yaml"
FEATURE_VERSION = 2
"""Bump when the feature code changes, so cached models are refitted."""
MAX_SENTENCES = 200
"""Sentences beyond this in one text are not classified (a 20 000-character field has about 250)."""
CACHE_SIZE = 4096

Encoder = Callable[[list[str]], np.ndarray]
"""Texts (without prefix) -> unit-length vectors, one row per text."""

NEGATORS = frozenset({"inte", "ej", "icke", "ingen", "inget", "inga", "aldrig", "varken", "utan_att"})
CLAUSE_BREAKS = frozenset(
    {",", ";", ":", "(", ")", "–", "—", "men", "utan", "fast", "eftersom", "därför", "medan", "så"}
)


# ---------------------------------------------------------------- configuration and training data


@dataclass(frozen=True)
class SignalConfig:
    name: str
    threshold: float
    """Probability at or above which a sentence carries the signal."""
    weak_threshold: float
    """Lower, recall-oriented probability (finds 95 % of the training positives): "may carry the signal"."""
    c: float
    words: tuple[str, ...]
    """Word-list groups of extract_patterns.yaml used as features (empty: e5 vector only)."""
    negation: tuple[str, ...]
    """Groups whose matches are tested for a negation in the same clause (empty: no negation feature)."""
    borrow_negatives: bool
    """Also train on the other signals' sentences as negatives (never their shared positives)."""


@lru_cache
def load_config() -> dict[str, Any]:
    return yaml.safe_load(CONFIG_FILE.read_text(encoding="utf-8"))


def signal_names() -> list[str]:
    return list(load_config()["signals"])


def signal_config(name: str, overrides: Mapping[str, Any] | None = None) -> SignalConfig:
    raw = {**load_config()["signals"][name], **(overrides or {})}
    return SignalConfig(
        name=name,
        threshold=float(raw["threshold"]),
        weak_threshold=float(raw.get("weak_threshold", raw["threshold"])),
        c=float(raw["c"]),
        words=tuple(raw.get("words") or ()),
        negation=tuple(raw.get("negation") or ()),
        borrow_negatives=bool(raw.get("borrow_negatives", False)),
    )


def prefix() -> str:
    return str(load_config().get("prefix", "query: "))


@lru_cache
def training_examples(name: str) -> tuple[tuple[str, int], ...]:
    data = yaml.safe_load((SIGNAL_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
    return tuple((str(e["text"]), int(bool(e["label"]))) for e in data["examples"])


def training_fingerprint(model_name: str) -> str:
    import sklearn  # type: ignore[import-untyped]

    from rules.extract import PATTERN_FILE

    h = hashlib.sha256()
    for path in [CONFIG_FILE, PATTERN_FILE, *(SIGNAL_DIR / f"{n}.yaml" for n in signal_names())]:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    h.update(f"{model_name}|{FEATURE_VERSION}|{sklearn.__version__}".encode())
    return h.hexdigest()[:16]


# ---------------------------------------------------------------- sentence vectors (shared, cached)

_vector_cache: OrderedDict[str, np.ndarray] = OrderedDict()
_cache_lock = threading.Lock()
_encode_lock = threading.Lock()


@lru_cache(maxsize=1)
def _default_model_name() -> str:
    from fondassistenten.settings import get_settings

    return get_settings().embedding_model_name


def default_encoder() -> Encoder:
    """The knowledge index's e5 model (loaded once per process, on first use)."""
    from knowledge.index import load_model

    model = load_model(_default_model_name())
    lead = prefix()

    def encode(texts: list[str]) -> np.ndarray:
        with _encode_lock:  # the torch model is not safe to call from several threads at once
            vectors = model.encode([lead + t for t in texts], batch_size=32, normalize_embeddings=True)
        return np.asarray(vectors, dtype=np.float32)

    return encode


def remember(text: str, vector: np.ndarray) -> None:
    """Put a vector computed elsewhere (e.g. by search, same model and prefix) into the sentence cache."""
    with _cache_lock:
        _vector_cache[text] = np.asarray(vector, dtype=np.float32)
        _vector_cache.move_to_end(text)
        while len(_vector_cache) > CACHE_SIZE:
            _vector_cache.popitem(last=False)


def cached_vector(text: str) -> np.ndarray | None:
    with _cache_lock:
        return _vector_cache.get(text)


def sentence_vectors(
    sentences: Sequence[str],
    vectors: Mapping[str, np.ndarray] | None = None,
    encoder: Encoder | None = None,
) -> np.ndarray:
    """One unit vector per sentence: from ``vectors``, the cache, or encoded in one batch (then cached)."""
    out: list[np.ndarray | None] = []
    todo: list[str] = []
    for s in sentences:
        v = (vectors or {}).get(s)
        if v is None:
            v = cached_vector(s)
        out.append(v)
        if v is None and s not in todo:
            todo.append(s)
    if todo:
        encoded = (encoder or default_encoder())(todo)
        for s, v in zip(todo, encoded, strict=True):
            remember(s, v)
        out = [v if v is not None else cached_vector(s) for s, v in zip(sentences, out, strict=True)]
    if not out:
        return np.zeros((0, 0), dtype=np.float32)
    return np.vstack([v for v in out if v is not None]).astype(np.float32)


# ---------------------------------------------------------------- sentences, clauses, negation scope


def split_sentences(text: str | None) -> list[str]:
    """Sentences of ``text`` (spaCy sentencizer, also split at line breaks), original casing kept."""
    from rules.extract import MAX_CHARS, parse

    if not text:
        return []
    sentences: list[str] = []
    for line in text[:MAX_CHARS].splitlines():
        if not line.strip():
            continue
        doc = parse(line)
        same_length = len(line) == len(doc.text)
        for sent in doc.sents:
            piece = line[sent.start_char : sent.end_char] if same_length else sent.text
            if any(ch.isalpha() for ch in piece):
                sentences.append(" ".join(piece.split()))
    return sentences[:MAX_SENTENCES]


@dataclass(frozen=True)
class Clause:
    text: str
    negated: bool
    start: int
    end: int


def clauses(sentence: str) -> list[Clause]:
    """The clauses of one sentence (split at commas, 'men', 'utan' …) and whether each is negated.

    'Pengarna går inte till drift utan till en ny metod' -> ['pengarna går inte till drift' (negated),
    'till en ny metod']. 'utan att' negates ('utan att betala') instead of opening a clause.
    """
    from rules.extract import parse

    doc = parse(sentence)
    found: list[Clause] = []
    start = 0
    negated = False
    tokens = list(doc)
    for i, tok in enumerate(tokens):
        word = tok.lower_
        nxt = tokens[i + 1].lower_ if i + 1 < len(tokens) else ""
        if word == "utan" and nxt == "att":
            negated = True
            continue
        if word in CLAUSE_BREAKS:
            if i > start:
                found.append(Clause(doc[start:i].text, negated, start, i))
            start, negated = i + 1, False
            continue
        if word in NEGATORS:
            negated = True
    if start < len(tokens):
        found.append(Clause(doc[start:].text, negated, start, len(tokens)))
    return [
        Clause(c.text.rstrip(".!?… ").strip(), c.negated, c.start, c.end)
        for c in found
        if c.text.strip(".!?… ")
    ]


def _word_features(sentence: str, cfg: SignalConfig) -> tuple[float, ...]:
    return _word_features_for(sentence, cfg.words, cfg.negation)


@lru_cache(maxsize=16384)
def _word_features_for(sentence: str, words: tuple[str, ...], negation: tuple[str, ...]) -> tuple[float, ...]:
    """Per word-list group: 1 if it matches; then the share of 'negation' group matches in a negated clause
    and whether the sentence has any negation at all."""
    if not words and not negation:
        return ()
    from rules.extract import vocabulary_spans

    spans = vocabulary_spans(sentence, set(words) | set(negation))
    feats = [1.0 if spans.get(g) else 0.0 for g in words]
    if negation:
        parts = clauses(sentence)
        hits = [s for g in negation for s in spans.get(g, [])]
        negated = [any(c.negated and c.start <= s < c.end for c in parts) for s, _ in hits]
        feats.append(sum(negated) / len(negated) if negated else 0.0)
        feats.append(1.0 if any(c.negated for c in parts) else 0.0)
    return tuple(feats)


def features(
    sentences: Sequence[str], vectors: np.ndarray, cfg: SignalConfig, word_weight: float
) -> np.ndarray:
    if not cfg.words and not cfg.negation:
        return vectors
    extra = np.array([_word_features(s, cfg) for s in sentences], dtype=np.float32) * word_weight
    return np.hstack([vectors, extra])


# ---------------------------------------------------------------- training and the fitted models


@dataclass
class FittedSignal:
    config: SignalConfig
    coef: np.ndarray
    intercept: float

    def probabilities(self, sentences: Sequence[str], vectors: np.ndarray, word_weight: float) -> np.ndarray:
        x = features(sentences, vectors, self.config, word_weight)
        return 1.0 / (1.0 + np.exp(-(x @ self.coef + self.intercept)))


@dataclass
class SignalModels:
    fingerprint: str
    word_weight: float
    signals: dict[str, FittedSignal] = field(default_factory=dict)


def training_set(name: str, cfg: SignalConfig) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Sentences, labels and sample weights for one signal (own examples, then borrowed negatives)."""
    own = list(training_examples(name))
    texts = [t for t, _ in own]
    labels = [y for _, y in own]
    weights = [1.0] * len(own)
    if cfg.borrow_negatives:
        seen = set(texts)
        borrow_weight = float(load_config().get("borrowed_negative_weight", 0.5))
        for other in signal_names():
            if other == name:
                continue
            for t, y in training_examples(other):
                if y == 0 and t not in seen:
                    texts.append(t)
                    labels.append(0)
                    weights.append(borrow_weight)
                    seen.add(t)
    return texts, np.array(labels), np.array(weights)


def fit_signal(
    cfg: SignalConfig,
    texts: list[str],
    labels: np.ndarray,
    weights: np.ndarray,
    vectors: np.ndarray,
    ww: float,
) -> FittedSignal:
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    x = features(texts, vectors, cfg, ww)
    clf = LogisticRegression(C=cfg.c, max_iter=2000, class_weight="balanced")
    clf.fit(x, labels, sample_weight=weights)
    return FittedSignal(cfg, clf.coef_[0].astype(np.float32), float(clf.intercept_[0]))


def training_vectors(encoder: Encoder | None = None) -> dict[str, np.ndarray]:
    """Vectors of every training sentence, kept in ``$FOND_DATA_DIR/signals/`` per model and prefix so that
    refitting after a change of configuration does not encode again."""
    texts = sorted({t for n in signal_names() for t, _ in training_examples(n)})
    key = hashlib.sha256(f"{_default_model_name()}|{prefix()}".encode()).hexdigest()[:12]
    path = model_path("x").parent / f"vectors-{key}.npz"
    stored: dict[str, np.ndarray] = {}
    if encoder is None and path.is_file():
        with np.load(path) as data:
            stored = dict(zip(data["texts"].tolist(), data["vectors"], strict=True))
    missing = [t for t in texts if t not in stored]
    if missing:
        for t, v in zip(missing, sentence_vectors(missing, encoder=encoder), strict=True):
            stored[t] = v
        if encoder is None:
            path.parent.mkdir(parents=True, exist_ok=True)
            keys = sorted(stored)
            tmp = path.with_name(path.stem + ".tmp.npz")
            np.savez(tmp, texts=np.array(keys), vectors=np.vstack([stored[k] for k in keys]))
            tmp.replace(path)
    return {t: stored[t] for t in texts}


def train(encoder: Encoder | None = None, say: Callable[[str], None] = print) -> SignalModels:
    started = time.perf_counter()
    names = signal_names()
    table = training_vectors(encoder)
    all_texts = list(table)
    vecs = np.vstack([table[t] for t in all_texts])
    index = {t: i for i, t in enumerate(all_texts)}
    ww = float(load_config().get("word_weight", 1.0))
    models = SignalModels(fingerprint=training_fingerprint(_default_model_name()), word_weight=ww)
    for name in names:
        cfg = signal_config(name)
        texts, labels, weights = training_set(name, cfg)
        rows = vecs[[index[t] for t in texts]]
        models.signals[name] = fit_signal(cfg, texts, labels, weights, rows, ww)
    seconds = time.perf_counter() - started
    say(f"  {len(names)} signaler tränade på {len(all_texts)} meningar ({seconds:.1f} s)")
    return models


def model_path(fingerprint: str) -> Path:
    from fondassistenten.settings import get_settings

    return get_settings().data_dir / "signals" / f"signals-{fingerprint}.json"


def _save(fitted: SignalModels, path: Path) -> None:
    data = {
        "fingerprint": fitted.fingerprint,
        "word_weight": fitted.word_weight,
        "signals": {
            n: {"coef": f.coef.tolist(), "intercept": f.intercept} for n, f in fitted.signals.items()
        },
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data), encoding="utf-8")
    tmp.replace(path)


def _load(path: Path, fingerprint: str) -> SignalModels | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("fingerprint") != fingerprint or set(data.get("signals", {})) != set(signal_names()):
        return None
    loaded = SignalModels(fingerprint=fingerprint, word_weight=float(data["word_weight"]))
    for name, raw in data["signals"].items():
        coef = np.asarray(raw["coef"], dtype=np.float32)
        loaded.signals[name] = FittedSignal(signal_config(name), coef, float(raw["intercept"]))
    return loaded


_models: SignalModels | None = None
_models_lock = threading.Lock()


def models() -> SignalModels:
    """The fitted models: from the cache file when its hash matches, else trained now and stored."""
    global _models
    with _models_lock:
        if _models is not None:
            return _models
        fp = training_fingerprint(_default_model_name())
        path = model_path(fp)
        loaded = _load(path, fp) if path.is_file() else None
        if loaded is None:
            loaded = train(say=lambda _: None)
            _save(loaded, path)
            for old in path.parent.glob("signals-*.json"):
                if old != path:
                    old.unlink(missing_ok=True)
        _models = loaded
        return _models


# ---------------------------------------------------------------- classification


@dataclass(frozen=True)
class SentenceSignals:
    """One sentence and the probability of each signal in it."""

    sentence: str
    probabilities: dict[str, float]


_sentence_cache: OrderedDict[str, dict[str, float]] = OrderedDict()


def classify_sentences(
    sentences: Sequence[str],
    vectors: Mapping[str, np.ndarray] | None = None,
    encoder: Encoder | None = None,
) -> list[SentenceSignals]:
    m = models()
    result: dict[str, dict[str, float]] = {}
    todo = []
    for s in dict.fromkeys(sentences):
        with _cache_lock:
            hit = _sentence_cache.get(s)
        if hit is not None and (not vectors or s not in vectors):
            result[s] = hit
        else:
            todo.append(s)
    if todo:
        vecs = sentence_vectors(todo, vectors, encoder)
        probs = {n: fitted.probabilities(todo, vecs, m.word_weight) for n, fitted in m.signals.items()}
        for i, s in enumerate(todo):
            result[s] = {n: round(float(p[i]), 4) for n, p in probs.items()}
            with _cache_lock:
                _sentence_cache[s] = result[s]
                while len(_sentence_cache) > CACHE_SIZE:
                    _sentence_cache.popitem(last=False)
    return [SentenceSignals(s, result[s]) for s in sentences]


def classify(
    text: str | None, vectors: Mapping[str, np.ndarray] | None = None, encoder: Encoder | None = None
) -> list[SentenceSignals]:
    """Every sentence of ``text`` with its signal probabilities."""
    return classify_sentences(split_sentences(text), vectors, encoder)


def thresholds() -> dict[str, float]:
    return {n: signal_config(n).threshold for n in signal_names()}


# ---------------------------------------------------------------- command line


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"train", "show"}:
        print('Användning: python -m rules.signals train | show "text"')
        return 2
    if argv[0] == "train":
        started = time.perf_counter()
        m = models()
        print(f"  Signalmodeller klara: {model_path(m.fingerprint)} ({time.perf_counter() - started:.1f} s)")
        return 0
    th = thresholds()
    for item in classify(" ".join(argv[1:])):
        hits = {n: p for n, p in item.probabilities.items() if p >= th[n]}
        print(json.dumps({"mening": item.sentence, "signaler": hits}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
