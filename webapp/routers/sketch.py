"""Export of an idea sketch as Markdown, DOCX or PDF, with the check results attached.

A saved draft is exported only for the session that owns its conversation (``webapp/session.py``).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Body, Depends, HTTPException, Path, Query, Request
from fastapi.responses import Response
from pydantic import ValidationError

from fondassistenten.drafts import DraftStore, get_draft_store
from fondassistenten.settings import Settings, get_settings
from rules.sketch import IdeaSketch
from webapp.coordinator.recorder import record_sketch_event
from webapp.errors import RATE_LIMIT_RESPONSE, VALIDATION_RESPONSE, Problem
from webapp.ratelimit import rate_limit
from webapp.routers.checks import SKETCH_EXAMPLES
from webapp.session import current_conversation
from webapp.sketch_document import build_document, to_docx, to_markdown, to_pdf

router = APIRouter(tags=["idéskiss"])


class ExportFormat(StrEnum):
    docx = "docx"
    pdf = "pdf"
    md = "md"


MEDIA_TYPES = {
    ExportFormat.docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ExportFormat.pdf: "application/pdf",
    ExportFormat.md: "text/markdown; charset=utf-8",
}
RENDERERS = {ExportFormat.docx: to_docx, ExportFormat.pdf: to_pdf, ExportFormat.md: to_markdown}
EXPORT_RESPONSES: dict[int | str, dict] = {
    200: {
        "description": "Idéskissen som dokument, med kontrollresultaten.",
        "content": {
            media: {"schema": {"type": "string", "format": "binary"}} for media in MEDIA_TYPES.values()
        },
        "headers": {"Content-Disposition": {"description": "Filnamnet", "schema": {"type": "string"}}},
    },
    422: VALIDATION_RESPONSE,
    429: RATE_LIMIT_RESPONSE,
}
NOT_YOURS = (
    "Idéskissen hör till en annan konversation. Du kan bara ladda ned idéskissen från din egen konversation, "
    "i samma webbläsare."
)


def _export(sketch: IdeaSketch, format: ExportFormat, fund: str | None) -> Response:
    fund_id = fund or get_settings().fund
    document = build_document(sketch, fund_id)  # an unknown fund is a 422 like everywhere (webapp/errors.py)
    rendered = RENDERERS[format](document)
    body = rendered.encode("utf-8") if isinstance(rendered, str) else rendered
    filename = f"ideskiss-{date.today().isoformat()}.{format.value}"
    return Response(
        content=body,
        media_type=MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.post(
    "/api/sketch/export",
    summary="Exportera en idéskiss",
    response_class=Response,
    responses=EXPORT_RESPONSES,
    dependencies=[Depends(rate_limit("export"))],
)
def export_sketch(
    sketch: Annotated[IdeaSketch, Body(openapi_examples=SKETCH_EXAMPLES)],
    format: Annotated[ExportFormat, Query(description="Filformat: docx, pdf eller md.")] = ExportFormat.docx,
    fund: Annotated[
        str | None, Query(description="Fondprofil, t.ex. sodertalje. Standard: aktiv fond.")
    ] = None,
) -> Response:
    """Gör om en idéskiss (JSON) till ett dokument att lämna in, med fondens kontroller bifogade."""
    return _export(sketch, format, fund)


@router.get(
    "/api/sketch/{sender_id}/export",
    summary="Exportera idéskissen från en chattkonversation",
    response_class=Response,
    responses={
        **EXPORT_RESPONSES,
        403: {"model": Problem, "description": "Idéskissen hör till en annan konversation."},
        404: {"model": Problem, "description": "Ingen idéskiss finns för konversationen."},
    },
    dependencies=[Depends(rate_limit("export"))],
)
def export_draft(
    sender_id: Annotated[str, Path(min_length=1, max_length=128)],
    request: Request,
    store: Annotated[DraftStore, Depends(get_draft_store)],
    settings: Annotated[Settings, Depends(get_settings)],
    format: Annotated[ExportFormat, Query(description="Filformat: docx, pdf eller md.")] = ExportFormat.docx,
) -> Response:
    """Exporterar det utkast som assistenten har sparat för konversationen, bara för den konversationens
    egen session (sessionskakan `fond_samtal`)."""
    if current_conversation(request, settings) != sender_id:
        raise HTTPException(status_code=403, detail=NOT_YOURS)
    draft = store.load(sender_id)
    if draft is None:
        raise HTTPException(
            status_code=404, detail="Det finns ingen sparad idéskiss för den här konversationen."
        )
    exported = _export(_valid_sketch(draft), format, None)
    record_sketch_event("exporterad", sender_id)  # insights: exported (once per sketch)
    return exported


def _valid_sketch(draft: dict) -> IdeaSketch:
    """The stored draft as an IdeaSketch. A part that no longer validates (masking can make a text longer than
    its limit) is left out rather than failing the whole export."""
    try:
        return IdeaSketch.model_validate(draft)
    except ValidationError as error:
        broken = {e["loc"][0] for e in error.errors() if e.get("loc")}
        return IdeaSketch.model_validate({k: v for k, v in draft.items() if k not in broken})
