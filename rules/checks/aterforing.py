"""aterforing: the repayment plan against the fund's limits."""

from __future__ import annotations

from rules.checks.base import (
    CheckContext,
    CheckResult,
    Status,
    pattern,
    register,
    result,
    unknown,
    worst,
    years,
)
from rules.facts import sentences, shorten
from rules.profiles import FundProfile
from rules.sources import Citation


def _sources(profile: FundProfile) -> list[Citation]:
    return profile.cite(profile.repayment) + profile.cite(profile.repayment.exemption)


@register(
    "aterforing",
    "Återföring",
    "Håller återföringsplanen fondens gränser för när återbetalningen börjar och hur länge den pågår?",
    _sources,
)
def check(ctx: CheckContext) -> CheckResult:
    s, p = ctx.sketch, ctx.profile
    r = p.repayment
    cites = p.cite(r)
    rule = r.text.strip()
    if s.repayment_plan and ctx.find(s.repayment_plan).has("repayment_exemption"):
        ctx.use("repayment_plan")
        return result(
            "aterforing",
            "warn",
            f"Planen räknar med undantag från återföring. {r.exemption.text.strip()}",
            fix="Motivera undantaget utifrån fondens villkor; beslutet fattas efter särskild prövning.",
            citations=cites + p.cite(r.exemption),
        )
    needed: list[str] = []
    if r.start_max_years is not None or r.min_work_years_before_repayment is not None:
        needed.append("repayment_start_years")
    if r.duration_max_years is not None or r.duration_min_years is not None:
        needed.append("repayment_years")
    if r.start_after_project_end:
        needed.append("repayment_start_years")
    missing = [f for f in dict.fromkeys(needed) if getattr(s, f) is None]

    statuses: list[Status] = []
    texts: list[str] = []
    start, length = s.repayment_start_years, s.repayment_years
    for name in ("repayment_start_years", "repayment_years", "start_date", "end_date"):
        if getattr(s, name) is not None:
            ctx.use(name)
    if start is not None and r.start_max_years is not None and start > r.start_max_years:
        statuses.append("fail")
        texts.append(
            f"Återbetalningen börjar {years(start)} efter projektstart, men ska börja senast efter "
            f"{years(r.start_max_years)}."
        )
    if length is not None and r.duration_max_years is not None and length > r.duration_max_years:
        statuses.append("fail")
        texts.append(
            f"Återbetalningen pågår i {years(length)}, men får pågå högst {years(r.duration_max_years)}."
        )
    if length is not None and r.duration_min_years is not None and length < r.duration_min_years:
        statuses.append("fail")
        texts.append(
            f"Återbetalningen pågår i {years(length)}, men ska pågå minst {years(r.duration_min_years)}."
        )
    if r.start_after_project_end and start is not None:
        project = s.project_years
        if project is None:
            missing += [f for f in ("start_date", "end_date") if getattr(s, f) is None]
        elif start < project:
            statuses.append("fail")
            texts.append(
                f"Återbetalningen börjar {years(start)} efter start, före projektets slut "
                f"({years(round(project, 1))}); den ska ske efter projektets slut."
            )
    if (
        start is not None
        and r.min_work_years_before_repayment is not None
        and start < r.min_work_years_before_repayment
        and not statuses
    ):
        statuses.append("warn")
        texts.append(
            f"Återbetalningen börjar redan efter {years(start)}. Verksamheten får arbeta i minst "
            f"{years(r.min_work_years_before_repayment)} innan återföringen; kontrollera att kostnaderna "
            f"hinner "
            "minska."
        )
    if "fail" in statuses:
        return result(
            "aterforing",
            "fail",
            " ".join(texts) + f" Fondens regel: {rule}",
            fix="Justera återföringsplanen så att den håller fondens gränser, eller motivera ett undantag.",
            citations=cites,
        )
    if missing:
        return unknown("aterforing", missing, f"Fondens regel: {rule}", cites)
    status = worst(statuses) if statuses else "pass"
    hedge = _hedge(s.repayment_plan)
    if status == "pass" and hedge:
        ctx.use("repayment_plan")
        status = "warn"
        texts.append(
            f"Siffrorna håller fondens gränser, men planen säger också ”{hedge}”. Hela beloppet ska "
            "återföras enligt planen om inte fonden beviljar ett undantag."
        )
    elif status == "pass":
        texts.append("Återföringsplanen håller fondens gränser.")
    return result(
        "aterforing",
        status,
        " ".join(texts) + f" Fondens regel: {rule}",
        fix="Bekräfta när kostnadsminskningen väntas uppstå." if status == "warn" else None,
        citations=cites,
    )


def _hedge(plan: str | None) -> str | None:
    """A sentence of the repayment plan that limits, puts off or negates the repayment, or None."""
    doubt = pattern("aterforing", "doubt")
    for sentence in sentences(plan):
        if doubt.search(sentence):
            return shorten(sentence)
    return None
