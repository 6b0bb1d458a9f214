"""The fund's eligibility checks: one module per check, collected in a registry.

``run_checks`` fills facts the user left open from the free text (``description``, ``repayment_plan``) and
marks them *inferred*, with the sentence they came from. Each check records the facts its verdict rests on,
and ``run_checks`` enforces the principle that no check passes on a guess:

- ``pass`` needs at least one stated fact and no inferred one; with an inferred fact it becomes ``warn`` and
the
  result asks the user to confirm ("Det låter som att pengarna ska gå till … – stämmer det?");
- ``fail`` that rests only on inferred facts becomes ``warn``, with the failure as the conditional answer;
- ``unknown`` and ``warn`` carry the questions that would decide them (``rules/data/questions.yaml``).
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from rules.checks import (  # noqa: F401  (importing registers the checks, in this order)
    aterforing,
    befintlig_verksamhet,
    forankring,
    implementering,
    kunskapsbas,
    likstallighet,
    malgrupp,
    naringslivsstod,
    samverkan,
    upphandling,
    utvardering,
)
from rules.checks.base import NEGATION, REGISTRY, CheckContext, CheckResult, check_data, clause_hits
from rules.extract import extract_facts
from rules.facts import FactSet, FactUse, Provenances, purpose_phrase, sentences, shorten
from rules.parameters import ParameterTable
from rules.profiles import FundProfile, load_profile
from rules.questions import Question, confirm_question, most_decisive_question, questions_for
from rules.sketch import IdeaSketch, field_label
from rules.sources import Citation

__all__ = [
    "CheckInfo",
    "CheckResult",
    "Citation",
    "FactSet",
    "Question",
    "UnknownCheckError",
    "list_checks",
    "most_decisive_question",
    "run_checks",
]

_UNCONFIRMED = "Bedömningen bygger på uppgifter som jag har läst ut ur texten och som inte är bekräftade"


class UnknownCheckError(ValueError):
    """Raised for a check id that does not exist; the message is Swedish."""


class CheckInfo(BaseModel):
    id: str
    title: str
    question: str
    sources: list[Citation]
    decided_by: list[Question]


def list_checks(fund: str | None = None) -> list[CheckInfo]:
    """Every check with the question it answers, its sources and the questions that decide it under
    ``fund``."""
    profile = load_profile(fund)
    return [
        CheckInfo(
            id=c.id,
            title=c.title,
            question=c.question,
            sources=c.sources(profile),
            decided_by=questions_for(c.id, profile),
        )
        for c in REGISTRY.values()
    ]


def _mine(text: str | None) -> tuple[dict[str, Any], dict[str, str]]:
    """Facts stated in ``text`` and, for each, the sentence it was read from (copies of a cached reading: the
    same description is read for the mined facts and for the contradictions, in every run of the checks)."""
    facts, phrases = _mined(text or "")
    return dict(facts), dict(phrases)


@lru_cache(maxsize=256)
def _mined(text: str) -> tuple[dict[str, Any], dict[str, str]]:
    facts = extract_facts(text)
    phrases: dict[str, str] = {}
    if facts:
        for sentence in sentences(text):
            for key in extract_facts(sentence):
                phrases.setdefault(key, shorten(sentence))
    return facts, phrases


def _with_mined_facts(sketch: IdeaSketch) -> tuple[IdeaSketch, dict[str, tuple[str, str | None]]]:
    """The sketch with facts read out of free text filled in, and for each: (the field it was read from, the
    sentence). Facts read from the description are inferred; facts read from another field the user wrote
    (the repayment plan) take that field's provenance."""
    mined: dict[str, Any] = {}
    origin: dict[str, tuple[str, str | None]] = {}
    for source in ("description", "repayment_plan"):
        text = getattr(sketch, source)
        facts, found = _mine(text)
        for key, value in facts.items():
            if key not in mined:
                mined[key] = value
                origin[key] = (source, found.get(key) or (shorten(text) if text else None))
    if sketch.funding_purpose is None:
        purpose = purpose_phrase(sketch.description)
        if purpose:
            mined["funding_purpose"] = purpose
            origin["funding_purpose"] = ("description", purpose)
    update = {k: v for k, v in mined.items() if k in IdeaSketch.model_fields and getattr(sketch, k) is None}
    if not update:
        return sketch, {}
    try:
        merged = IdeaSketch.model_validate({**sketch.model_dump(), **update})
    except ValueError:
        return sketch, {}  # mined facts that do not validate are ignored, never guessed into shape
    return merged, {k: origin[k] for k in update}


