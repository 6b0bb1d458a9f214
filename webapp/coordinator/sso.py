"""Single sign-on for coordinators through the municipality's OpenID Connect provider (Authlib).

Switched on by setting, for example:

    FOND_OIDC_METADATA_URL=https://login.kommun.se/.well-known/openid-configuration
    FOND_OIDC_CLIENT_ID=fondassistenten
    FOND_OIDC_CLIENT_SECRET=...
    FOND_OIDC_ROLE_CLAIM=groups                       # the claim that lists the user's groups
    FOND_OIDC_COORDINATOR_GROUP=fond-samordnare       # group -> role samordnare
    FOND_OIDC_ADMIN_GROUP=fond-administratorer        # group -> role administratör

Register ``https://<värd>/samordnare/sso/callback`` as the redirect URI at the provider. A user in neither
group is refused (403); one who signs in the first time gets an account without a password, matched on the
provider's ``sub`` from then on. The OIDC state and nonce live in a separate signed cookie scoped to
``/samordnare/sso`` (Starlette's SessionMiddleware on this sub-application only).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import httpx
import httpx2
from authlib.integrations.starlette_client import OAuth, OAuthError
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from joserfc.errors import JoseError as JoseRfcError
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.middleware.sessions import SessionMiddleware

from fondassistenten.db import User, session_scope
from fondassistenten.settings import get_settings
from webapp.coordinator.auth import AuthSettings, _secret, start_session

logger = logging.getLogger("webapp.coordinator.sso")

# Authlib talks to the provider with httpx2 (or httpx, its fallback): a provider that is down raises either.
HTTP_ERRORS = (httpx.HTTPError, httpx2.HTTPError)

UNREACHABLE = "Kommunens inloggning svarar inte just nu. Försök igen om en stund."
FAILED = "Inloggningen via kommunens konto misslyckades eller tog för lång tid. Försök igen."


class OidcSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FOND_OIDC_", extra="ignore")

    metadata_url: str = ""
    """The provider's discovery document (``…/.well-known/openid-configuration``); empty switches SSO off."""
    client_id: str = ""
    client_secret: str = ""
    scope: str = "openid profile email"
    role_claim: str = "groups"
    """The claim that lists the user's groups or roles; a dotted path reaches into an object
    (``realm_access.roles`` for Keycloak). Read from the ID token, else from the userinfo endpoint."""
    coordinator_group: str = "fond-samordnare"
    """Group (or several, comma-separated) whose members get the role samordnare."""
    admin_group: str = "fond-administratorer"
    """Group (or several, comma-separated) whose members get the role administratör."""
    redirect_uri: str = ""
    """The callback registered at the provider; empty means ``<request origin>/samordnare/sso/callback``
    (set it when the app runs behind a proxy that does not pass on the public host and scheme)."""
    post_logout_redirect_uri: str = ""
    """Where the provider sends the user after logging out; empty means ``<origin>/samordnare/logga-in``."""
    logout_at_provider: bool = True
    """Logging out of the workspace also ends the session at the provider (its ``end_session_endpoint``)."""

    @property
    def enabled(self) -> bool:
        return bool(self.metadata_url and self.client_id)


def _groups(claims: dict[str, Any], path: str) -> list[str]:
    value: Any = claims
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(item) for item in value]


def _names(setting: str) -> set[str]:
    return {name.strip() for name in setting.split(",") if name.strip()}


def role_for(claims: dict[str, Any], settings: OidcSettings) -> str | None:
    groups = set(_groups(claims, settings.role_claim))
    if groups & _names(settings.admin_group):
        return "administratör"
    if groups & _names(settings.coordinator_group):
        return "samordnare"
    return None


def _origin(request: Request) -> str:
    return f"{request.url.scheme}://{request.url.netloc}"


@dataclass(frozen=True)
class Oidc:
    """One app's OIDC client and settings, kept on ``app.state.oidc`` (two apps in a process may differ)."""

    oauth: OAuth
    settings: OidcSettings


def settings(request: Request) -> OidcSettings:
    """The SSO settings of the app that serves this request."""
    oidc = getattr(request.app.state, "oidc", None)
    return oidc.settings if oidc is not None else OidcSettings(metadata_url="")


