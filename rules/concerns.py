"""Which check a statement is about: the nearest of each check's example statements and deciding questions.

A fact stated in a later turn ("nämnden fick information på sitt möte i november") often carries none of the
words a check's topic list knows; its e5 sentence vector is close to the check's own example statements
(``rules/data/concerns.yaml``) and to the questions that decide the check (``rules/data/questions.yaml``). The
check whose nearest example is closest is the one the statement concerns, when that is close enough.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from rules.checks.base import REGISTRY
from rules.profiles import load_profile
from rules.questions import questions_for

DATA_FILE = Path(__file__).parent / "data" / "concerns.yaml"


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=8)
def _examples(fund: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(check id, example) pairs as two tuples: the statements, then the fund's deciding questions."""
    profile = load_profile(fund)
    checks: list[str] = []
    texts: list[str] = []
    for check, statements in (_data().get("statements") or {}).items():
        for statement in statements:
            checks.append(check)
            texts.append(str(statement))
    for check in REGISTRY:
        for question in questions_for(check, profile):
            checks.append(check)
            texts.append(question.text)
    return tuple(checks), tuple(texts)


def check_similarities(text: str, fund: str | None = None) -> dict[str, float]:
    """For each check, the highest cosine similarity between ``text`` and one of its examples."""
    from rules.signals import sentence_vectors

    checks, texts = _examples(fund)
    if not text.strip() or not texts:
        return {}
    vectors = sentence_vectors([*texts, text.strip()])
    scores = vectors[:-1] @ vectors[-1]
    best: dict[str, float] = {}
    for check, score in zip(checks, scores.tolist(), strict=True):
        best[check] = max(best.get(check, -1.0), float(score))
    return best


def concerned_checks(text: str, fund: str | None = None) -> list[str]:
    """The checks ``text`` states a fact about, nearest first: the nearest check when it is close enough
    (``min_similarity``) and a second one within ``margin`` of it; empty otherwise."""
    settings = _data()
    scores = sorted(check_similarities(text, fund).items(), key=lambda item: -item[1])
    if not scores or scores[0][1] < float(settings["min_similarity"]):
        return []
    top = scores[0][1]
    return [check for check, score in scores[:2] if top - score <= float(settings["margin"])]