def _finish(res: CheckResult, ctx: CheckContext) -> CheckResult:
    """Attach provenance and questions, and hold every verdict to what was stated."""
    facts = list(ctx.used)
    inferred = [f for f in facts if f.provenance == "inferred"]
    stated = [f for f in facts if f.provenance == "stated"]
    update: dict[str, Any] = {"facts": facts}
    if res.status == "pass" and (inferred or not stated):
        if inferred:
            update["status"] = "warn"
            update["explanation"] = f"{_UNCONFIRMED}. {res.explanation}"
            update["fix"] = res.fix or "Bekräfta uppgifterna, eller fyll i dem i idéskissen."
        else:
            update["status"] = "unknown"
            update["explanation"] = f"Det finns ingen uppgift att bedöma ännu. {res.explanation}"
    elif res.status == "fail" and inferred and not stated:
        update["status"] = "warn"
        update["conditional"] = res.conditional or f"Om det stämmer uppfylls regeln inte: {res.explanation}"
        update["explanation"] = f"{_UNCONFIRMED}. Om de stämmer gäller: {res.explanation}"
    doubt = _description_doubt(res.id, ctx) if update.get("status", res.status) == "pass" else None
    if doubt:
        if res.id in _PURPOSE_CHECKS:
            ctx.use_purpose(doubt)
        else:
            ctx.use("description", doubt, inferred=True)
        facts = list(ctx.used)
        inferred = [f for f in facts if f.provenance == "inferred"]
        update.update(
            facts=facts,
            status="warn",
            explanation=f"{update.get('explanation', res.explanation)} Men beskrivningen säger också "
            f"”{doubt}”, och det behöver redas ut innan kontrollen kan godkännas.",
            fix="Förklara eller ändra det beskrivningen säger, eller fyll i uppgiften i idéskissen.",
        )
    doubted = _field_doubt(res.id, ctx) if update.get("status", res.status) == "pass" else None
    if doubted:
        field, sentence = doubted
        update.update(
            status="warn",
            explanation=f"{update.get('explanation', res.explanation)} Men under ”{field_label(field)}” "
            f"står det ”{sentence}”, och det är inget besked än.",
            fix="Skriv vad som är bestämt, eller fyll i uppgiften när den är klar.",
        )
    status = update.get("status", res.status)
    # A check may name the part of a fact it lacks ("external_actors.form": how the service is bought): that
    # part's question is asked first, and the fact itself is what is reported missing.
    parts = [m for m in res.missing if "." in m]
    missing = list(dict.fromkeys(m.split(".")[0] for m in res.missing))
    if parts:
        update["missing"] = missing
    if status in ("warn", "unknown"):
        confirms = [confirm_question(res.id, f) for f in inferred]
        asks = questions_for(res.id, ctx.profile)
        asks = [q for q in asks if q.fact in parts] + [q for q in asks if q.fact not in parts]
        open_facts = set(missing) | {f.field for f in inferred} | ({doubted[0]} if doubted else set())
        relevant = [q for q in asks if (q.fact or "").split(".")[0] in open_facts and not _stated(q, ctx)]
        if not relevant and missing:
            # a stated answer that does not settle the check ("Lunch till deltagarna" and a restaurant paid
            # more than usual): ask the deciding question about it again
            relevant = [q for q in asks if (q.fact or "").split(".")[0] in set(missing)]
        if not relevant and status == "unknown":
            relevant = [q for q in asks if not _stated(q, ctx)] or asks
        update["questions"] = _dedupe(confirms + relevant)
        # `missing` names facts not given at all; a stated answer that only needs clarifying is asked about
        # through the questions above, not reported as missing.
        update["missing"] = [m for m in missing if not ctx.stated(m)] if status == "warn" else missing
    return res.model_copy(update=update)


