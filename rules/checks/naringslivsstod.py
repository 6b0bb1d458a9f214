"""naringslivsstod: no individual support to businesses without exceptional grounds (KL 2 kap. 8 §)."""

from __future__ import annotations

import re

from rules.checks.base import CheckContext, CheckResult, quoted, register, result, unknown, unreadable
from rules.extract import classify_applicant, vocabulary
from rules.profiles import FundProfile
from rules.sources import Citation, statute

_INDIVIDUAL = re.compile(r"\b(ett|enskilt|enskilda|vissa|några|utvalda|startbidrag|starta)\b")


def _sources(profile: FundProfile) -> list[Citation]:
    return [statute("kl_naringsliv")] + profile.cite(profile.business_support)


@register(
    "naringslivsstod",
    "Stöd till enskilda företag",
    "Går pengarna som stöd till enskilda företag eller näringsidkare?",
    _sources,
)
def check(ctx: CheckContext) -> CheckResult:
    cites = _sources(ctx.profile)
    business = set(vocabulary()["business_kinds"])
    granted = [
        a.name or a.kind or "en aktör"
        for a in ctx.sketch.external_actors or []
        if a.form == "bidrag" and (classify_applicant(a.kind) or classify_applicant(a.name)) in business
    ]
    fix = (
        "Låt nämnden köpa en tjänst i konkurrens (LOU) i stället för att ge bidrag, eller gör insatsen till "
        "en "
        "allmän åtgärd som inte gynnar ett enskilt företag."
    )
    if granted:
        ctx.use("external_actors")
        return result(
            "naringslivsstod",
            "fail",
            f"Projektet ger bidrag till företag ({', '.join(granted)}). Kommunen får lämna individuellt stöd "
            "till enskilda näringsidkare bara om det finns synnerliga skäl.",
            fix=fix,
            citations=cites,
        )
    ev = ctx.evidence("funding_purpose")
    if ev.has("business_support"):
        found = ev.phrases("business_support")
        if ev.stated.has("business_support"):
            ctx.use("funding_purpose")
        else:
            ctx.use_purpose(ev.sentence("business_support"))
        if any(_INDIVIDUAL.search(x) for x in found):
            return result(
                "naringslivsstod",
                "fail",
                f"Beskrivningen tyder på stöd till ett enskilt företag ({quoted(found)}). Individuellt stöd "
                "till "
                f"enskilda "
                "näringsidkare får lämnas bara om det finns synnerliga skäl.",
                fix=fix,
                citations=cites,
            )
        return result(
            "naringslivsstod",
            "warn",
            f"Beskrivningen nämner stöd till företag ({quoted(found)}). Allmänna åtgärder för näringslivet "
            "är "
            f"tillåtna, "
            "men inte individuellt stöd till enskilda företag utan synnerliga skäl.",
            fix="Förklara om stödet når alla företag på samma villkor eller bara vissa.",
            citations=cites,
        )
    if not ctx.sketch.funding_purpose:
        return unknown(
            "naringslivsstod",
            ["funding_purpose"],
            "Individuellt stöd till enskilda företag är inte tillåtet.",
            cites,
        )
    if ctx.stated("funding_purpose") and not ctx.readable("funding_purpose"):
        return unreadable(
            "naringslivsstod", "Individuellt stöd till enskilda företag är inte tillåtet.", cites
        )
    ctx.use("funding_purpose")
    return result(
        "naringslivsstod",
        "pass",
        "Inget tyder på stöd till enskilda företag.",
        citations=cites,
    )
