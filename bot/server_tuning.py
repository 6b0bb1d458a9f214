"""Two cuts in the Rasa server's own CPU per message, applied when ``bot/channels.py`` is imported (Rasa
imports it at start, from bot/credentials.yml). Neither changes what Rasa does; both were chosen by py-spy
profiles of the Rasa process under the locust load (``benchmarks/locust_benchmark.py``, 20-40 users,
2026-11-23) and checked with ``benchmarks/chat_benchmark.py`` (CPU-ms per message):

- **Action results are validated with one prepared validator.** Rasa 3.6 checks every action server reply with
  ``jsonschema.validate(result, schema)``, which first validates the large event schema itself against the
  JSON-Schema meta-schema and builds a new validator: about a third of the Rasa process's busy samples. The
  same schema is now checked by one validator built once, so a bad reply is still refused with the same
  ``ValidationError``.
- **The SQLite tracker store writes a log instead of syncing the database file on every turn**
  (``journal_mode=WAL``, ``synchronous=NORMAL``): the commit's fsync was a tenth of the samples. A crash of
  Rasa loses nothing; a power cut may lose the last turns. PostgreSQL (``FOND_TRACKER_URL``) is unaffected.
"""

from __future__ import annotations

import sqlite3
from functools import lru_cache
from typing import Any

from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from sqlalchemy import event
from sqlalchemy.engine import Engine


@lru_cache(maxsize=1)
def _action_result_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    return validator_for(schema)(schema)


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """Rasa's ``RemoteAction._validate_action_result`` with a validator made once (same schema and error)."""
    try:
        _action_result_validator().validate(result)
    except ValidationError as e:
        e.message += (
            ". Failed to validate Action server response from API, make sure your response from the Action "
            f"endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise
    return True


_KEEPERS: dict[str, sqlite3.Connection] = {}


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    if not isinstance(connection, sqlite3.Connection):
        return
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    path = next((row[2] for row in cursor.execute("PRAGMA database_list") if row[1] == "main"), "")
    cursor.close()
    if path and path not in _KEEPERS:
        # Rasa opens and closes a connection per turn, and closing the last connection to a WAL database
        # checkpoints it (with an fsync): one connection kept open makes the checkpoints SQLite's automatic
        # ones (every 1000 pages) instead of one per turn.
        keeper = sqlite3.connect(path, check_same_thread=False)
        keeper.execute("SELECT count(*) FROM sqlite_master").fetchall()  # it has the WAL open from now on
        _KEEPERS[path] = keeper


def apply() -> None:
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
    if not event.contains(Engine, "connect", _sqlite_pragmas):
        event.listen(Engine, "connect", _sqlite_pragmas)
