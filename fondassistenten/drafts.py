"""Idea-sketch drafts persisted in SQLite, written by the action server and read by the web app.

The Rasa tracker store keeps the conversation; this store keeps the latest draft per conversation, so the
web app can export it and a draft survives a restart of every service. Every string is masked
(``fondassistenten.privacy``) before it is written, the file is readable by its owner only (0600), and drafts
not changed within the retention period are deleted (``webapp/retention.py``).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from fondassistenten.privacy import mask_value
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
        private_file(path)
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
        """Store the whole draft (a JSON-serialisable IdeaSketch dump) for one conversation, masked."""
        sketch = mask_value(json.loads(json.dumps(sketch, ensure_ascii=False, default=str)))
        with self._connect() as db:
            db.execute(
                "INSERT INTO drafts (sender_id, fund, sketch, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(sender_id) DO UPDATE SET fund=excluded.fund, sketch=excluded.sketch, "
                "updated_at=excluded.updated_at",
                (sender_id, fund, json.dumps(sketch, ensure_ascii=False, default=str), _now()),
            )
        from webapp.coordinator.recorder import record_sketch_event  # insights: started (once per sketch)

        record_sketch_event("påbörjad", sender_id, fund)

    def load(self, sender_id: str) -> dict[str, Any] | None:
        with self._connect() as db:
            row = db.execute("SELECT sketch FROM drafts WHERE sender_id = ?", (sender_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def purge_older_than(self, cutoff: datetime) -> int:
        """Delete the drafts last changed before ``cutoff``; return how many."""
        with self._connect() as db:
            cursor = db.execute(
                "DELETE FROM drafts WHERE updated_at < ?", (cutoff.isoformat(timespec="seconds"),)
            )
        return cursor.rowcount


def private_file(path: Path) -> None:
    """Create ``path`` if missing and make it readable and writable by its owner only (0600).

    SQLite gives its journal files the permissions of the database file, so they are private too.
    """
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@lru_cache
def get_draft_store() -> DraftStore:
    return DraftStore(get_settings().state_path / "drafts.sqlite")
