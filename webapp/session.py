"""The conversation a browser is in, owned by the server.

The web app issues the conversation id in a signed, HTTP-only, SameSite=Strict cookie and sends Rasa that id
as the sender; a ``sender`` the client puts in the JSON body is ignored. A draft can be read, exported or
changed only by the session whose cookie carries its conversation id.

The signing key is ``FOND_SESSION_SECRET``, or one generated on first start and kept readable by its owner
only (0600) in ``<state dir>/session.key``.
"""

from __future__ import annotations

import os
import secrets
from functools import lru_cache
from pathlib import Path

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from fondassistenten.settings import Settings

COOKIE = "fond_samtal"
_SALT = "fondassistenten.samtal"
PREFIX = "webb-"


def _key_file(state_dir: Path) -> str:
    path = state_dir / "session.key"
    state_dir.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        os.chmod(path, 0o600)
        return path.read_text(encoding="ascii").strip()
    key = secrets.token_urlsafe(48)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key)
    return key


@lru_cache(maxsize=8)
def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=_SALT)


def serializer(settings: Settings) -> URLSafeTimedSerializer:
    return _serializer(settings.session_secret or _key_file(settings.state_path))


def new_conversation_id() -> str:
    """A fresh id that cannot be guessed (128 random bits) and is safe in a URL path."""
    return PREFIX + secrets.token_hex(16)


def current_conversation(request: Request, settings: Settings) -> str | None:
    """The conversation id in the request's valid, unexpired cookie, or None."""
    token = request.cookies.get(COOKIE)
    if not token:
        return None
    try:
        value = serializer(settings).loads(token, max_age=settings.session_max_age_days * 86400)
    except BadSignature:
        return None
    return value if isinstance(value, str) and value.startswith(PREFIX) else None


def set_conversation_cookie(response: Response, conversation_id: str, settings: Settings) -> None:
    response.set_cookie(
        COOKIE,
        serializer(settings).dumps(conversation_id),
        max_age=settings.session_max_age_days * 86400,
        httponly=True,
        samesite="strict",
        secure=settings.secure_cookies,
        path="/",
    )


def conversation_for(request: Request, response: Response, settings: Settings) -> str:
    """The request's conversation id; a new one (and its cookie on ``response``) when it has none."""
    conversation_id = current_conversation(request, settings)
    if conversation_id is None:
        conversation_id = new_conversation_id()
        set_conversation_cookie(response, conversation_id, settings)
    return conversation_id
