"""The dense passage index: e5 embeddings in faiss plus the passage metadata, rebuilt only when stale.

The fingerprint covers every corpus file's hash, the manifest, the embedding model name, the ingestion
version, the coordinators' FAQ (``knowledge/faq.yaml``) and the synthetic questions per passage
(``knowledge/passage_questions/``); when it matches the stored one the index is reused as it is. When only
the FAQ or the synthetic questions changed, only the questions are embedded again.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import faiss
import numpy as np

from knowledge.faq import FAQ_FILE, ResolvedFaq, load_faq, resolve
from knowledge.ingest import INGEST_VERSION, SECTION_SEPARATOR, Passage, load_manifest, load_passages
from knowledge.passage_questions import QUESTIONS_DIR, ResolvedQuestions, files_fingerprint, load_entries
from knowledge.passage_questions import resolve as resolve_questions
from knowledge.textnorm import split_sentences

INDEX_FILE = "passages.faiss"
WINDOWS_FILE = "windows.faiss"
WINDOW_OWNERS_FILE = "window_owners.json"
PASSAGES_FILE = "passages.json"
WINDOW_WORDS = 20
"""Passages are also embedded as windows of a few sentences; a passage scores by its best window or itself,
so one precise sentence in a long passage is not drowned by the rest."""
FINGERPRINT_FILE = "fingerprint.json"
FAQ_JSON_FILE = "faq.json"
FAQ_VECTORS_FILE = "faq_vectors.npy"
PASSAGE_QUESTIONS_FILE = "passage_questions.json"
PASSAGE_QUESTION_VECTORS_FILE = "passage_question_vectors.npy"
QUERY_PREFIX = "query: "
PASSAGE_PREFIX = "passage: "


@lru_cache(maxsize=2)
def load_model(model_name: str):
    """The sentence-transformers model, loaded once per process."""
    if Path(model_name).is_absolute() and not Path(model_name).is_dir():
        raise FileNotFoundError(
            f"Embeddingmodellen saknas i {model_name}. Kör först: python -m knowledge prepare-model"
        )
    # The same model as ONNX (onnxruntime, cached vectors) when its export is current: a fraction of torch's
    # CPU per query (fondassistenten/e5_onnx.py); FOND_EMBEDDING_BACKEND=torch keeps sentence-transformers.
    from fondassistenten.e5_onnx import onnx_model_for

    if (onnx := onnx_model_for(model_name)) is not None:
        return onnx
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(model_name, device="cpu")


def embedding_text(passage: Passage, text: str | None = None) -> str:
    """What the model and BM25 see: the municipality and nearest heading give a passage its context."""
    heading = passage.section.split(SECTION_SEPARATOR)[-1]
    return f"{passage.municipality}. {heading}. {passage.text if text is None else text}"


def sentence_windows(passage: Passage) -> list[str]:
    """Consecutive sentences grouped to about WINDOW_WORDS words; empty when the passage is one window."""
    windows: list[str] = []
    current: list[str] = []
    for sentence in split_sentences(passage.text):
        current.append(sentence)
        if sum(len(s.split()) for s in current) >= WINDOW_WORDS:
            windows.append(" ".join(current))
            current = []
    if current:
        if windows and sum(len(s.split()) for s in current) < WINDOW_WORDS // 2:
            windows[-1] += " " + " ".join(current)
        else:
            windows.append(" ".join(current))
    return windows if len(windows) > 1 else []


def fingerprint(
    corpus_dir: Path,
    model_name: str,
    faq_file: Path | None = FAQ_FILE,
    questions_dir: Path | None = QUESTIONS_DIR,
) -> dict:
    files = {"manifest.yaml": _sha256(corpus_dir / "manifest.yaml")}
    for doc in load_manifest(corpus_dir):
        files[doc.file] = _sha256(corpus_dir / doc.file)
    faq = _sha256(faq_file) if faq_file is not None and faq_file.is_file() else None
    return {
        "files": files,
        "model": model_name,
        "ingest_version": INGEST_VERSION,
        "faq": faq,
        "passage_questions": files_fingerprint(questions_dir),
    }


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def stored_fingerprint(index_dir: Path) -> dict | None:
    path = index_dir / FINGERPRINT_FILE
    needed = (
        INDEX_FILE,
        WINDOWS_FILE,
        WINDOW_OWNERS_FILE,
        PASSAGES_FILE,
        FAQ_JSON_FILE,
        FAQ_VECTORS_FILE,
        PASSAGE_QUESTIONS_FILE,
        PASSAGE_QUESTION_VECTORS_FILE,
    )
    if not path.is_file() or not all((index_dir / name).is_file() for name in needed):
        return None
    return json.loads(path.read_text(encoding="utf-8"))


@dataclass
class BuildResult:
    rebuilt: bool
    passages: int
    seconds: float
    reason: str


def encode_texts(model, texts: list[str], say=print, batch_size: int = 16) -> np.ndarray:
    texts = [PASSAGE_PREFIX + t for t in texts]
    vectors = []
    started = time.perf_counter()
    for start in range(0, len(texts), batch_size):
        batch = texts[start : start + batch_size]
        vectors.append(model.encode(batch, batch_size=batch_size, normalize_embeddings=True))
        done = min(start + batch_size, len(texts))
        say(f"  {done}/{len(texts)} stycken inbäddade ({time.perf_counter() - started:.0f} s)")
    return np.vstack(vectors).astype(np.float32)


def encode_questions(model, questions: list[str]) -> np.ndarray:
    """FAQ questions as e5 queries: they are compared with the user's question, not with passages."""
    if not questions:
        return np.zeros((0, model.get_sentence_embedding_dimension()), dtype=np.float32)
    texts = [QUERY_PREFIX + q for q in questions]
    return model.encode(texts, batch_size=16, normalize_embeddings=True).astype(np.float32)


