"""Input channels of the Rasa server (loaded from bot/credentials.yml, run in the Rasa 3.10 environment).

- ``MaskedRestInput``: Rasa's REST channel (``POST /webhooks/rest/webhook``), but personal data
  (``fondassistenten.privacy``: personnummer, samordningsnummer, e-mail, phone numbers) is masked before the
  message reaches NLU and the tracker store, whichever client sends it, and a failed or timed-out turn is
  logged without the message text (Rasa's own handler logs the text at ERROR).
- ``HealthInput``: ``GET /health`` on the Rasa server, ``ok`` once the trained model is loaded.
"""

from __future__ import annotations

import logging
import os
from asyncio import CancelledError
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request

from bot import server_tuning
from fondassistenten.privacy import mask_personal_data

logger = logging.getLogger(__name__)

# Files the Rasa server creates (the SQLite tracker store and its journal) are readable by their owner only.
os.umask(0o077)
server_tuning.apply()


class MaskedRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def _extract_message(self, req: Request) -> str | None:
        message = req.json.get("message", None)
        return mask_personal_data(message) if isinstance(message, str) else message

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Rasa's REST routes (``GET /``, ``POST /webhook``), with no message text in the logs."""
        webhook = Blueprint("custom_webhook_MaskedRestInput", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> response.HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> response.HTTPResponse:
            sender_id = await self._extract_sender(request)
            text = self._extract_message(request)
            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(
                        text,
                        collector,
                        sender_id,
                        input_channel=self._extract_input_channel(request),
                        metadata=self.get_metadata(request),
                    )
                )
            except CancelledError:
                logger.error("Ett meddelande fick inget svar i tid (%d tecken).", len(text or ""))
            except Exception as error:  # noqa: BLE001 - Rasa's own handler answers 200 with what it has too
                logger.error("Ett meddelande kunde inte hanteras: %s", type(error).__name__)
            return response.json(collector.messages)

        return webhook


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
