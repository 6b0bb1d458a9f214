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
    check_data,
    quoted,
    register,
    result,
    unknown,
    unreadable,
)
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
        if _objective(ev, ctx.text(*_FIELDS)):
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
    if not ctx.sketch.funding_purpose:
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
    return result(
        "likstallighet",
        "pass",
        "Inget i det ni skriver om vad pengarna ska användas till tyder på förmåner till utvalda personer.",
        citations=cites,
    )
