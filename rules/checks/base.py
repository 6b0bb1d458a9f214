"""What every check shares: the result model, the context a check reads, and the registry.

A check records each fact its verdict rests on with ``ctx.use(field)``; the result carries those facts with
their provenance (stated or inferred, and the phrase an inferred fact came from). ``run_checks`` then enforces
the rule that a check passes only on stated facts (see ``rules/checks/__init__.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field

from rules.extract import Signals, find_signals
from rules.facts import FactUse, Provenances, purpose_phrase, readable, sentence_with
from rules.parameters import ParameterTable
from rules.profiles import FundProfile
from rules.questions import Question
from rules.sketch import IdeaSketch, labels
from rules.sources import Citation
from rules.status import Status

SEVERITY: dict[str, int] = {"pass": 0, "warn": 1, "unknown": 2, "fail": 3}


class CheckResult(BaseModel):
    """One check's verdict on a sketch, written for a civil servant."""

    id: str
    title: str
    status: Status
    explanation: str
    fix: str | None = None
    missing: list[str] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    facts: list[FactUse] = Field(default_factory=list)
    """The facts the verdict rests on, each stated or inferred (with the phrase it was read from)."""
    questions: list[Question] = Field(default_factory=list)
    """For ``unknown`` and ``warn``: the questions that would decide the check, confirmations first."""
    conditional: str | None = None
    """When a fact is missing or unconfirmed: the answer for each case ("Om ni direktupphandlar: nej …")."""


@dataclass
class Evidence:
    """Signals found in the stated text fields and, separately, in free text (description, inferred
    fields).
    """

    stated: Signals
    inferred: Signals
    inferred_text: str

    def has(self, name: str) -> bool:
        return self.stated.has(name) or self.inferred.has(name)

    def phrases(self, name: str) -> list[str]:
        return list(dict.fromkeys(self.stated.phrases(name) + self.inferred.phrases(name)))

    def only_inferred(self, name: str) -> bool:
        return self.inferred.has(name) and not self.stated.has(name)

    def sentence(self, name: str) -> str | None:
        """The free-text sentence a signal was found in, for showing it back."""
        for phrase in self.inferred.phrases(name):
            found = sentence_with(self.inferred_text, phrase)
            if found:
                return found
        return None


