"""Sessions, CSRF protection and roles for the coordinators' workspace.

The session is a signed (itsdangerous), HTTP-only, SameSite=Strict cookie holding the user id and the
session's CSRF token; it is marked Secure whenever the request came over HTTPS (behind a TLS proxy, start
uvicorn with ``--proxy-headers``) or ``FOND_COOKIE_SECURE=true``. Every state-changing request carries the
CSRF token, as a form field ``csrf_token`` or an ``X-CSRF-Token`` header, compared in constant time.
Anonymous requests get 401, signed-in users without the needed role 403.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from fastapi import HTTPException, Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer
from limits import parse
from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from fondassistenten.db import User, session_scope
from fondassistenten.settings import get_settings

SESSION_COOKIE = "fond_samordnare"
LOGIN_COOKIE = "fond_inloggning"
SESSION_SECONDS = 8 * 3600


class AuthSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FOND_", extra="ignore")

    session_secret: str = ""
    """Signs the session cookies; empty means a random key kept in ``<state_dir>/session_secret``."""
    cookie_secure: bool | None = None
    """Force the Secure flag on or off; by default it follows the request's scheme."""
    login_limit_account: str = "5/15 minutes"
    """Failed sign-ins allowed per local account in a moving window (``limits`` notation)."""
    login_limit_client: str = "20/15 minutes"
    """Failed sign-ins allowed per client address in a moving window."""

    @field_validator("login_limit_account", "login_limit_client")
    @classmethod
    def _valid_limit(cls, value: str) -> str:
        parse(value)  # raises ValueError, e.g. for "fem per minut"
        return value


def _secret() -> str:
    """The one signing key of the app (FOND_SESSION_SECRET, or the key file the chat's sessions use)."""
    from webapp.session import _key_file

    settings = get_settings()
    return AuthSettings().session_secret or settings.session_secret or _key_file(settings.state_path)


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(_secret(), salt=salt)


@dataclass(frozen=True)
class CurrentUser:
    id: int
    username: str
    display_name: str
    role: str
    csrf: str
    sso: bool = False
    """Signed in through the municipality's provider (logging out then also ends the session there)."""

    @property
    def is_admin(self) -> bool:
        return self.role == "administratör"


def _secure(request: Request) -> bool:
    forced = AuthSettings().cookie_secure
    if forced is None and get_settings().secure_cookies:
        forced = True  # FOND_SECURE_COOKIES, the app-wide setting, also covers the workspace's cookies
    return forced if forced is not None else request.url.scheme == "https"


def set_cookie(request: Request, response: Response, name: str, value: str, max_age: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        httponly=True,
        secure=_secure(request),
        samesite="strict",
        path="/",
    )


def start_session(request: Request, response: Response, user: User, sso: bool = False) -> None:
    data = {"uid": user.id, "csrf": secrets.token_urlsafe(32), "sso": sso}
    token = _serializer("session").dumps(data)
    set_cookie(request, response, SESSION_COOKIE, token, SESSION_SECONDS)
    response.delete_cookie(LOGIN_COOKIE, path="/")


def end_session(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")


def current_user(request: Request) -> CurrentUser | None:
    raw = request.cookies.get(SESSION_COOKIE)
    if not raw:
        return None
    try:
        data = _serializer("session").loads(raw, max_age=SESSION_SECONDS)
    except BadSignature:
        return None
    with session_scope() as session:
        user = session.get(User, int(data.get("uid", 0)))
        if user is None or not user.active:
            return None
        return CurrentUser(
            user.id, user.username, user.display_name, user.role, str(data["csrf"]), bool(data.get("sso"))
        )


def login_csrf(request: Request, response: Response) -> str:
    """A CSRF token for the login form, bound to a short-lived signed cookie (no session yet)."""
    token = secrets.token_urlsafe(32)
    set_cookie(request, response, LOGIN_COOKIE, _serializer("login").dumps(token), 3600)
    return token


def check_login_csrf(request: Request, submitted: str) -> None:
    try:
        expected = _serializer("login").loads(request.cookies.get(LOGIN_COOKIE, ""), max_age=3600)
    except BadSignature:
        expected = ""
    if not expected or not submitted or not secrets.compare_digest(str(expected), submitted):
        raise HTTPException(403, "Formuläret har gått ut eller kom inte från den här sidan. Ladda om sidan.")


class NotSignedIn(Exception):
    """Raised for anonymous requests; answered with 401 (the login page for browsers)."""


def require_user(request: Request) -> CurrentUser:
    user = current_user(request)
    if user is None:
        raise NotSignedIn()
    return user


def require_admin(request: Request) -> CurrentUser:
    user = require_user(request)
    if not user.is_admin:
        raise HTTPException(403, "Det här får bara en administratör göra.")
    return user


async def check_csrf(request: Request, user: CurrentUser) -> None:
    """Refuse a state-changing request without the session's CSRF token (403)."""
    submitted = request.headers.get("x-csrf-token", "")
    if not submitted and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        submitted = str(form.get("csrf_token", ""))
    if not submitted or not secrets.compare_digest(submitted, user.csrf):
        raise HTTPException(
            403, "Formuläret saknar giltig säkerhetstoken (CSRF). Ladda om sidan och försök igen."
        )