async def end_session_url(request: Request) -> str | None:
    """The provider's logout address for a user who signed in through it (None: log out here only)."""
    oidc: Oidc | None = getattr(request.app.state, "oidc", None)
    if oidc is None or not (oidc.settings.enabled and oidc.settings.logout_at_provider):
        return None
    target = oidc.settings.post_logout_redirect_uri or _origin(request) + "/samordnare/logga-in"
    try:
        logout = await oidc.oauth.kommun.create_logout_url(
            post_logout_redirect_uri=target, client_id=oidc.settings.client_id
        )
    except (RuntimeError, *HTTP_ERRORS):  # no end_session_endpoint, or the provider is down
        return None
    return str(logout["url"])


def _refused(request: Request, message: str, status: int) -> Response:
    from webapp.coordinator.routes import login_page

    return login_page(request, message, status=status)


def create_sso_app() -> FastAPI:
    settings = OidcSettings()
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    forced = AuthSettings().cookie_secure
    app.add_middleware(
        SessionMiddleware,
        secret_key=_secret(),
        session_cookie="fond_sso",
        path="/samordnare/sso",
        same_site="lax",  # the provider sends the user back with a cross-site redirect
        https_only=bool(forced if forced is not None else get_settings().secure_cookies),
        max_age=600,
    )
    oauth = OAuth()
    app.state.oidc = Oidc(oauth, settings)
    if settings.enabled:
        oauth.register(
            "kommun",
            server_metadata_url=settings.metadata_url,
            client_id=settings.client_id,
            client_secret=settings.client_secret,
            client_kwargs={"scope": settings.scope},
        )

    @app.get("/login")
    async def login(request: Request) -> Response:
        if not settings.enabled:
            return _refused(request, "Inloggning med kommunens konto är inte inställd här.", 404)
        redirect_uri = settings.redirect_uri or _origin(request) + "/samordnare/sso/callback"
        try:
            return await oauth.kommun.authorize_redirect(request, redirect_uri)
        except HTTP_ERRORS:
            logger.exception("OIDC provider unreachable")
            return _refused(request, UNREACHABLE, 502)

    @app.get("/callback", name="callback")
    async def callback(request: Request) -> Response:
        if not settings.enabled:
            return _refused(request, "Inloggning med kommunens konto är inte inställd här.", 404)
        try:
            token = await oauth.kommun.authorize_access_token(request)
            claims = dict(token.get("userinfo") or {})
            if not _groups(claims, settings.role_claim) and "userinfo_endpoint" in (
                await oauth.kommun.load_server_metadata()
            ):
                claims = {**claims, **dict(await oauth.kommun.userinfo(token=token))}
        except (OAuthError, *HTTP_ERRORS, JoseRfcError) as error:
            logger.warning("OIDC callback refused: %s", error)
            return _refused(request, FAILED, 401)
        role = role_for(claims, settings)
        if role is None or not claims.get("sub"):
            return _refused(request, "Ditt konto har inte behörighet till samordnarnas arbetsyta.", 403)
        with session_scope() as session:
            user = session.scalar(select(User).where(User.oidc_subject == str(claims["sub"])))
            if user is None:
                user = User(
                    username=_free_username(session, claims),
                    display_name=str(claims.get("name") or ""),
                    role=role,
                    oidc_subject=str(claims["sub"]),
                )
                session.add(user)
            user.role = role
            if claims.get("name"):
                user.display_name = str(claims["name"])
            session.flush()
            if not user.active:
                return _refused(request, "Kontot är avstängt.", 403)
            response = _landing()
            start_session(request, response, user, sso=True)
        request.session.clear()
        return response

    return app


def _free_username(session: Session, claims: dict[str, Any]) -> str:
    """The provider's user name, or a numbered variant when a local account already has it."""
    base = str(claims.get("preferred_username") or claims.get("email") or claims["sub"])[:100]
    name, number = base, 1
    while session.scalar(select(User).where(User.username == name)) is not None:
        number += 1
        name = f"{base}-{number}"
    return name


def _landing() -> HTMLResponse:
    """A tiny page that moves on to the workspace.

    The session cookie is SameSite=Strict, and a browser leaves it off every request of a redirect chain that
    began on another site (the provider's). A redirect straight to ``/samordnare/`` would therefore arrive
    without it and show the login page again; a navigation started by this page is same-site."""
    return HTMLResponse(
        '<!doctype html><html lang="sv"><head><meta charset="utf-8">'
        '<meta http-equiv="refresh" content="0;url=/samordnare/"><title>Inloggad – Fondassistenten</title>'
        '</head><body><p>Du är inloggad. <a href="/samordnare/">Gå till arbetsytan</a>.</p></body></html>'
    )
