"""The fund's eligibility checks: one module per check, collected in a registry.

``run_checks`` fills facts the user left open from the free-text parts (``description``, ``repayment_plan``)
before running, and never lets such mined facts alone produce a silent pass (upphandling marks them).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pydantic import BaseModel

from rules.checks import (  # noqa: F401  (importing registers the checks, in this order)
    aterforing,
    befintlig_verksamhet,
    forankring,
    implementering,
    kunskapsbas,
    likstallighet,
    malgrupp,
    naringslivsstod,
    samverkan,
    upphandling,
    utvardering,
)
from rules.checks.base import REGISTRY, CheckContext, CheckResult
from rules.extract import extract_facts
from rules.parameters import ParameterTable
from rules.profiles import load_profile
from rules.sketch import IdeaSketch
from rules.sources import Citation

__all__ = ["CheckInfo", "CheckResult", "Citation", "list_checks", "run_checks", "UnknownCheckError"]


class UnknownCheckError(ValueError):
    """Raised for a check id that does not exist; the message is Swedish."""


class CheckInfo(BaseModel):
    id: str
    title: str
    question: str
    sources: list[Citation]


def list_checks(fund: str | None = None) -> list[CheckInfo]:
    """Every check with the question it answers and its sources under ``fund``'s profile."""
    profile = load_profile(fund)
    return [
        CheckInfo(id=c.id, title=c.title, question=c.question, sources=c.sources(profile))
        for c in REGISTRY.values()
    ]


def _with_mined_facts(sketch: IdeaSketch) -> tuple[IdeaSketch, set[str]]:
    mined: dict = {}
    for text in (sketch.description, sketch.repayment_plan):
        for key, value in extract_facts(text).items():
            mined.setdefault(key, value)
    update = {k: v for k, v in mined.items() if k in IdeaSketch.model_fields and getattr(sketch, k) is None}
    if not update:
        return sketch, set()
    try:
        merged = IdeaSketch.model_validate({**sketch.model_dump(), **update})
    except ValueError:
        return sketch, set()  # mined facts that do not validate are ignored, never guessed into shape
    return merged, set(update)


def run_checks(
    sketch: IdeaSketch,
    fund: str | None = None,
    as_of: date | None = None,
    only: list[str] | None = None,
    parameter_file: Path | None = None,
) -> list[CheckResult]:
    """Run the checks (all, or ``only`` these ids) on ``sketch`` under ``fund``'s profile as of ``as_of``."""
    unknown_ids = [c for c in only or [] if c not in REGISTRY]
    if unknown_ids:
        raise UnknownCheckError(f"Okänd kontroll: {', '.join(unknown_ids)}. Finns: {', '.join(REGISTRY)}.")
    profile = load_profile(fund)
    effective, mined = _with_mined_facts(sketch)
    ctx = CheckContext(
        sketch=effective,
        profile=profile,
        as_of=as_of or date.today(),
        parameters=ParameterTable.from_file(parameter_file),
        mined=mined,
    )
    ids = only or list(REGISTRY)
    return [REGISTRY[i].run(ctx) for i in ids]
