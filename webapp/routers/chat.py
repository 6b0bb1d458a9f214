"""Proxy to Rasa's REST channel, so the intranet page talks to one origin.

Personal data (``fondassistenten.privacy``) is masked here before the message reaches Rasa's tracker store.
The conversation is the one in the session cookie (``webapp/session.py``); a ``sender`` in the body is
ignored.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from fondassistenten import rasa_pool
from fondassistenten.privacy import mask_personal_data
from fondassistenten.settings import Settings, get_settings
from webapp.coordinator.recorder import record_exchange
from webapp.errors import RATE_LIMIT_RESPONSE, VALIDATION_RESPONSE
from webapp.ratelimit import rate_limit
from webapp.session import conversation_for

router = APIRouter(tags=["chatt"])

MAX_MESSAGE_CHARS = 2000


class ChatMessage(BaseModel):
    sender: str | None = Field(
        default=None,
        max_length=128,
        description="Tas emot för att REST-kanalen ska vara Rasas, men används inte: konversationen är den "
        "som webbappens sessionskaka anger.",
    )
    message: str = Field(max_length=100_000, examples=["Kan en förening söka pengar ur fonden?"])


class BotReply(BaseModel):
    model_config = {
        "json_schema_extra": {
            "examples": [
                {"recipient_id": "anna-utbildningskontoret", "text": "Det är en nämnd som ansöker ..."}
            ]
        }
    }

    recipient_id: str | None = None
    text: str | None = None
    buttons: list[dict] | None = None
    custom: dict | None = None


def _reply(sender: str, text: str) -> list[dict]:
    return [{"recipient_id": sender, "text": text}]


@router.post(
    "/webhooks/rest/webhook",
    response_model=list[BotReply],
    response_model_exclude_none=True,
    summary="Skicka ett meddelande till assistenten (Rasas REST-kanal)",
    description="Konversationen följer sessionskakan `fond_samtal`, som webbappen sätter vid första "
    "meddelandet.",
    dependencies=[Depends(rate_limit("chat"))],
    responses={
        422: VALIDATION_RESPONSE,
        429: RATE_LIMIT_RESPONSE,
        503: {
            "model": list[BotReply],
            "description": "Assistenten kunde inte svara; svaret säger det på svenska.",
        },
    },
)
async def chat(
    message: ChatMessage,
    request: Request,
    response: Response,
    settings: Annotated[Settings, Depends(get_settings)],
) -> list[dict] | JSONResponse:
    sender = conversation_for(request, response, settings)
    text = message.message.strip()
    if not text:
        return _reply(sender, "Jag fick ett tomt meddelande. Skriv din fråga så hjälper jag dig.")
    if len(text) > MAX_MESSAGE_CHARS:
        return _reply(
            sender,
            f"Ditt meddelande är för långt ({len(text)} tecken). Korta ned det till högst "
            f"{MAX_MESSAGE_CHARS} tecken, gärna en fråga i taget.",
        )
    try:
        replies, _replica = await rasa_pool.send_turn(settings, sender, mask_personal_data(text))
    except rasa_pool.TurnFailed as failed:
        # Never an empty reply: the user is told in Swedish that the message got no answer.
        unavailable = JSONResponse(
            status_code=503, headers={"Retry-After": "5"}, content=_reply(sender, failed.text)
        )
        for value in response.headers.getlist("set-cookie"):
            unavailable.headers.append("set-cookie", value)
        return unavailable
    # masked, for the coordinators' insights; a database write, so off the event loop that serves every user
    return await run_in_threadpool(record_exchange, text, replies)
