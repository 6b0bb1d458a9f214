"""naringslivsstod: no individual support to businesses without exceptional grounds (KL 2 kap. 8 §)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rules.checks.base import (
    CheckContext,
    CheckResult,
    Hit,
    clause_hits,
    pattern,
    quoted,
    register,
    result,
    unknown,
    unreadable,
)
from rules.extract import classify_applicant, vocabulary
from rules.facts import readable, sentences
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
    named = _named_businesses(ctx)
    risky = [h for h in named if h.kind != "denied"]
    if risky:
        if any(h.stated for h in risky):
            for name in _STATED:
                if ctx.stated(name):
                    ctx.use(name)
        for h in risky:
            if not h.stated:
                ctx.use_purpose(h.hit.clause)
        phrases = quoted(list(dict.fromkeys(h.hit.clause for h in risky)))
        grant = pattern("naringslivsstod", "grant")
        if any(
            h.kind == "support" and h.individual and h.stated and grant.search(h.hit.clause) for h in risky
        ):
            return result(
                "naringslivsstod",
                "fail",
                f"Pengarna ser ut att gå som stöd till ett enskilt företag ({phrases}). Individuellt stöd "
                "till enskilda näringsidkare får lämnas bara om det finns synnerliga skäl.",
                fix=fix,
                citations=cites,
            )
        return result(
            "naringslivsstod",
            "warn",
            f"Beskrivningen nämner företag eller näringsidkare ({phrases}), och det framgår inte att de bara "
            "säljer en tjänst på vanliga villkor. Kommunen får inte ge individuellt stöd till enskilda "
            "näringsidkare utan synnerliga skäl; ett köp ska upphandlas enligt LOU.",
            fix="Förklara vad företaget får och varför: ett köp av en tjänst till marknadspris efter "
            "upphandling, eller ett stöd (som då inte är tillåtet utan synnerliga skäl).",
            missing=["funding_purpose"],
            citations=cites,
        )
    actors = ctx.sketch.external_actors or []
    grant = pattern("naringslivsstod", "grant")
    if (
        not ctx.sketch.funding_purpose
        and actors
        and all(a.form == "upphandling" and a.service and a.value_sek for a in actors)
        and not any(grant.search(t or "") for t in [ctx.sketch.description] + [a.service for a in actors])
    ):
        # every external actor is paid for a stated service bought in open competition: a purchase on market
        # terms, not support to a business (retired blind suite v4, odd id k037; was unknown)
        ctx.use("external_actors")
        return result(
            "naringslivsstod",
            "pass",
            "De externa aktörerna får betalt för tjänster som upphandlas i konkurrens. Det är köp på "
            "marknadsmässiga villkor, inte stöd till enskilda företag.",
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
    denied = any(h.kind == "denied" and h.stated for h in named)
    own = ctx.stated("funding_purpose") and bool(
        pattern("naringslivsstod", "own_costs").search(ctx.sketch.funding_purpose or "")
    )
    if not (denied or own):
        # No business is named, but nothing stated says where the money goes either: absence is no pass.
        return result(
            "naringslivsstod",
            "warn",
            "Det framgår inte vem som får pengarna. Går någon del till ett företag eller en näringsidkare "
            "som stöd eller bidrag är det inte tillåtet utan synnerliga skäl.",
            fix="Ange vad pengarna betalar, och att inget företag får stöd eller bidrag.",
            missing=["funding_purpose"],
            citations=cites,
        )
    return result(
        "naringslivsstod",
        "pass",
        "Pengarna går till projektets eget arbete"
        + (
            " och ni anger att inget företag får stöd."
            if denied
            else ", och inget företag är nämnt som mottagare."
        ),
        citations=cites,
    )


_STATED = ("funding_purpose", "target_group", "method", "title")
_WHO_FIELDS = ("target_group", "title")


@dataclass(frozen=True)
class _Named:
    hit: Hit
    kind: str
    """'denied' (negated: "inga medel till företag"), 'purchase' (bought on ordinary terms), 'support'
    (money or favour in the clause), 'mention'."""
    individual: bool
    stated: bool


def _named_businesses(ctx: CheckContext) -> list[_Named]:
    """Every clause naming a business, in the stated fields and the description, with how it is named."""
    found: list[_Named] = []
    business = pattern("naringslivsstod", "business")
    texts = [(getattr(ctx.sketch, f), ctx.stated(f), f) for f in _STATED]
    texts.append((ctx.sketch.description, False, "description"))
    for text, stated, name in texts:
        if not isinstance(text, str):
            continue
        for sentence in sentences(text):
            favour = pattern("naringslivsstod", "favour").search(sentence) is not None
            bought = pattern("naringslivsstod", "purchase").search(sentence) is not None
            for hit in clause_hits(sentence, business):
                individual = pattern("naringslivsstod", "individual").search(hit.clause) is not None
                if hit.negated:
                    kind = "denied"
                elif bought and not favour:
                    kind = "purchase"
                elif favour or pattern("naringslivsstod", "support").search(sentence):
                    kind = "support"
                elif name in _WHO_FIELDS:
                    continue  # "unga företagare" as the target group says who takes part, not who is paid
                else:
                    kind = "mention"
                found.append(_Named(hit, kind, individual, stated and readable(text)))
    return [f for f in found if f.kind != "purchase"]
