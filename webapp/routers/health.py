"""Liveness and readiness of the web app and of the services it depends on."""

from __future__ import annotations

from typing import Annotated

import httpx
from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from fondassistenten.action_host import start_warm_up
from fondassistenten.settings import Settings, get_settings

router = APIRouter(tags=["hälsa"])


@router.get(
    "/health",
    summary="Hälsokontroll",
    response_model=None,
    responses={
        200: {
            "content": {
                "application/json": {
                    "example": {
                        "status": "ok",
                        "service": "webapp",
                        "fund": "sodertalje",
                        "services": {"rasa": "ok", "actions": "ok"},
                    }
                }
            }
        },
        503: {
            "description": "Webbappen laddar fortfarande sina modeller eller har inte nått Rasa än",
            "content": {
                "application/json": {
                    "example": {
                        "status": "laddar",
                        "service": "webapp",
                        "fund": "sodertalje",
                        "warm": {"search": True, "chat": False},
                    }
                }
            },
        },
    },
)
async def health(
    settings: Annotated[Settings, Depends(get_settings)], deep: bool = False
) -> dict | JSONResponse:
    """`ok` (200) once the web app has done its first search and its first chat turn through Rasa, so the
    first user does not wait for the models to load; `laddar` (503) until then. With `deep=true` it also asks
    the Rasa replicas and the action server."""
    warmth = start_warm_up(settings)
    body: dict = {"status": "ok", "service": "webapp", "fund": settings.fund}
    if not warmth.ready:
        body["status"] = "fel" if warmth.error else "laddar"
        body["warm"] = {"search": warmth.search, "chat": warmth.chat}
    if deep:
        services = {}
        async with httpx.AsyncClient(timeout=2.0) as client:
            urls = [("rasa", url) for url in settings.rasa_replicas]
            for index, (name, url) in enumerate([*urls, ("actions", settings.action_server_url)]):
                key = f"rasa-{index + 1}" if name == "rasa" and len(urls) > 1 else name
                try:
                    # Rasa's /health (bot/channels.py) is 200 only once its model is loaded.
                    response = await client.get(f"{url}/health")
                    services[key] = "ok" if response.status_code == 200 else f"http {response.status_code}"
                except httpx.HTTPError:
                    services[key] = "nere"
        body["services"] = services
        if any(v != "ok" for v in services.values()):
            body["status"] = "degraded"
    if not warmth.ready:
        return JSONResponse(body, status_code=503)
    return body
