"""implementering: a plan for taking the method into ordinary operations."""

from __future__ import annotations

from rules.checks.base import CheckContext, CheckResult, pattern, register, result, unknown
from rules.profiles import FundProfile
from rules.sources import Citation


def _sources(profile: FundProfile) -> list[Citation]:
    return profile.cite(profile.implementation)


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
    hedged = pattern("implementering", "doubt").search(plan) is not None
    if ctx.find(plan).has("implementation") and ctx.readable("implementation_plan") and not hedged:
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
