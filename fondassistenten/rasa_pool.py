"""Sends one chat turn to one of the Rasa replicas and turns every failure into a clear Swedish answer.

The replicas (``FOND_RASA_URLS``, or the single ``FOND_RASA_URL``) are taken in turn, one per message,
whatever sender id the caller uses: they share the tracker store and the lock store (PostgreSQL and Redis
when there are several, see ``bot/endpoints.yml``), so the lock store keeps a conversation's turns in order.

- A replica that cannot be reached is skipped for a few seconds and the turn goes to the next one: it was
  never delivered, so nothing is sent twice.
- A replica that fails while it handles the turn (it crashed, or the action server did not answer, which Rasa
  reports as an empty ``200``) is not retried: the turn may be half done. The user is asked to send it again,
  with status 503, never an empty reply.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import time
import weakref
from typing import Any

import httpx

from fondassistenten.settings import Settings

logger = logging.getLogger(__name__)

UNAVAILABLE = (
    "Assistenten är inte tillgänglig just nu. Försök igen om en stund, eller kontakta fondens samordnare."
)
TURN_LOST = (
    "Jag kunde inte svara på ditt senaste meddelande, eftersom en del av assistenten startar om. "
    "Skicka meddelandet igen om en liten stund. Det du har skrivit tidigare finns kvar."
)
SKIP_SECONDS = 5.0
"""How long a replica that refused a connection is tried last."""

_turns = itertools.count()
_refused_until: dict[str, float] = {}
_clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, httpx.AsyncClient] = (
    weakref.WeakKeyDictionary()
)


def _client() -> httpx.AsyncClient:
    """One client (connection pool) per event loop, kept for the process's life.

    A new client per turn built a TLS context (``ssl.create_default_context`` reads the CA bundle) and a new
    connection every time: 31 % of the web app's CPU under load (py-spy, locust 20-40 users, 2026-11-23).
    """
    loop = asyncio.get_running_loop()
    client = _clients.get(loop)
    if client is None or client.is_closed:
        client = _clients[loop] = httpx.AsyncClient(
            # shorter than Sanic's 5 s keep-alive, so a request never goes out on a connection Rasa is closing
            limits=httpx.Limits(max_keepalive_connections=50, keepalive_expiry=2.0)
        )
    return client


class TurnFailed(Exception):
    """The turn got no answer; ``text`` is what the user is told (Swedish), with HTTP status 503."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


def replica_order(settings: Settings) -> list[str]:
    """The replicas for this turn: the next one in turn first, those that refused a connection lately last."""
    urls = settings.rasa_replicas
    start = next(_turns) % len(urls)
    order = urls[start:] + urls[:start]
    now = time.monotonic()
    return sorted(order, key=lambda url: _refused_until.get(url, 0.0) > now)


async def send_turn(
    settings: Settings, sender: str, message: str, timeout: float = 30.0
) -> tuple[list[dict[str, Any]], str]:
    """Rasa's replies to ``message`` and the replica that gave them; raises :class:`TurnFailed`."""
    payload = {"sender": sender, "message": message}
    client = _client()
    for url in replica_order(settings):
        try:
            response = await client.post(f"{url}/webhooks/rest/webhook", json=payload, timeout=timeout)
        except (httpx.ConnectError, httpx.ConnectTimeout):
            _refused_until[url] = time.monotonic() + SKIP_SECONDS
            continue
        except httpx.HTTPError as error:
            logger.warning("Rasa %s failed during a turn: %s", url, type(error).__name__)
            raise TurnFailed(TURN_LOST) from error
        _refused_until.pop(url, None)
        if response.status_code >= 500:
            logger.warning("Rasa %s answered %s", url, response.status_code)
            raise TurnFailed(TURN_LOST)
        if response.status_code != 200:
            raise TurnFailed(UNAVAILABLE)
        replies = response.json()
        if not isinstance(replies, list) or not replies:
            # Rasa answers an empty 200 when the action server is down or an action failed.
            logger.warning("Rasa %s gave no reply (action server down or an action failed)", url)
            raise TurnFailed(TURN_LOST)
        return replies, url
    raise TurnFailed(UNAVAILABLE)
