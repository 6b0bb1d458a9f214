"""implementering: a plan for taking the method into ordinary operations."""

from __future__ import annotations

import re

from rules.checks.base import (
    CheckContext,
    CheckResult,
    clause_hits,
    declined,
    pattern,
    register,
    result,
    unknown,
)
from rules.facts import readable
from rules.profiles import FundProfile
from rules.sources import Citation


def _sources(profile: FundProfile) -> list[Citation]:
    return profile.cite(profile.implementation)


def _takes_over(ctx: CheckContext, plan: str) -> bool:
    """The plan also names taking the method over (a word of the implementation vocabulary, not negated)."""
    words = ctx.find(plan).phrases("implementation")
    return any(not h.negated for w in words for h in clause_hits(plan, re.compile(re.escape(w), re.I)))


@register(
    "implementering",
    "Implementering",
    "Finns en plan för hur metoden förs in i den ordinarie verksamheten om den fungerar?",
    _sources,
)
def check(ctx: CheckContext) -> CheckResult:
    p = ctx.profile
    cites = _sources(p)
    plan = ctx.sketch.implementation_plan
    rule = p.implementation.text.strip()
    if not plan:
        return unknown("implementering", ["implementation_plan"], rule, cites)
    ctx.use("implementation_plan")
    # a plan read out of the description is read too; a verdict on it stays a warning (run_checks)
    legible = ctx.readable("implementation_plan") or (ctx.inferred("implementation_plan") and readable(plan))
    refused = declined("implementering", plan) if legible else None
    if refused and not _takes_over(ctx, plan):
        return result(
            "implementering",
            "fail",
            f"Planen säger att arbetet inte ska fortsätta efter projektet (”{refused}”). {rule}",
            fix="Beskriv vem som tar över metoden efter projektet om den fungerar, och hur den finansieras i "
            "ordinarie budget.",
            citations=cites,
        )
    hedged = pattern("implementering", "doubt").search(plan) is not None
    if ctx.find(plan).has("implementation") and legible and not hedged:
        return result(
            "implementering",
            "pass",
            f"Det finns en plan för att föra in metoden i ordinarie verksamhet. {rule}",
            citations=cites,
        )
    return result(
        "implementering",
        "warn",
        f"Planen säger inte hur metoden förs in i ordinarie verksamhet eller vem som tar över den. {rule}",
        fix="Beskriv vem som tar över metoden efter projektet och hur den finansieras i ordinarie budget.",
        citations=cites,
    )
