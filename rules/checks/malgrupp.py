"""malgrupp: the project's target group against the fund's."""

from __future__ import annotations

import re

from rules.checks.base import CheckContext, CheckResult, register, result, unknown
from rules.profiles import FundProfile
from rules.sources import Citation


def _sources(profile: FundProfile) -> list[Citation]:
    return profile.cite(profile.target_group)


def _found(terms: list[str], text: str) -> list[str]:
    return [t for t in terms if re.search(rf"(?<!\w){re.escape(t)}\w*", text)]


@register("malgrupp", "Målgrupp", "Hör projektets målgrupp till fondens målgrupp?", _sources)
def check(ctx: CheckContext) -> CheckResult:
    s, p = ctx.sketch, ctx.profile
    tg = p.target_group
    cites = _sources(p)
    if not s.target_group:
        inferred = _from_description(ctx)
        if inferred is None:
            return unknown("malgrupp", ["target_group"], f"Fonden är till för: {tg.text.strip()}", cites)
        group = inferred
        ctx.use("target_group", group, inferred=True)
        return _judge(ctx, group)
    ctx.use("target_group")
    return _judge(ctx, s.target_group)


def _from_description(ctx: CheckContext) -> str | None:
    """The words naming a target group in the free description ('barn, föräldrar'), or None."""
    tg = ctx.profile.target_group
    text = (ctx.sketch.description or "").lower()
    terms = _found(tg.terms + tg.indirect_terms + tg.outside_terms, text)
    if not terms:
        return None
    return ", ".join(terms)


def _judge(ctx: CheckContext, target: str) -> CheckResult:
    p = ctx.profile
    tg = p.target_group
    cites = _sources(p)
    if tg.scope == "all":
        return result(
            "malgrupp",
            "pass",
            f"{p.name} begränsar inte målgruppen: {tg.text.strip()}",
            citations=cites,
        )
    text = target.lower()
    inside, indirect, outside = (
        _found(tg.terms, text),
        _found(tg.indirect_terms, text),
        _found(tg.outside_terms, text),
    )
    if inside and not outside:
        return result(
            "malgrupp",
            "pass",
            f"Målgruppen ({target}) ligger inom fondens: {tg.text.strip()}",
            citations=cites,
        )
    if outside and not inside:
        return result(
            "malgrupp",
            "fail",
            f"Målgruppen ({target}) ligger utanför {p.name}, som är till för: {tg.text.strip()}",
            fix="Rikta om insatsen så att effekten når fondens målgrupp, eller sök annan finansiering.",
            citations=cites,
        )
    if outside and inside:
        return result(
            "malgrupp",
            "warn",
            f"Målgruppen ({target}) blandar fondens målgrupp med grupper utanför den. Fonden är till "
            f"för: "
            f"{tg.text.strip()}",
            fix="Beskriv vilken del av insatsen som når fondens målgrupp och hur effekten för den mäts.",
            citations=cites,
        )
    if indirect:
        return result(
            "malgrupp",
            "warn",
            f"Insatsen riktar sig till {', '.join(indirect)}. Det går bara om effekten når fondens målgrupp: "
            f"{tg.text.strip()}",
            fix="Beskriv hur insatsen når barnen och de unga och hur effekten för dem ska mätas.",
            citations=cites,
        )
    return result(
        "malgrupp",
        "warn",
        f"Det framgår inte om målgruppen ({target}) hör till fondens: {tg.text.strip()}",
        fix="Ange målgruppens ålder och vilka barn, unga eller unga vuxna insatsen når.",
        citations=cites,
    )