_PURPOSE_CHECKS = {"befintlig_verksamhet", "likstallighet", "naringslivsstod"}


def _description_doubt(check_id: str, ctx: CheckContext) -> str | None:
    """A sentence of the free description on the check's topic that negates or hedges, or None (the
    vocabulary is ``description_doubt`` in ``rules/data/checks.yaml``)."""
    text = ctx.sketch.description
    if not text:
        return None
    data = check_data("description_doubt")
    topic = data["topics"].get(check_id)
    if not topic:
        return None
    for sentence in sentences(text):
        if ctx.confirmed_in(sentence):
            continue
        if re.search(topic, sentence, re.IGNORECASE) and re.search(data["hedge"], sentence, re.IGNORECASE):
            if check_id in data["negated_risk"] and _negates_risk(sentence, topic, data):
                continue
            if _agrees(check_id, sentence, topic, data):
                continue
            return shorten(sentence)
    return None


def _agrees(check_id: str, sentence: str, topic: str, data: dict[str, Any]) -> bool:
    """The sentence says nothing is bought ("vi köper inga tjänster utifrån"), and every clause of it on the
    check's topic has a negation ("Vi anlitar ett konsultföretag men betalar inte förrän …" still doubts)."""
    agrees = data["agrees"].get(check_id)
    if not agrees or not re.search(agrees, sentence, re.IGNORECASE):
        return False
    hits = clause_hits(sentence, re.compile(topic, re.IGNORECASE))
    return all(NEGATION.search(h.clause) for h in hits)


def _negates_risk(sentence: str, topic: str, data: dict[str, Any]) -> bool:
    """The sentence's only hedge words are negations, and each risk word in it is negated in its clause ("Det
    vi söker för är uttryckligen ingen befintlig tjänst")."""
    hedges = [m.group(0) for m in re.finditer(data["hedge"], sentence, re.IGNORECASE)]
    if not all(re.match(data["negations"], h, re.IGNORECASE) for h in hedges):
        return False
    hits = clause_hits(sentence, re.compile(topic, re.IGNORECASE))
    return bool(hits) and all(h.negated for h in hits)


def _field_doubt(check_id: str, ctx: CheckContext) -> tuple[str, str] | None:
    """(field, sentence) when a stated answer the pass rests on hedges, defers or declines in its own words
    ("Vi kanske kan jämföra …", "Ingen uppföljning planeras", "Socialnämnden har tackat nej"); the vocabulary
    and the checks it applies to are ``field_doubt`` in ``rules/data/checks.yaml``."""
    data = check_data("field_doubt")
    if check_id not in data["checks"]:
        return None
    for fact in ctx.used:
        value = getattr(ctx.sketch, fact.field, None)
        if fact.provenance != "stated" or not isinstance(value, str):
            continue
        for sentence in sentences(value):
            if re.search(data["hedge"], sentence, re.IGNORECASE):
                return fact.field, shorten(sentence)
    return None


def _free_text_readings(sketch: IdeaSketch) -> dict[str, tuple[Any, str, str]]:
    """Facts the free text (``contradiction.sources``) states about fields the sketch also states, with a
    different value: field -> (the free text's value, the field it was read from, the sentence). Only the
    fields of ``contradiction`` in ``rules/data/checks.yaml``."""
    data = check_data("contradiction")
    wanted = set(data["fields"])
    relative = re.compile(data["counted_otherwise"], re.IGNORECASE)
    readings: dict[str, tuple[Any, str, str]] = {}
    for source in data["sources"]:
        text = getattr(sketch, source)
        if not text:
            continue
        facts, found = _mine(text)
        for key, value in facts.items():
            given = getattr(sketch, key, None)
            sentence = found.get(key) or shorten(text)
            if key not in wanted or key in readings or given is None or value == given:
                continue
            if key.startswith("repayment") and relative.search(sentence):
                continue
            readings[key] = (value, source, sentence)
    return readings


