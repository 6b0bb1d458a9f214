"""Input channels of the Rasa server (loaded from bot/credentials.yml, run in the Rasa 3.10 environment).

- ``MaskedRestInput``: Rasa's REST channel (``POST /webhooks/rest/webhook``), but personal identity
  numbers are masked before the message reaches NLU and the tracker store, whichever client sends it.
- ``HealthInput``: ``GET /health`` on the Rasa server, ``ok`` once the trained model is loaded.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request

from fondassistenten.privacy import mask_personnummer


class MaskedRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def _extract_message(self, req: Request) -> str | None:
        message = req.json.get("message", None)
        return mask_personnummer(message) if isinstance(message, str) else message


class HealthInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "health"

    def url_prefix(self) -> str:
        return "/"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        health = Blueprint("fond_health", __name__)

        @health.route("/health", methods=["GET"])
        async def check(request: Request) -> response.HTTPResponse:
            agent = getattr(request.app.ctx, "agent", None)
            ready = bool(agent and agent.is_ready())
            return response.json(
                {"status": "ok" if ready else "laddar", "service": "rasa"}, status=200 if ready else 503
            )

        return health
