"""Dense sentence features from multilingual-e5-small, run with onnxruntime inside the Rasa environment.

The knowledge index embeds passages with the same model (sentence-transformers, Python 3.11). Rasa 3.6 runs
on Python 3.10 with numpy 1.23 and cannot import torch, so set-up exports the model to ONNX
(``python -m knowledge export-onnx``, mean pooling and L2 normalisation inside the graph) and this
featurizer runs that graph with the model's own ``tokenizer.json`` (``tokenizers``). It adds the message's
sentence vector (384 values, unit length, times ``scale``) as a dense sentence feature of the text; Rasa's
``LogisticRegressionClassifier`` stacks dense sentence features beside the sparse count vectors.

The ONNX session (``fondassistenten/e5_onnx.py``, shared with the web app's search: one thread, no spinning,
full graph optimisation, an LRU cache of vectors by text) is created when the component is first created
(training or loading a trained Rasa model) and shared by every featurizer in the process.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from fondassistenten.e5_onnx import E5Encoder, get_encoder

ROOT = Path(__file__).resolve().parents[2]
E5_FOLDER = Path("models") / "multilingual-e5-small"
"""The prepared sentence-transformers folder in the data directory (``python -m knowledge prepare-model``)."""


def default_model_dir() -> Path:
    """The ONNX export beside the prepared e5 folder: ``$FOND_DATA_DIR/models/multilingual-e5-small-onnx``
    (data directory ``var/`` by default). A symlinked model folder is followed, as the export is."""
    data_dir = Path(os.environ.get("FOND_DATA_DIR") or ROOT / "var")
    e5 = (data_dir / E5_FOLDER).resolve()
    return e5.parent / f"{e5.name}-onnx"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class E5Featurizer(DenseFeaturizer, GraphComponent):
    """Adds the e5 sentence vector of the message text as a dense sentence feature."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            **DenseFeaturizer.get_default_config(),
            # folder with model.onnx and tokenizer.json; empty: default_model_dir()
            "model_path": None,
            # e5 was trained with "query: " / "passage: " prefixes; a user message is a query
            "prefix": "query: ",
            # multiplies the unit-length vector: how much the classifier's regularisation lets it count
            "scale": 1.0,
            "max_tokens": 512,
            "batch_size": 32,
            "threads": 1,
        }

    @staticmethod
    def required_packages() -> list[str]:
        return ["onnxruntime", "tokenizers"]

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        if float(config.get("scale", 1.0)) <= 0:
            raise InvalidConfigException("E5Featurizer: 'scale' must be positive.")

    @classmethod
    def _model_dir(cls, config: dict[str, Any]) -> Path:
        path = config.get("model_path")
        return Path(path) if path else default_model_dir()

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """The export's source hashes: a new model makes Rasa featurize the training data again."""
        stamp = cls._model_dir(config) / "source.json"
        return stamp.read_text(encoding="utf-8") if stamp.is_file() else None

    def __init__(self, name: str, config: dict[str, Any]) -> None:
        super().__init__(name=name, config={**self.get_default_config(), **config})
        self.model_dir = self._model_dir(self._config)
        self.prefix = str(self._config["prefix"] or "")
        self.scale = float(self._config["scale"])

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> E5Featurizer:
        featurizer = cls(execution_context.node_name, config)
        # load the model when the Rasa server loads its model, not during the first user's message
        featurizer._encoder()
        return featurizer

    def _encoder(self) -> E5Encoder:
        return get_encoder(self.model_dir, int(self._config["max_tokens"]), int(self._config["threads"]))

    def _featurize(self, messages: list[Message]) -> None:
        with_text = [m for m in messages if m.get(TEXT) is not None]
        if not with_text:
            return
        texts = [self.prefix + str(m.get(TEXT)) for m in with_text]
        vectors = self._encoder().encode(texts, batch_size=int(self._config["batch_size"])) * self.scale
        for message, vector in zip(with_text, vectors, strict=True):
            self.add_features_to_message(
                sequence=None, sentence=vector.reshape(1, -1), attribute=TEXT, message=message
            )

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._featurize(training_data.training_examples)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        self._featurize(messages)
        return messages
