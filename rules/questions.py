"""Decisive questions as data (``data/questions.yaml``): what settles each check, per fund, and which to ask.

``questions_for(check, profile)`` gives a check's questions for a fund, ``confirm_question`` the question that
asks the user to confirm a fact read out of free text, and ``most_decisive_question(results)`` the single
question the chat should ask next.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field

from rules.facts import FactUse
from rules.profiles import FundProfile
from rules.sources import Citation, passage, statute

DATA_FILE = Path(__file__).resolve().parent / "data" / "questions.yaml"


class Question(BaseModel):
    """A question whose answer would decide (or confirm) a check's verdict."""

    check: str
    fact: str | None = None
    """The fact it settles: an IdeaSketch field, or ``external_actors.<part>``."""
    kind: Literal["ask", "confirm"]
    text: str
    why: str | None = None
    citations: list[Citation] = Field(default_factory=list)


@lru_cache
def _data() -> dict[str, Any]:
    return yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))


def _resolve(ref: str, profile: FundProfile) -> list[Citation]:
    kind, _, key = ref.partition(":")
    if kind == "statute":
        return [statute(key)]
    if kind == "passage":
        return [passage(key)]
    if kind == "profile":
        node: Any = profile
        for part in key.split("."):
            node = getattr(node, part)
        return profile.cite(node)
    raise ValueError(f"unknown source reference {ref!r} in {DATA_FILE.name}")


_CACHE: dict[tuple[str, int], list[Question]] = {}


def questions_for(check_id: str, profile: FundProfile) -> list[Question]:
    """The questions that decide ``check_id`` under ``profile`` (the fund's own list, else the default)."""
    key = (check_id, id(profile))
    if key not in _CACHE:
        _CACHE[key] = _questions_for(check_id, profile)
    return list(_CACHE[key])  # the questions are shared, treat them as read-only


def _questions_for(check_id: str, profile: FundProfile) -> list[Question]:
    spec = _data()["checks"].get(check_id, {})
    items = spec.get(profile.id, spec.get("default", []))
    return [
        Question(
            check=check_id,
            fact=item["fact"],
            kind="ask",
            text=item["text"],
            why=item.get("why"),
            citations=[c for ref in item.get("cite", []) for c in _resolve(ref, profile)],
        )
        for item in items
    ]


def confirm_question(check_id: str, fact: FactUse) -> Question:
    """'Det låter som att pengarna ska gå till … – stämmer det?' for a fact read out of free text."""
    templates = _data()["confirm"]
    template = templates["default"] if fact.verbatim else templates.get(fact.field, templates["default"])
    phrase = re.sub(_data()["question_tail"], "", fact.phrase or "", flags=re.IGNORECASE) or fact.label
    return Question(
        check=check_id,
        fact=fact.field,
        kind="confirm",
        text=template.format(phrase=phrase, label=fact.label),
        why="Uppgiften är hämtad ur fritexten och inte bekräftad; en kontroll godkänns bara på bekräftade "
        "uppgifter.",
    )


_WEIGHT = {"fail": 3, "warn": 2, "unknown": 1, "pass": 0}


def most_decisive_question(results: Iterable[Any]) -> Question | None:
    """The one question to ask next about a set of check results (``CheckResult``s).

    A confirmation of a fact read out of free text comes first when a verdict hangs on it (a warning that
    would be a fail if the fact holds); otherwise the question that settles the most open checks, and among
    equals the one of the check listed first.
    """
    candidates: dict[tuple[str, str], tuple[float, Question]] = {}
    for order, result in enumerate(results):
        if result.status not in ("warn", "unknown"):
            continue
        for rank, question in enumerate(result.questions or []):
            key = (question.kind, question.fact or question.text)
            score = 1.0 + _WEIGHT[result.status] / 10
            if question.kind == "confirm":
                score += 10 if result.conditional else 5
            if question.fact and question.fact.split(".")[0] in (result.missing or []):
                score += 1
            score -= rank / 100 + order / 1000
            previous = candidates.get(key)
            total = score + (previous[0] if previous else 0)
            candidates[key] = (total, previous[1] if previous else question)
    if not candidates:
        return None
    return max(candidates.values(), key=lambda item: item[0])[1]
