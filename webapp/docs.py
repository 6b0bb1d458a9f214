"""The API documentation, Swagger UI at ``/docs`` and ReDoc at ``/redoc``, served by the app itself.

The assets come from the PyPI package ``fastapi-offline`` (Swagger UI and ReDoc builds), so the pages work
on an intranet without internet and under the app's Content-Security-Policy (no inline script: the Swagger UI
set-up is ``static/swagger-init.js``).
"""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS_DIR = Path(fastapi_offline.__file__).parent / "static"
ASSETS_URL = "/docs/assets"

router = APIRouter(include_in_schema=False)

_SWAGGER = f"""<!doctype html>
<html lang="sv">
<head>
  <meta charset="utf-8">
  <title>Fondassistenten – API (Swagger UI)</title>
  <link rel="stylesheet" href="{ASSETS_URL}/swagger-ui.css">
  <link rel="icon" href="{ASSETS_URL}/favicon.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="{ASSETS_URL}/swagger-ui-bundle.js"></script>
  <script src="/static/swagger-init.js"></script>
</body>
</html>
"""

_REDOC = f"""<!doctype html>
<html lang="sv">
<head>
  <meta charset="utf-8">
  <title>Fondassistenten – API (ReDoc)</title>
  <link rel="icon" href="{ASSETS_URL}/favicon.png">
</head>
<body>
  <redoc spec-url="/openapi.json"></redoc>
  <script src="{ASSETS_URL}/redoc.standalone.js"></script>
</body>
</html>
"""


@router.get("/docs", response_class=HTMLResponse)
async def swagger_ui() -> HTMLResponse:
    return HTMLResponse(_SWAGGER)


@router.get("/redoc", response_class=HTMLResponse)
async def redoc() -> HTMLResponse:
    return HTMLResponse(_REDOC)


def install_docs(app: FastAPI) -> None:
    """Serve the two documentation pages and their assets (create the app with docs_url=redoc_url=None)."""
    app.include_router(router)
    app.mount(ASSETS_URL, StaticFiles(directory=ASSETS_DIR), name="docs-assets")
