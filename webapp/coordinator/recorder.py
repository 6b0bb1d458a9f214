"""Keeps what people ask, masked, for the coordinators' insights: called once per exchange by the chat proxy;
and counts idéskisser started, finished and exported (``record_sketch_event``, called by the draft store, the
form's end and the export).

Stored: the question and the reply with personal data masked (``fondassistenten.privacy``), whether the
assistant said "Det vet jag inte", the sources it named ("Källa: …" lines) and the check verdicts it gave.
No sender id is stored. Button payloads ("/intent") are not questions and are not stored. The reply the
browser gets back carries an unguessable token on its last message, with which the page can send feedback.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import re
import secrets
import time
from typing import Any

from fondassistenten import privacy
from fondassistenten.db import (
    Question,
    add_sketch_event,
    count_question,
    db_settings,
    purge_expired,
    session_scope,
    utcnow,
)
from fondassistenten.settings import get_settings
from knowledge.textnorm import fold
from rules.status import STATUS_LABELS

logger = logging.getLogger(__name__)

FEEDBACK_KEY = "fondassistenten_feedback"
UNANSWERED_MARK = "det vet jag inte"
_SOURCE = re.compile(r"^\s*Källa:\s*(.+?)\s*$", re.MULTILINE)
_PURGE_EVERY_SECONDS = 3600.0
_last_purge = 0.0


def mask(text: str) -> str:
    """Everything stored for insights goes through the project's masking (personnummer, and more as the
    privacy module learns it)."""
    masker = getattr(privacy, "mask_personal_data", None) or privacy.mask_personnummer
    return masker(text)


def question_key(text: str) -> str:
    return " ".join(re.findall(r"\w+", fold(text)))[:300]


def classify(reply: str) -> tuple[str, list[str], list[str]]:
    """(kind, sources, verdicts) of a reply text."""
    sources = list(dict.fromkeys(_SOURCE.findall(reply)))
    verdicts = [label for label in STATUS_LABELS.values() if label in reply]
    if UNANSWERED_MARK in reply.lower():
        kind = "vet_ej"
    elif verdicts:
        kind = "kontroll"
    elif sources:
        kind = "svar"
    else:
        kind = "övrigt"
    return kind, sources, verdicts


def record_exchange(question: str, replies: Any) -> Any:
    """Store the exchange; return the replies with a feedback token on the last one. Never raises."""
    if not isinstance(replies, list) or not question or question.startswith("/"):
        return replies
    try:
        reply = "\n\n".join(str(r.get("text") or "") for r in replies if isinstance(r, dict))
        kind, sources, verdicts = classify(reply)
        token = secrets.token_urlsafe(24)
        masked = mask(question)
        fund = get_settings().fund
        with session_scope() as session:
            asked_at = utcnow()
            count_question(session, asked_at, fund, kind, verdicts)
            session.add(
                Question(
                    token=token,
                    asked_at=asked_at,
                    fund=fund,
                    question=masked,
                    question_key=question_key(masked),
                    reply=mask(reply),
                    kind=kind,
                    sources=[mask(s) for s in sources],
                    verdicts=verdicts,
                )
            )
            _purge_now_and_then(session)
        if kind != "övrigt" and replies and isinstance(replies[-1], dict):
            last = replies[-1]
            last["custom"] = {**(last.get("custom") or {}), FEEDBACK_KEY: token}
    except Exception:  # the chat must answer even when the insights store fails
        logger.exception("Kunde inte spara frågan för insikterna")
    return replies


def _purge_now_and_then(session) -> None:  # type: ignore[no-untyped-def]
    global _last_purge
    now = time.monotonic()
    if now - _last_purge >= _PURGE_EVERY_SECONDS:
        _last_purge = now
        purge_expired(session, db_settings().retention_months, dt.datetime.now(dt.UTC).replace(tzinfo=None))


def sketch_hash(sender_id: str) -> str:
    """A keyed hash of the conversation id (the app's signing key): the events of one idéskiss can be counted
    together, but the database alone does not lead back to the conversation."""
    from webapp.coordinator.auth import _secret

    key = ("idéskiss:" + _secret()).encode()
    return hmac.new(key, sender_id.encode(), hashlib.sha256).hexdigest()[:40]


_recorded: set[tuple[str, str]] = set()
"""(kind, conversation) already counted by this process: the draft store calls for every saved part."""


def record_sketch_event(kind: str, sender_id: str, fund: str | None = None) -> None:
    """Count that the conversation's idéskiss was started, finished or exported (``fondassistenten.db
    .SKETCH_EVENTS``): only the kind, the fund, the time and ``sketch_hash``, once per sketch and kind. Never
    raises: the chat and the export must work even when the insights store does not."""
    if (kind, sender_id) in _recorded:
        return
    try:
        with session_scope() as session:
            add_sketch_event(session, kind, sketch_hash(sender_id), fund or get_settings().fund)
        if len(_recorded) > 100_000:
            _recorded.clear()
        _recorded.add((kind, sender_id))
    except Exception as error:  # noqa: BLE001
        logger.warning("Kunde inte räkna idéskissen för insikterna (%s): %s", kind, error)
