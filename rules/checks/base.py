"""What every check shares: the result model, the context a check reads, and the registry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from pydantic import BaseModel, Field

from rules.extract import Signals, find_signals
from rules.parameters import ParameterTable
from rules.profiles import FundProfile
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


@dataclass
class CheckContext:
    """What a check may read: the sketch (with facts mined from free text), the fund and the date."""

    sketch: IdeaSketch
    profile: FundProfile
    as_of: date
    parameters: ParameterTable
    mined: set[str] = field(default_factory=set)
    """Fields filled from the free-text description rather than stated by the user."""

    def text(self, *fields: str) -> str:
        """The given text fields (and the free description) joined, for signal search."""
        parts = [getattr(self.sketch, f) for f in fields]
        if self.sketch.description and "description" not in fields:
            parts.append(self.sketch.description)
        return "\n".join(p for p in parts if isinstance(p, str) and p)

    def signals(self, *fields: str) -> Signals:
        return find_signals(self.text(*fields))


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
) -> CheckResult:
    return CheckResult(
        id=check_id,
        title=REGISTRY[check_id].title,
        status=status,
        explanation=explanation,
        fix=fix,
        missing=missing or [],
        citations=citations or [],
    )


def unknown(check_id: str, missing: list[str], why: str, citations: list[Citation]) -> CheckResult:
    """The standard answer when facts are missing: name them in Swedish and say why they matter."""
    return result(
        check_id,
        "unknown",
        f"Det går inte att bedöma ännu. Det saknas uppgift om {labels(missing)}. {why}",
        fix=f"Fyll i: {labels(missing)}.",
        missing=missing,
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
