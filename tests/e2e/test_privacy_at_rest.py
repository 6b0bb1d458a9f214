"""No personal data at rest, measured on the real servers: after a conversation that types personnummer in
every form, an e-mail address and phone numbers (through the web app, the search API and Rasa's own REST
channel), none of them is in the tracker store, the drafts or any log, and the state files are private."""

from __future__ import annotations

import stat
import uuid

import httpx
import pytest

from fondassistenten.launcher import Services
from tests.e2e.conftest import Chat

pytestmark = pytest.mark.servers

SECRETS = [
    ("850312\u20131008", "8503121008"),  # en dash
    ("850312\u20111007", "8503121007"),  # non-breaking hyphen
    ("19850312 - 1010", "198503121010"),
    ("85-03-12-1009", "8503121009"),
    ("850372-1006", "8503721006"),  # samordningsnummer
    ("anna.svensson@example.se", "anna.svensson@example.se"),
    ("070-123 45 67", "0701234567"),
    ("+46 8 523 063 78", "852306378"),
]


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit() or c in "@.abcdefghijklmnopqrstuvwxyz")


def test_nothing_personal_is_stored_or_logged(services: Services, chat: Chat) -> None:
    chat.say("Hej")
    for typed, _ in SECRETS:
        chat.say(f"Mitt nummer är {typed}, kan du hjälpa mig?")
    reply = chat.say("jag vill skriva en idéskiss")
    chat.say(f"Idén heter Stöd till Anna {SECRETS[0][0]}, kontakt {SECRETS[5][0]}")
    del reply
    for typed, _ in SECRETS:
        httpx.get(f"{services.web_url}/api/search", params={"q": f"fråga {typed}"}, timeout=120)
        httpx.post(
            f"{services.rasa_url}/webhooks/rest/webhook",
            json={"sender": f"direkt-{uuid.uuid4().hex[:6]}", "message": f"pnr {typed}"},
            timeout=60,
        )

    stored = {}
    for path in services.state_dir.rglob("*"):
        if path.is_file():
            stored[path] = path.read_bytes().decode("utf-8", errors="replace")
    assert any(p.name == "tracker.db" for p in stored)
    # The tracker store runs in WAL mode: recent turns may still be in the log beside the database file.
    tracker = "".join(stored.get(services.state_dir / name, "") for name in ("tracker.db", "tracker.db-wal"))
    assert "personnummer borttaget" in tracker
    for path, content in stored.items():
        flat = _digits(content.lower())
        for typed, digits in SECRETS:
            assert typed not in content, f"{typed!r} in {path.name}"
            assert digits not in flat, f"{typed!r} (as {digits}) in {path.name}"
        assert "/api/search?" not in content, f"a query string in {path.name}"
    for path in stored:
        if path.suffix in (".db", ".sqlite", ".key", ".log"):
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
