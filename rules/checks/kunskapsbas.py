"""kunskapsbas: a knowledge-based method, with references where the fund requires them."""

from __future__ import annotations

import re

from rules.checks.base import CheckContext, CheckResult, register, result, unknown
from rules.extract import find_signals
from rules.profiles import FundProfile
from rules.sources import Citation

_YEAR = re.compile(r"\b(19|20)\d{2}\b")


def _sources(profile: FundProfile) -> list[Citation]:
    return profile.cite(profile.method)


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
    method_signals = find_signals(s.method)
    if not s.knowledge_base:
        if not p.method.references_required and method_signals.has("untested_method"):
            return result(
                "kunskapsbas",
                "pass",
                f"Metoden beskrivs som ny och oprövad, vilket fonden tillåter. {rule}",
                fix="Planera uppföljningen särskilt noga eftersom effekterna inte är kända.",
                citations=cites,
            )
        return unknown("kunskapsbas", ["knowledge_base"], rule, cites)
    kb_signals = find_signals(s.knowledge_base)
    if kb_signals.has("references") or _YEAR.search(s.knowledge_base):
        return result(
            "kunskapsbas",
            "pass",
            f"Metoden har en beskriven kunskapsbas med hänvisningar. {rule}",
            citations=cites,
        )
    if not p.method.references_required and (
        method_signals.has("untested_method") or kb_signals.has("untested_method")
    ):
        return result(
            "kunskapsbas",
            "pass",
            f"Metoden beskrivs som ny och oprövad, vilket fonden tillåter. {rule}",
            citations=cites,
        )
    return result(
        "kunskapsbas",
        "warn",
        f"Kunskapsbasen innehåller inga hänvisningar till forskning eller utvärderingar som vi kan se. "
        f"{rule}",
        fix="Ange studier, forskningsöversikter eller utvärderingar (författare, år, titel) som metoden "
        "bygger på.",
        citations=cites,
    )
