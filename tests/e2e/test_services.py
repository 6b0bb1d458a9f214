"""The three services as a user's browser and an operator see them."""

from __future__ import annotations

import sqlite3

import httpx

from fondassistenten.launcher import Services
from tests.e2e.conftest import Chat


def test_every_service_answers_health(services: Services) -> None:
    for url in (services.web_url, services.rasa_url, services.actions_url):
        response = httpx.get(f"{url}/health", timeout=5)
        assert response.status_code == 200, url
    deep = httpx.get(f"{services.web_url}/health", params={"deep": "true"}, timeout=5).json()
    assert deep["status"] == "ok"
    assert deep["services"] == {"rasa": "ok", "actions": "ok"}


def test_rest_channel_answers_on_rasa_directly(services: Services) -> None:
    response = httpx.post(
        f"{services.rasa_url}/webhooks/rest/webhook", json={"sender": "direkt", "message": "hej"}, timeout=60
    )
    assert response.status_code == 200
    assert any("automatiserad assistent" in (r.get("text") or "") for r in response.json())


def test_personnummer_is_masked_before_it_is_stored(services: Services, chat: Chat) -> None:
    chat.say("Hej, jag heter Anna och mitt personnummer är 850709-1234")
    # The same through Rasa's own REST channel, bypassing the web app.
    httpx.post(
        f"{services.rasa_url}/webhooks/rest/webhook",
        json={"sender": chat.sender + "-direkt", "message": "mitt pnr är 19850709-1234"},
        timeout=60,
    )
    # This conversation's events only: the whole store holds every earlier test's conversations, and a
    # six-digit run like "850709" can turn up in their timestamps and confidences by chance.
    with sqlite3.connect(services.state_dir / "tracker.db") as db:
        rows = db.execute("SELECT data FROM events WHERE sender_id LIKE ?", (chat.sender + "%",)).fetchall()
    stored = " ".join(str(row) for row in rows)
    assert rows, "the conversation was stored"
    assert not any(n in stored for n in ("850709-1234", "19850709-1234")), "a personnummer was stored"
    assert "personnummer borttaget" in stored


def test_bad_input_gets_a_swedish_answer(chat: Chat) -> None:
    assert "tomt" in chat.say("   ").lower()
    assert "för långt" in chat.say("a" * 5000).lower()
    for message in (
        "<script>alert('x')</script>",
        "What is the weather like in London?",
        "asdkjh qwpoe zzxq",
    ):
        reply = chat.say(message)
        assert reply.strip(), message
        assert "alert(" not in reply  # the payload is never echoed back
