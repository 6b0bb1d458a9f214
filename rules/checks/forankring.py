"""forankring: a committee owns the idea, the department head is on board, the committee is informed.

Reads ``anchoring.department_head_required`` and ``anchoring.committee_before_application`` from the profile,
and ``applicants.allowed_kinds``: a fund that lets municipal companies apply (Stockholm) asks whether a
company is one of them instead of failing it as a private company.
"""

from __future__ import annotations

import re

from rules.checks.base import (
    CLAUSE_BREAK,
    NEGATION,
    CheckContext,
    CheckResult,
    check_data,
    pattern,
    register,
    result,
    unknown,
)
from rules.extract import classify_applicant, org_kinds, vocabulary, with_article
from rules.facts import sentences, shorten
from rules.profiles import FundProfile
from rules.sketch import swedish_list
from rules.sources import Citation, passage

MUNICIPAL_COMPANY = "kommunalt bolag"


def _sources(profile: FundProfile) -> list[Citation]:
    return profile.cite(profile.applicants) + profile.cite(profile.anchoring)


def _contact(profile: FundProfile) -> str:
    return profile.contact.text()


def _applicant(ctx: CheckContext) -> tuple[str | None, str | None]:
    """The applicant's kind and the field it was read from."""
    s = ctx.sketch
    # A stated field before a kind read from the description: "Idrottsföreningar får vara med men det
    # är nämnden som söker" beside the stated applicant "Kultur- och fritidsnämnden" is a nämnd (blind v6
    # retired, k167, k185 were warnings on an inferred förening).
    named = org_kinds(s.applicant)
    municipal = set(vocabulary()["municipal_kinds"])
    mixed = bool(set(named) & municipal) and bool(set(named) - municipal)  # "Stiftelsen X / Y sdf" (k197)
    stated_first = ctx.inferred("applicant_kind") and not mixed
    order = ("applicant", "applicant_kind") if stated_first else ("applicant_kind", "applicant")
    for name in order:
        kind = classify_applicant(getattr(s, name))
        if kind:
            return kind, name
    return None, None


