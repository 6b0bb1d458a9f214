"""Starts the real services once per test session: action server, Rasa server and web app on test ports,
with a fresh state directory (tracker database, drafts, logs)."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, sync_playwright

from fondassistenten.launcher import Ports, Services
from fondassistenten.settings import get_settings

# FOND_TEST_PORT_OFFSET lets several checkouts on one machine run the server tests at once.
_OFFSET = int(os.environ.get("FOND_TEST_PORT_OFFSET", "0"))
TEST_PORTS = Ports(web=8100 + _OFFSET, rasa=5105 + _OFFSET, actions=5155 + _OFFSET)


@pytest.fixture(scope="session")
def services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    model = get_settings().rasa_model
    if not model.exists():
        pytest.fail(f"Den tränade Rasa-modellen saknas ({model}); kör scripts/setup.sh först.")
    state = tmp_path_factory.mktemp("state")
    with Services(TEST_PORTS, state_dir=state) as running:
        yield running


class Chat:
    """One user's conversation over the web app's REST channel, as a browser has it: the web app's session
    cookie (in this client's cookie jar) decides the conversation; ``resume`` continues another Chat's."""

    def __init__(self, base_url: str, resume: Chat | None = None) -> None:
        self.base_url = base_url
        self.client = httpx.Client(base_url=base_url, timeout=60.0)
        if resume is not None:
            self.client.cookies = httpx.Cookies(resume.client.cookies)
            self.sender = resume.sender
        else:
            response = self.client.post("/api/session")
            response.raise_for_status()
            self.sender = response.json()["conversation_id"]

    def say(self, message: str) -> str:
        """Send a message; return all the bot's reply texts joined, lower-cased for robust assertions."""
        # A sender in the body is ignored (the cookie decides); sent to show that it changes nothing.
        response = self.client.post(
            "/webhooks/rest/webhook",
            json={"sender": f"nagon-annan-{uuid.uuid4().hex[:6]}", "message": message},
        )
        response.raise_for_status()
        return "\n".join(reply.get("text") or "" for reply in response.json())

    def close(self) -> None:
        self.client.close()


def say(chat: Chat, message: str) -> str:
    """The bot's reply, lower-cased and with ordinary spaces (amounts use no-break spaces), for assertions."""
    return chat.say(message).lower().replace("\u00a0", " ")


@pytest.fixture
def chat(services: Services) -> Iterator[Chat]:
    conversation = Chat(services.web_url)
    yield conversation
    conversation.close()


CHROMIUM = shutil.which("chromium")
"""Debian's Chromium, installed by scripts/test.sh; the browser tests fail (not skip) without it."""
AXE = Path(__file__).parent / "node" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Chromium per test module (the machine's closed network needs the flags above)."""
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()
