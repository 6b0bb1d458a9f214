"""Idea-sketch drafts persisted in SQLite, written by the action server and read by the web app.

The Rasa tracker store keeps the conversation; this store keeps the latest draft per conversation, so the
web app can export it and a draft survives a restart of every service.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from fondassistenten.settings import get_settings

_SCHEMA = """
CREATE TABLE IF NOT EXISTS drafts (
    sender_id TEXT PRIMARY KEY,
    fund TEXT NOT NULL,
    sketch TEXT NOT NULL,
    updated_at TEXT NOT NULL
)
"""


class DraftStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10)
        try:
            with db:
                yield db
        finally:
            db.close()

    def save(self, sender_id: str, sketch: dict[str, Any], fund: str) -> None:
        """Store the whole draft (a JSON-serialisable IdeaSketch dump) for one conversation."""
        with self._connect() as db:
            db.execute(
                "INSERT INTO drafts (sender_id, fund, sketch, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(sender_id) DO UPDATE SET fund=excluded.fund, sketch=excluded.sketch, "
                "updated_at=excluded.updated_at",
                (sender_id, fund, json.dumps(sketch, ensure_ascii=False, default=str), _now()),
            )

    def load(self, sender_id: str) -> dict[str, Any] | None:
        with self._connect() as db:
            row = db.execute("SELECT sketch FROM drafts WHERE sender_id = ?", (sender_id,)).fetchone()
        return json.loads(row[0]) if row else None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@lru_cache
def get_draft_store() -> DraftStore:
    return DraftStore(get_settings().state_path / "drafts.sqlite")
