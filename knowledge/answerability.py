"""Questions the documents cannot answer, recognised by the kind of fact they ask for.

A question that asks for a phone number, an e-mail address, opening hours, today's named contact or a fact
after the documents' dates (next year's budget, the next meeting) is never answered from the 2013–2016
documents; one that asks for a processing time, an interest rate, a maximum amount, a salary, a price, an
appeal or a form is answered only when the answering text holds such a fact. A question about another
municipality's fund that the corpus does not describe (Göteborg, Malmö …) is not answerable either. The fact
types and municipalities are data: ``knowledge/answerability.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

import yaml

DATA_FILE = Path(__file__).with_name("answerability.yaml")
OCR_RATIO = 0.85
"""difflib similarity from which a word of the answering text counts as the municipality's name misread."""
_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e"})


def fold(text: str) -> str:
    return " ".join((text or "").lower().translate(_FOLD).split())


@dataclass(frozen=True)
class FactType:
    name: str
    question: tuple[re.Pattern[str], ...]
    evidence: tuple[re.Pattern[str], ...] | None
    """None: the documents never hold this kind of fact."""
    why: str = ""
    """Why the documents cannot answer, to complete "Det vet jag inte – …"."""
    general: bool = False
    """An answer type (a number, an amount, a date) rather than a kind of fact: the documents may hold it
    where a curated answer does not."""
    cased: bool = False
    """The evidence is matched on the text as written (a capital letter tells a name), not folded."""

    def holds(self, text: str) -> bool:
        """``text`` holds this kind of fact (always False when the documents never hold it)."""
        if self.evidence is None:
            return False
        target = text if self.cased else fold(text)
        return any(p.search(target) for p in self.evidence)


@lru_cache(maxsize=1)
def _raw() -> dict:
    return dict(yaml.safe_load(DATA_FILE.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def _data() -> tuple[tuple[FactType, ...], tuple[str, ...]]:
    data = _raw()
    types = tuple(
        FactType(
            name,
            tuple(re.compile(p) for p in spec["question"]),
            None if spec.get("evidence") is None else tuple(re.compile(p) for p in spec["evidence"]),
            str(spec.get("why") or ""),
            bool(spec.get("general", False)),
            bool(spec.get("cased", False)),
        )
        for name, spec in data["fact_types"].items()
    )
    return types, tuple(dict.fromkeys(fold(m) for m in data.get("other_municipalities", [])))


@lru_cache(maxsize=1)
def _self_introductions() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in _raw().get("self_introduction", []))


def asked_fact(question: str) -> FactType | None:
    """The kind of fact the question asks for, when it is one of the listed kinds."""
    folded = fold(question)
    return next((t for t in _data()[0] if any(p.search(folded) for p in t.question)), None)


def _mentions(name: str, words: set[str]) -> bool:
    """``name`` (or its genitive) among ``words``, also misread by OCR ("Norrkdpings" in a scanned text)."""
    forms = (name, name + "s")
    return any(w in forms for w in words) or any(
        len(w) >= 6 and max(SequenceMatcher(None, w, f).ratio() for f in forms) >= OCR_RATIO for w in words
    )


def unknown_municipality(question: str, answer_text: str) -> str | None:
    """A municipality outside the corpus's funds that the question names and ``answer_text`` does not
    mention (Norrköping's fund is in a comparison table, so a question about it can be answered from it)."""
    folded = fold(question)
    for pattern in _self_introductions():
        folded = pattern.sub(" ", folded)  # "jag jobbar på Huddinge kommun och …": the asker, not the subject
    words = set(re.findall(r"[a-z]+", fold(answer_text)))
    for name in _data()[1]:
        if " " in name:
            if re.search(rf"\b{re.escape(name)}s?\b", folded) and name not in fold(answer_text):
                return name
        elif re.search(rf"\b{re.escape(name)}s?\b", folded) and not _mentions(name, words):
            return name
    return None


def missing_fact(question: str, answer_text: str, context: str = "") -> str | None:
    """Why ``answer_text`` cannot answer ``question`` (a fact type's name or ``"kommun:<name>"``), or None
    when nothing says it cannot. ``context``: the passage the answer comes from, where the municipality
    the question names may stand instead of in the answer's own sentences."""
    if place := unknown_municipality(question, f"{answer_text} {context}"):
        return f"kommun:{place}"
    fact = asked_fact(question)
    if fact is None:
        return None
    return None if fact.holds(answer_text) else fact.name


def is_answer_type(reason: str | None) -> bool:
    """The reason :func:`missing_fact` gave is a general answer type (a number, an amount, a date)."""
    return any(t.general and t.name == reason for t in _data()[0])


def why(reason: str | None) -> str:
    """The reason :func:`missing_fact` gave, in Swedish ("" when there is none)."""
    if not reason:
        return ""
    if reason.startswith("kommun:"):
        return str(_raw().get("other_municipalities_why") or "")
    return next((t.why for t in _data()[0] if t.name == reason), "")
