"""likstallighet: no economic benefits to selected individuals without objective grounds (KL 2 kap. 3 §).

Passes only on a stated, readable answer about what the money is for; never because no benefit word appears in
a text that was not read. "alla"/"samtliga" alone are not objective grounds when the text names a selection.
"""

from __future__ import annotations

import re

from rules.checks.base import (
    CheckContext,
    CheckResult,
    Evidence,
    Hit,
    check_data,
    clause_hits,
    pattern,
    quoted,
    register,
    result,
    unknown,
    unreadable,
)
from rules.facts import readable
from rules.profiles import FundProfile
from rules.sources import Citation, passage, statute

_FIELDS = ("funding_purpose", "target_group", "method")


def _sources(profile: FundProfile) -> list[Citation]:
    return [statute("kl_likstallighet")] + (profile.cite(profile.equality) or [passage("equality_case")])


def _objective(ev: Evidence, text: str) -> list[str]:
    """Objective-grounds phrases that count: a bare 'alla'/'samtliga' does not when a selection is named."""
    data = check_data("likstallighet")
    grounds = ev.phrases("objective_grounds")
    if re.search(data["selection"], text, re.IGNORECASE):
        grounds = [g for g in grounds if not re.match(data["universal_only"], g, re.IGNORECASE)]
    return grounds


def _offered_to_all(ev: Evidence, text: str) -> bool:
    """The words of an offer to everyone in a bounded group ("till varje barn 8-16 år i kommunens alla
    skolor"), with no selection named: not enough to pass, but no failure for selected persons either (blind
    v7 k109, retired). The objective-grounds word list is only a feature of the learned signal, so it is used
    here to hold a failure to a warning, never for a pass."""
    if re.search(check_data("likstallighet")["selection"], text, re.IGNORECASE):
        return False
    words = ev.stated.found.get("objective_grounds", []) + ev.inferred.found.get("objective_grounds", [])
    data = check_data("likstallighet")
    universal = [w for w in words if re.match(data["universal_only"], w, re.IGNORECASE)]
    # "varje barn som socialtjänsten känner till", "varje ungdom i Ronna": a selection (review 8 §6)
    restricted = re.compile(data["restricted_after"])
    for word in universal:
        for found in re.finditer(re.escape(word), text, re.IGNORECASE):
            if restricted.match(text[found.end() :]):
                return False
    return bool(universal)