@dataclass
class CheckContext:
    """What a check may read: the sketch (with facts mined from free text), the fund, the date, provenance."""

    sketch: IdeaSketch
    profile: FundProfile
    as_of: date
    parameters: ParameterTable
    provenance: Provenances
    used: list[FactUse] = field(default_factory=list)
    _signals: dict[str, Signals] = field(default_factory=dict)

    def find(self, text: str | None) -> Signals:
        """``find_signals(text)``, once per text for all checks of one run."""
        key = text or ""
        if key not in self._signals:
            self._signals[key] = find_signals(key)
        return self._signals[key]

    @property
    def mined(self) -> set[str]:
        """Fields whose value was read out of free text (kept for older callers)."""
        return {f for f in IdeaSketch.model_fields if self.provenance.inferred(f)}

    def stated(self, name: str) -> bool:
        return self.provenance.stated(name)

    def inferred(self, name: str) -> bool:
        return self.provenance.inferred(name)

    def confirmed_in(self, sentence: str) -> bool:
        """The sentence of the description holds the funding purpose the user stated or confirmed (so it is
        no longer only free text)."""
        purpose = self.sketch.funding_purpose if self.stated("funding_purpose") else None
        return bool(purpose) and purpose.lower() in sentence.lower()  # type: ignore[union-attr]

    def readable(self, name: str) -> bool:
        """A stated free-text field that looks like Swedish prose a check can read."""
        value = getattr(self.sketch, name)
        return self.stated(name) and isinstance(value, str) and readable(value)

    def use(self, name: str, phrase: str | None = None, *, inferred: bool = False) -> None:
        """Record that the verdict rests on ``name``; ``inferred=True`` for a fact read from the
        description.
        """
        if inferred:
            fact = FactUse(
                field=name,
                label=_label(name),
                provenance="inferred",
                phrase=phrase or self.provenance.phrase(name),
            )
        else:
            found = self.provenance.use(name, phrase)
            if found is None:
                return
            fact = found
        if all((u.field, u.provenance) != (fact.field, fact.provenance) for u in self.used):
            self.used.append(fact)

    def use_purpose(self, sentence: str | None) -> None:
        """Record the funding purpose as read from the description: the purpose phrase of the sentence a
        signal was found in ('att utbilda personal'), else the one read from the whole description, else the
        sentence itself, quoted."""
        phrase = purpose_phrase(sentence) if sentence else None
        phrase = phrase or self.provenance.phrase("funding_purpose")
        if phrase:
            self.use("funding_purpose", phrase, inferred=True)
            return
        fact = FactUse(
            field="funding_purpose",
            label=_label("funding_purpose"),
            provenance="inferred",
            phrase=sentence,
            verbatim=True,
        )
        if all((u.field, u.provenance) != ("funding_purpose", "inferred") for u in self.used):
            self.used.append(fact)

    def text(self, *fields: str) -> str:
        """The given text fields (and the free description) joined, for signal search."""
        parts = [getattr(self.sketch, f) for f in fields]
        if self.sketch.description and "description" not in fields:
            parts.append(self.sketch.description)
        return "\n".join(p for p in parts if isinstance(p, str) and p)

    def signals(self, *fields: str) -> Signals:
        return self.find(self.text(*fields))

    def evidence(self, *fields: str) -> Evidence:
        """Signals in the stated ``fields`` and, apart, in the inferred ones plus the description."""
        # A stated answer that cannot be read (nonsense, markup, another language) is not searched: no verdict
        # rests on a classifier's reading of words it was not trained for.
        stated = [
            getattr(self.sketch, f) for f in fields if self.stated(f) and readable(getattr(self.sketch, f))
        ]
        inferred = [getattr(self.sketch, f) for f in fields if self.inferred(f)]
        if self.sketch.description and readable(self.sketch.description):
            inferred.append(self.sketch.description)
        stated_text = "\n".join(p for p in stated if isinstance(p, str) and p)
        inferred_text = "\n".join(p for p in inferred if isinstance(p, str) and p)
        return Evidence(self.find(stated_text), self.find(inferred_text), inferred_text)


def _label(name: str) -> str:
    from rules.sketch import field_label

    return field_label(name)


@dataclass(frozen=True)
class Check:
    id: str
    title: str
    question: str
    run: Callable[[CheckContext], CheckResult]
    sources: Callable[[FundProfile], list[Citation]]


REGISTRY: dict[str, Check] = {}


def register(
    id: str, title: str, question: str, sources: Callable[[FundProfile], list[Citation]]
) -> Callable[[Callable[[CheckContext], CheckResult]], Callable[[CheckContext], CheckResult]]:
    """Decorator adding a check function to the registry under ``id``."""

    def wrap(fn: Callable[[CheckContext], CheckResult]) -> Callable[[CheckContext], CheckResult]:
        REGISTRY[id] = Check(id=id, title=title, question=question, run=fn, sources=sources)
        return fn

    return wrap


def result(
    check_id: str,
    status: Status,
    explanation: str,
    *,
    fix: str | None = None,
    missing: list[str] | None = None,
    citations: list[Citation] | None = None,
    conditional: str | None = None,
) -> CheckResult:
    return CheckResult(
        id=check_id,
        title=REGISTRY[check_id].title,
        status=status,
        explanation=explanation,
        fix=fix,
        missing=missing or [],
        citations=citations or [],
        conditional=conditional,
    )


def unknown(
    check_id: str,
    missing: list[str],
    why: str,
    citations: list[Citation],
    *,
    conditional: str | None = None,
) -> CheckResult:
    """The standard answer when facts are missing: name them in Swedish and say why they matter."""
    return result(
        check_id,
        "unknown",
        f"Det går inte att bedöma ännu. Det saknas uppgift om {labels(missing)}. {why}",
        fix=f"Fyll i: {labels(missing)}.",
        missing=missing,
        citations=citations,
        conditional=conditional,
    )