@register(
    "forankring",
    "Förankring hos nämnd och chef",
    "Äger en nämnd idén, står kontorschefen eller förvaltningschefen bakom den och är nämnden informerad "
    "före ansökan?",
    _sources,
)
def check(ctx: CheckContext) -> CheckResult:
    s, p = ctx.sketch, ctx.profile
    cites = _sources(p)
    allowed = p.applicants.allowed_kinds
    kind, kind_field = _applicant(ctx)
    name = s.applicant or (with_article(kind) if kind else "sökanden")
    if kind in check_data("forankring").get("company_kinds", []) and MUNICIPAL_COMPANY in allowed:
        if kind_field:
            ctx.use(kind_field)
        return result(
            "forankring",
            "warn",
            f"{name} är ett bolag. Ur {p.name} kan stadens egna bolag söka, men inte privata företag. Är "
            f"{name} ett av {p.municipality}s bolag kan det söka; annars måste en nämnd äga idén och söka.",
            fix=f"Ange om {name} är ett av {p.municipality}s kommunala bolag.",
            missing=["applicant_kind"],
            citations=cites,
        )
    # Any kind outside the municipality (a förening, a company, a högskola, a region) cannot apply: only the
    # municipality's own bodies can (blind v6 retired, k193 "Region Stockholm", k209 "Mittuniversitetet").
    if kind is not None and kind not in vocabulary()["municipal_kinds"]:
        if kind_field:
            ctx.use(kind_field)
        return result(
            "forankring",
            "fail",
            f"Sökanden är {with_article(kind)}. Ur {p.name} kan bara kommunens egna organ söka "
            f"({', '.join(allowed)}). En extern aktör kan föreslå en idé och medverka, men en nämnd måste "
            "äga "
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
    # About the chef and the nämnd, the guideline passages on anchoring come first (the chat shows two);
    # before session 5 every verdict cited who may apply first (tryout 5).
    anchoring = p.cite(p.anchoring) + p.cite(p.applicants)
    missing: list[str] = []
    problems: list[str] = []
    notes: list[str] = []
    status = "pass"
    if kind is None:
        missing.append("applicant_kind")
    elif kind not in allowed:
        status = "warn"
        notes.append(
            f"Sökanden är {with_article(kind)}; i {p.municipality} är det {' eller '.join(allowed)} som "
            "söker. Ange vilken nämnd som äger idén och står som sökande."
        )
    if p.anchoring.department_head_required:
        if s.department_head_on_board is None:
            missing.append("department_head_on_board")
        elif s.department_head_on_board is False:
            problems.append(
                "Kontorschefen eller förvaltningschefen står inte bakom idén. Initiativ utan stöd på "
                "chefsnivå "
                "har stoppats sent, när mycket arbete redan lagts ner."
            )
    if p.anchoring.committee_before_application:
        if s.committee_informed is None:
            missing.append("committee_informed")
        elif s.committee_informed is False:
            status = "warn"
            notes.append(
                "Nämnden är inte informerad ännu; den ska ha tagit ställning innan ansökan lämnas in."
            )
    if problems:
        ctx.use("department_head_on_board")
        return result(
            "forankring",
            "fail",
            " ".join(problems + notes),
            fix="Förankra idén hos kontorschefen/förvaltningschefen och informera nämnden innan ni går "
            "vidare.",
            missing=missing,
            citations=anchoring,
        )
    behalf = _on_behalf(ctx) if kind in vocabulary()["municipal_kinds"] else None
    if behalf:
        ctx.use(kind_field or "applicant")
        ctx.use("description", behalf, inferred=True)
        return result(
            "forankring",
            "warn",
            f"{name} står som sökande, men ni skriver ”{behalf}”. Idén måste ägas av nämnden: den ansöker "
            "och ansvarar för projektet, och kan inte bara lämna in en extern aktörs ansökan.",
            fix="Ange vilken nämnd som äger idén och ansvarar för projektet, att chefen står bakom den och "
            f"när nämnden informerades. Kontakta {_contact(p)}.",
            missing=missing,
            citations=anchoring,
        )
    not_yet = _not_yet(ctx) if {"department_head_on_board", "committee_informed"} & set(missing) else None
    if not_yet:
        # "Min chef vet inte om det än och nämnden har inte hört nåt", "Förvaltningschefen är nog positiv,
        # jag har inte hunnit fråga": the anchoring is not done yet – say so and what to do, not "unknown"
        # (retired blind v4, odd ids k075 and k083, and chat s121).
        text = ctx.sketch.anchoring_notes or ""
        ctx.use(
            "anchoring_notes" if not_yet in text else "description", not_yet, inferred=not_yet not in text
        )
        wording = check_data("forankring")["not_yet_reply"]
        return result(
            "forankring",
            "warn",
            str(wording["explanation"]).format(phrase=not_yet),
            fix=str(wording["fix"]),
            missing=missing,
            citations=anchoring,
        )
    if missing:
        return unknown(
            "forankring",
            missing,
            "Idén måste ägas av en nämnd och vara förankrad hos chefen och nämnden innan ansökan.",
            anchoring,
        )
    for field in (kind_field, "department_head_on_board", "committee_informed"):
        if field:
            ctx.use(field)
    doubt = _doubt(ctx)
    if status == "pass" and doubt:
        return result(
            "forankring",
            "warn",
            f"Svaren säger att idén är förankrad, men ni skriver också ”{doubt}”. Idén måste ägas av en "
            "nämnd och vara förankrad hos chefen och nämnden innan ansökan.",
            fix="Bekräfta vem som söker, att chefen står bakom idén och när nämnden informerades.",
            missing=["department_head_on_board", "committee_informed"],
            citations=anchoring,
        )
    if status == "warn":
        return result(
            "forankring",
            "warn",
            " ".join(notes),
            fix="Informera nämnden och notera datum för beslutet under förankring.",
            citations=anchoring,
        )
    owner = with_article(kind or "nämnd")
    parts = [f"Idén ägs av {owner}"]
    if p.anchoring.department_head_required:
        parts.append("chefen står bakom den")
    if p.anchoring.committee_before_application:
        parts.append("nämnden är informerad")
    sentence = swedish_list(parts)
    return result("forankring", "pass", f"{sentence}.", citations=anchoring)


def _doubt(ctx: CheckContext) -> str | None:
    """Free text that puts the stated anchoring in doubt: an applicant name naming an external actor, or a
    sentence about the head or the committee with a negation, a future or a hedge."""
    s = ctx.sketch
    external = set(vocabulary()["external_kinds"])
    if s.applicant and set(org_kinds(s.applicant)) & external:
        return s.applicant
    subject, not_yet = pattern("forankring", "subject"), pattern("forankring", "not_yet")
    runs = pattern("forankring", "external_runs")
    for text in (s.anchoring_notes, s.description):
        for sentence in sentences(text):
            if subject.search(sentence) and not_yet.search(sentence):
                return shorten(sentence)
            if _external_runs(sentence, external, runs):
                return shorten(sentence)
    return None


def _on_behalf(ctx: CheckContext) -> str | None:
    """A sentence of the description saying the applicant only hands in an external actor's application
    (``on_behalf`` in data/checks.yaml, with an external organisation named in the sentence), or None."""
    external = set(vocabulary()["external_kinds"])
    behalf = pattern("forankring", "on_behalf")
    for sentence in sentences(ctx.sketch.description):
        if behalf.search(sentence) and set(org_kinds(sentence)) & external and not ctx.confirmed_in(sentence):
            return shorten(sentence)
    return None


def _not_yet(ctx: CheckContext) -> str | None:
    """A sentence of the anchoring notes or the description saying that the head or the committee does not
    know, has not taken a stand or will be told later (``subject`` and ``not_yet`` in data/checks.yaml)."""
    subject, not_yet = pattern("forankring", "subject"), pattern("forankring", "not_yet")
    for text in (ctx.sketch.anchoring_notes, ctx.sketch.description):
        for sentence in sentences(text):
            if subject.search(sentence) and not_yet.search(sentence) and not ctx.confirmed_in(sentence):
                return shorten(sentence)
    return None


def _external_runs(sentence: str, external: set[str], runs: re.Pattern[str]) -> bool:
    """An external actor runs, owns or applies for the idea in the sentence: a clause with such a verb whose
    subject is an external organisation, named in it or in the clause before ("Idén kommer från föreningen,
    som ska driva projektet"). "Idén kommer från en förening, men det är nämnden som söker, äger projektet" is
    not: the committee is named where the verbs are."""
    subject: str | None = None
    for clause in CLAUSE_BREAK.split(sentence):
        kinds = org_kinds(clause)
        if kinds:
            subject = "external" if kinds[-1] in external else "municipal"
        # "Föreningen söker inte själv, nämnden gör det" (blind v6 retired, k185): a negated verb is no run
        if subject == "external" and runs.search(clause) and not NEGATION.search(clause):
            return True
    return False
