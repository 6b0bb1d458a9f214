"""The checks over HTTP: ``POST /api/checks`` runs them on an idea sketch, ``GET /api/checks`` lists them.

``install_error_handlers(app)`` turns every request validation error of the app (any router) into a 422 with
Swedish messages: ``{"detail": [{"field": ..., "message": ...}]}``.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import AfterValidator, BaseModel

from rules.checks import (
    CheckInfo,
    CheckResult,
    FactSet,
    Question,
    UnknownCheckError,
    list_checks,
    most_decisive_question,
    run_checks,
)
from rules.profiles import UnknownFundError, load_profile
from rules.sketch import IdeaSketch, check_date_range

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


class FieldError(BaseModel):
    field: str
    message: str


class ValidationErrorResponse(BaseModel):
    detail: list[FieldError]


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    422: {"model": ValidationErrorResponse, "description": "Felaktiga uppgifter; meddelandena är på svenska."}
}

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


# --- Swedish validation errors, for every router of the app -------------------------------------------------

_MESSAGES: dict[str, str] = {
    "missing": "Uppgiften saknas.",
    "string_type": "Ange text.",
    "string_too_long": "Texten är för lång: högst {max_length} tecken.",
    "string_too_short": "Texten är för kort.",
    "too_long": "Listan är för lång: högst {max_length} poster.",
    "greater_than_equal": "Värdet får inte vara mindre än {ge}.",
    "greater_than": "Värdet måste vara större än {gt}.",
    "less_than_equal": "Värdet får inte vara större än {le}.",
    "less_than": "Värdet måste vara mindre än {lt}.",
    "int_parsing": "Ange ett heltal, till exempel 450000.",
    "int_type": "Ange ett heltal, till exempel 450000.",
    "int_from_float": "Ange ett heltal utan decimaler.",
    "float_parsing": "Ange ett tal, till exempel 2.5.",
    "float_type": "Ange ett tal, till exempel 2.5.",
    "bool_parsing": "Ange ja eller nej (true eller false).",
    "bool_type": "Ange ja eller nej (true eller false).",
    "date_parsing": "Ange ett datum i formen ÅÅÅÅ-MM-DD, till exempel 2026-03-01.",
    "date_type": "Ange ett datum i formen ÅÅÅÅ-MM-DD, till exempel 2026-03-01.",
    "date_from_datetime_parsing": "Ange ett datum i formen ÅÅÅÅ-MM-DD, till exempel 2026-03-01.",
    "date_from_datetime_inexact": "Ange bara datum, utan klockslag (ÅÅÅÅ-MM-DD).",
    "literal_error": "Ogiltigt värde. Tillåtna värden: {expected}.",
    "enum": "Ogiltigt värde. Tillåtna värden: {expected}.",
    "list_type": "Ange en lista.",
    "model_type": "Ange ett JSON-objekt med fält.",
    "model_attributes_type": "Ange ett JSON-objekt med fält.",
    "dict_type": "Ange ett JSON-objekt med fält.",
    "json_invalid": "Ogiltig JSON: kontrollera klammerparenteser, citattecken och kommatecken.",
    "json_type": "Ogiltig JSON.",
    "extra_forbidden": "Okänt fält.",
}
_NEGATIVE = "Värdet får inte vara negativt."


def swedish_message(error: dict[str, Any]) -> str:
    """A Swedish message for one pydantic/FastAPI validation error."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing" and tuple(error.get("loc", ())) == ("body",):
        return "Innehållet saknas: skicka uppgifterna som ett JSON-objekt."
    if kind == "value_error":
        return str(error.get("msg", "")).removeprefix("Value error, ")
    if kind == "greater_than_equal" and ctx.get("ge") == 0:
        return _NEGATIVE
    template = _MESSAGES.get(kind, "Ogiltigt värde.")
    try:
        return template.format(
            **{k: str(v).replace("'", "").replace(" or ", " eller ") for k, v in ctx.items()}
        )
    except (KeyError, IndexError):
        return template


def field_name(loc: tuple | list) -> str:
    """'external_actors.0.value_sek' from ('body', 'external_actors', 0, 'value_sek')."""
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


def _error_response(errors: list[FieldError]) -> JSONResponse:
    return JSONResponse(status_code=422, content=ValidationErrorResponse(detail=errors).model_dump())


async def _validation_handler(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = [
        FieldError(
            field="body" if e.get("type") == "json_invalid" else field_name(e.get("loc", ())),
            message=swedish_message(e),
        )
        for e in exc.errors()
    ]
    return _error_response(errors)


async def _unknown_fund_handler(request: Request, exc: UnknownFundError) -> JSONResponse:
    return _error_response([FieldError(field="fund", message=str(exc))])


async def _unknown_check_handler(request: Request, exc: UnknownCheckError) -> JSONResponse:
    return _error_response([FieldError(field="only", message=str(exc))])


def install_error_handlers(app: FastAPI) -> None:
    """Register Swedish 422 answers for validation errors, unknown funds and unknown checks on ``app``."""
    app.add_exception_handler(RequestValidationError, _validation_handler)  # type: ignore[arg-type]
    app.add_exception_handler(UnknownFundError, _unknown_fund_handler)  # type: ignore[arg-type]
    app.add_exception_handler(UnknownCheckError, _unknown_check_handler)  # type: ignore[arg-type]
