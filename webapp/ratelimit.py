"""Rate limits per client address on chat, search and export (the ``limits`` package, moving window).

The limits are settings (``FOND_RATE_LIMIT_CHAT``, ``..._SEARCH``, ``..._EXPORT``, e.g. ``60/minute``); a
client over its limit gets 429 with a Swedish message and ``Retry-After`` (``webapp/errors.py``).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Annotated, Literal

from fastapi import Depends, Request
from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from fondassistenten.settings import Settings, get_settings
from webapp.errors import RateLimited

Scope = Literal["chat", "search", "export"]

_limiter = MovingWindowRateLimiter(MemoryStorage())


def client_key(request: Request) -> str:
    return request.client.host if request.client else "okänd"


def rate_limit(scope: Scope) -> Callable[..., None]:
    """A dependency that counts the request against the client's limit for ``scope``."""

    def check(request: Request, settings: Annotated[Settings, Depends(get_settings)]) -> None:
        item = parse(getattr(settings, f"rate_limit_{scope}"))
        key = client_key(request)
        if not _limiter.hit(item, scope, key):
            reset = _limiter.get_window_stats(item, scope, key).reset_time
            raise RateLimited(retry_after=max(1, math.ceil(reset - time.time())))

    return check


def reset() -> None:
    """Forget every count (tests)."""
    _limiter.storage.reset()
