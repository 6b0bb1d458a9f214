"""Runs the rasa-sdk action server with a warm-up of the heavy models after start.

Loading the embedding model at import time breaks the server's start, so it loads in the background once the
server listens: `GET /health` answers at once and the first question is not the one that pays for the load.
Usage: ``python -m actions.server --port 5055``.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
from functools import partial

from rasa_sdk.endpoint import create_app_for_serve
from rasa_sdk.executor import ActionExecutor
from sanic import HTTPResponse, Request, Sanic
from sanic.response import json
from sanic.worker.loader import AppLoader

logger = logging.getLogger(__name__)


async def _warm_up(app: Sanic) -> None:
    from actions import warmup

    loop = asyncio.get_running_loop()
    app.ctx.warmup = loop.run_in_executor(None, warmup)


async def _ready(request: Request) -> HTTPResponse:
    """200 once the warm-up has loaded the models, 503 while it runs (``/health`` answers at once)."""
    warm = getattr(request.app.ctx, "warmup", None)
    if warm is not None and warm.done():
        if warm.exception() is not None:
            return json({"status": "fel", "detail": str(warm.exception())}, status=500)
        return json({"status": "ok"})
    return json({"status": "laddar"}, status=503)


def create_app() -> Sanic:
    executor = ActionExecutor()
    executor.register_package("actions")
    app = create_app_for_serve(executor, cors_origins=None)
    app.register_listener(_warm_up, "after_server_start")
    app.add_route(_ready, "/ready", methods=["GET"])
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description="Fondassistentens actionserver")
    parser.add_argument("--port", type=int, default=5055)
    parser.add_argument("--host", default=os.environ.get("SANIC_HOST", "127.0.0.1"))
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    loader = AppLoader(factory=partial(create_app))
    app = loader.load()
    app.prepare(host=args.host, port=args.port, workers=1, single_process=True)
    Sanic.serve_single(primary=app)


if __name__ == "__main__":
    main()