@register(
    "likstallighet",
    "Likställighet",
    "Ger projektet ekonomiska förmåner till utvalda personer utan sakliga skäl, till exempel körkort åt "
    "några ungdomar?",
    _sources,
)
def check(ctx: CheckContext) -> CheckResult:
    cites = _sources(ctx.profile)
    ev = ctx.evidence(*_FIELDS)
    if ev.has("selective_benefit"):
        if ev.stated.has("selective_benefit"):
            for name in _FIELDS:
                if ctx.stated(name):
                    ctx.use(name)
        else:
            ctx.use_purpose(ev.sentence("selective_benefit"))
        found = quoted(ev.phrases("selective_benefit"))
        if _objective(ev, ctx.text(*_FIELDS)) or _offered_to_all(ev, ctx.text(*_FIELDS)):
            return result(
                "likstallighet",
                "warn",
                f"Projektet ger förmåner till enskilda ({found}). Det är bara tillåtet om urvalet bygger på "
                "sakliga skäl som gäller lika för alla i samma situation.",
                fix="Beskriv urvalskriterierna och varför de är sakliga, och låt en jurist granska "
                "upplägget.",
                citations=cites,
            )
        return result(
            "likstallighet",
            "fail",
            f"Projektet ger ekonomiska förmåner till utvalda personer ({found}). Kommunen ska behandla sina "
            "medlemmar lika om det inte finns sakliga skäl för något annat; ett bidrag till vissa ungdomars "
            "körkort stoppades av det skälet.",
            fix=(
                "Ta bort den individuella förmånen, eller gör insatsen till en metod som erbjuds alla i "
                "målgruppen på samma villkor."
            ),
            citations=cites,
        )
    named = _named_benefits(ctx)
    risky = [(hit, stated) for hit, stated in named if not hit.negated]
    # A sentence of the description that may carry a benefit is asked about; in a stated answer it is weighed
    # against what the answer says the money pays (own costs, equal terms) below.
    maybe = [x for x in ev.inferred.weak("selective_benefit") if not ctx.confirmed_in(x)]
    text = ctx.text(*_FIELDS)
    if risky:
        if any(stated for _, stated in risky):
            for name in _FIELDS:
                if ctx.stated(name):
                    ctx.use(name)
        for hit, stated in risky:
            if not stated:
                ctx.use_purpose(hit.clause)
        found = quoted(list(dict.fromkeys(hit.clause for hit, _ in risky)))
        selected = re.search(check_data("likstallighet")["selection"], text, re.IGNORECASE)
        personal = pattern("likstallighet", "personal")
        if (
            selected
            and not _objective(ev, text)
            and any(stated and personal.search(hit.clause) for hit, stated in risky)
        ):
            return result(
                "likstallighet",
                "fail",
                f"Projektet ger något av ekonomiskt värde till utvalda personer ({found}). Kommunen ska "
                "behandla sina medlemmar lika om det inte finns sakliga skäl för något annat; ett bidrag "
                "till vissa ungdomars körkort stoppades av det skälet.",
                fix="Ta bort den individuella förmånen, eller erbjud den alla i målgruppen på samma villkor "
                "och beskriv urvalsgrunderna.",
                citations=cites,
            )
        return result(
            "likstallighet",
            "warn",
            f"Projektet ger något av ekonomiskt värde till enskilda ({found}). Det är bara tillåtet om alla "
            "i samma situation får det på samma villkor, eller om urvalet bygger på sakliga skäl.",
            fix="Beskriv vem som får det och hur urvalet görs, och låt en jurist granska upplägget.",
            missing=["target_group"],
            citations=cites,
        )
    if maybe:
        ctx.use_purpose(maybe[0])
        return result(
            "likstallighet",
            "warn",
            f"Det är oklart om någon enskild person får något av ekonomiskt värde ({quoted(maybe[:2])}). "
            "Förmåner till utvalda personer kräver sakliga skäl.",
            fix="Ange om enskilda får något (pengar, kort, resor, utrustning) och i så fall hur de väljs ut.",
            missing=["funding_purpose"],
            citations=cites,
        )
    if not ctx.sketch.funding_purpose:
        settled = _settled_without_purpose(ctx, ev, named, text)
        if settled:
            ctx.use(settled)
            return result(
                "likstallighet",
                "pass",
                "Insatsen erbjuds alla i målgruppen på samma villkor, eller ni skriver att ingen enskild får "
                "något av ekonomiskt värde.",
                citations=cites,
            )
        return unknown(
            "likstallighet",
            ["funding_purpose"],
            "Kommunen får inte ge ekonomiska förmåner till utvalda personer utan sakliga skäl.",
            cites,
        )
    if ctx.stated("funding_purpose") and not ctx.readable("funding_purpose"):
        return unreadable(
            "likstallighet", "Kommunen får inte ge ekonomiska förmåner till utvalda personer.", cites
        )
    ctx.use("funding_purpose")
    purpose = ctx.sketch.funding_purpose if ctx.stated("funding_purpose") else ""
    denied = any(hit.negated and stated for hit, stated in named)
    own = bool(pattern("likstallighet", "own_costs").search(purpose or ""))
    equal = bool(_objective(ev, text)) and ev.stated.has("objective_grounds")
    if not (denied or own or equal):
        return result(
            "likstallighet",
            "warn",
            "Det framgår inte om någon enskild person får något av ekonomiskt värde genom projektet. "
            "Förmåner till utvalda personer kräver sakliga skäl.",
            fix="Ange vad pengarna betalar och om enskilda deltagare får något (pengar, kort, resor, "
            "utrustning).",
            missing=["funding_purpose"],
            citations=cites,
        )
    return result(
        "likstallighet",
        "pass",
        "Pengarna går till projektets eget arbete eller till en insats som erbjuds alla på samma villkor, "
        "och ingen enskild får något av ekonomiskt värde.",
        citations=cites,
    )


def _settled_without_purpose(
    ctx: CheckContext, ev: Evidence, named: list[tuple[Hit, bool]], text: str
) -> str | None:
    """With no purpose given: the stated method or target group that rules a benefit out in its own words
    (equal terms for all, or a negated benefit: "Sommarskola som erbjuds alla elever …; inga individuella
    ersättningar"), or None. Only a stated, readable answer counts."""
    for name in ("method", "target_group"):
        if not ctx.readable(name):
            continue
        value = getattr(ctx.sketch, name) or ""
        denied = any(hit.negated and stated and hit.clause in value for hit, stated in named)
        equal = any(g in value for g in _objective(ev, text) if g in ev.stated.phrases("objective_grounds"))
        if denied or equal:
            return name
    return None


def _named_benefits(ctx: CheckContext) -> list[tuple[Hit, bool]]:
    """Each clause naming something of economic value for a person, and whether it is in a stated field."""
    found: list[tuple[Hit, bool]] = []
    benefit = pattern("likstallighet", "benefit")
    texts = [(getattr(ctx.sketch, f), ctx.stated(f)) for f in _FIELDS]
    texts.append((ctx.sketch.description, False))
    for text, stated in texts:
        if isinstance(text, str) and readable(text):
            found.extend((hit, stated) for hit in clause_hits(text, benefit))
    return found
