"""Liveness and readiness of the web app and of the services it depends on."""

from __future__ import annotations

from typing import Annotated

import httpx
from fastapi import APIRouter, Depends

from fondassistenten.settings import Settings, get_settings

router = APIRouter(tags=["hälsa"])


@router.get(
    "/health",
    summary="Hälsokontroll",
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
        }
    },
)
async def health(settings: Annotated[Settings, Depends(get_settings)], deep: bool = False) -> dict:
    """`ok` when the web app answers. With `deep=true` it also asks the Rasa and action servers."""
    body: dict = {"status": "ok", "service": "webapp", "fund": settings.fund}
    if deep:
        services = {}
        async with httpx.AsyncClient(timeout=2.0) as client:
            for name, url in (("rasa", settings.rasa_url), ("actions", settings.action_server_url)):
                try:
                    # Rasa's /health (bot/channels.py) is 200 only once its model is loaded.
                    response = await client.get(f"{url}/health")
                    services[name] = "ok" if response.status_code == 200 else f"http {response.status_code}"
                except httpx.HTTPError:
                    services[name] = "nere"
        body["services"] = services
        if any(v != "ok" for v in services.values()):
            body["status"] = "degraded"
    return body
