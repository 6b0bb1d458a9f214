"""Supervision with the real servers: a crashed service is restarted by the launcher while the others keep
serving, the user whose message was in flight gets a clear Swedish answer (never an empty 200), and the web
app says ``ok`` only once its first search and chat are warm.

This stack runs rasa-sdk's stand-alone action server (``separate_actions``), so each of the three processes
can be killed on its own; the other end-to-end tests run the default, actions inside the web app.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from fondassistenten.launcher import Ports, Services
from fondassistenten.settings import get_settings
from tests.e2e.conftest import Chat
from tests.e2e.test_conversations import answer_for

pytestmark = pytest.mark.servers

_OFFSET = int(os.environ.get("FOND_TEST_PORT_OFFSET", "0"))
PORTS = Ports(web=8300 + _OFFSET, rasa=5305 + _OFFSET, actions=5355 + _OFFSET)
SEARCH = "/api/search?q=Vem kan söka pengar ur fonden?"


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    if not get_settings().rasa_model.exists():
        pytest.fail("Den tränade Rasa-modellen saknas; kör scripts/setup.sh först.")
    with Services(PORTS, state_dir=tmp_path_factory.mktemp("state"), separate_actions=True) as running:
        yield running


def _post(chat: Chat, message: str) -> httpx.Response:
    return chat.client.post("/webhooks/rest/webhook", json={"sender": chat.sender, "message": message})


def _assert_swedish_retry(response: httpx.Response) -> None:
    assert response.status_code == 503
    text = " ".join(r.get("text") or "" for r in response.json())
    assert "igen" in text and "finns kvar" in text, text


def _start_sketch(chat: Chat) -> str:
    chat.say("Hej")
    reply = chat.say("jag vill skriva en idéskiss")
    for _ in range(2):
        answer = answer_for(reply)
        assert answer, reply
        reply = chat.say(answer)
    return reply


def test_action_server_crash_the_turn_in_flight_is_answered_and_the_form_goes_on(stack: Services) -> None:
    chat = Chat(stack.web_url)
    try:
        reply = _start_sketch(chat)
        stack.kill("actions")
        stack.processes["actions"].wait(timeout=10)
        # Rasa answers an empty 200 when the action server is down: the user is told to send it again.
        _assert_swedish_retry(_post(chat, answer_for(reply) or "nästa"))
        # Search and checks keep serving from the web app's own copy of the models.
        assert httpx.get(stack.web_url + SEARCH, timeout=30).status_code == 200
        stack.wait_until_restarted("actions")
        assert stack.restarts["actions"] == 1
        again = chat.say(answer_for(reply) or "nästa")
        assert "Vad heter er idé" not in again  # what was answered before the crash is kept
        summary = chat.say("visa sammanfattning")
        assert "Föräldrastöd i Hovsjö" in summary
    finally:
        chat.close()


def test_rasa_crash_mid_turn_gets_a_swedish_answer_and_rasa_comes_back(stack: Services) -> None:
    chat = Chat(stack.web_url)
    try:
        chat.say("Hej")
        rasa = stack.processes["rasa"]
        os.killpg(rasa.pid, signal.SIGSTOP)  # Rasa accepts the request but never answers ...
        answers: list[httpx.Response] = []
        sending = threading.Thread(target=lambda: answers.append(_post(chat, "Kan en förening söka pengar?")))
        sending.start()
        time.sleep(1.0)
        stack.kill("rasa")  # ... and crashes with the turn in flight
        os.killpg(rasa.pid, signal.SIGCONT)
        sending.join(timeout=60)
        _assert_swedish_retry(answers[0])
        # While Rasa is down: a clear Swedish answer for chat, and search still serves.
        down = _post(chat, "hej igen")
        assert down.status_code == 503 and "inte tillgänglig" in down.json()[0]["text"]
        assert httpx.get(stack.web_url + SEARCH, timeout=30).status_code == 200
        stack.wait_until_restarted("rasa")
        assert "nämnd" in chat.say("Kan en förening söka pengar?")
    finally:
        chat.close()


def test_web_app_crash_it_says_ok_only_when_warm(stack: Services) -> None:
    stack.kill("webapp")
    stack.processes["webapp"].wait(timeout=10)
    assert httpx.get(f"{stack.rasa_url}/health", timeout=5).status_code == 200  # Rasa keeps serving
    seen_loading = False
    began = time.perf_counter()
    while time.perf_counter() - began < 300:
        try:
            health = httpx.get(f"{stack.web_url}/health", timeout=5)
        except httpx.HTTPError:
            time.sleep(0.3)
            continue
        if health.status_code == 200:
            break
        assert health.status_code == 503 and health.json()["status"] == "laddar"
        seen_loading = True
        time.sleep(0.3)
    assert health.status_code == 200 and health.json()["status"] == "ok"
    assert seen_loading, "/health said ok before the models were loaded"
    t0 = time.perf_counter()
    assert httpx.get(stack.web_url + SEARCH, timeout=30).status_code == 200
    first_search = time.perf_counter() - t0
    # Cold, the first search loads the model and index (8.8 s in the issue); warm it is well under a second.
    assert first_search < 3.0, f"the first search after the restart took {first_search:.1f} s"
    chat = Chat(stack.web_url)
    try:
        t0 = time.perf_counter()
        assert "nämnd" in chat.say("Kan en förening söka pengar?")
        assert time.perf_counter() - t0 < 5.0
    finally:
        chat.close()