def unreadable(check_id: str, why: str, citations: list[Citation]) -> CheckResult:
    """A stated answer about what the money is for that cannot be read (nonsense, markup, another
    language).
    """
    return result(
        check_id,
        "unknown",
        f"Det går inte att bedöma ännu: jag kan inte läsa ut vad pengarna ska användas till ur svaret. {why}",
        fix="Beskriv på svenska vad pengarna ska betala.",
        missing=["funding_purpose"],
        citations=citations,
    )


def worst(statuses: list[Status]) -> Status:
    return max(statuses, key=lambda s: SEVERITY[s]) if statuses else "pass"


def kr(amount: float | int | None) -> str:
    """Swedish money format: 1 200 000 kr."""
    if amount is None:
        return "okänt belopp"
    return f"{round(amount):,}".replace(",", "\u00a0") + "\u00a0kr"


def years(value: float) -> str:
    text = f"{value:g}".replace(".", ",")
    return f"{text} år"


def quoted(phrases: list[str]) -> str:
    """The phrases a verdict rests on, each once: a phrase inside a longer one quoted is left out (tryout 5:
    (”lönerna”, ”Vi vill anställa … lönerna?”, ”lönerna”))."""
    unique = list(dict.fromkeys(x.strip() for x in phrases if x and x.strip()))
    kept = [x for x in unique if not any(x != y and x.lower() in y.lower() for y in unique)]
    return ", ".join(f"”{x}”" for x in kept)


CHECK_DATA = Path(__file__).resolve().parent.parent / "data" / "checks.yaml"


@lru_cache
def check_data(check_id: str) -> dict[str, Any]:
    """The check's own vocabulary from ``rules/data/checks.yaml``."""
    data = yaml.safe_load(CHECK_DATA.read_text(encoding="utf-8"))
    return data.get(check_id, {})


@lru_cache
def pattern(check_id: str, key: str) -> re.Pattern[str]:
    """A regular expression of the check's vocabulary in ``rules/data/checks.yaml`` (case-insensitive)."""
    value = check_data(check_id)[key]
    if isinstance(value, list):
        value = "|".join(f"(?:{v})" for v in value)
    return re.compile(value, re.IGNORECASE)


def declined(check_id: str, text: str | None) -> str | None:
    """The words of a stated answer that decline, in its own words, what the check asks for ("Ingen
    uppföljning planeras", "När projektpengarna är slut avslutas verksamheten"): the check's ``declines``
    pattern in ``data/checks.yaml``, when the answer has no contrast or condition that keeps a part of it
    ("men", "om": ``declined_answer.contrast``). None otherwise."""
    if not text:
        return None
    found = pattern(check_id, "declines").search(text)
    if not found or re.search(check_data("declined_answer")["contrast"], text, re.IGNORECASE):
        return None
    return found.group(0)


NEGATION = re.compile(r"\b(?:inte|ej|icke|ingen|inget|inga|aldrig|varken)\b", re.IGNORECASE)
CLAUSE_BREAK = re.compile(
    r"[,;:()\n–—]|\.(?:\s|$)|\s(?:men|samt|medan|eftersom|fast|utan(?=\s+(?:till|att|för|som|också|även)\b))\s",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Hit:
    """One match of a vocabulary pattern, with its clause and whether a negation precedes it there."""

    clause: str
    words: str
    negated: bool


def clause_hits(text: str | None, regex: re.Pattern[str]) -> list[Hit]:
    """Every match of ``regex`` in ``text``, clause by clause. ``negated``: a negation word stands before the
    match in the same clause ("inga medel går till företag", "går inte till befintlig verksamhet")."""
    hits: list[Hit] = []
    for clause in CLAUSE_BREAK.split(text or ""):
        clause = clause.strip()
        if not clause:
            continue
        for found in regex.finditer(clause):
            negated = NEGATION.search(clause[: found.start()]) is not None
            hits.append(Hit(clause, found.group(0), negated))
    return hits
