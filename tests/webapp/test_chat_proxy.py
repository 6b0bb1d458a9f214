"""The chat proxy's own answers, with a real (unreachable) Rasa address: no mocks."""

from __future__ import annotations

import socket

from fastapi.testclient import TestClient

from fondassistenten.settings import Settings, get_settings
from webapp.main import create_app


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _client() -> TestClient:
    app = create_app()
    nobody = f"http://127.0.0.1:{_free_port()}"
    app.dependency_overrides[get_settings] = lambda: Settings(rasa_url=nobody, action_server_url=nobody)
    return TestClient(app)


def test_rasa_down_gives_a_swedish_503() -> None:
    response = _client().post("/webhooks/rest/webhook", json={"sender": "a", "message": "hej"})
    assert response.status_code == 503
    assert "inte tillgänglig" in response.json()[0]["text"]


def test_empty_and_overlong_messages_are_answered_without_rasa() -> None:
    client = _client()
    empty = client.post("/webhooks/rest/webhook", json={"sender": "a", "message": "  \n "})
    assert empty.status_code == 200 and "tomt meddelande" in empty.json()[0]["text"]
    long = client.post("/webhooks/rest/webhook", json={"sender": "a", "message": "å" * 10_000})
    assert long.status_code == 200 and "för långt" in long.json()[0]["text"]


def test_deep_health_reports_services_that_are_down() -> None:
    body = _client().get("/health", params={"deep": True}).json()
    assert body["status"] == "degraded"
    assert body["services"] == {"rasa": "nere", "actions": "nere"}


def test_chat_page_is_swedish_and_says_it_is_automated() -> None:
    page = _client().get("/")
    assert page.status_code == 200
    assert '<html lang="sv">' in page.text
    assert "automatisk assistent" in page.text
