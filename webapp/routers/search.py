"""``GET /api/search``: ranked corpus passages with their sources and whether the corpus can answer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field

from knowledge.citation import source_label
from knowledge.search import MAX_QUERY_CHARS, get_searcher
from webapp.errors import RATE_LIMIT_RESPONSE, VALIDATION_RESPONSE
from webapp.ratelimit import rate_limit

router = APIRouter(tags=["sök"])

MAX_K = 20


class PassageSource(BaseModel):
    document_title: str
    document_file: str
    municipality: str
    section: str = Field(description="Rubrikväg i dokumentet, t.ex. '3 Ansökan › 3.1 Kriterier för ansökan'")
    kind: str = Field(description="Dokumenttyp: riktlinje, utvärdering, yttrande eller utlåtande")
    year: int | None = Field(description="Dokumentets år")
    proposal: bool = Field(
        description="Sant när stycket är föreslagen lydelse (förslag, remissvar om ett förslag, motion), "
        "inte en antagen regel"
    )
    position: int = Field(description="Styckets ordning i dokumentet")
    label: str = Field(
        description="Källan som den visas för användaren, t.ex. "
        "'Sundsvalls kommun, riktlinje (2015), avsnitt ”3.1.1 Vem får ansöka?”'"
    )


class PassageOut(BaseModel):
    id: str
    text: str
    score: float
    source: PassageSource


class SearchOut(BaseModel):
    query: str
    answerable: bool = Field(description="Falskt när underlaget inte verkar kunna besvara frågan")
    passages: list[PassageOut]

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "query": "Kan en förening söka pengar?",
                    "answerable": True,
                    "passages": [
                        {
                            "id": "sodertalje-utvardering-sociala-investeringsfonden-2015#036",
                            "text": "Nuvarande lydelse: I sådana fall ska ansökan göras av den nämnd som "
                            "verksamheten ligger under. Det är också under den ansökande nämnden som "
                            "projektet samordnas.",
                            "score": 0.912,
                            "source": {
                                "document_title": "Södertälje kommuns sociala investeringsfond – "
                                "utvärdering efter det första året (tjänsteskrivelse, PM, rapport och "
                                "remissammanställning)",
                                "document_file": "sodertalje-utvardering-sociala-investeringsfonden-2015.md",
                                "municipality": "Södertälje",
                                "section": "Förslag på förändringar i riktlinjer › Externa aktörers roll.",
                                "kind": "utvärdering",
                                "year": 2015,
                                "proposal": False,
                                "position": 36,
                                "label": "Södertälje kommun, utvärdering (2015), "
                                "avsnitt ”Externa aktörers roll”",
                            },
                        }
                    ],
                }
            ]
        }
    )


def _validation_error(field: str, message: str) -> RequestValidationError:
    return RequestValidationError(
        [{"type": "value_error", "loc": ("query", field), "msg": message, "input": None}]
    )


@router.get(
    "/api/search",
    response_model=SearchOut,
    summary="Sök i fondens underlag",
    description="Rankade stycken ur riktlinjer och utvärderingar, med källa, och om frågan går att besvara "
    "utifrån underlaget. HTML i frågan behandlas som vanlig text.",
    responses={
        422: {**VALIDATION_RESPONSE, "description": "Ogiltig fråga, t.ex. tom eller längre än 2 000 tecken"},
        429: RATE_LIMIT_RESPONSE,
    },
    dependencies=[Depends(rate_limit("search"))],
)
async def search(
    q: Annotated[str, Query(description="Frågan på svenska", examples=["Kan en förening söka pengar?"])] = "",
    k: Annotated[int, Query(description=f"Antal stycken (1–{MAX_K})")] = 5,
    municipality: Annotated[
        str | None,
        Query(description="Kommun att prioritera, t.ex. 'Sundsvall'; standard är den aktiva fonden"),
    ] = None,
) -> SearchOut:
    if not q.strip():
        raise _validation_error("q", "Skriv en fråga att söka på.")
    if len(q) > MAX_QUERY_CHARS:
        raise _validation_error(
            "q", f"Frågan är för lång ({len(q)} tecken). Korta den till högst 2 000 tecken."
        )
    if not 1 <= k <= MAX_K:
        raise _validation_error("k", f"Antalet stycken (k) måste vara mellan 1 och {MAX_K}.")
    searcher = await run_in_threadpool(get_searcher)
    response = await run_in_threadpool(searcher.search, q, k, municipality)
    return SearchOut(
        query=response.query,
        answerable=response.answerable,
        passages=[
            PassageOut(
                id=p.id,
                text=p.text,
                score=p.score,
                source=PassageSource(
                    document_title=p.document_title,
                    document_file=p.document_file,
                    municipality=p.municipality,
                    section=p.section,
                    kind=p.kind,
                    year=p.year,
                    proposal=p.proposal,
                    position=p.position,
                    label=source_label(p),
                ),
            )
            for p in response.passages
        ],
    )
