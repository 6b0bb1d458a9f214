"""The coordinators' workspace (``/samordnare``): sign-in, insights on what people ask, feedback on answers,
the FAQ editor and document upload. ``install(app)`` adds it to the web app."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from fondassistenten.db import session_scope, upgrade
from webapp.coordinator.auth import AuthSettings, NotSignedIn

STATIC = Path(__file__).parent / "static"


def install(app: FastAPI) -> None:
    from webapp.coordinator import routes, sso, store

    AuthSettings()  # a wrong FOND_LOGIN_LIMIT_* stops the start here, not the first sign-in
    upgrade()
    with session_scope() as session:  # the live search file follows the database (dates may have passed)
        store.publish(session)
    app.include_router(routes.router)
    app.include_router(routes.api)
    app.mount("/samordnare/static", StaticFiles(directory=STATIC), name="samordnare-static")
    sso_app = sso.create_sso_app()
    app.state.oidc = sso_app.state.oidc
    app.mount("/samordnare/sso", sso_app)

    @app.exception_handler(NotSignedIn)
    async def not_signed_in(request: Request, _exc: NotSignedIn) -> Response:
        wants_html = "text/html" in request.headers.get("accept", "") and request.method == "GET"
        if wants_html:
            return routes.login_page(request, "Logga in för att se samordnarnas arbetsyta.", status=401)
        return JSONResponse({"detail": "Logga in som samordnare."}, status_code=401)
