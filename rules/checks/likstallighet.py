"""likstallighet: no economic benefits to selected individuals without objective grounds (KL 2 kap. 3 §)."""

from __future__ import annotations

from rules.checks.base import CheckContext, CheckResult, register, result, unknown
from rules.profiles import FundProfile
from rules.sources import Citation, passage, statute


def _sources(profile: FundProfile) -> list[Citation]:
    return [statute("kl_likstallighet")] + (profile.cite(profile.equality) or [passage("equality_case")])


@register(
    "likstallighet",
    "Likställighet",
    "Ger projektet ekonomiska förmåner till utvalda personer utan sakliga skäl, till exempel körkort åt "
    "några "
    "ungdomar?",
    _sources,
)
def check(ctx: CheckContext) -> CheckResult:
    cites = _sources(ctx.profile)
    signals = ctx.signals("funding_purpose", "target_group", "method")
    if signals.has("selective_benefit"):
        found = ", ".join(f"”{x}”" for x in signals.phrases("selective_benefit"))
        if signals.has("objective_grounds"):
            return result(
                "likstallighet",
                "warn",
                f"Projektet ger förmåner till enskilda ({found}). Det är bara tillåtet om urvalet bygger på "
                f"sakliga "
                "skäl som gäller lika för alla i samma situation.",
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
                "målgruppen "
                "på samma villkor."
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
    return result(
        "likstallighet",
        "pass",
        "Inget i beskrivningen tyder på förmåner till utvalda personer.",
        citations=cites,
    )
