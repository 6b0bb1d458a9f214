"""multilingual-e5-small run with onnxruntime: texts in, unit-length sentence vectors out, with an LRU cache
of the vectors keyed by the exact text. Imports only numpy, onnxruntime and tokenizers, so both environments
use it: the Rasa server's featurizer (Python 3.10, ``bot/components/e5_featurizer.py``) and the web app's
search, answers and checks (Python 3.11, through ``knowledge.index.load_model``).

The graph is ``python -m knowledge export-onnx``'s (mean pooling and L2 normalisation inside it; cosine
>= 0.99999 against sentence-transformers). Tuning, measured on 2026-11-23 (``benchmarks/chat_benchmark.py``
CPU-ms per message and py-spy under ``benchmarks/locust_benchmark.py``):

- one intra-op thread and no spinning: the machine's cores are shared by Rasa, the web app and the other
  requests, and one short query gains nothing from a second thread;
- onnxruntime instead of torch in the web app: torch's encode was 27 % of the web app's busy samples under
  load;
- the cache: a turn encodes the same question several times in one process (search, the answer's sentence
  choice, the checks' signals) and a draft's texts again on every form turn and export.
- tried and not used: int8 dynamic quantisation (``onnxruntime.quantization.quantize_dynamic``, QInt8). It
  took 3.8 instead of 9.9 ms CPU per query and 118 instead of 470 MB, but its vectors are only cosine 0.988
  from the float ones, and the NLU tuning set (``bot/tests/nlu_heldout.yml``, Rasa retrained on each) fell
  from 0.944 to 0.931 intent accuracy (in-scope lines wrongly refused at threshold 0.40: 0.014 against 0.007).
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path

import numpy as np

DIMENSION = 384
CACHE_SIZE = int(os.environ.get("FOND_E5_CACHE_SIZE", "4096"))
"""Vectors kept per process (4096 x 384 float32 = 6 MB); ``FOND_E5_CACHE_SIZE=0`` turns the cache off (to
measure without it)."""


class E5Encoder:
    """Tokenizer plus ONNX session; ``encode`` returns one unit-length row per text."""

    def __init__(
        self, model_dir: Path, max_tokens: int = 512, threads: int = 1, cache_size: int = CACHE_SIZE
    ) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        onnx_file = model_dir / "model.onnx"
        if not onnx_file.is_file():
            raise FileNotFoundError(
                f"ONNX-modellen för e5 saknas i {model_dir}. Kör först: python -m knowledge export-onnx"
            )
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=max_tokens)
        self.pad_id = self.tokenizer.token_to_id("<pad>")
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # the machine is shared with the other services: wait for work without spinning
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(
            str(onnx_file), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self.cache_size = cache_size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """Sentence vectors in the order of ``texts`` (float32, unit length)."""
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        missing: dict[str, list[int]] = {}
        with self._lock:
            for i, text in enumerate(texts):
                vector = self._cache.get(text)
                if vector is None:
                    missing.setdefault(text, []).append(i)
                else:
                    self._cache.move_to_end(text)
                    out[i] = vector
            self.hits += len(texts) - sum(len(rows) for rows in missing.values())
            self.misses += len(missing)
        if missing and self.cache_size <= 0:
            return self._run(list(texts), batch_size)
        if missing:
            unique = list(missing)
            vectors = self._run(unique, batch_size)
            with self._lock:
                for text, vector in zip(unique, vectors, strict=True):
                    vector.setflags(write=False)
                    self._cache[text] = vector
                    out[missing[text]] = vector
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
        return out

    def _run(self, texts: list[str], batch_size: int) -> np.ndarray:
        """The model on ``texts``, in batches of similar length to keep padding short."""
        encodings = self.tokenizer.encode_batch(texts)
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            width = max(len(encodings[i].ids) for i in chunk)
            ids = np.full((len(chunk), width), self.pad_id, dtype=np.int64)
            mask = np.zeros((len(chunk), width), dtype=np.int64)
            for row, i in enumerate(chunk):
                n = len(encodings[i].ids)
                ids[row, :n] = encodings[i].ids
                mask[row, :n] = 1
            (vectors,) = self.session.run(["sentence_embedding"], {"input_ids": ids, "attention_mask": mask})
            out[chunk] = vectors
        return out


_ENCODERS: dict[tuple[str, int, int], E5Encoder] = {}
_LOCK = threading.Lock()


def get_encoder(model_dir: Path, max_tokens: int = 512, threads: int = 1) -> E5Encoder:
    """One encoder (and cache) per model folder and process, loaded on first use."""
    key = (str(model_dir.resolve()), max_tokens, threads)
    with _LOCK:
        if key not in _ENCODERS:
            _ENCODERS[key] = E5Encoder(model_dir, max_tokens, threads)
        return _ENCODERS[key]


class OnnxSentenceModel:
    """The part of sentence-transformers' ``SentenceTransformer`` the knowledge index, the answers and the
    checks call (``encode``, ``get_sentence_embedding_dimension``), served by :class:`E5Encoder`."""

    def __init__(self, model_dir: Path) -> None:
        self.model_dir = model_dir
        self.encoder = get_encoder(model_dir)

    def encode(
        self,
        sentences: str | Sequence[str],
        batch_size: int = 32,
        normalize_embeddings: bool = True,
        **_: object,
    ) -> np.ndarray:
        """Like ``SentenceTransformer.encode`` with ``normalize_embeddings=True`` (the graph normalises)."""
        if isinstance(sentences, str):
            return self.encoder.encode([sentences], batch_size)[0]
        return self.encoder.encode(list(sentences), batch_size)

    def get_sentence_embedding_dimension(self) -> int:
        return DIMENSION


def onnx_model_for(model_name: str) -> OnnxSentenceModel | None:
    """The ONNX copy of the prepared model folder ``model_name`` when its export is current and the setting
    ``FOND_EMBEDDING_BACKEND`` is ``onnx`` (the default) and onnxruntime is installed; else None.

    "Current" is judged by the files' times (the export is newer than the weights it was made from), not by
    hashing the weights as ``python -m knowledge export-onnx`` does: that took seconds at every start."""
    from fondassistenten.settings import get_settings

    if get_settings().embedding_backend.lower() != "onnx" or not Path(model_name).is_dir():
        return None
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        return None
    from knowledge.onnx_export import ONNX_FILE, SOURCE_FILES, TOKENIZER_FILE, onnx_dir_for

    model_dir = Path(model_name)
    onnx_dir = onnx_dir_for(model_dir)
    exported = [onnx_dir / ONNX_FILE, onnx_dir / TOKENIZER_FILE]
    if not all(path.is_file() for path in exported):
        return None
    sources = [model_dir / name for name in SOURCE_FILES if (model_dir / name).is_file()]
    if max((p.stat().st_mtime for p in sources), default=0) > min(p.stat().st_mtime for p in exported):
        return None
    return OnnxSentenceModel(onnx_dir)
