"""Every error the web app sends, in two shapes, with Swedish messages, and the OpenAPI that documents them.

- 422: ``{"detail": [{"field": ..., "message": ...}]}`` for bad input (any router, unknown funds and checks);
- every other error (403, 404, 405, 429, 500): ``{"detail": "…"}``.

``install_error_handlers(app)`` registers the handlers; ``document_errors(app)`` makes ``/openapi.json`` say
exactly that (FastAPI's own 422 shape is replaced everywhere).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from rules.checks import UnknownCheckError
from rules.profiles import UnknownFundError

logger = logging.getLogger("webapp.errors")


class FieldError(BaseModel):
    field: str = Field(description="Fältet som är fel, t.ex. 'external_actors.0.value_sek' eller 'body'")
    message: str = Field(description="Vad som är fel, på svenska")


class ValidationErrorResponse(BaseModel):
    detail: list[FieldError]


class Problem(BaseModel):
    """Any other error: one Swedish sentence."""

    detail: str = Field(examples=["Det finns ingen sparad idéskiss för den här konversationen."])


class RateLimited(Exception):
    """Too many requests from one client; answered with 429 and ``Retry-After``."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


RATE_LIMIT_MESSAGE = (
    "Du har skickat många förfrågningar på kort tid. Vänta en stund (ungefär {seconds} sekunder) och "
    "försök sedan igen."
)

VALIDATION_RESPONSE: dict[str, Any] = {
    "model": ValidationErrorResponse,
    "description": "Felaktiga uppgifter; meddelandena är på svenska.",
}
RATE_LIMIT_RESPONSE: dict[str, Any] = {
    "model": Problem,
    "description": "För många förfrågningar från samma dator. Svaret säger hur länge du ska vänta.",
    "headers": {"Retry-After": {"description": "Sekunder att vänta", "schema": {"type": "integer"}}},
}
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {422: VALIDATION_RESPONSE}

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
    "string_unicode": "Texten innehåller tecken som inte går att läsa (ogiltig UTF-8).",
    "string_pattern_mismatch": "Texten har fel form.",
}
_NEGATIVE = "Värdet får inte vara negativt."

_STATUS_MESSAGES = {
    400: "Förfrågan gick inte att läsa.",
    401: "Du behöver logga in.",
    403: "Du har inte behörighet till det här.",
    404: "Sidan eller resursen finns inte.",
    405: "Metoden stöds inte för den här adressen.",
    406: "Det efterfrågade formatet stöds inte.",
    413: "Förfrågan är för stor.",
    415: "Skicka uppgifterna som JSON (Content-Type: application/json).",
}
SERVER_ERROR = (
    "Något gick fel hos Fondassistenten. Försök igen om en stund, eller kontakta fondens samordnare."
)


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
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "cookie")]
    return ".".join(parts) or "body"


def validation_error(errors: list[FieldError]) -> JSONResponse:
    return JSONResponse(status_code=422, content=ValidationErrorResponse(detail=errors).model_dump())


def problem(status_code: int, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(status_code=status_code, content={"detail": detail}, headers=headers)


async def _validation_handler(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = [
        FieldError(
            field="body" if e.get("type") == "json_invalid" else field_name(e.get("loc", ())),
            message=swedish_message(e),
        )
        for e in exc.errors()
    ]
    return validation_error(errors)


async def _unknown_fund_handler(request: Request, exc: UnknownFundError) -> JSONResponse:
    return validation_error([FieldError(field="fund", message=str(exc))])


async def _unknown_check_handler(request: Request, exc: UnknownCheckError) -> JSONResponse:
    return validation_error([FieldError(field="only", message=str(exc))])


async def _http_handler(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    detail = exc.detail if isinstance(exc.detail, str) and exc.detail else ""
    if exc.status_code == 400 and detail == "There was an error parsing the body":
        # FastAPI's answer to a body that is not UTF-8 or not JSON at all: bad input like any other.
        return validation_error([FieldError(field="body", message=_MESSAGES["json_invalid"])])
    if exc.status_code == 422:
        # A router's own HTTPException(422, "…"): the same shape as every other 422.
        return validation_error([FieldError(field="body", message=detail or "Ogiltiga uppgifter.")])
    if not detail or detail == _english_phrase(exc.status_code):
        detail = _STATUS_MESSAGES.get(exc.status_code, "Förfrågan kunde inte behandlas.")
    return problem(exc.status_code, detail, getattr(exc, "headers", None))


async def _rate_limited_handler(request: Request, exc: RateLimited) -> JSONResponse:
    return problem(
        429, RATE_LIMIT_MESSAGE.format(seconds=exc.retry_after), {"Retry-After": str(exc.retry_after)}
    )


async def _server_error_handler(request: Request, exc: Exception) -> JSONResponse:
    # The exception's type and where it happened, never its message: it may quote what the user wrote.
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    where = f"{tb.tb_frame.f_code.co_filename}:{tb.tb_lineno}" if tb else "?"
    logger.error("Oväntat fel %s i %s %s (%s)", type(exc).__name__, request.method, request.url.path, where)
    return problem(500, SERVER_ERROR)


def _english_phrase(status_code: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status_code).phrase
    except ValueError:
        return ""


def install_error_handlers(app: FastAPI) -> None:
    """Register the Swedish answers for every error the app can send."""
    app.add_exception_handler(RequestValidationError, _validation_handler)  # type: ignore[arg-type]
    app.add_exception_handler(UnknownFundError, _unknown_fund_handler)  # type: ignore[arg-type]
    app.add_exception_handler(UnknownCheckError, _unknown_check_handler)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http_handler)  # type: ignore[arg-type]
    app.add_exception_handler(RateLimited, _rate_limited_handler)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _server_error_handler)


def document_errors(app: FastAPI) -> None:
    """Make ``app.openapi()`` document the app's own 422 body instead of FastAPI's default one."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
            tags=app.openapi_tags,
        )
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.setdefault("FieldError", FieldError.model_json_schema())
        components.setdefault(
            "ValidationErrorResponse",
            {
                "title": "ValidationErrorResponse",
                "type": "object",
                "properties": {
                    "detail": {"type": "array", "items": {"$ref": "#/components/schemas/FieldError"}}
                },
                "required": ["detail"],
            },
        )
        ours = {
            "description": VALIDATION_RESPONSE["description"],
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/ValidationErrorResponse"}}
            },
        }
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                responses = operation.get("responses", {})
                if "422" in responses:
                    responses["422"] = ours
        components.pop("HTTPValidationError", None)
        components.pop("ValidationError", None)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
