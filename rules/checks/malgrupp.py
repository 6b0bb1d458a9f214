"""malgrupp: the project's target group against the fund's."""

from __future__ import annotations

import re

from rules.checks.base import CheckContext, CheckResult, check_data, clause_hits, register, result, unknown
from rules.facts import readable
from rules.profiles import FundProfile
from rules.sources import Citation


def _sources(profile: FundProfile) -> list[Citation]:
    return profile.cite(profile.target_group)


def _found(terms: list[str], text: str) -> list[str]:
    return [t for t in terms if re.search(rf"(?<!\w){re.escape(t)}\w*", text)]


def _named(terms: list[str], text: str) -> list[str]:
    """Terms named as words of their own ("barnen", "elevernas"), not inside compounds ("barnmorskor",
    "elevhälsans personal"), and not negated in their clause ("inte barn")."""
    endings = check_data("malgrupp")["term_endings"]
    found = []
    for t in terms:
        regex = re.compile(rf"(?<!\w){re.escape(t)}{endings}(?!\w)", re.IGNORECASE)
        if any(not h.negated for h in clause_hits(text, regex)):
            found.append(t)
    return found


def _too_old(text: str) -> str | None:
    """An age in the target group above the upper age of "unga" (``max_young_age``), or None."""
    data = check_data("malgrupp")
    limit = int(data["max_young_age"])
    for found in re.finditer(data["age"], text):
        ages = [int(x) for x in found.groups() if x]
        if max(ages) > limit:
            return found.group(0)
    for found in re.finditer(data["over"], text, re.IGNORECASE):
        return found.group(0)
    return None


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
    # whole words with their endings, not prefixes: "ungefär" is no "ung", "barnmorskor" no "barn"
    terms = _named(tg.terms + tg.indirect_terms + tg.outside_terms, text)
    if not terms:
        adults = _adults(text)
        return _phrase_around(text, adults) if adults else None
    return ", ".join(terms)


def _phrase_around(text: str, word: str) -> str:
    """The word and the one after it ("vuxna missbrukare"), for showing back what was read."""
    found = re.search(rf"{re.escape(word)}(?:\s+\w+)?", text)
    return found.group(0) if found else word


def _judge(ctx: CheckContext, target: str) -> CheckResult:
    p = ctx.profile
    tg = p.target_group
    cites = _sources(p)
    if tg.scope == "all" and not readable(target):
        return result(
            "malgrupp",
            "warn",
            f"Jag kan inte läsa ut vilken målgrupp insatsen har ({target}). {p.name} begränsar inte "
            f"målgruppen, men den behöver beskrivas: {tg.text.strip()}",
            fix="Beskriv målgruppen med några ord på svenska, till exempel ålder och situation.",
            missing=["target_group"],
            citations=cites,
        )
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
    named = _named(tg.terms, text)
    too_old = _too_old(text) or _adults(text)
    excluded = _adults_only(text, inside, indirect, named)
    if excluded:
        return result(
            "malgrupp",
            "fail",
            f"Målgruppen ({target}) är vuxna ({excluded}) och utesluter barn och unga, så insatsen når inte "
            f"fondens målgrupp. {p.name} är till för: {tg.text.strip()}",
            fix="Rikta om insatsen så att effekten når barn och unga, eller sök annan finansiering.",
            citations=cites,
        )
    if inside and not outside and (not named or too_old):
        return result(
            "malgrupp",
            "warn",
            f"Det framgår inte säkert att målgruppen ({target}) är barn eller unga"
            + (f": ”{too_old}” hör inte till barn och unga." if too_old else ".")
            + f" Fonden är till för: {tg.text.strip()}",
            fix="Ange målgruppens ålder och vilka barn, unga eller unga vuxna insatsen når.",
            missing=["target_group"],
            citations=cites,
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


def _adults_only(text: str, inside: list[str], indirect: list[str], named: list[str]) -> str | None:
    """The age of a stated group of adults that leaves children and young people out: every age above
    ``max_young_age``, no indirect term (parents, staff), and the fund's group either not named beside a word
    for adults ("långtidsarbetslösa vuxna 30–55 år") or named only to exclude it (``excluding``: "Arbetslösa
    vuxna 30–55 år utan barn i hushållet"). None otherwise."""
    data = check_data("malgrupp")
    ages = [int(x) for found in re.finditer(data["age"], text) for x in found.groups() if x]
    if not ages or min(ages) <= int(data["max_young_age"]) or indirect:
        return None
    excluding = re.compile(data["excluding"], re.IGNORECASE)
    terms = [t for t in inside if re.search(rf"(?<!\w){re.escape(t)}", text)]
    if not terms and not _adults(text):
        return None
    if any(not excluding.search(_before(text, t)) for t in terms):
        return None
    found = re.search(data["age"], text)
    return found.group(0) if found else None


def _before(text: str, term: str) -> str:
    """The few words before the first word of ``term`` in ``text``."""
    at = re.search(rf"(?<!\w){re.escape(term)}", text)
    return text[max(0, at.start() - 20) : at.start()] if at else ""


def _adults(text: str) -> str | None:
    """Adults named beside the fund's group ("vuxna med missbruk"), or None."""
    found = re.search(check_data("malgrupp")["adults"], text, re.IGNORECASE)
    return found.group(0) if found else None
