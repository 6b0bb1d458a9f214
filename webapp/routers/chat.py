"""Proxy to Rasa's REST channel, so the intranet page talks to one origin.

Personal identity numbers are masked here before the message reaches Rasa's tracker store.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from fondassistenten import rasa_pool
from fondassistenten.privacy import mask_personnummer
from fondassistenten.settings import Settings, get_settings
from webapp.coordinator.recorder import record_exchange

router = APIRouter(tags=["chatt"])

MAX_MESSAGE_CHARS = 2000


class ChatMessage(BaseModel):
    sender: str = Field(min_length=1, max_length=128, examples=["anna-utbildningskontoret"])
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
)
async def chat(
    message: ChatMessage, settings: Annotated[Settings, Depends(get_settings)]
) -> list[dict] | JSONResponse:
    text = message.message.strip()
    if not text:
        return _reply(message.sender, "Jag fick ett tomt meddelande. Skriv din fråga så hjälper jag dig.")
    if len(text) > MAX_MESSAGE_CHARS:
        return _reply(
            message.sender,
            f"Ditt meddelande är för långt ({len(text)} tecken). Korta ned det till högst "
            f"{MAX_MESSAGE_CHARS} tecken, gärna en fråga i taget.",
        )
    try:
        replies, _replica = await rasa_pool.send_turn(settings, message.sender, mask_personnummer(text))
    except rasa_pool.TurnFailed as failed:
        # Never an empty reply: the user is told in Swedish that the message got no answer.
        return JSONResponse(
            status_code=503, headers={"Retry-After": "5"}, content=_reply(message.sender, failed.text)
        )
    return record_exchange(text, replies)  # masked, for the coordinators' insights
