"""aterforing: the repayment plan against the fund's limits."""

from __future__ import annotations

import re

from rules.checks.base import (
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
    years,
)
from rules.extract import number_word_pattern, parse_number
from rules.facts import sentences, shorten
from rules.profiles import FundProfile, RepaymentRules
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
    refused = declined("aterforing", s.repayment_plan) if ctx.readable("repayment_plan") else None
    asks_exemption = bool(s.repayment_plan) and re.search(
        check_data("aterforing")["asks_exemption"], s.repayment_plan or "", re.IGNORECASE
    )
    if refused and not asks_exemption:
        ctx.use("repayment_plan")
        return result(
            "aterforing",
            "fail",
            f"Planen säger att ni inte ska betala tillbaka (”{refused}”), och den begär inget undantag. Hela "
            f"det förbrukade beloppet ska återföras enligt fondens regel. Fondens regel: {rule}",
            fix="Planera när och hur nämnden betalar tillbaka, eller motivera ett undantag utifrån fondens "
            "villkor.",
            citations=cites,
        )
    if s.repayment_plan and ctx.find(s.repayment_plan).has("repayment_exemption"):
        ctx.use("repayment_plan")
        early = _early_exemption(s.repayment_plan, r) if ctx.readable("repayment_plan") else None
        if early:
            return result(
                "aterforing",
                "pass",
                f"Planen begär undantag från återföring för en mycket tidig insats: {early}. Det är vad "
                "fonden kräver för ett sådant undantag, som beviljas efter prövning. "
                f"{r.exemption.text.strip()}",
                citations=cites + p.cite(r.exemption),
            )
        unstudied = _unstudied_early(s.repayment_plan, r) if ctx.readable("repayment_plan") else None
        if unstudied:
            return result(
                "aterforing",
                "fail",
                "Planen räknar med undantaget för mycket tidiga insatser, men undantaget kräver att metoden "
                f"bygger på studier med kontrollgrupper, och planen säger ”{unstudied}”. "
                f"{r.exemption.text.strip()}",
                fix="Planera återföringen enligt fondens regel, eller visa att metoden bygger på studier med "
                "kontrollgrupper.",
                citations=cites + p.cite(r.exemption),
            )
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
    after_end = (
        bool(s.repayment_plan)
        and ctx.readable("repayment_plan")
        and any(not h.negated for h in clause_hits(s.repayment_plan, pattern("aterforing", "after_end")))
    )
    if r.start_after_project_end and not after_end:
        needed.append("repayment_start_years")
    missing = [f for f in dict.fromkeys(needed) if getattr(s, f) is None]
    if after_end and r.start_after_project_end:
        ctx.use("repayment_plan")  # "1–5 år efter projektets slut": the plan says when repayment starts

    statuses: list[Status] = []
    texts: list[str] = []
    last = _last_year_after_end(s.repayment_plan or "", s.repayment_start_years, s.repayment_years)
    window = r.duration_max_years if after_end and r.start_after_project_end else None
    if window is not None and last is not None and last > window:
        # the fund's window is counted from the project's end: "mellan ett och tio år efter projektets slut"
        statuses.append("fail")
        texts.append(
            f"Återbetalningen pågår till år {last:g} efter projektets slut, men ska ske inom "
            f"{years(window)} efter projektets slut."
        )
    span = _calendar_span(s.repayment_plan) if ctx.readable("repayment_plan") else None
    if span and s.end_date and r.start_after_project_end and r.duration_max_years is not None:
        # "Återbetalning 2035-2042." with the project ending 2028: through year 14 after the end (v5 k119)
        first_year, last_year = span
        after = last_year - s.end_date.year
        if after > r.duration_max_years:
            ctx.use("repayment_plan")
            statuses.append("fail")
            texts.append(
                f"Återbetalningen pågår till {last_year}, {years(after)} efter projektets slut "
                f"({s.end_date.year}), men ska ske inom {years(r.duration_max_years)} efter projektets slut."
            )
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
        if after_end:
            pass  # "under år 2–6 efter projektets slut": the plan says when, no dates needed
        elif project is None:
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
    hedge = _hedge(s.repayment_plan) if ctx.readable("repayment_plan") else None
    if missing and hedge:
        # the plan gives no figures but limits or puts off the repayment in its own words: a question about
        # that, not only a missing figure ("Vi vill bara återbetala halva beloppet")
        ctx.use("repayment_plan")
        return result(
            "aterforing",
            "warn",
            f"Planen säger ”{hedge}”. Hela det förbrukade beloppet ska återföras enligt fondens regel, om "
            f"inte fonden beviljar ett undantag. Fondens regel: {rule}",
            fix="Ange när återbetalningen börjar och hur länge den pågår, för hela beloppet.",
            missing=missing,
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


def _calendar_span(plan: str | None) -> tuple[int, int] | None:
    """The calendar years a plan repays in ("Återbetalning 2035-2042", ``calendar_span`` in data/checks.yaml),
    or None."""
    found = re.search(check_data("aterforing")["calendar_span"], plan or "", re.IGNORECASE)
    if not found:
        return None
    first, last = int(found.group(1)), int(found.group(2))
    return (first, last) if first <= last else None


def _last_year_after_end(plan: str, start: float | None, length: float | None) -> float | None:
    """The last year after the project's end in which repayment is made: the plan's own "till 12 år efter
    projektets slut", or the stated start plus length ("år 3" and "10 år": through year 12); None if
    neither."""
    found = [
        float(m.group(1)) for m in re.finditer(check_data("aterforing")["until_year"], plan, re.IGNORECASE)
    ]
    if start is not None and length is not None:
        found.append(start + length - 1)
    return max(found) if found else None


def _early_exemption(plan: str, r: RepaymentRules) -> str | None:
    """What in a stated plan meets the fund's exemption for very early efforts, or None: gains said to come
    more than ``early_exemption_after_years`` ahead and, where the fund requires it, a method resting on
    studies with control groups (vocabulary ``early_exemption`` in ``data/checks.yaml``)."""
    if r.early_exemption_after_years is None:
        return None
    data = check_data("aterforing")["early_exemption"]
    late = _late_horizons(plan, r)
    if not late:
        return None
    first = late[0]
    met = (
        f"vinsterna väntas först efter mer än {years(int(first))}"
        if first % 1
        else f"vinsterna väntas om {years(first)}, mer än {years(r.early_exemption_after_years)}"
    )
    if r.early_exemption_needs_control_groups:
        if not re.search(data["control_groups"], plan, re.IGNORECASE):
            return None
        met += ", och metoden bygger på studier med kontrollgrupper"
    return met


def _late_horizons(plan: str, r: RepaymentRules) -> list[float]:
    """The numbers of years ahead the plan puts its gains at ("vinsterna väntas om 15 år", "om mer än tio
    år"), those beyond the fund's early-exemption horizon."""
    if r.early_exemption_after_years is None:
        return []
    data = check_data("aterforing")["early_exemption"]
    horizon = data["horizon"].replace("{number}", number_word_pattern())
    horizons: list[float] = []
    for m in re.finditer(horizon, plan, re.IGNORECASE):
        x = parse_number(m.group(1))
        if x is not None:
            more = re.search(r"\b(?:mer\s+än|över)\s+\S*\s*$", m.group(0)[: m.start(1) - m.start(0)])
            horizons.append(x + (0.5 if more else 0))
    return [y for y in horizons if y > r.early_exemption_after_years]


def _unstudied_early(plan: str, r: RepaymentRules) -> str | None:
    """The words of a plan that asks for the early exemption (gains beyond the horizon) but says the method
    has not been studied, where the exemption needs studies with control groups; else None."""
    if not r.early_exemption_needs_control_groups or not _late_horizons(plan, r):
        return None
    data = check_data("aterforing")["early_exemption"]
    if re.search(data["control_groups"], plan, re.IGNORECASE) and not re.search(
        data["not_studied"], plan, re.IGNORECASE
    ):
        return None
    found = re.search(data["not_studied"], plan, re.IGNORECASE)
    return found.group(0) if found else None


def _hedge(plan: str | None) -> str | None:
    """A sentence of the repayment plan that limits, puts off or negates the repayment, or None."""
    doubt = pattern("aterforing", "doubt")
    for sentence in sentences(plan):
        if doubt.search(sentence):
            return shorten(sentence)
    return None
