"""The checks over HTTP: ``POST /api/checks`` runs them on an idea sketch, ``GET /api/checks`` lists them.

The Swedish error answers of every router are in ``webapp/errors.py``.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Body, Query
from pydantic import AfterValidator, BaseModel

from rules.checks import (
    CheckInfo,
    CheckResult,
    FactSet,
    Question,
    list_checks,
    most_decisive_question,
    run_checks,
)
from rules.profiles import load_profile
from rules.sketch import IdeaSketch, check_date_range
from webapp.errors import ERROR_RESPONSES, install_error_handlers

__all__ = ["router", "install_error_handlers", "SKETCH_EXAMPLES"]

router = APIRouter(tags=["kontroller"])


class ChecksResponse(BaseModel):
    fund: str
    as_of: date
    results: list[CheckResult]
    next_question: Question | None = None
    """The most decisive question to ask next (a confirmation of a fact read from free text first)."""


class CheckListResponse(BaseModel):
    fund: str
    checks: list[CheckInfo]


SKETCH_EXAMPLES = {
    "komplett": {
        "summary": "Komplett idéskiss från en nämnd",
        "value": IdeaSketch.model_config["json_schema_extra"]["examples"][0],  # type: ignore[index]
    },
    "extern_aktor": {
        "summary": "Förening med eget koncept, tre avtal à 300 000 kr",
        "value": {
            "applicant": "Socialnämnden",
            "applicant_kind": "nämnd",
            "external_actors": [
                {
                    "name": "Föreningen Unga Röster",
                    "kind": "förening",
                    "value_sek": 300000,
                    "purchase_date": "2025-03-01",
                    "own_concept": True,
                },
                {
                    "name": "Föreningen Unga Röster",
                    "kind": "förening",
                    "value_sek": 300000,
                    "purchase_date": "2025-06-01",
                },
                {
                    "name": "Föreningen Unga Röster",
                    "kind": "förening",
                    "value_sek": 300000,
                    "purchase_date": "2025-09-01",
                },
            ],
        },
    },
    "fritext": {
        "summary": "Bara en fri beskrivning",
        "value": {
            "description": "Vi vill betala körkort för några ungdomar i vår verksamhet och hyran för "
            "ungdomsgården så att den kan fortsätta som idag."
        },
    },
}

AsOf = Annotated[date | None, AfterValidator(check_date_range)]


@router.get(
    "/api/checks",
    response_model=CheckListResponse,
    responses=ERROR_RESPONSES,
    summary="Lista fondens kontroller",
)
def get_checks(
    fund: Annotated[
        str | None, Query(description="Fondprofil, t.ex. sodertalje, sundsvall, stockholm.")
    ] = None,
) -> CheckListResponse:
    """Alla kontroller: id, rubrik, frågan de besvarar och deras källor under fondens profil."""
    profile = load_profile(fund)
    return CheckListResponse(fund=profile.id, checks=list_checks(profile.id))


@router.post(
    "/api/checks",
    response_model=ChecksResponse,
    responses=ERROR_RESPONSES,
    summary="Pröva en idéskiss mot fondens regler",
)
def post_checks(
    sketch: Annotated[IdeaSketch, Body(openapi_examples=SKETCH_EXAMPLES)],
    fund: Annotated[
        str | None, Query(description="Fondprofil; utelämnad = den konfigurerade fonden.")
    ] = None,
    as_of: Annotated[
        AsOf, Query(description="Bedöm som av detta datum (ÅÅÅÅ-MM-DD); standard i dag.")
    ] = None,
    only: Annotated[list[str] | None, Query(description="Kör bara dessa kontroller (id).")] = None,
    confirmed: Annotated[
        list[str] | None,
        Query(description="Fält som användaren har bekräftat; de räknas som angivna."),
    ] = None,
    inferred: Annotated[
        list[str] | None,
        Query(description="Fält som anroparen fyllt i ur fritext (t.ex. ett chattmeddelande), inte angivna."),
    ] = None,
) -> ChecksResponse:
    """Kör fondens kontroller på en idéskiss.

    Varje resultat har status, förklaring, åtgärd, källor och de uppgifter bedömningen bygger på: angivna
    (fält i idéskissen) eller utlästa ur fritext (med frasen de kom från). En kontroll godkänns bara på
    angivna uppgifter. Resultat som inte kan avgöras har de frågor som skulle avgöra dem.
    """
    profile = load_profile(fund)
    day = as_of or date.today()
    facts = FactSet(confirmed=confirmed or [], inferred={name: None for name in inferred or []})
    results = run_checks(sketch, profile.id, day, only, facts=facts)
    return ChecksResponse(
        fund=profile.id, as_of=day, results=results, next_question=most_decisive_question(results)
    )
