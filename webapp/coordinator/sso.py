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

from authlib.integrations.starlette_client import OAuth, OAuthError
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy import select
from starlette.middleware.sessions import SessionMiddleware

from fondassistenten.db import User, session_scope
from webapp.coordinator.auth import _secret, start_session


class OidcSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FOND_OIDC_", extra="ignore")

    metadata_url: str = ""
    client_id: str = ""
    client_secret: str = ""
    scope: str = "openid profile email"
    role_claim: str = "groups"
    coordinator_group: str = "fond-samordnare"
    admin_group: str = "fond-administratorer"

    @property
    def enabled(self) -> bool:
        return bool(self.metadata_url and self.client_id)


def role_for(claims: dict, settings: OidcSettings) -> str | None:
    groups = claims.get(settings.role_claim) or []
    groups = [groups] if isinstance(groups, str) else list(groups)
    if settings.admin_group in groups:
        return "administratör"
    if settings.coordinator_group in groups:
        return "samordnare"
    return None


def create_sso_app() -> FastAPI:
    settings = OidcSettings()
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    app.add_middleware(
        SessionMiddleware,
        secret_key=_secret(),
        session_cookie="fond_sso",
        path="/samordnare/sso",
        same_site="lax",
        max_age=600,
    )
    oauth = OAuth()
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
            raise HTTPException(404, "Inloggning via kommunens SSO är inte konfigurerad.")
        return await oauth.kommun.authorize_redirect(request, str(request.url_for("callback")))

    @app.get("/callback", name="callback")
    async def callback(request: Request) -> Response:
        if not settings.enabled:
            raise HTTPException(404, "Inloggning via kommunens SSO är inte konfigurerad.")
        try:
            token = await oauth.kommun.authorize_access_token(request)
        except OAuthError as error:
            raise HTTPException(401, "Inloggningen via SSO misslyckades. Försök igen.") from error
        claims = dict(token.get("userinfo") or {})
        role = role_for(claims, settings)
        if role is None or not claims.get("sub"):
            raise HTTPException(403, "Ditt konto har inte behörighet till samordnarnas arbetsyta.")
        with session_scope() as session:
            user = session.scalar(select(User).where(User.oidc_subject == str(claims["sub"])))
            if user is None:
                user = User(
                    username=str(claims.get("preferred_username") or claims.get("email") or claims["sub"]),
                    display_name=str(claims.get("name") or ""),
                    role=role,
                    oidc_subject=str(claims["sub"]),
                )
                session.add(user)
            user.role = role
            session.flush()
            if not user.active:
                raise HTTPException(403, "Kontot är avstängt.")
            response = RedirectResponse("/samordnare/", status_code=303)
            start_session(request, response, user)
        return response

    return app
