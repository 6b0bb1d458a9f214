"""Shared helpers for the bot tests: real rasa-sdk trackers, the real domain and an isolated draft store."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    """bot/domain/*.yml merged the way Rasa merges a domain directory (enough for the actions)."""
    merged: dict[str, Any] = {"slots": {}, "forms": {}, "responses": {}, "intents": [], "actions": []}
    for path in sorted((ROOT / "bot" / "domain").glob("*.yml")):
        part = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key in ("slots", "forms", "responses"):
            merged[key].update(part.get(key) or {})
        for key in ("intents", "actions"):
            merged[key] += part.get(key) or []
    return merged


@pytest.fixture(autouse=True)
def isolated_drafts(tmp_path, monkeypatch):
    """Each test saves drafts in its own SQLite file (the real DraftStore, another path)."""
    from fondassistenten import drafts

    store = drafts.DraftStore(tmp_path / "drafts.sqlite")
    monkeypatch.setattr(drafts, "get_draft_store", lambda: store)
    return store


def make_tracker(
    text: str = "",
    intent: str = "inform",
    slots: dict[str, Any] | None = None,
    form_active: bool = False,
    entities: list[dict[str, Any]] | None = None,
    sender_id: str = "test-user",
) -> Tracker:
    """A tracker whose last event is the user's message, as Rasa sends it to the action server."""
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "entities": entities or [],
    }
    events = [
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": text, "parse_data": latest},
    ]
    return Tracker(
        sender_id=sender_id,
        slots=dict(slots or {}),
        latest_message=latest,
        events=events,
        paused=False,
        followup_action=None,
        active_loop={"name": "sketch_form"} if form_active else {},
        latest_action_name="action_listen",
    )


def run_action(action: Action, tracker: Tracker, domain: dict[str, Any]) -> tuple[list[str], list[dict]]:
    """Run a real action; return the texts it sends and the events it returns."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, domain))
    texts = [m.get("text") or m.get("response") or "" for m in dispatcher.messages]
    return texts, events


def slot_events(events: list[dict]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
