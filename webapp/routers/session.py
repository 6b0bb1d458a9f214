"""``POST /api/session``: start a new conversation (the chat page's "Börja om" button)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, Field

from fondassistenten.settings import Settings, get_settings
from webapp.errors import RATE_LIMIT_RESPONSE
from webapp.ratelimit import rate_limit
from webapp.session import new_conversation_id, set_conversation_cookie

router = APIRouter(tags=["chatt"])


class NewConversation(BaseModel):
    message: str
    conversation_id: str = Field(
        description="Konversationens id (också Rasas sender). Det ger ingen åtkomst utan sessionskakan."
    )


@router.post(
    "/api/session",
    response_model=NewConversation,
    summary="Börja en ny konversation",
    description="Ger webbläsaren en ny sessionskaka (`fond_samtal`). Den tidigare konversationen och dess "
    "idéskiss går inte längre att nå från den här webbläsaren.",
    dependencies=[Depends(rate_limit("chat"))],
    responses={429: RATE_LIMIT_RESPONSE},
)
def new_session(response: Response, settings: Annotated[Settings, Depends(get_settings)]) -> NewConversation:
    conversation_id = new_conversation_id()
    set_conversation_cookie(response, conversation_id, settings)
    return NewConversation(message="En ny konversation har börjat.", conversation_id=conversation_id)
