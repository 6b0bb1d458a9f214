"""kunskapsbas: a knowledge-based method, with references where the fund requires them.

A year alone is not a reference ("vi har arbetat så sedan 2019"); it counts only inside a citation such as
"Kling m.fl. 2010" (pattern in ``rules/data/checks.yaml``).
"""

from __future__ import annotations

import re

from rules.checks.base import CheckContext, CheckResult, check_data, register, result, unknown
from rules.profiles import FundProfile
from rules.sources import Citation


def _sources(profile: FundProfile) -> list[Citation]:
    return profile.cite(profile.method)


def _cites_work(text: str) -> bool:
    return re.search(check_data("kunskapsbas")["citation"], text) is not None


@register(
    "kunskapsbas",
    "Kunskapsbaserad metod",
    "Bygger metoden på kunskap, med referenser till forskning där fonden kräver det?",
    _sources,
)
def check(ctx: CheckContext) -> CheckResult:
    s, p = ctx.sketch, ctx.profile
    cites = _sources(p)
    rule = p.method.text.strip()
    if not s.method:
        needed = ["method"] + (["knowledge_base"] if not s.knowledge_base else [])
        return unknown("kunskapsbas", needed, rule, cites)
    method_signals = ctx.find(s.method)
    if not s.knowledge_base:
        if not p.method.references_required and method_signals.has("untested_method"):
            ctx.use("method")
            return result(
                "kunskapsbas",
                "pass",
                f"Metoden beskrivs som ny och oprövad, vilket fonden tillåter. {rule}",
                fix="Planera uppföljningen särskilt noga eftersom effekterna inte är kända.",
                citations=cites,
            )
        return unknown("kunskapsbas", ["knowledge_base"], rule, cites)
    kb_signals = ctx.find(s.knowledge_base)
    hedged = re.search(check_data("kunskapsbas")["doubt"], s.knowledge_base, re.IGNORECASE) is not None
    concrete = _cites_work(s.knowledge_base) or re.search(
        check_data("kunskapsbas")["named_source"], s.knowledge_base, re.IGNORECASE
    )
    if (kb_signals.has("references") or _cites_work(s.knowledge_base)) and concrete and not hedged:
        ctx.use("method")
        ctx.use("knowledge_base")
        return result(
            "kunskapsbas",
            "pass",
            f"Metoden har en beskriven kunskapsbas med hänvisningar. {rule}",
            citations=cites,
        )
    if not p.method.references_required and (
        method_signals.has("untested_method") or kb_signals.has("untested_method")
    ):
        ctx.use("method")
        ctx.use("knowledge_base")
        return result(
            "kunskapsbas",
            "pass",
            f"Metoden beskrivs som ny och oprövad, vilket fonden tillåter. {rule}",
            fix="Planera uppföljningen särskilt noga eftersom effekterna inte är kända.",
            citations=cites,
        )
    ctx.use("knowledge_base")
    return result(
        "kunskapsbas",
        "warn",
        "Kunskapsbasen innehåller inga hänvisningar till forskning eller utvärderingar som vi kan se. "
        f"{rule}",
        fix="Ange studier, forskningsöversikter eller utvärderingar (författare, år, titel) som metoden "
        "bygger på.",
        citations=cites,
    )
