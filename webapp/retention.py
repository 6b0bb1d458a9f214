"""Retention: conversations and drafts not touched within ``FOND_RETENTION_DAYS`` (default 365) are deleted.

The web app runs :func:`purge` once at start and then every ``FOND_RETENTION_INTERVAL_HOURS`` (default 24)
in a background task; ``python -m webapp.retention`` runs it once (for cron or a Kubernetes CronJob). Each
run also makes the state files readable by their owner only (0600, the directory 0700).
"""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi.concurrency import run_in_threadpool

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
    conversations = _purge_tracker(settings.tracker_path, cutoff)
    restrict_state_files(settings.state_path)
    return Purged(conversations=conversations, drafts=drafts)


def _purge_tracker(path: Path, cutoff: datetime) -> int:
    """Delete every event of the conversations whose newest event is before ``cutoff`` (Rasa's SQL store)."""
    if not path.exists():
        return 0
    db = sqlite3.connect(path, timeout=30)
    try:
        if not db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='events'").fetchone():
            return 0
        with db:
            old = [
                row[0]
                for row in db.execute(
                    "SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < ?",
                    (cutoff.timestamp(),),
                )
            ]
            db.executemany("DELETE FROM events WHERE sender_id = ?", [(s,) for s in old])
        return len(old)
    finally:
        db.close()


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
        except (OSError, sqlite3.Error) as error:
            logger.error("Gallringen misslyckades: %s", type(error).__name__)
        await asyncio.sleep(settings.retention_interval_hours * 3600)


if __name__ == "__main__":
    done = purge(get_settings())
    print(f"Raderade {done.conversations} konversationer och {done.drafts} utkast.")
