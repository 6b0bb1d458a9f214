"""What a message is, possibly several things at once: a role statement, a wish to write an idéskiss, a
question, an idea with facts, an instruction that tries to change the assistant. The NLU intent is one input;
the patterns in ``actions/data/understanding.yaml`` find what a single intent cannot (a förening introducing
itself inside a longer question, a municipal employee asking for an idéskiss after a greeting).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from actions.text_input import fold, is_question

DATA = Path(__file__).with_name("data") / "understanding.yaml"

_WH_START = re.compile(r"^\W*(vad|hur|vem|vems|vilka|vilken|vilket|nar|varfor|var finns|vart)\b")


@dataclass(frozen=True)
class Patterns:
    external: tuple[re.Pattern[str], ...]
    municipal: tuple[re.Pattern[str], ...]
    sketch: tuple[re.Pattern[str], ...]
    injection: tuple[re.Pattern[str], ...]
    idea: tuple[re.Pattern[str], ...]
    topics: dict[str, tuple[str, ...]]


@lru_cache
def patterns() -> Patterns:
    data: dict[str, Any] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    org = " ".join(str(data["external_org"]).split()).replace(" ", "")

    def compile_all(key: str) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p.replace("{org}", org)) for p in data[key])

    return Patterns(
        external=compile_all("external_statements"),
        municipal=compile_all("municipal_statements"),
        sketch=compile_all("sketch_request"),
        injection=compile_all("injection"),
        idea=compile_all("idea_markers"),
        topics={k: tuple(fold(w) for w in v) for k, v in data["check_topics"].items()},
    )


def folded(text: str) -> str:
    """Folded text with punctuation turned into spaces (so patterns see words), single-spaced."""
    return " ".join(re.sub(r"[^\w:]+", " ", fold(text or "")).split())


@dataclass
class Understanding:
    text: str
    intent: str | None = None
    role: str | None = None
    """'extern' when the writer speaks for an outside organisation, 'kommun' for municipal staff."""
    wants_sketch: bool = False
    question: bool = False
    injection: bool = False
    idea: bool = False
    topics: list[str] = field(default_factory=list)
    """Checks the message is about, most specific first."""

    @property
    def only_role(self) -> bool:
        """A bare role statement ("Jag företräder en idrottsförening") with nothing else to act on."""
        return self.role is not None and not (self.question or self.wants_sketch or self.idea)


def role_in(text: str) -> str | None:
    f = folded(text)
    p = patterns()
    if any(rx.search(f) for rx in p.external):
        return "extern"
    if any(rx.search(f) for rx in p.municipal):
        return "kommun"
    return None


def wants_sketch(text: str) -> bool:
    f = folded(text)
    if "skiss" not in f:
        return False
    if _WH_START.search(f) and not re.search(r"\bhjalp", f):
        return False  # "Vad ska en idéskiss innehålla?" is a question about the sketch
    return any(rx.search(f) for rx in patterns().sketch)


def is_injection(text: str) -> bool:
    f = " ".join(fold(text or "").split())
    return any(rx.search(f) for rx in patterns().injection)


def topics_in(text: str) -> list[str]:
    f = folded(text)
    found = []
    for check, words in patterns().topics.items():
        if any(w in f for w in words):
            found.append(check)
    return found


def describes_idea(text: str) -> bool:
    f = folded(text)
    return any(rx.search(f) for rx in patterns().idea)


def understand(text: str, intent: str | None = None) -> Understanding:
    return Understanding(
        text=text,
        intent=intent,
        role=role_in(text),
        wants_sketch=wants_sketch(text),
        question=is_question(text),
        injection=is_injection(text),
        idea=describes_idea(text),
        topics=topics_in(text),
    )
