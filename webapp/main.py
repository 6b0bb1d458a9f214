"""The FastAPI web app: the chat page, the chat proxy to Rasa, search, checks and sketch export.

Run with ``uvicorn webapp.main:app``; the OpenAPI schema is at ``/openapi.json`` and the docs at ``/docs``.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from fondassistenten import action_host
from webapp import coordinator
from webapp.routers import chat, checks, health, search, sketch

STATIC_DIR = Path(__file__).parent / "static"

DESCRIPTION = """
Fondassistenten svarar på frågor om den sociala investeringsfonden med citerade avsnitt ur riktlinjerna,
prövar projektidéer mot fondens regler och hjälper till att skriva en idéskiss.

Svaren är vägledning, inte beslut.
"""


def create_app() -> FastAPI:
    app = FastAPI(
        title="Fondassistenten",
        description=DESCRIPTION,
        version="0.1.0",
        openapi_tags=[
            {"name": "sök", "description": "Sök i fondens riktlinjer och utvärderingar."},
            {"name": "kontroller", "description": "Pröva en projektidé mot fondens regler."},
            {"name": "idéskiss", "description": "Exportera en idéskiss som dokument."},
            {"name": "chatt", "description": "Chatta med assistenten (Rasas REST-kanal, via webbappen)."},
            {"name": "hälsa", "description": "Hälsokontroll."},
        ],
    )
    checks.install_error_handlers(app)
    for module in (health, search, checks, sketch, chat):
        app.include_router(module.router)
    app.include_router(action_host.router)  # the action webhook for a local Rasa: one copy of the models
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    coordinator.install(app)  # /samordnare: the coordinators' workspace and /api/feedback

    @app.get("/", include_in_schema=False)
    async def chat_page() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html")

    return app


app = create_app()
