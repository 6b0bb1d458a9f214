"""Idea-sketch drafts, written by the actions and read by the web app's export.

The Rasa tracker store keeps the conversation; this store keeps the latest draft per conversation, so the
web app can export it and a draft survives a restart of every service. Where it lives:

- by default the SQLite file ``<state dir>/drafts.sqlite`` (one machine, like the tracker store);
- when the app's data is in a database server (``FOND_DATABASE_URL``, e.g. PostgreSQL for scale-out), the
  ``drafts`` table of that database, so every web-app replica and action server shares the drafts.

Every string is masked (``fondassistenten.privacy``) before it is written, a SQLite file is readable by its
owner only (0600), and drafts not changed within the retention period are deleted (``webapp/retention.py``).
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Column, MetaData, String, Table, Text, create_engine, delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from fondassistenten.privacy import mask_value
from fondassistenten.settings import Settings, get_settings

_METADATA = MetaData()
DRAFTS = Table(
    "drafts",
    _METADATA,
    # The same columns as the SQLite file of earlier versions, so an existing drafts.sqlite is read as it is.
    Column("sender_id", Text, primary_key=True),
    Column("fund", Text, nullable=False),
    Column("sketch", Text, nullable=False),
    Column("updated_at", String(32), nullable=False),
)


class DraftStore:
    """``DraftStore(path)``: a SQLite file; ``DraftStore("postgresql+psycopg://…")``: any SQLAlchemy URL."""

    def __init__(self, target: Path | str) -> None:
        self.path: Path | None = None
        if isinstance(target, Path):
            self.path = target
            target.parent.mkdir(parents=True, exist_ok=True)
            private_file(target)
            self.url = f"sqlite:///{target}"
        else:
            self.url = target
        self.engine = _engine(self.url)
        try:
            _METADATA.create_all(self.engine, checkfirst=True)
        except DBAPIError:
            # Another replica created the table at the same moment (PostgreSQL): it is there now.
            _METADATA.create_all(self.engine, checkfirst=True)

    def save(self, sender_id: str, sketch: dict[str, Any], fund: str) -> None:
        """Store the whole draft (a JSON-serialisable IdeaSketch dump) for one conversation, masked."""
        sketch = mask_value(json.loads(json.dumps(sketch, ensure_ascii=False, default=str)))
        row = {
            "sender_id": sender_id,
            "fund": fund,
            "sketch": json.dumps(sketch, ensure_ascii=False, default=str),
            "updated_at": _now(),
        }
        changed = ("fund", "sketch", "updated_at")
        with self.engine.begin() as db:
            if self.engine.dialect.name == "postgresql":
                from sqlalchemy.dialects import postgresql

                pg = postgresql.insert(DRAFTS).values(**row)
                pg_set = {k: pg.excluded[k] for k in changed}
                db.execute(pg.on_conflict_do_update(index_elements=["sender_id"], set_=pg_set))
            elif self.engine.dialect.name == "sqlite":
                from sqlalchemy.dialects import sqlite

                lite = sqlite.insert(DRAFTS).values(**row)
                lite_set = {k: lite.excluded[k] for k in changed}
                db.execute(lite.on_conflict_do_update(index_elements=["sender_id"], set_=lite_set))
            elif (
                db.execute(DRAFTS.update().where(DRAFTS.c.sender_id == sender_id).values(**row)).rowcount == 0
            ):
                db.execute(DRAFTS.insert().values(**row))
        from webapp.coordinator.recorder import record_sketch_event  # insights: started (once per sketch)

        record_sketch_event("påbörjad", sender_id, fund)

    def load(self, sender_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as db:
            text = db.execute(select(DRAFTS.c.sketch).where(DRAFTS.c.sender_id == sender_id)).scalar()
        return json.loads(text) if text is not None else None

    def purge_older_than(self, cutoff: datetime) -> int:
        """Delete the drafts last changed before ``cutoff``; return how many."""
        with self.engine.begin() as db:
            result = db.execute(
                delete(DRAFTS).where(DRAFTS.c.updated_at < cutoff.isoformat(timespec="seconds"))
            )
        return result.rowcount


@lru_cache(maxsize=8)
def _engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        return create_engine(url, connect_args={"timeout": 10, "check_same_thread": False})
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


def private_file(path: Path) -> None:
    """Create ``path`` if missing and make it readable and writable by its owner only (0600).

    SQLite gives its journal files the permissions of the database file, so they are private too.
    """
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def drafts_location(settings: Settings | None = None) -> Path | str:
    """The app's database server when ``FOND_DATABASE_URL`` is set, else ``<state dir>/drafts.sqlite``."""
    from fondassistenten.db import db_settings

    return db_settings().database_url or (settings or get_settings()).state_path / "drafts.sqlite"


@lru_cache
def get_draft_store() -> DraftStore:
    return DraftStore(drafts_location())
