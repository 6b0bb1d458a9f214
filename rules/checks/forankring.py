"""forankring: a committee owns the idea, the department head is on board, the committee is informed."""

from __future__ import annotations

from rules.checks.base import CheckContext, CheckResult, register, result, unknown
from rules.extract import classify_applicant, vocabulary, with_article
from rules.profiles import FundProfile
from rules.sources import Citation, passage


def _sources(profile: FundProfile) -> list[Citation]:
    return profile.cite(profile.applicants) + profile.cite(profile.anchoring)


def _contact(profile: FundProfile) -> str:
    c = profile.contact
    reach = ", ".join(x for x in (c.email, c.phone) if x)
    return f"{c.name} ({c.role}{', ' + reach if reach else ''})"


@register(
    "forankring",
    "Förankring hos nämnd och chef",
    "Äger en nämnd idén, står kontorschefen eller förvaltningschefen bakom den och är nämnden informerad "
    "före "
    "ansökan?",
    _sources,
)
def check(ctx: CheckContext) -> CheckResult:
    s, p = ctx.sketch, ctx.profile
    cites = _sources(p)
    allowed = p.applicants.allowed_kinds
    kind = classify_applicant(s.applicant_kind) or classify_applicant(s.applicant)
    if kind in vocabulary()["external_kinds"]:
        return result(
            "forankring",
            "fail",
            f"Sökanden är {with_article(kind)}. Ur {p.name} kan bara kommunens egna organ söka "
            f"({', '.join(allowed)}). En extern aktör kan föreslå en idé och medverka, men en nämnd måste "
            f"äga "
            "initiativet, ansöka och ansvara för projektet.",
            fix=(
                "Ta idén till den nämnd vars verksamhet den gäller och låt nämnden ansöka. Ska aktören få "
                "betalt "
                "måste tjänsten upphandlas enligt LOU i öppen konkurrens, och uppdraget kan då gå till en "
                "annan "
                f"leverantör. Kontakta {_contact(p)}."
            ),
            citations=cites + [passage("other_supplier")],
        )
    missing: list[str] = []
    problems: list[str] = []
    notes: list[str] = []
    status = "pass"
    if kind is None:
        missing.append("applicant_kind")
    elif kind not in allowed:
        status = "warn"
        notes.append(
            f"Sökanden är {with_article(kind)}; i {p.municipality} är det {', '.join(allowed)} som söker."
        )
    if s.department_head_on_board is None:
        missing.append("department_head_on_board")
    elif s.department_head_on_board is False:
        problems.append(
            "Kontorschefen eller förvaltningschefen står inte bakom idén. Initiativ utan stöd på chefsnivå "
            "har "
            "stoppats sent, när mycket arbete redan lagts ner."
        )
    if s.committee_informed is None:
        missing.append("committee_informed")
    elif s.committee_informed is False and p.anchoring.committee_before_application:
        status = "warn"
        notes.append("Nämnden är inte informerad ännu; den ska ha tagit ställning innan ansökan lämnas in.")
    if problems:
        return result(
            "forankring",
            "fail",
            " ".join(problems + notes),
            fix="Förankra idén hos kontorschefen/förvaltningschefen och informera nämnden innan ni går "
            "vidare.",
            missing=missing,
            citations=cites,
        )
    if missing:
        return unknown(
            "forankring",
            missing,
            "Idén måste ägas av en nämnd och vara förankrad hos chefen och nämnden innan ansökan.",
            cites,
        )
    if status == "warn":
        return result(
            "forankring",
            "warn",
            " ".join(notes),
            fix="Informera nämnden och notera datum för beslutet under förankring.",
            citations=cites,
        )
    return result(
        "forankring",
        "pass",
        f"Idén ägs av {with_article(kind)}, chefen står bakom den och nämnden är informerad.",
        citations=cites,
    )
