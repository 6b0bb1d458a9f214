"""Export the prepared multilingual-e5-small folder to ONNX for the Rasa environment's e5 featurizer.

Rasa 3.6 runs on Python 3.10 with numpy 1.23 and cannot import torch or sentence-transformers, so the NLU
gets the same sentence vectors from an ONNX copy of the model run with onnxruntime
(``bot/components/e5_featurizer.py``). The graph takes ``input_ids`` and ``attention_mask`` and returns
``sentence_embedding`` (mean pooling over the attention mask, then L2 normalisation, exactly as the
sentence-transformers folder does) and ``token_embeddings`` (the last hidden state).

The export goes to ``<data dir>/models/multilingual-e5-small-onnx/`` together with a copy of
``tokenizer.json``; ``source.json`` records the hashes of the files it was exported from, so the export is
skipped when it is up to date and redone when the model is prepared again.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

EXPORT_VERSION = "1"
ONNX_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
SOURCE_FILE = "source.json"
OPSET = 17
SOURCE_FILES = ("config.json", "model.safetensors", "tokenizer.json", "1_Pooling/config.json")


def onnx_dir_for(model_dir: Path) -> Path:
    """Where the ONNX copy of ``model_dir`` lives: a sibling folder named ``<model>-onnx`` (beside the real
    folder when ``model_dir`` is a symlink, so data directories that share a model share its export)."""
    model_dir = model_dir.resolve()
    return model_dir.parent / f"{model_dir.name}-onnx"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def source_fingerprint(model_dir: Path) -> dict[str, str]:
    files = {name: _sha256(model_dir / name) for name in SOURCE_FILES if (model_dir / name).is_file()}
    return {"export_version": EXPORT_VERSION, "opset": str(OPSET), **files}


def is_up_to_date(model_dir: Path, onnx_dir: Path) -> bool:
    stamp = onnx_dir / SOURCE_FILE
    if not (stamp.is_file() and (onnx_dir / ONNX_FILE).is_file() and (onnx_dir / TOKENIZER_FILE).is_file()):
        return False
    return json.loads(stamp.read_text(encoding="utf-8")) == source_fingerprint(model_dir)


def _export_graph(model_dir: Path, target: Path) -> None:
    import torch
    from transformers import AutoModel

    pooling = json.loads((model_dir / "1_Pooling" / "config.json").read_text(encoding="utf-8"))
    if pooling.get("pooling_mode", "mean") != "mean" and not pooling.get("pooling_mode_mean_tokens"):
        raise ValueError(f"{model_dir}: only mean pooling is supported, found {pooling}")

    # Eager attention traces to plain ops that every onnxruntime version runs.
    encoder = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager")
    encoder.eval()

    class SentenceEncoder(torch.nn.Module):
        def __init__(self, model: torch.nn.Module) -> None:
            super().__init__()
            self.model = model

        def forward(
            self, input_ids: torch.Tensor, attention_mask: torch.Tensor
        ) -> tuple[torch.Tensor, torch.Tensor]:
            tokens = self.model(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(tokens.dtype)
            mean = (tokens * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2.0, dim=1), tokens

    example = torch.tensor([[0, 35378, 4, 2], [0, 35378, 2, 1]], dtype=torch.long)
    mask = torch.tensor([[1, 1, 1, 1], [1, 1, 1, 0]], dtype=torch.long)
    # the tracer warns about Python-level branches in the attention mask code; the mask always has the
    # input's shape, so the traced branch is the right one for every input
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            SentenceEncoder(encoder),
            (example, mask),
            str(target / ONNX_FILE),
            input_names=["input_ids", "attention_mask"],
            output_names=["sentence_embedding", "token_embeddings"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "tokens"},
                "attention_mask": {0: "batch", 1: "tokens"},
                "sentence_embedding": {0: "batch"},
                "token_embeddings": {0: "batch", 1: "tokens"},
            },
            opset_version=OPSET,
            do_constant_folding=True,
            dynamo=False,
        )


def export_onnx(
    model_dir: Path, onnx_dir: Path | None = None, force: bool = False, say: Callable[[str], object] = print
) -> Path:
    """Write ``model.onnx`` and ``tokenizer.json`` for ``model_dir`` unless an up-to-date export exists."""
    onnx_dir = onnx_dir or onnx_dir_for(model_dir)
    if not (model_dir / "model.safetensors").is_file():
        raise FileNotFoundError(
            f"Embeddingmodellen saknas i {model_dir}. Kör först: python -m knowledge prepare-model"
        )
    if not force and is_up_to_date(model_dir, onnx_dir):
        say(f"ONNX-modellen är aktuell: {onnx_dir}")
        return onnx_dir
    started = time.perf_counter()
    onnx_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=onnx_dir.parent, prefix=".onnx-export-") as tmp:
        tmp_path = Path(tmp)
        _export_graph(model_dir, tmp_path)
        shutil.copyfile(model_dir / TOKENIZER_FILE, tmp_path / TOKENIZER_FILE)
        (tmp_path / SOURCE_FILE).write_text(
            json.dumps(source_fingerprint(model_dir), indent=2) + "\n", encoding="utf-8"
        )
        tmp_path.chmod(0o755)
        if onnx_dir.exists():
            shutil.rmtree(onnx_dir)
        tmp_path.rename(onnx_dir)
        tmp_path.mkdir()  # TemporaryDirectory removes its own folder on exit
    say(f"Exporterade e5-modellen till ONNX på {time.perf_counter() - started:.0f} s: {onnx_dir}")
    return onnx_dir
