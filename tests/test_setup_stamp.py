"""``make setup`` retrains the Rasa model only when what it is trained from changed (scripts/common.sh
``rasa_data_sha``): a data dir copied or linked to another place keeps its stamp."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _stamp(data_dir: Path) -> str:
    command = f'source scripts/common.sh && rasa_data_sha "{data_dir}"'
    out = subprocess.run(["bash", "-c", command], cwd=ROOT, capture_output=True, text=True, check=True)
    return out.stdout.strip()


def _data_dir(path: Path, source: dict) -> Path:
    """A data dir with the e5 model folder and its ONNX export's source.json (the model files' hashes)."""
    (path / "models" / "multilingual-e5-small").mkdir(parents=True)
    onnx = path / "models" / "multilingual-e5-small-onnx"
    onnx.mkdir()
    (onnx / "source.json").write_text(json.dumps(source), encoding="utf-8")
    return path


def test_a_copied_or_linked_data_dir_keeps_the_rasa_stamp_and_a_new_export_changes_it(tmp_path: Path) -> None:
    source = {"export_version": "1", "model.safetensors": "fc8ff2d3"}
    first = _data_dir(tmp_path / "first", source)
    copy = _data_dir(tmp_path / "elsewhere" / "copy", source)
    linked = tmp_path / "linked"
    (linked / "models").mkdir(parents=True)
    (linked / "models" / "multilingual-e5-small").symlink_to(first / "models" / "multilingual-e5-small")
    stamp = _stamp(first)
    assert len(stamp) == 16
    assert _stamp(copy) == stamp
    assert _stamp(linked) == stamp
    other = _data_dir(tmp_path / "other", dict(source, **{"model.safetensors": "0000"}))
    assert _stamp(other) != stamp
