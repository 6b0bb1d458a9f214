"""Property-based fuzzing of every operation in the OpenAPI schema with schemathesis (a bounded number of
examples per operation, ``FOND_FUZZ_EXAMPLES``, default 15): no 5xx other than the documented ones, and every
status code, content type and body as ``/openapi.json`` documents it.

The app is the real one, in process; its Rasa address is a closed port, so the chat proxy's documented 503
is part of what is checked. Rate limits are relaxed by tests/conftest.py.
"""

from __future__ import annotations

import os
import socket

import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from fondassistenten.settings import Settings, get_settings
from webapp.main import create_app

EXAMPLES = int(os.environ.get("FOND_FUZZ_EXAMPLES", "15"))


def _closed_port() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"


def _app():
    app = create_app()
    nobody = _closed_port()
    app.dependency_overrides[get_settings] = lambda: Settings(
        rasa_url=nobody, rasa_urls="", action_server_url=nobody
    )
    return app


APP = _app()
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


def _documented_server_error(ctx, response, case) -> None:
    """5xx only where the operation documents it (the chat proxy's 503 when Rasa cannot answer)."""
    if response.status_code >= 500:
        documented = case.operation.definition.raw.get("responses", {})
        if str(response.status_code) not in documented:
            not_a_server_error(ctx, response, case)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # no .hypothesis/ folder in the work tree: every run is the same derandomized set
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_documented(case) -> None:
    case.call_and_validate(
        checks=[
            _documented_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
        timeout=300,  # the first search loads the embedding model and the index
    )
