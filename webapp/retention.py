"""Retention: conversations and drafts not touched within ``FOND_RETENTION_DAYS`` (default 365) are deleted.

The web app runs :func:`purge` once at start and then every ``FOND_RETENTION_INTERVAL_HOURS`` (default 24)
in a background task; ``python -m webapp.retention`` runs it once (for cron or a Kubernetes CronJob). Each
run also makes the state files readable by their owner only (0600, the directory 0700).
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi.concurrency import run_in_threadpool
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import SQLAlchemyError

from fondassistenten.drafts import DraftStore, drafts_location
from fondassistenten.settings import Settings, get_settings

logger = logging.getLogger("webapp.retention")

STATE_SUFFIXES = (".db", ".sqlite", ".sqlite3", ".key", ".log", "-journal", "-wal", "-shm")


@dataclass
class Purged:
    conversations: int
    drafts: int


def purge(settings: Settings, now: datetime | None = None) -> Purged:
    """Delete what is older than the retention period; return how many conversations and drafts went."""
    cutoff = (now or datetime.now(UTC)) - timedelta(days=settings.retention_days)
    drafts = 0
    # the app's database server when FOND_DATABASE_URL is set, else a SQLite file in the state folder
    where = drafts_location(settings)
    if not isinstance(where, Path) or where.exists():
        drafts = DraftStore(where).purge_older_than(cutoff)
    conversations = _purge_tracker(tracker_location(settings), cutoff)
    restrict_state_files(settings.state_path)
    return Purged(conversations=conversations, drafts=drafts)


def tracker_location(settings: Settings) -> str | None:
    """The SQLAlchemy URL of Rasa's tracker store: ``FOND_TRACKER_URL``, else the SQLite file if it exists."""
    if settings.tracker_url:
        # Rasa's URL names no driver; this environment has psycopg 3, not psycopg2.
        return re.sub(r"^postgres(ql)?://", "postgresql+psycopg://", settings.tracker_url)
    path = settings.tracker_path
    return f"sqlite:///{path}" if path.exists() else None


def _purge_tracker(url: str | None, cutoff: datetime) -> int:
    """Delete every event of the conversations whose newest event is before ``cutoff`` (Rasa's SQL store)."""
    if url is None:
        return 0
    engine = create_engine(url, connect_args={"timeout": 30} if url.startswith("sqlite") else {})
    try:
        if not inspect(engine).has_table("events"):
            return 0
        with engine.begin() as db:
            old = [
                row[0]
                for row in db.execute(
                    text("SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < :cutoff"),
                    {"cutoff": cutoff.timestamp()},
                )
            ]
            if old:
                db.execute(text("DELETE FROM events WHERE sender_id = :sender"), [{"sender": s} for s in old])
        return len(old)
    finally:
        engine.dispose()


def restrict_state_files(state_dir: Path) -> None:
    """Owner-only permissions on the state directory and every database, key and log file in it."""
    if not state_dir.exists():
        return
    os.chmod(state_dir, 0o700)
    for path in state_dir.rglob("*"):
        if path.is_dir():
            os.chmod(path, 0o700)
        elif path.name.endswith(STATE_SUFFIXES):
            os.chmod(path, 0o600)


async def run_periodically(settings: Settings) -> None:
    """The scheduled task: purge now, then every ``retention_interval_hours``."""
    while True:
        try:
            result = await run_in_threadpool(purge, settings)
            if result.conversations or result.drafts:
                logger.info(
                    "Gallring: %d konversationer och %d utkast äldre än %d dagar raderade",
                    result.conversations,
                    result.drafts,
                    settings.retention_days,
                )
        except (OSError, SQLAlchemyError) as error:
            logger.error("Gallringen misslyckades: %s", type(error).__name__)
        await asyncio.sleep(settings.retention_interval_hours * 3600)


if __name__ == "__main__":
    done = purge(get_settings())
    print(f"Raderade {done.conversations} konversationer och {done.drafts} utkast.")