def build_faq(
    faq_file: Path | None, passages: list[Passage], model_name: str, say=print
) -> tuple[ResolvedFaq, np.ndarray]:
    """Resolve the FAQ's locators against ``passages`` and embed its questions."""
    if faq_file is None or not faq_file.is_file():
        return ResolvedFaq.empty(), encode_questions(load_model(model_name), [])
    faq = resolve(load_faq(faq_file), passages)
    for missing in faq.unresolved:
        say(f"  Varning: FAQ-citatet hittades inte i något stycke: {missing}")
    vectors = encode_questions(load_model(model_name), faq.questions)
    say(f"  {len(faq.topic_ids)} FAQ-ämnen med {len(faq.questions)} frågor inbäddade")
    return faq, vectors


def build_passage_questions(
    corpus_dir: Path, questions_dir: Path | None, passages: list[Passage], model_name: str, say=print
) -> tuple[ResolvedQuestions, np.ndarray]:
    """Locate the synthetic questions' quotes in ``passages`` (a lost quote raises) and embed the questions
    as e5 queries."""
    resolved = resolve_questions(load_entries(corpus_dir, questions_dir, say), passages)
    vectors = encode_questions(load_model(model_name), resolved.questions)
    if resolved.questions:
        owners = len(set(resolved.owners))
        say(f"  {len(resolved.questions)} syntetiska frågor till {owners} stycken inbäddade")
    return resolved, vectors


def ensure_index(
    corpus_dir: Path,
    index_dir: Path,
    model_name: str,
    force: bool = False,
    say=print,
    faq_file: Path | None = FAQ_FILE,
    questions_dir: Path | None = QUESTIONS_DIR,
) -> BuildResult:
    """Build the index unless the stored one has the same fingerprint. Writes atomically via a temp dir.

    ``faq_file`` None builds without the FAQ layer, ``questions_dir`` None without synthetic questions.
    """
    started = time.perf_counter()
    wanted = fingerprint(corpus_dir, model_name, faq_file, questions_dir)
    current = stored_fingerprint(index_dir)
    if current == wanted and not force:
        count = len(json.loads((index_dir / PASSAGES_FILE).read_text(encoding="utf-8")))
        return BuildResult(False, count, time.perf_counter() - started, "oförändrat")
    reason = "tvingad" if force else ("saknas" if current is None else _what_changed(current, wanted))
    if reason in (FAQ_CHANGED, QUESTIONS_CHANGED):
        return _rebuild_questions_only(
            corpus_dir, index_dir, model_name, wanted, faq_file, questions_dir, say, started, reason
        )
    say(f"Bygger sökindex ({reason}) …")
    passages = load_passages(corpus_dir)
    say(f"  {len(passages)} stycken från {len(wanted['files']) - 1} dokument")
    window_texts, owners = [], []
    for i, passage in enumerate(passages):
        for window in sentence_windows(passage):
            window_texts.append(embedding_text(passage, window))
            owners.append(i)
    model = load_model(model_name)
    texts = [embedding_text(p) for p in passages] + window_texts
    say(f"  {len(passages)} stycken + {len(window_texts)} meningsfönster att bädda in")
    vectors = encode_texts(model, texts, say=say)
    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(vectors[: len(passages)])
    windows = faiss.IndexFlatIP(vectors.shape[1])
    windows.add(vectors[len(passages) :])
    faq, faq_vectors = build_faq(faq_file, passages, model_name, say)
    questions, question_vectors = build_passage_questions(
        corpus_dir, questions_dir, passages, model_name, say
    )

    def write(tmp_dir: Path) -> None:
        faiss.write_index(index, str(tmp_dir / INDEX_FILE))
        faiss.write_index(windows, str(tmp_dir / WINDOWS_FILE))
        (tmp_dir / WINDOW_OWNERS_FILE).write_text(json.dumps(owners), encoding="utf-8")
        (tmp_dir / PASSAGES_FILE).write_text(
            json.dumps([p.to_dict() for p in passages], ensure_ascii=False, indent=1), encoding="utf-8"
        )
        _write_faq(tmp_dir, faq, faq_vectors)
        _write_questions(tmp_dir, questions, question_vectors)
        (tmp_dir / FINGERPRINT_FILE).write_text(json.dumps(wanted, indent=1), encoding="utf-8")

    _replace_atomically(index_dir, write)
    seconds = time.perf_counter() - started
    say(f"Klart: {len(passages)} stycken indexerade på {seconds:.0f} s i {index_dir}")
    return BuildResult(True, len(passages), seconds, reason)


