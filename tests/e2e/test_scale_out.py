"""Scale-out on real engines: two Rasa replicas share a PostgreSQL tracker store and a Redis lock store, and
two web apps share the drafts and the app's data in PostgreSQL (real servers started by the test on loopback,
with their own data directories). One conversation alternates between the Rasa replicas without losing a
turn, and a draft started through one web app is continued and exported through the other. Kept to a few
turns: two Rasa servers and two web apps are heavy on two cores.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from fondassistenten.launcher import Ports, Services
from fondassistenten.local_engines import APP_DATABASE, LocalEngines
from fondassistenten.settings import Settings, get_settings
from tests.e2e.conftest import Chat
from tests.e2e.test_conversations import answer_for
from webapp import retention

pytestmark = pytest.mark.servers

_OFFSET = int(os.environ.get("FOND_TEST_PORT_OFFSET", "0"))
PORTS = Ports(web=8400 + _OFFSET, rasa=5405 + _OFFSET, actions=5455 + _OFFSET)


@pytest.fixture(scope="module")
def engines() -> Iterator[LocalEngines]:
    with LocalEngines(pg_port=15400 + _OFFSET, redis_port=16300 + _OFFSET) as running:
        yield running


@pytest.fixture(scope="module")
def replicas(engines: LocalEngines, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    if not get_settings().rasa_model.exists():
        pytest.fail("Den tränade Rasa-modellen saknas; kör scripts/setup.sh först.")
    stack = Services(
        PORTS,
        state_dir=tmp_path_factory.mktemp("state"),
        rasa_replicas=2,
        web_replicas=2,
        extra_env={**engines.rasa_env(), **engines.app_env()},
    )
    with stack:
        yield stack


def _say(url: str, sender: str, message: str) -> str:
    response = httpx.post(
        f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": message}, timeout=60
    )
    response.raise_for_status()
    replies = response.json()
    assert replies, f"{url} gave no reply to {message!r}"
    return "\n".join(r.get("text") or "" for r in replies)


def test_one_conversation_alternates_between_two_replicas_without_losing_a_turn(
    replicas: Services, engines: LocalEngines
) -> None:
    first, second = replicas.rasa_urls
    assert first != second
    sender = f"skala-{uuid.uuid4().hex[:8]}"
    turns = ["Hej", "jag vill skriva en idéskiss"]
    reply = _say(first, sender, turns[0])
    reply = _say(second, sender, turns[1])
    for turn in range(3):  # answer the form's questions, each on the other replica
        answer = answer_for(reply)
        assert answer, reply
        turns.append(answer)
        reply = _say((first, second)[turn % 2], sender, answer)
    turns.append("visa sammanfattning")
    summary = _say(second, sender, turns[-1])
    assert "Föräldrastöd i Hovsjö" in summary  # the title given on the other replica is in the draft
    stored = engines.sql(
        f"SELECT count(*) FROM events WHERE sender_id = '{sender}' AND type_name = 'user'"  # noqa: S608
    )
    assert int(stored) == len(turns)  # every turn is in PostgreSQL, once


def test_the_web_app_keeps_a_conversation_when_a_replica_crashes(replicas: Services) -> None:
    chat = Chat(replicas.web_url)
    try:
        chat.say("Hej")
        reply = chat.say("jag vill skriva en idéskiss")
        replicas.kill("rasa-2")
        replicas.processes["rasa-2"].wait(timeout=10)
        for _ in range(3):  # the web app sends every turn to the replica that is up
            answer = answer_for(reply)
            assert answer, reply
            reply = chat.say(answer)
        assert "Föräldrastöd i Hovsjö" in chat.say("visa sammanfattning")
        replicas.wait_until_restarted("rasa-2")
        health = httpx.get(f"{replicas.web_url}/health", params={"deep": "true"}, timeout=10).json()
        assert health["services"]["rasa-1"] == "ok" and health["services"]["rasa-2"] == "ok"
    finally:
        chat.close()


def test_a_draft_started_through_one_web_app_is_continued_and_exported_through_the_other(
    replicas: Services, engines: LocalEngines
) -> None:
    first, second = replicas.web_urls
    assert first != second
    started = Chat(first)
    continued = Chat(second, resume=started)  # the same browser, its next request reaches the other web app
    try:
        started.say("Hej")
        reply = started.say("jag vill skriva en idéskiss")
        answer = answer_for(reply)
        assert answer, reply
        reply = started.say(answer)  # the title, through the first web app
        for _ in range(2):
            answer = answer_for(reply)
            assert answer, reply
            reply = continued.say(answer)
        assert "Föräldrastöd i Hovsjö" in continued.say("visa sammanfattning")
        for chat in (continued, started):  # both web apps export the one draft
            exported = chat.client.get(f"/api/sketch/{chat.sender}/export", params={"format": "md"})
            assert exported.status_code == 200, exported.text
            assert "Föräldrastöd i Hovsjö" in exported.text
        stored = engines.sql(
            f"SELECT sketch FROM drafts WHERE sender_id = '{started.sender}'",  # noqa: S608
            database="fondassistenten",
        )
        assert "Föräldrastöd i Hovsjö" in stored  # the draft is in PostgreSQL ...
        assert not (replicas.state_dir / "drafts.sqlite").exists()  # ... and in no file of one machine
        stranger = httpx.get(f"{second}/api/sketch/{started.sender}/export", params={"format": "md"})
        assert stranger.status_code == 403  # another browser still cannot read it
    finally:
        started.close()
        continued.close()


def test_retention_deletes_old_conversations_and_drafts_on_the_database_servers(
    replicas: Services, engines: LocalEngines, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run last in this module: it purges everything, as a year later."""
    sender = f"gallra-{uuid.uuid4().hex[:8]}"
    _say(replicas.rasa_urls[0], sender, "Hej")
    assert int(engines.sql(f"SELECT count(*) FROM events WHERE sender_id = '{sender}'")) > 0  # noqa: S608
    settings = Settings(state_dir=tmp_path, tracker_url=engines.tracker_url, retention_days=365)
    monkeypatch.setenv("FOND_DATABASE_URL", engines.app_url)  # the drafts' server, as the web apps have it
    done = retention.purge(settings, now=datetime.now(UTC) + timedelta(days=400))
    assert done.conversations >= 1
    assert engines.sql(f"SELECT count(*) FROM events WHERE sender_id = '{sender}'") == "0"  # noqa: S608
    assert engines.sql("SELECT count(*) FROM drafts", database=APP_DATABASE) == "0"
