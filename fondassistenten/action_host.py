"""The action server inside the web app, so one process holds the heavy models (embedding model, search index,
signal classifiers, spaCy) instead of two.

Rasa calls ``POST /actions/webhook`` on the web app the way it calls rasa-sdk's own server (the same
executor, answers and status codes). The webhook answers only callers on this machine: Rasa's port and this
path stay local even when the web app listens on every interface. Several machines run the stand-alone
action server (``python -m actions.server``) instead; see ``deploy/``.

The warm-up loads the models and sends one chat turn through Rasa, so ``/health`` says ``ok`` only once the
first search and the first chat are fast.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
import uuid
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import httpx
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from fondassistenten.settings import Settings

if TYPE_CHECKING:
    from rasa_sdk.executor import ActionExecutor

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/actions", include_in_schema=False)

LOCAL_CLIENTS = {"127.0.0.1", "::1", "localhost"}
WARM_UP_QUESTION = "Kan en förening söka pengar ur fonden?"


@lru_cache
def executor() -> ActionExecutor:
    from rasa_sdk.executor import ActionExecutor

    actions = ActionExecutor()
    actions.register_package("actions")
    return actions


def _run(action_call: dict[str, Any]) -> dict[str, Any] | None:
    """One action in a worker thread with its own event loop, so a slow action never stalls the web app."""
    result = asyncio.run(executor().run(action_call))
    return result.model_dump() if result else None


@router.get("/health")
async def actions_health() -> dict[str, str]:
    return {"status": "ok", "service": "actions"}


@router.post("/webhook")
async def webhook(request: Request) -> JSONResponse:
    from rasa_sdk.interfaces import (
        ActionExecutionRejection,
        ActionMissingDomainException,
        ActionNotFoundException,
    )

    if request.client is None or request.client.host not in LOCAL_CLIENTS:
        return JSONResponse({"error": "Inte tillgänglig."}, status_code=404)
    try:
        action_call = await request.json()
    except ValueError:
        action_call = None
    if not isinstance(action_call, dict):
        return JSONResponse({"error": "Invalid body request"}, status_code=400)
    try:
        result = await run_in_threadpool(_run, action_call)
    except ActionExecutionRejection as e:
        return JSONResponse({"error": e.message, "action_name": e.action_name}, status_code=400)
    except ActionNotFoundException as e:
        logger.error("%s", e)
        return JSONResponse({"error": e.message, "action_name": e.action_name}, status_code=404)
    except ActionMissingDomainException as e:
        return JSONResponse({"error": e.message, "action_name": e.action_name}, status_code=449)
    return JSONResponse(result)


# --- warm-up ---------------------------------------------------------------------------------------------


@dataclass
class Warmth:
    """What the web app has warmed since it started (shown by ``/health``)."""

    search: bool = False
    chat: bool = False
    error: str | None = None
    started: bool = False
    seconds: dict[str, float] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def ready(self) -> bool:
        return self.search and self.chat


WARMTH = Warmth()


def start_warm_up(settings: Settings) -> Warmth:
    """Start the warm-up once per process (in the background); later calls only return its state."""
    with WARMTH.lock:
        if not WARMTH.started:
            WARMTH.started = True
            threading.Thread(target=_warm_up, args=(settings,), name="warm-up", daemon=True).start()
    return WARMTH


def _warm_up(settings: Settings) -> None:
    began = time.perf_counter()
    try:
        from actions import warmup

        warmup()  # embedding model, index, fund profile, fact extractor: one search
    except Exception as error:  # noqa: BLE001 - reported by /health, never a crash
        logger.exception("warm-up of the models failed")
        WARMTH.error = f"{type(error).__name__}: {error}"
        return
    WARMTH.search = True
    WARMTH.seconds["search"] = round(time.perf_counter() - began, 1)
    # One turn through every Rasa replica (and back into this process's actions), retried until Rasa is up.
    pending = list(settings.rasa_replicas)
    delay = 1.0
    while pending:
        for url in list(pending):
            try:
                response = httpx.post(
                    f"{url}/webhooks/rest/webhook",
                    json={"sender": f"uppvarmning-{uuid.uuid4().hex[:8]}", "message": WARM_UP_QUESTION},
                    timeout=60.0,
                )
                if response.status_code == 200 and response.json():
                    pending.remove(url)
            except (httpx.HTTPError, ValueError):
                pass
        if pending:
            time.sleep(delay)
            delay = min(delay * 1.5, 10.0)
    WARMTH.chat = True
    WARMTH.seconds["chat"] = round(time.perf_counter() - began, 1)
