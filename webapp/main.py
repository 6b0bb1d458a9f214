"""The FastAPI web app: the chat page, the chat proxy to Rasa, search, checks and sketch export.

Run with ``uvicorn webapp.main:app``; the OpenAPI schema is at ``/openapi.json`` and the docs at ``/docs`` and
``/redoc`` (assets served by the app). Every response carries the security headers of ``webapp/security.py``;
every error is answered as ``webapp/errors.py`` documents; the access log never records query strings.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from fondassistenten import action_host
from fondassistenten.settings import get_settings
from webapp import coordinator, retention
from webapp.docs import install_docs
from webapp.errors import document_errors, install_error_handlers
from webapp.routers import chat, checks, health, search, session, sketch
from webapp.security import SecurityHeaders

STATIC_DIR = Path(__file__).parent / "static"

DESCRIPTION = """
Fondassistenten svarar på frågor om den sociala investeringsfonden med citerade avsnitt ur riktlinjerna,
prövar projektidéer mot fondens regler och hjälper till att skriva en idéskiss.

Svaren är vägledning, inte beslut.
"""


class _NoQueryString(logging.Filter):
    """uvicorn's access log without query strings: ``/api/search?q=…`` may hold what a person wrote."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], args[2].split("?", 1)[0], *args[3:])
        return True


class _NoExceptionText(logging.Filter):
    """uvicorn's error log names an exception's type, never its text or traceback (they may quote a message);
    ``webapp/errors.py`` logs where it happened."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[0] is not None:
            record.msg = f"{record.getMessage()} ({record.exc_info[0].__name__})"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        return True


logging.getLogger("uvicorn.access").addFilter(_NoQueryString())
logging.getLogger("uvicorn.error").addFilter(_NoExceptionText())


@contextlib.asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    task = asyncio.create_task(retention.run_periodically(get_settings()))
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def create_app() -> FastAPI:
    app = FastAPI(
        title="Fondassistenten",
        description=DESCRIPTION,
        version="0.1.0",
        docs_url=None,
        redoc_url=None,
        lifespan=_lifespan,
        openapi_tags=[
            {"name": "sök", "description": "Sök i fondens riktlinjer och utvärderingar."},
            {"name": "kontroller", "description": "Pröva en projektidé mot fondens regler."},
            {"name": "idéskiss", "description": "Exportera en idéskiss som dokument."},
            {"name": "chatt", "description": "Chatta med assistenten (Rasas REST-kanal, via webbappen)."},
            {"name": "hälsa", "description": "Hälsokontroll."},
        ],
    )
    install_error_handlers(app)
    for module in (health, search, checks, sketch, chat, session):
        app.include_router(module.router)
    install_docs(app)
    document_errors(app)
    app.add_middleware(SecurityHeaders)
    app.include_router(action_host.router)  # the action webhook for a local Rasa: one copy of the models
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    coordinator.install(app)  # /samordnare: the coordinators' workspace and /api/feedback

    @app.get("/", include_in_schema=False)
    async def chat_page() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html")

    return app


app = create_app()
