"""Live additions to the search, without a restart: the coordinators' FAQ entries and uploaded documents.

The coordinators' workspace (``webapp/coordinator``) writes ``<state_dir>/knowledge/live.json``:

    {"faq": [{"id", "title", "questions": [...], "answer", "passages": [{"file", "quote"}]}],
     "documents": [{"file", "passages": [Passage dicts]}],
     "superseded": ["file of a document no longer in force", ...]}

Every process that searches (the web app and the action server) calls ``refresh_live(searcher)`` at the start
of each search (one ``stat`` when nothing changed). When the file's timestamp changed, the searcher is rebuilt
from the index it loaded plus the file: passages of superseded documents are dropped (so they are never cited
as current), uploaded documents' passages are embedded and added (embeddings cached per process), and the
FAQ entries are resolved against the passages and matched like ``knowledge/faq.yaml``'s topics. The words of
a coordinator's FAQ questions count as known to the corpus (``term_coverage``): a coordinator wrote them as
answerable questions.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from rank_bm25 import BM25Okapi

from fondassistenten.settings import get_settings
from knowledge.faq import FaqMatcher, FaqTopic, Locator, ResolvedFaq, resolve
from knowledge.index import PASSAGE_PREFIX, QUERY_PREFIX, embedding_text, sentence_windows
from knowledge.ingest import Passage
from knowledge.textnorm import lexical_tokens

if TYPE_CHECKING:
    from knowledge.search import Searcher

LIVE_FILE = "live.json"
_lock = threading.Lock()
_vector_cache: dict[str, np.ndarray] = {}


def live_path() -> Path:
    return get_settings().state_path / "knowledge" / LIVE_FILE


def write_live(data: dict[str, Any], path: Path | None = None) -> None:
    """Replace the live file atomically (readers never see half a file); bumps its timestamp."""
    path = path or live_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


@dataclass
class _Base:
    """What the searcher loaded from the index, kept to rebuild from whenever the live file changes."""

    passages: list[Passage]
    vectors: np.ndarray
    window_vectors: np.ndarray
    window_owners: np.ndarray
    faq: ResolvedFaq
    faq_vectors: np.ndarray
    question_texts: list[str]
    """Synthetic questions per passage (doc2query), their passages and vectors."""
    question_owners: np.ndarray
    question_vectors: np.ndarray


def _encode(searcher: Searcher, texts: list[str], prefix: str) -> np.ndarray:
    dim = searcher.vectors.shape[1]
    missing = [t for t in dict.fromkeys(texts) if prefix + t not in _vector_cache]
    if missing:
        with searcher._lock:
            vectors = searcher.model.encode(
                [prefix + t for t in missing], batch_size=16, normalize_embeddings=True
            )
        for text, vector in zip(missing, vectors, strict=True):
            _vector_cache[prefix + text] = np.asarray(vector, dtype=np.float32)
    if not texts:
        return np.zeros((0, dim), dtype=np.float32)
    return np.vstack([_vector_cache[prefix + t] for t in texts]).astype(np.float32)


def refresh_live(searcher: Searcher) -> None:
    """Apply ``live.json`` to ``searcher`` if it changed since the last call (cheap when it did not)."""
    path = live_path()
    try:
        stamp: int | None = path.stat().st_mtime_ns
    except FileNotFoundError:
        stamp = None
    if stamp == getattr(searcher, "_live_stamp", None):
        return
    with _lock:
        if stamp == getattr(searcher, "_live_stamp", None):
            return
        data = json.loads(path.read_text(encoding="utf-8")) if stamp is not None else {}
        base = getattr(searcher, "_live_base", None)
        if base is None and not any(data.values()):  # nothing live yet: leave the searcher as it loaded
            searcher._live_stamp = stamp  # type: ignore[attr-defined]
            return
        if base is None:
            base = _Base(  # copies: the searcher's arrays may be views of an index that is replaced
                list(searcher.passages),
                np.array(searcher.vectors, dtype=np.float32, copy=True),
                np.array(searcher.window_vectors, dtype=np.float32, copy=True),
                np.array(searcher.window_owners, dtype=np.int64, copy=True),
                searcher.faq.faq,
                np.array(searcher.faq.vectors, dtype=np.float32, copy=True),
                list(searcher.question_texts),
                np.array(searcher.question_owners, dtype=np.int64, copy=True),
                np.array(searcher.question_vectors, dtype=np.float32, copy=True),
            )
            searcher._live_base = base  # type: ignore[attr-defined]
        _apply(searcher, base, data)
        searcher._live_stamp = stamp  # type: ignore[attr-defined]


def _apply(searcher: Searcher, base: _Base, data: dict[str, Any]) -> None:
    superseded = set(data.get("superseded", []))
    keep = [i for i, p in enumerate(base.passages) if p.document_file not in superseded]
    remap = {old: new for new, old in enumerate(keep)}
    passages = [base.passages[i] for i in keep]
    vectors = [base.vectors[keep]]
    window_rows = [j for j, owner in enumerate(base.window_owners) if int(owner) in remap]
    window_vectors = [base.window_vectors[window_rows]]
    owners = [remap[int(base.window_owners[j])] for j in window_rows]

    for doc in data.get("documents", []):
        if doc["file"] in superseded:
            continue
        added = [Passage(**p) for p in doc["passages"]]
        start = len(passages)
        passages += added
        vectors.append(_encode(searcher, [embedding_text(p) for p in added], PASSAGE_PREFIX))
        texts = []
        for offset, passage in enumerate(added):
            for window in sentence_windows(passage):
                texts.append(embedding_text(passage, window))
                owners.append(start + offset)
        window_vectors.append(_encode(searcher, texts, PASSAGE_PREFIX))

    # the index's own FAQ, its passage numbers moved to the new list; topics left without passages drop out
    faq = ResolvedFaq.empty()
    faq_rows: list[int] = []
    for old_topic, (topic_id, topic_passages) in enumerate(
        zip(base.faq.topic_ids, base.faq.topic_passages, strict=True)
    ):
        moved = [remap[i] for i in topic_passages if i in remap]
        if not moved:
            continue
        faq.topic_ids.append(topic_id)
        faq.topic_passages.append(moved)
        for row, owner in enumerate(base.faq.question_topics):
            if owner == old_topic:
                faq.questions.append(base.faq.questions[row])
                faq.question_topics.append(len(faq.topic_ids) - 1)
                faq_rows.append(row)
    faq_vectors = [base.faq_vectors[faq_rows]]

    topics = [
        FaqTopic(
            id=str(t["id"]),
            title=str(t.get("title", t["id"])),
            questions=tuple(str(q) for q in t["questions"]),
            locators=tuple(Locator(str(p["file"]), str(p["quote"])) for p in t["passages"]),
        )
        for t in data.get("faq", [])
    ]
    live = resolve(topics, passages)
    offset = len(faq.topic_ids)
    faq.topic_ids += live.topic_ids
    faq.topic_passages += live.topic_passages
    faq.questions += live.questions
    faq.question_topics += [offset + t for t in live.question_topics]
    faq.unresolved += live.unresolved
    faq_vectors.append(_encode(searcher, live.questions, QUERY_PREFIX))

    # synthetic questions follow their passages; those of superseded documents drop out
    question_rows = [j for j, owner in enumerate(base.question_owners) if int(owner) in remap]
    searcher._set_passage_questions(
        [base.question_texts[j] for j in question_rows],
        np.array([remap[int(base.question_owners[j])] for j in question_rows], dtype=np.int64),
        base.question_vectors[question_rows],
    )

    dim = base.vectors.shape[1]
    searcher.passages = passages
    searcher.vectors = np.vstack(vectors).astype(np.float32)
    searcher.window_vectors = (
        np.vstack(window_vectors).astype(np.float32) if owners else np.zeros((0, dim), np.float32)
    )
    searcher.window_owners = np.array(owners, dtype=np.int64)
    searcher.faq = FaqMatcher(faq, np.vstack(faq_vectors).astype(np.float32))
    searcher.bm25 = BM25Okapi([lexical_tokens(embedding_text(p)) or ["_"] for p in passages])
    searcher.municipalities = sorted({p.municipality for p in passages})
    searcher._passage_municipality = np.array([p.municipality for p in passages])
    searcher.vocabulary = {t for p in passages for t in lexical_tokens(f"{p.section} {p.text}")}
    searcher.vocabulary |= {t for q in live.questions for t in lexical_tokens(q)}
    searcher.live_answers = {str(t["id"]): str(t.get("answer", "")) for t in data.get("faq", [])}  # type: ignore[attr-defined]


def live_answer(searcher: Searcher, topic_id: str | None) -> str | None:
    """The short answer a coordinator wrote for a live FAQ topic (None for other topics)."""
    answers: dict[str, str] = getattr(searcher, "live_answers", {})
    return answers.get(topic_id or "") or None