def _rebuild_questions_only(
    corpus_dir: Path,
    index_dir: Path,
    model_name: str,
    wanted: dict,
    faq_file: Path | None,
    questions_dir: Path | None,
    say,
    started: float,
    reason: str,
) -> BuildResult:
    """The passages are unchanged: embed only the FAQ's and the synthetic questions again."""
    say(f"Bygger om frågedelen av sökindexet ({reason}) …")
    passages = [Passage(**p) for p in json.loads((index_dir / PASSAGES_FILE).read_text(encoding="utf-8"))]
    faq, faq_vectors = build_faq(faq_file, passages, model_name, say)
    questions, question_vectors = build_passage_questions(
        corpus_dir, questions_dir, passages, model_name, say
    )

    def write(tmp_dir: Path) -> None:
        for name in (INDEX_FILE, WINDOWS_FILE, WINDOW_OWNERS_FILE, PASSAGES_FILE):
            shutil.copy2(index_dir / name, tmp_dir / name)
        _write_faq(tmp_dir, faq, faq_vectors)
        _write_questions(tmp_dir, questions, question_vectors)
        (tmp_dir / FINGERPRINT_FILE).write_text(json.dumps(wanted, indent=1), encoding="utf-8")

    _replace_atomically(index_dir, write)
    return BuildResult(True, len(passages), time.perf_counter() - started, reason)


def _write_questions(folder: Path, questions: ResolvedQuestions, vectors: np.ndarray) -> None:
    (folder / PASSAGE_QUESTIONS_FILE).write_text(
        json.dumps(questions.to_json(), ensure_ascii=False, indent=1), encoding="utf-8"
    )
    np.save(folder / PASSAGE_QUESTION_VECTORS_FILE, vectors.astype(np.float32))


def _write_faq(folder: Path, faq: ResolvedFaq, vectors: np.ndarray) -> None:
    (folder / FAQ_JSON_FILE).write_text(
        json.dumps(faq.to_json(), ensure_ascii=False, indent=1), encoding="utf-8"
    )
    np.save(folder / FAQ_VECTORS_FILE, vectors.astype(np.float32))


def _replace_atomically(index_dir: Path, write) -> None:
    """Let ``write`` fill a temporary folder next to ``index_dir``, then swap it in."""
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=index_dir.parent, prefix=".index-") as tmp:
        tmp_dir = Path(tmp) / "index"
        tmp_dir.mkdir()
        write(tmp_dir)
        if index_dir.exists():
            shutil.rmtree(index_dir)
        tmp_dir.rename(index_dir)


FAQ_CHANGED = "FAQ har ändrats"
QUESTIONS_CHANGED = "frågorna per stycke har ändrats"


def _what_changed(old: dict, new: dict) -> str:
    if old.get("model") != new.get("model"):
        return "ny modell"
    if old.get("ingest_version") != new.get("ingest_version"):
        return "ny inläsningsversion"
    if old.get("files") != new.get("files"):
        return "korpusen har ändrats"
    if old.get("faq") != new.get("faq"):
        return FAQ_CHANGED
    return QUESTIONS_CHANGED


@dataclass
class LoadedIndex:
    passages: list[Passage]
    passage_vectors: np.ndarray
    window_vectors: np.ndarray
    window_owners: np.ndarray
    """Index into ``passages`` of each window."""
    faq: ResolvedFaq
    faq_vectors: np.ndarray
    passage_questions: ResolvedQuestions
    """Synthetic questions per passage (doc2query) and, row by row, their e5 query vectors."""
    passage_question_vectors: np.ndarray


def load_index(index_dir: Path) -> LoadedIndex:
    raw = json.loads((index_dir / PASSAGES_FILE).read_text(encoding="utf-8"))
    passages_index = faiss.read_index(str(index_dir / INDEX_FILE))
    windows_index = faiss.read_index(str(index_dir / WINDOWS_FILE))
    owners = json.loads((index_dir / WINDOW_OWNERS_FILE).read_text(encoding="utf-8"))
    return LoadedIndex(
        passages=[Passage(**p) for p in raw],
        passage_vectors=passages_index.reconstruct_n(0, passages_index.ntotal),
        window_vectors=(
            windows_index.reconstruct_n(0, windows_index.ntotal)
            if windows_index.ntotal
            else np.zeros((0, passages_index.d), dtype=np.float32)
        ),
        window_owners=np.array(owners, dtype=np.int64),
        faq=ResolvedFaq.from_json(json.loads((index_dir / FAQ_JSON_FILE).read_text(encoding="utf-8"))),
        faq_vectors=np.load(index_dir / FAQ_VECTORS_FILE),
        passage_questions=ResolvedQuestions.from_json(
            json.loads((index_dir / PASSAGE_QUESTIONS_FILE).read_text(encoding="utf-8"))
        ),
        passage_question_vectors=np.load(index_dir / PASSAGE_QUESTION_VECTORS_FILE),
    )
