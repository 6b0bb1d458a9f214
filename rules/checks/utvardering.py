"""utvardering: evaluation plan, comparison group and external evaluator as the fund requires.

Reads the profile's ``evaluation``: ``external_evaluator_required``, ``comparison_required`` and
``before_after_only_complement`` (before/after measurements alone are no comparison; without it they count as
one where a comparison is required)."""

from __future__ import annotations

import re

from rules.checks.base import (
    NEGATION,
    CheckContext,
    CheckResult,
    Status,
    check_data,
    clause_hits,
    declined,
    pattern,
    register,
    result,
    unknown,
    worst,
)
from rules.facts import readable
from rules.profiles import FundProfile
from rules.sources import Citation


def _sources(profile: FundProfile) -> list[Citation]:
    return profile.cite(profile.evaluation)


@register(
    "utvardering",
    "Utvärdering",
    "Finns en utvärderingsplan med jämförelsegrupp och extern utvärderare i den mån fonden kräver det?",
    _sources,
)
def check(ctx: CheckContext) -> CheckResult:
    s, p = ctx.sketch, ctx.profile
    rules = p.evaluation
    cites = _sources(p)
    if not s.evaluation:
        needed = ["evaluation"]
        if rules.comparison_required and s.comparison_group is None:
            needed.append("comparison_group")
        if rules.external_evaluator_required and not s.external_evaluator:
            needed.append("external_evaluator")
        return unknown("utvardering", needed, rules.text.strip(), cites)

    refused = declined("utvardering", s.evaluation) if ctx.readable("evaluation") else None
    if refused:
        ctx.use("evaluation")
        return result(
            "utvardering",
            "fail",
            f"Svaret om utvärdering säger att ingen uppföljning eller utvärdering ska göras (”{refused}”). "
            f"Fondens krav: {rules.text.strip()}",
            fix="Beskriv hur resultat och effekter ska följas upp, vad som mäts och av vem.",
            citations=cites,
        )
    statuses: list[Status] = []
    texts: list[str] = []
    fixes: list[str] = []
    missing: list[str] = []
    eval_signals = ctx.find(s.evaluation)

    if rules.external_evaluator_required:
        evaluator = ctx.find(s.external_evaluator) if s.external_evaluator else None
        doubt = check_data("utvardering")["doubt"]
        # A named evaluator decides; without one, the plan must name an external party in words (högskola,
        # universitet, FoU, extern utvärderare): the classifier alone read "Effektutvärdering med
        # kontrollgrupp" as external (p 0.45), which is a guess, so that is a warning (issue 8).
        in_plan = eval_signals.has("external_evaluator")
        plan_named = bool(eval_signals.found.get("external_evaluator"))
        plan_doubt = in_plan and re.search(doubt, s.evaluation, re.IGNORECASE) is not None
        named = bool(evaluator and evaluator.has("external_evaluator"))
        named_doubt = named and re.search(doubt, s.external_evaluator or "", re.IGNORECASE) is not None
        if s.external_evaluator:
            external = named and not named_doubt
        else:
            external = in_plan and plan_named and not plan_doubt
            plan_doubt = plan_doubt or (in_plan and not plan_named)
        internal_only = evaluator is not None and evaluator.has("internal_only") and not external
        ctx.use("evaluation")
        if s.external_evaluator:
            ctx.use("external_evaluator")
        if plan_doubt and not external:
            statuses.append("warn")
            texts.append(
                "Det framgår inte säkert att en extern part utvärderar: planen nämner en extern part men "
                "också "
                "att ni utvärderar själva eller utan den."
            )
            fixes.append("Ange vem utanför er verksamhet, till exempel en högskola, som utvärderar insatsen.")
        elif external:
            statuses.append("pass")
            texts.append("En extern part följer och utvärderar insatsen.")
        elif internal_only:
            statuses.append("fail")
            texts.append("Utvärderingen görs utan extern part, men fonden kräver en extern utvärderare.")
            fixes.append(
                "Knyt en högskola, ett universitet eller en FoU-enhet till projektet för utvärderingen."
            )
        elif s.external_evaluator:
            statuses.append("warn")
            texts.append(
                f"Det framgår inte om {s.external_evaluator} är en extern part med vetenskaplig kompetens."
            )
            fixes.append("Ange att utvärderaren är extern, till exempel en högskola.")
        elif (
            ctx.readable("evaluation")
            and pattern("utvardering", "own_follow_up").search(s.evaluation)
            and (no_external := pattern("utvardering", "no_external").search(s.evaluation))
            and not re.search(check_data("declined_answer")["contrast"], s.evaluation, re.IGNORECASE)
        ):
            statuses.append("fail")
            texts.append(
                f"Planen säger att ni utvärderar själva utan extern part (”{no_external.group(0)}”), men "
                "fonden kräver en extern utvärderare."
            )
            fixes.append(
                "Knyt en högskola, ett universitet eller en FoU-enhet till projektet för utvärderingen."
            )
        elif ctx.readable("evaluation") and pattern("utvardering", "own_follow_up").search(s.evaluation):
            statuses.append("warn")
            missing.append("external_evaluator")
            texts.append(
                "Planen beskriver en uppföljning som ni gör själva och nämner ingen extern part, men fonden "
                "kräver en extern utvärderare."
            )
            fixes.append("Ange vem utanför er verksamhet, till exempel en högskola, som utvärderar insatsen.")
        elif ctx.readable("evaluation") and (
            no_external := pattern("utvardering", "no_external").search(s.evaluation)
        ):
            # "ingen extern utvärderare eftersom instrumentet är standardiserat": a reason, not a plan the
            # fund accepts; a warning with the requirement (retired blind v5, odd id k167, was unknown)
            statuses.append("warn")
            missing.append("external_evaluator")
            texts.append(
                f"Planen säger ”{no_external.group(0)}”, men fonden kräver att en extern part, till exempel "
                "en högskola, följer och utvärderar insatsen."
            )
            fixes.append("Ange vem utanför er verksamhet, till exempel en högskola, som utvärderar insatsen.")
        else:
            statuses.append("unknown")
            missing.append("external_evaluator")
            texts.append("Det saknas uppgift om extern utvärderare, som fonden kräver.")

    with_what = re.search(check_data("utvardering")["compared_with"], s.evaluation, re.IGNORECASE)
    compared = s.comparison_group is True or (eval_signals.has("comparison") and with_what is not None)
    # profile evaluation.before_after_only_complement: before/after measurements alone are not enough
    before_after = eval_signals.has("before_after")
    only_complement = before_after and rules.before_after_only_complement and not compared
    if rules.comparison_required:
        ctx.use("evaluation")
        if s.comparison_group is not None:
            ctx.use("comparison_group")
        if compared:
            statuses.append("pass")
            texts.append("Utvärderingen har en kontrollgrupp eller annan jämförelse.")
        elif only_complement:
            statuses.append("fail" if s.comparison_group is False else "warn")
            texts.append("Utvärderingen bygger på före-efter-mätningar, som bara får vara ett komplement.")
            fixes.append("Lägg till en kontrollgrupp eller jämför med andra kommuner eller riket.")
        elif before_after:
            statuses.append("pass")
            texts.append("Utvärderingen jämför före och efter insatsen.")
        elif s.comparison_group is False:
            statuses.append("fail")
            texts.append(
                "Utvärderingen saknar kontrollgrupp eller annat jämförelsealternativ, som fonden kräver."
            )
            fixes.append("Lägg till en kontrollgrupp eller jämför med andra kommuner eller riket.")
        else:
            statuses.append("unknown")
            missing.append("comparison_group")
            texts.append("Det framgår inte om utvärderingen har en kontrollgrupp eller annan jämförelse.")
    elif only_complement:
        ctx.use("evaluation")
        if s.comparison_group is not None:
            ctx.use("comparison_group")
        statuses.append("warn")
        texts.append(
            "Utvärderingen bygger bara på före-efter-mätningar, som enligt fonden bara får vara ett "
            "komplement till en jämförelse."
        )
        fixes.append("Lägg till en kontrollgrupp eller jämför med andra kommuner eller riket.")

    if not statuses:
        ctx.use("evaluation")
        statuses.append("pass")
        texts.append("Det finns en plan för uppföljning och utvärdering.")
    status = worst(statuses)
    if status == "pass" and not _follows_effects(s.evaluation):
        status = "warn"
        texts.append("Planen säger inte hur resultat eller effekter ska följas upp och utvärderas.")
        fixes.append("Beskriv vad som ska mätas, hur och av vem, och vad resultaten jämförs med.")
        missing.append("evaluation")
    return result(
        "utvardering",
        status,
        " ".join(texts) + f" Fondens krav: {rules.text.strip()}",
        fix=" ".join(fixes) or (f"Fyll i {', '.join(missing)}." if missing else None),
        missing=missing if status in ("unknown", "warn") else [],
        citations=cites,
    )


def _follows_effects(plan: str) -> bool:
    """The plan says how results or effects are followed up (a word of ``effects`` that is not negated) and
    can be read."""
    hits = clause_hits(plan, pattern("utvardering", "effects"))
    # a negation after the word in its clause counts too ("Effekterna mäts inte")
    return readable(plan) and any(not h.negated and not NEGATION.search(h.clause) for h in hits)
