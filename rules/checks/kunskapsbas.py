"""kunskapsbas: a knowledge-based method, with references where the fund requires them.

A year alone is not a reference ("vi har arbetat så sedan 2019"); it counts only inside a citation such as
"Kling m.fl. 2010" (pattern in ``rules/data/checks.yaml``).
"""

from __future__ import annotations

import re

from rules.checks.base import CheckContext, CheckResult, check_data, register, result, unknown
from rules.facts import sentences, shorten
from rules.profiles import FundProfile
from rules.sources import Citation


def _sources(profile: FundProfile) -> list[Citation]:
    return profile.cite(profile.method)


def _cites_work(text: str) -> bool:
    return re.search(check_data("kunskapsbas")["citation"], text) is not None


def _described(ctx: CheckContext) -> str | None:
    """The sentence of the free description that names a method with a concrete reference (a citation or a
    named source beside research words), or None."""
    data = check_data("kunskapsbas")
    for sentence in sentences(ctx.sketch.description):
        concrete = _cites_work(sentence) or re.search(data["named_source"], sentence, re.IGNORECASE)
        if concrete and ctx.find(sentence).has("references") and not re.search(data["doubt"], sentence, re.I):
            return shorten(sentence)
    return None


@register(
    "kunskapsbas",
    "Kunskapsbaserad metod",
    "Bygger metoden på kunskap, med referenser till forskning där fonden kräver det?",
    _sources,
)
def check(ctx: CheckContext) -> CheckResult:
    res = _judge(ctx)
    s = ctx.sketch
    if not s.method and s.knowledge_base and res.status == "pass":
        # a knowledge base without the method it is for: the references are there, the method is not named
        return result(
            "kunskapsbas",
            "warn",
            f"{res.explanation} Men det står inte vilken metod kunskapsbasen gäller.",
            fix="Ange vilken metod ni ska använda.",
            missing=["method"],
            citations=res.citations,
        )
    return res


def _judge(ctx: CheckContext) -> CheckResult:
    s, p = ctx.sketch, ctx.profile
    cites = _sources(p)
    rule = p.method.text.strip()
    if not s.method and not s.knowledge_base:
        described = _described(ctx)
        if described:
            # read from the free description: at most a warning, with the sentence to confirm (run_checks)
            ctx.use("method", described, inferred=True)
            return result(
                "kunskapsbas",
                "pass",
                f"Beskrivningen nämner en metod med hänvisningar till forskning (”{described}”). {rule}",
                citations=cites,
            )
        return unknown("kunskapsbas", ["method", "knowledge_base"], rule, cites)
    data = check_data("kunskapsbas")
    if s.method and ctx.readable("method"):
        declined = re.search(data["no_method"], s.method, re.IGNORECASE)
        if declined and not re.search(data["no_method_void"], s.method, re.IGNORECASE):
            ctx.use("method")
            return result(
                "kunskapsbas",
                "fail",
                f"Svaret om metoden säger att det inte finns någon vald metod eller kunskapsgrund "
                f"(”{declined.group(0)}”). {rule}",
                fix="Välj en metod och beskriv vad den bygger på: forskning, utvärderingar eller beprövad "
                "erfarenhet, med referenser.",
                citations=cites,
            )
        undecided = re.search(data["method_undecided"], s.method, re.IGNORECASE)
        if undecided:
            ctx.use("method")
            return result(
                "kunskapsbas",
                "warn",
                f"Metoden är inte vald än (”{undecided.group(0)}”). {rule}",
                fix="Beskriv vilken metod ni ska använda och vad den bygger på, med referenser.",
                missing=["knowledge_base"],
                citations=cites,
            )
    method_signals = ctx.find(s.method or "")
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
    new_method = (
        method_signals.has("untested_method")
        or kb_signals.has("untested_method")
        or re.search(data["new_method"], f"{s.method or ''} {s.knowledge_base}", re.IGNORECASE)
    )
    refused = re.search(data["no_research"], s.knowledge_base, re.IGNORECASE) or re.search(
        data["no_method"], s.knowledge_base, re.IGNORECASE
    )
    if refused and not new_method and not concrete and ctx.readable("knowledge_base"):
        ctx.use("knowledge_base")
        return result(
            "kunskapsbas",
            "fail",
            f"Svaret om kunskapsbasen säger att metoden inte bygger på forskning eller evidens "
            f"(”{refused.group(0)}”), och den beskrivs inte som en ny metod som ska prövas. {rule}",
            fix="Välj en metod som bygger på forskning, utvärderingar eller beprövad erfarenhet och ange "
            "referenser, eller beskriv en ny metod och hur den ska prövas och följas upp.",
            citations=cites,
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
