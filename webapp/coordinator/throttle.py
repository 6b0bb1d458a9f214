"""Limits on failed sign-ins with a local account, per account and per client address (the ``limits`` package,
moving window, as ``webapp/ratelimit.py`` for the chat).

Only failed attempts count; a successful sign-in clears the account's count. Once an account or a client has
used up its limit, every attempt is refused with 429 and a Swedish message, the right password included, until
the window has moved on. The limits are settings: ``FOND_LOGIN_LIMIT_ACCOUNT`` (default ``5/15 minutes``) and
``FOND_LOGIN_LIMIT_CLIENT`` (default ``20/15 minutes``). The counts live in the web app's memory: with several
web app processes each counts its own attempts.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from fastapi import Request
from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from webapp.coordinator.auth import AuthSettings
from webapp.ratelimit import client_key

_limiter = MovingWindowRateLimiter(MemoryStorage())

ACCOUNT_MESSAGE = (
    "För många misslyckade inloggningar på det här kontot. Vänta ungefär {minutes} och försök sedan igen. "
    "Har du glömt lösenordet, be en administratör om ett nytt."
)
CLIENT_MESSAGE = (
    "För många misslyckade inloggningar från din uppkoppling. Vänta ungefär {minutes} och försök sedan igen."
)


@dataclass(frozen=True)
class Blocked:
    message: str
    retry_after: int


def _items() -> tuple[RateLimitItem, RateLimitItem]:
    settings = AuthSettings()
    return parse(settings.login_limit_account), parse(settings.login_limit_client)


def _account(username: str) -> str:
    return username.strip().casefold() or "-"


def _minutes(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return "1 minut" if minutes == 1 else f"{minutes} minuter"


def _blocked(item: RateLimitItem, scope: str, key: str, message: str) -> Blocked | None:
    if _limiter.test(item, scope, key):
        return None
    reset = _limiter.get_window_stats(item, scope, key).reset_time
    seconds = max(1, math.ceil(reset - time.time()))
    return Blocked(message.format(minutes=_minutes(seconds)), seconds)


def check(request: Request, username: str) -> Blocked | None:
    """Whether this attempt is refused before the password is even looked at."""
    account, client = _items()
    return _blocked(client, "login-client", client_key(request), CLIENT_MESSAGE) or _blocked(
        account, "login-account", _account(username), ACCOUNT_MESSAGE
    )


def failed(request: Request, username: str) -> None:
    account, client = _items()
    _limiter.hit(client, "login-client", client_key(request))
    _limiter.hit(account, "login-account", _account(username))


def succeeded(username: str) -> None:
    account, _client = _items()
    _limiter.clear(account, "login-account", _account(username))


def reset() -> None:
    """Forget every count (tests)."""
    _limiter.storage.reset()
