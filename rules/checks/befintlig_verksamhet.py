"""befintlig_verksamhet: the money must develop a method, not run existing operations."""

from __future__ import annotations

import re

from rules.checks.base import CheckContext, CheckResult, register, result, unknown
from rules.profiles import FundProfile
from rules.sources import Citation

_EXISTING_WORDS = re.compile(r"(befintlig|nuvarande)\w* verksamhet\w*")


def _sources(profile: FundProfile) -> list[Citation]:
    return profile.cite(profile.existing_operations)


@register(
    "befintlig_verksamhet",
    "Befintlig verksamhet",
    "Går pengarna till drift av befintlig verksamhet (löner, hyra, fortsätta som i dag) i stället för att "
    "utveckla en ny metod?",
    _sources,
)
def check(ctx: CheckContext) -> CheckResult:
    p = ctx.profile
    cites = _sources(p)
    signals = ctx.signals("funding_purpose")
    rule = p.existing_operations.text.strip()
    strong = signals.phrases("existing_strong")
    decisive = [x for x in strong if not _EXISTING_WORDS.fullmatch(x)]
    if strong and not decisive and signals.has("development"):
        # "komplettera befintlig verksamhet med en ny metod" names existing work without funding it
        return result(
            "befintlig_verksamhet",
            "warn",
            f"Beskrivningen nämner befintlig verksamhet och en ny metod. {rule}",
            fix="Förtydliga att pengarna bara går till utvecklingen av den nya metoden, inte till driften.",
            citations=cites,
        )
    if strong:
        found = ", ".join(
            f"”{x}”" for x in signals.phrases("existing_strong") + signals.phrases("existing_weak")
        )
        return result(
            "befintlig_verksamhet",
            "fail",
            f"Beskrivningen tyder på att pengarna ska gå till befintlig verksamhet ({found}). {rule}",
            fix=(
                "Beskriv vad som är nytt: vilken metod ni ska utveckla eller pröva och vilka kostnader som "
                "bara "
                "finns under utvecklingen. Löpande drift får finansieras i ordinarie budget."
            ),
            citations=cites,
        )
    if not ctx.sketch.funding_purpose:
        return unknown(
            "befintlig_verksamhet",
            ["funding_purpose"],
            "Fonden finansierar inte befintlig verksamhet.",
            cites,
        )
    if signals.has("existing_weak"):
        found = ", ".join(f"”{x}”" for x in signals.phrases("existing_weak"))
        if signals.has("development"):
            return result(
                "befintlig_verksamhet",
                "warn",
                f"Pengarna ska delvis gå till {found}. Det går om kostnaderna hör till utvecklingen av den "
                f"nya "
                f"metoden, inte till den löpande driften. {rule}",
                fix="Ange att lön och lokal gäller utvecklingsarbetet och bara under projekttiden.",
                citations=cites,
            )
        return result(
            "befintlig_verksamhet",
            "warn",
            f"Pengarna ska gå till {found}, och det framgår inte vilken ny metod som utvecklas. {rule}",
            fix="Förklara vilken ny metod kostnaderna utvecklar, eller finansiera driften i ordinarie "
            "budget.",
            citations=cites,
        )
    return result(
        "befintlig_verksamhet",
        "pass",
        "Inget i beskrivningen av vad pengarna ska användas till tyder på drift av befintlig verksamhet.",
        citations=cites,
    )
