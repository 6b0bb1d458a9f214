"""The index is rebuilt only when the corpus, the manifest or the model name changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from knowledge.index import ensure_index, load_index
from knowledge.ingest import load_manifest

from .conftest import CORPUS

SMALL_DOC = "stockholm-hagersten-liljeholmen-yttrande-2016.txt"


def _small_corpus(root: Path) -> Path:
    corpus = root / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / SMALL_DOC, corpus / SMALL_DOC)
    doc = next(d for d in load_manifest(CORPUS) if d.file == SMALL_DOC)
    entry = {"file": doc.file, "municipality": doc.municipality, "title": doc.title, "kind": doc.kind}
    (corpus / "manifest.yaml").write_text(
        yaml.safe_dump({"documents": [entry]}, allow_unicode=True), encoding="utf-8"
    )
    return corpus


def test_rebuild_only_when_something_changed(tmp_path: Path, model_name: str):
    corpus = _small_corpus(tmp_path)
    index_dir = tmp_path / "data" / "index"
    quiet = {"say": lambda _: None}

    first = ensure_index(corpus, index_dir, model_name, **quiet)
    assert first.rebuilt and first.passages > 5
    assert not ensure_index(corpus, index_dir, model_name, **quiet).rebuilt

    with (corpus / SMALL_DOC).open("a", encoding="utf-8") as f:
        f.write("\n \nFörvaltningen föreslår även en årlig informationsträff om fonden.\n")
    changed = ensure_index(corpus, index_dir, model_name, **quiet)
    assert changed.rebuilt and changed.reason == "korpusen har ändrats"
    assert any("årlig informationsträff" in p.text for p in load_index(index_dir).passages)
    assert not ensure_index(corpus, index_dir, model_name, **quiet).rebuilt

    # the same model under another name (a link) counts as another model
    alias = tmp_path / "model-alias"
    alias.symlink_to(Path(model_name), target_is_directory=True)
    renamed = ensure_index(corpus, index_dir, str(alias), **quiet)
    assert renamed.rebuilt and renamed.reason == "ny modell"
