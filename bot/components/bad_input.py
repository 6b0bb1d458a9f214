"""Marks input no intent should be read from (code, empty, very long) as `nlu_fallback`.

The classifier would otherwise pick its nearest intent for "<script>…</script>" or an empty message. With
`nlu_fallback` the fallback action (or, inside the idéskiss form, the answer validation) explains in Swedish
what is wrong with the input.
"""

from __future__ import annotations

import re
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

_CODE = re.compile(
    r"<\s*/?\s*(script|iframe|object|embed|style|img|svg)\b|javascript:|on\w+\s*=", re.IGNORECASE
)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class BadInputDetector(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"max_chars": 2000}

    def __init__(self, config: dict[str, Any]) -> None:
        self.max_chars = int(config["max_chars"])

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> BadInputDetector:
        return cls(config)

    def is_bad(self, text: str) -> bool:
        stripped = (text or "").strip()
        return not stripped or len(stripped) > self.max_chars or bool(_CODE.search(stripped))

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if not self.is_bad(message.get(TEXT) or ""):
                continue
            fallback = {"name": DEFAULT_NLU_FALLBACK_INTENT_NAME, "confidence": 1.0}
            message.data[INTENT] = fallback
            message.data[INTENT_RANKING_KEY] = [fallback, *message.data.get(INTENT_RANKING_KEY, [])]
        return messages