def _contradicted(
    res: CheckResult,
    ctx: CheckContext,
    readings: dict[str, tuple[Any, str, str]],
    mined: dict[str, tuple[str, str | None]],
    facts: FactSet | None,
) -> CheckResult:
    """A pass on a stated field that the free text states otherwise becomes a warning, when the check does not
    pass on the free text's reading (k117: "år 3" stated, "tidigast från år 7" in the description)."""
    stated = {f.field for f in res.facts if f.provenance == "stated"}
    for name, (value, source, sentence) in readings.items():
        if name not in stated:
            continue
        try:
            alt = IdeaSketch.model_validate({**ctx.sketch.model_dump(), name: value})
        except ValueError:
            continue
        alt_ctx = CheckContext(
            sketch=alt,
            profile=ctx.profile,
            as_of=ctx.as_of,
            parameters=ctx.parameters,
            provenance=Provenances(alt, {**mined, name: (source, sentence)}, facts),
        )
        if REGISTRY[res.id].run(alt_ctx).status not in ("warn", "fail"):
            continue
        where = "i beskrivningen" if source == "description" else f"under ”{field_label(source)}”"
        fact = FactUse(field=name, label=field_label(name), provenance="inferred", phrase=sentence)
        asks = [q for q in questions_for(res.id, ctx.profile) if (q.fact or "").split(".")[0] == name]
        return res.model_copy(
            update={
                "status": "warn",
                "explanation": f"{res.explanation} Men {where} står det ”{sentence}”, och det stämmer inte "
                f"med det som står under ”{field_label(name)}”. Det behöver redas ut innan kontrollen kan "
                "godkännas.",
                "fix": f"Rätta det som är fel, så att ”{field_label(name)}” och {where.removeprefix('i ')} "
                "säger samma sak.",
                "facts": [*res.facts, fact],
                "questions": _dedupe([*res.questions, *asks]),
            }
        )
    return res


def _stated(question: Question, ctx: CheckContext) -> bool:
    """The question's fact is already stated (so asking it again would not help)."""
    fact = question.fact or ""
    if "." in fact:
        return False
    return ctx.stated(fact)


def _dedupe(questions: list[Question]) -> list[Question]:
    seen: set[tuple[str, str]] = set()
    kept = []
    for q in questions:
        key = (q.kind, q.fact or q.text)
        if key not in seen:
            seen.add(key)
            kept.append(q)
    return kept


def run_checks(
    sketch: IdeaSketch,
    fund: str | None = None,
    as_of: date | None = None,
    only: list[str] | None = None,
    parameter_file: Path | None = None,
    facts: FactSet | None = None,
    profile: FundProfile | None = None,
) -> list[CheckResult]:
    """Run the checks (all, or ``only`` these ids) on ``sketch`` under ``fund``'s profile as of ``as_of``.

    ``facts``: which fields the caller filled from free text (inferred, with the phrase) and which the user
    has confirmed (stated). Every other given field counts as stated; the description is free text.
    ``profile``: a profile object to use instead of loading ``fund`` (tests of rule variants).
    """
    unknown_ids = [c for c in only or [] if c not in REGISTRY]
    if unknown_ids:
        raise UnknownCheckError(f"Okänd kontroll: {', '.join(unknown_ids)}. Finns: {', '.join(REGISTRY)}.")
    profile = profile or load_profile(fund)
    effective, mined = _with_mined_facts(sketch)
    readings = _free_text_readings(sketch)
    ctx = CheckContext(
        sketch=effective,
        profile=profile,
        as_of=as_of or date.today(),
        parameters=ParameterTable.from_file(parameter_file),
        provenance=Provenances(effective, mined, facts),
    )
    results = []
    for check_id in only or list(REGISTRY):
        ctx.used = []
        res = _finish(REGISTRY[check_id].run(ctx), ctx)
        if res.status == "pass" and readings:
            res = _contradicted(res, ctx, readings, mined, facts)
        results.append(res)
    return results
