"""Rule questions answered from the rules' own data, dated and cited, for the active fund.

``answer_rule_question(question, fund, as_of)`` recognises questions about the direct-award limit, the EU
thresholds, LOU bilaga 2 (social services), repayment limits, who may apply, the target group, the fund's
size, who decides, the process, the first step and whom to contact (patterns in
``data/rule_questions.yaml``), and answers from ``rules/parameters/`` and the fund's profile. The first
sentence answers. A date past the known table says that the value in force is not known and gives the last
known one. A fact the documents do not state is answered "Det vet jag inte" with the contact role.

``superseded_note(text)`` flags a retrieved passage that states superseded law (the 2015 threshold, LOU
2007:1091), so that it is shown only as history.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field

from rules.checks.base import kr
from rules.parameters import Lookup, ParameterTable
from rules.profiles import FundFact, FundProfile, load_profile
from rules.sources import Citation, passage, statute

DATA_FILE = Path(__file__).resolve().parent / "data" / "rule_questions.yaml"


class RuleAnswer(BaseModel):
    """A Swedish answer to a rule question whose first sentence answers it."""

    topic: str
    fund: str
    as_of: date
    text: str
    citations: list[Citation] = Field(default_factory=list)
    known: bool = True
    """False when the answer is "det vet jag inte" (not in the documents, or a date past the known table)."""
    proposal: bool = False
    """True when the answer rests on proposed wording (e.g. Stockholm's draft guidelines), not adopted
    rules."""


@lru_cache
def _data() -> dict[str, Any]:
    return yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))


def fold(text: str) -> str:
    """Lower case, å/ä -> a, ö -> o, single spaces: how the topic patterns are written."""
    text = text.lower().replace("å", "a").replace("ä", "a").replace("ö", "o")
    return " ".join(text.split())


@lru_cache
def _topics() -> list[tuple[str, list[re.Pattern[str]]]]:
    return [(topic, [re.compile(p) for p in patterns]) for topic, patterns in _data()["topics"].items()]


def rule_topic(question: str) -> str | None:
    """The rule topic a question is about ('direktupphandlingsgrans', 'kontakt' …), or None."""
    folded = fold(question or "")
    for topic, patterns in _topics():
        if any(p.search(folded) for p in patterns):
            return topic
    return None


def answer_rule_question(
    question: str, fund: str | None = None, as_of: date | None = None
) -> RuleAnswer | None:
    """The dated, cited answer to a rule question for ``fund`` as of ``as_of``; None if it is not one."""
    topic = rule_topic(question)
    return answer_rule_topic(topic, fund, as_of) if topic else None


def answer_rule_topic(topic: str, fund: str | None = None, as_of: date | None = None) -> RuleAnswer:
    """The answer for a known topic (for a caller whose NLU already knows the topic)."""
    profile = load_profile(fund)
    day = as_of or date.today()
    return _ANSWERS[topic](profile, day, ParameterTable.from_file())


# --- procurement ------------------------------------------------------------------------------------------


def _cite(lookup: Lookup) -> list[Citation]:
    return [lookup.citation] if lookup.citation else []


def _value_sentence(
    lookup: Lookup, day: date, subject: str, bare: str, neuter: bool = False
) -> tuple[str, bool]:
    """First sentence about a dated value, and whether the value in force on ``day`` is known.

    ``subject`` in definite form ("direktupphandlingsgränsen"), ``bare`` without the article
    ("direktupphandlingsgräns"); ``neuter`` for an ett-word ("tröskelvärdet").
    """
    which, it = ("vilket", "det") if neuter else ("vilken", "den")
    day_text = day.isoformat()
    if lookup.value is None:
        return f"Jag vet inte vilket värde {subject} har {day_text}; underlaget har inget värde.", False
    if not lookup.covered:
        return (
            f"Jag vet inte {which} {bare} som gäller {day_text}: underlaget har inget värde för det datumet. "
            f"{it.capitalize()} senast kända var {kr(lookup.value)} ({lookup.period_text()}).",
            False,
        )
    if lookup.stale and lookup.period:
        verified = lookup.period.verified_as_of.isoformat()
        return (
            f"{it.capitalize()} senast kända {subject} är {kr(lookup.value)} ({lookup.period_text()}), men "
            f"jag vet inte säkert att {it} gäller {day_text}: värdet är senast kontrollerat {verified}.",
            False,
        )
    return f"{subject[0].upper()}{subject[1:]} är {kr(lookup.value)} ({lookup.period_text()}).", True


_CHECK = " Kontrollera det aktuella värdet hos Upphandlingsmyndigheten innan ni bestämmer er."


def _direct_award(profile: FundProfile, day: date, table: ParameterTable) -> RuleAnswer:
    limit = table.at("direktupphandlingsgrans", day)
    doc = table.at("dokumentationsplikt_over", day)
    first, known = _value_sentence(limit, day, "direktupphandlingsgränsen", "direktupphandlingsgräns")
    text = (
        f"{first} Upp till och med gränsen får en nämnd direktupphandla; över den måste tjänsten annonseras "
        "och "
        "upphandlas i konkurrens. Värdet räknas för hela avtalsperioden utan moms, och direktupphandlingar "
        "av "
        "samma slag under räkenskapsåret räknas samman."
    )
    if doc.value is not None:
        text += f" Över {kr(doc.value)} ska direktupphandlingen dokumenteras."
    flag = table.at("sociala_tjanster_direkt_till_troskelvarde", day)
    if flag.value:
        text += (
            " Sociala tjänster och andra särskilda tjänster enligt LOU bilaga 2 får sedan 2022-02-01 "
            "direktupphandlas upp till ett eget, högre tröskelvärde."
        )
    if not known:
        text += _CHECK
    cites = (
        _cite(limit)
        + [statute("lou_direktupphandling"), statute("lou_dokumentation")]
        + [passage("procurement_value")]
    )
    return RuleAnswer(
        topic="direktupphandlingsgrans", fund=profile.id, as_of=day, text=text, citations=cites, known=known
    )


def _eu_threshold(profile: FundProfile, day: date, table: ParameterTable) -> RuleAnswer:
    eu = table.at("troskelvarde_varor_tjanster_kommuner", day)
    first, known = _value_sentence(eu, day, "EU-tröskelvärdet", "EU-tröskelvärde", neuter=True)
    text = (
        f"{first} Det gäller kommuners köp av varor och tjänster. Under tröskelvärdet upphandlar kommunen "
        "enligt 19 kap. LOU; från tröskelvärdet gäller LOU:s "
        "direktivstyrda förfaranden. Tröskelvärdena ändras vartannat år. För sociala tjänster enligt LOU "
        "bilaga 2 gäller ett eget, högre tröskelvärde."
    )
    if not known:
        text += _CHECK
    return RuleAnswer(
        topic="eu_troskelvarde", fund=profile.id, as_of=day, text=text, citations=_cite(eu), known=known
    )


def _social_services(profile: FundProfile, day: date, table: ParameterTable) -> RuleAnswer:
    threshold = table.at("troskelvarde_sociala_tjanster", day)
    flag = table.at("sociala_tjanster_direkt_till_troskelvarde", day)
    first, known = _value_sentence(threshold, day, "tröskelvärdet", "tröskelvärde", neuter=True)
    if flag.value:
        rule = (
            " Sedan 2022-02-01 får sådana tjänster direktupphandlas upp till tröskelvärdet; över det måste "
            "de "
            "annonseras."
        )
    else:
        rule = " Före 2022-02-01 gällde den vanliga direktupphandlingsgränsen även för sådana tjänster."
    text = (
        f"{first} Det gäller sociala tjänster och andra särskilda tjänster enligt LOU bilaga 2.{rule} Bilaga "
        "2 omfattar bland annat sociala tjänster, hälso- och sjukvård och "
        "utbildningstjänster."
    )
    if not known:
        text += _CHECK
    cites = _cite(threshold) + _cite(flag) + [statute("lou_bilaga2")]
    return RuleAnswer(
        topic="sociala_tjanster", fund=profile.id, as_of=day, text=text, citations=cites, known=known
    )


# --- the fund's own facts ---------------------------------------------------------------------------------


def _proposal_prefix(profile: FundProfile, proposal: bool) -> str:
    return "Enligt förslaget till riktlinjer (remissyttranden 2016): " if proposal else ""


def _proposal_note(profile: FundProfile, proposal: bool) -> str:
    return f" Observera: det är ett förslag. {profile.valid_note.strip()}" if proposal else ""


def _dont_know(profile: FundProfile) -> str:
    return f"Fråga {profile.contact.text()}."


def _fund_fact(topic: str, fact: FundFact, profile: FundProfile, day: date, extra: str = "") -> RuleAnswer:
    cites = profile.cite(fact)
    if not fact.known:
        text = f"Det vet jag inte. {fact.text.strip()} {_dont_know(profile)}"
        return RuleAnswer(topic=topic, fund=profile.id, as_of=day, text=text, citations=cites, known=False)
    text = (
        f"{_proposal_prefix(profile, fact.proposal)}{fact.text.strip()}{extra}"
        f"{_proposal_note(profile, fact.proposal)}"
    )
    return RuleAnswer(
        topic=topic, fund=profile.id, as_of=day, text=text, citations=cites, proposal=fact.proposal
    )


def _fund_size(profile: FundProfile, day: date, table: ParameterTable) -> RuleAnswer:
    return _fund_fact("fondstorlek", profile.fund_size, profile, day)


def _decision(profile: FundProfile, day: date, table: ParameterTable) -> RuleAnswer:
    return _fund_fact("beslut", profile.decision, profile, day)


def _first_step(profile: FundProfile, day: date, table: ParameterTable) -> RuleAnswer:
    return _fund_fact("forsta_steg", profile.first_step, profile, day)


def _process(profile: FundProfile, day: date, table: ParameterTable) -> RuleAnswer:
    steps = " ".join(f"{i}. {step}" for i, step in enumerate(profile.process.steps, 1))
    return _fund_fact("process", profile.process, profile, day, extra=f" Stegen: {steps}" if steps else "")


def _applicants(profile: FundProfile, day: date, table: ParameterTable) -> RuleAnswer:
    a = profile.applicants
    proposal = a.proposal
    text = f"{_proposal_prefix(profile, proposal)}{a.text.strip()}{_proposal_note(profile, proposal)}"
    return RuleAnswer(
        topic="vem_far_soka",
        fund=profile.id,
        as_of=day,
        text=text,
        citations=profile.cite(a),
        proposal=proposal,
    )


def _repayment(profile: FundProfile, day: date, table: ParameterTable) -> RuleAnswer:
    r = profile.repayment
    proposal = r.proposal
    exemption_proposal = r.exemption.proposal
    exemption = r.exemption.text.strip()
    text = f"{_proposal_prefix(profile, proposal)}{r.text.strip()} Undantag: {exemption}"
    if exemption_proposal and not proposal:
        text += " (Undantaget är ett förslag, inte en antagen regel.)"
    text += _proposal_note(profile, proposal)
    return RuleAnswer(
        topic="aterforing",
        fund=profile.id,
        as_of=day,
        text=text,
        citations=profile.cite(r) + profile.cite(r.exemption),
        proposal=proposal,
    )


def _target_group(profile: FundProfile, day: date, table: ParameterTable) -> RuleAnswer:
    t = profile.target_group
    proposal = t.proposal
    lead = "Fonden har ingen begränsad målgrupp:" if t.scope == "all" else "Fondens målgrupp är"
    body = t.text.strip()
    text = f"{_proposal_prefix(profile, proposal)}{lead} {body[:1].lower()}{body[1:]}"
    text += _proposal_note(profile, proposal)
    return RuleAnswer(
        topic="malgrupp",
        fund=profile.id,
        as_of=day,
        text=text,
        citations=profile.cite(t),
        proposal=proposal,
    )


def _contact(profile: FundProfile, day: date, table: ParameterTable) -> RuleAnswer:
    c = profile.contact
    text = f"Kontakta {c.text()}."
    if c.note:
        text += f" {c.note.strip()}"
    proposal = bool(c.sources) and all(ref.proposal for ref in c.sources)
    if proposal:
        text += " Uppgiften om samordningen kommer från ett förslag (remissyttrande 2016)."
    return RuleAnswer(
        topic="kontakt", fund=profile.id, as_of=day, text=text, citations=profile.cite(c), proposal=proposal
    )


_ANSWERS: dict[str, Callable[[FundProfile, date, ParameterTable], RuleAnswer]] = {
    "direktupphandlingsgrans": _direct_award,
    "eu_troskelvarde": _eu_threshold,
    "sociala_tjanster": _social_services,
    "aterforing": _repayment,
    "vem_far_soka": _applicants,
    "fondstorlek": _fund_size,
    "beslut": _decision,
    "forsta_steg": _first_step,
    "process": _process,
    "kontakt": _contact,
    "malgrupp": _target_group,
}


# --- superseded law in retrieved passages -----------------------------------------------------------------


@lru_cache
def _superseded() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(item["pattern"], re.IGNORECASE), item["note"]) for item in _data()["superseded"]]


def superseded_note(text: str | None, as_of: date | None = None) -> str | None:
    """A Swedish note when ``text`` states superseded law ("Texten beskriver lagen som den var 2015 …"), else
    None. The chat shows such a passage only as history, with this note."""
    if not text:
        return None
    day = as_of or date.today()
    limit = ParameterTable.from_file().at("direktupphandlingsgrans", day)
    values = {
        "direktupphandlingsgrans": kr(limit.value) if limit.value is not None else "okänd",
        "direkt_period": limit.period_text() or "okänd period",
    }
    notes = [
        re.sub(r"[ \t\n]+", " ", note.format(**values)).strip()
        for pattern, note in _superseded()
        if pattern.search(text)
    ]
    return " ".join(dict.fromkeys(notes)) or None
