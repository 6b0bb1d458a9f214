"""samverkan: when savings arise at another department, that department takes part."""

from __future__ import annotations

from rules.checks.base import CheckContext, CheckResult, Status, register, result, unknown
from rules.extract import org_kinds, parse
from rules.profiles import FundProfile
from rules.sources import Citation


def _sources(profile: FundProfile) -> list[Citation]:
    return profile.cite(profile.cooperation)


def _names(text: str) -> set[str]:
    """Words naming units (socialförvaltningen, skolan, socialtjänsten) to compare between two answers."""
    return {
        t.lemma_
        for t in parse(text)
        if len(t.text) > 4 and (t.lemma_.endswith(("förvaltning", "nämnd", "kontor", "tjänst", "skola")))
    }


@register(
    "samverkan",
    "Samverkan",
    "Om besparingarna uppstår hos en annan förvaltning eller nämnd: är den med i projektet?",
    _sources,
)
def check(ctx: CheckContext) -> CheckResult:
    s, p = ctx.sketch, ctx.profile
    cites = _sources(p)
    rule = p.cooperation.text.strip()
    if not s.savings_elsewhere:
        return unknown("samverkan", ["savings_elsewhere"], rule, cites)
    ctx.use("savings_elsewhere")
    elsewhere = _names(s.savings_elsewhere) or set(org_kinds(s.savings_elsewhere))
    if ctx.find(s.savings_elsewhere).has("no_savings_elsewhere") and not elsewhere:
        return result(
            "samverkan",
            "pass",
            f"Besparingarna uppstår i den egna verksamheten. {rule}",
            citations=cites,
        )
    if not s.cooperation:
        status: Status = "fail" if p.cooperation.savings_department_must_take_part else "warn"
        return result(
            "samverkan",
            status,
            f"Besparingarna uppstår hos en annan verksamhet ({s.savings_elsewhere}), men ingen samverkan är "
            f"beskriven. {rule}",
            fix="Ta med den förvaltning eller nämnd där besparingen uppstår i projektet och beskriv hur den "
            "deltar.",
            missing=[],
            citations=cites,
        )
    ctx.use("cooperation")
    together = _names(s.cooperation) | set(org_kinds(s.cooperation))
    if elsewhere and elsewhere & together:
        return result(
            "samverkan",
            "pass",
            f"Verksamheten där besparingen uppstår är med i samverkan. {rule}",
            citations=cites,
        )
    return result(
        "samverkan",
        "warn",
        f"Det framgår inte att verksamheten där besparingen uppstår ({s.savings_elsewhere}) deltar i "
        f"samverkan "
        f"({s.cooperation}). {rule}",
        fix="Nämn uttryckligen hur den förvaltning eller nämnd som får besparingen medverkar.",
        citations=cites,
    )
