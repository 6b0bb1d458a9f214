"""The web app's own data: coordinator accounts, the masked questions and replies kept for insights, feedback
on answers, the coordinators' FAQ entries with their change log, and uploaded documents.

SQLite in the state folder by default (``FOND_DATABASE_URL`` overrides it, e.g.
``postgresql+psycopg://fond:...@db/fond``); the schema is created and upgraded by the Alembic migrations in
``migrations/`` (``upgrade()``, run when the web app starts), never by ``create_all``.

Nothing here stores a sender id: a question cannot be traced back to a conversation, and every free text is
masked by ``fondassistenten.privacy`` before it is written (see ``webapp/coordinator/recorder.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from fondassistenten.settings import ROOT, get_settings

MIGRATIONS_DIR = ROOT / "migrations"

ROLES = ("samordnare", "administratör")
"""Who may sign in to the coordinators' workspace. Applicants never need an account."""


class DbSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FOND_", extra="ignore")

    database_url: str = ""
    """SQLAlchemy URL; empty means SQLite at ``<state_dir>/fondassistenten.db``."""

    retention_months: int | None = None
    """Stored questions, replies and feedback older than this are deleted. Unset: the app-wide
    ``FOND_RETENTION_DAYS`` (default 365 days, 12 months), the same period as conversations and drafts."""


def db_settings() -> DbSettings:
    return DbSettings()


def database_url() -> str:
    url = db_settings().database_url
    if url:
        return url
    path = get_settings().state_path / "fondassistenten.db"
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(120), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str | None] = mapped_column(String(255), nullable=True)
    """Argon2id hash for local accounts; empty for single sign-on accounts."""
    oidc_subject: Mapped[str | None] = mapped_column(String(255), unique=True, nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Question(Base):
    """One message to the assistant and its reply, masked, without any sender id."""

    __tablename__ = "questions"
    __table_args__ = (
        # Only covering indexes, so SQLite's planner never picks a narrow one (asked_at alone) and then reads
        # every row of the table: the insights' groupings by question are read in question order.
        Index("ix_questions_key_asked_kind", "question_key", "asked_at", "kind"),
        Index("ix_questions_fund_key_asked_kind", "fund", "question_key", "asked_at", "kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    """Unguessable id the chat page sends back with feedback on this answer."""
    asked_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    fund: Mapped[str] = mapped_column(String(40))
    question: Mapped[str] = mapped_column(Text)
    question_key: Mapped[str] = mapped_column(String(300))
    """Folded, whitespace-normalised question, for counting the same question asked again."""
    reply: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(20))
    """svar (answered with sources), vet_ej ("Det vet jag inte"), kontroll (checks), övrigt."""
    sources: Mapped[list[Any]] = mapped_column(JSON, default=list)
    verdicts: Mapped[list[Any]] = mapped_column(JSON, default=list)


class QuestionDay(Base):
    """Questions per day, fund and kind, kept up to date as questions are stored (``count_question``): the
    insights page's weekly chart and totals read these few rows instead of every question."""

    __tablename__ = "question_days"

    day: Mapped[dt.date] = mapped_column(primary_key=True)
    fund: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)


class VerdictDay(Base):
    """Check verdicts given per day and fund (a reply can give several)."""

    __tablename__ = "verdict_days"

    day: Mapped[dt.date] = mapped_column(primary_key=True)
    fund: Mapped[str] = mapped_column(String(40), primary_key=True)
    verdict: Mapped[str] = mapped_column(String(40), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)


SKETCH_EVENTS = ("påbörjad", "klar", "exporterad")
"""An idéskiss is started (its first part is saved in the draft store), finished (the form's end, with the
checks) and exported (downloaded from the chat as DOCX, PDF or Markdown)."""


class SketchEvent(Base):
    """One idéskiss started, finished or exported in the chat. Only the kind, the fund, the time and a keyed
    hash of the conversation (so that each sketch counts once per kind) are stored, never its content."""

    __tablename__ = "sketch_events"
    __table_args__ = (
        UniqueConstraint("sketch", "kind", name="uq_sketch_events_sketch_kind"),
        Index("ix_sketch_events_at_kind", "at", "kind"),
        Index("ix_sketch_events_fund_at_kind", "fund", "at", "kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    """The first time this sketch reached this kind (UTC, without time zone like every time here)."""
    fund: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))
    sketch: Mapped[str] = mapped_column(String(64))


def _insert(session: Session):  # type: ignore[no-untyped-def]
    """The dialect's INSERT, which knows ON CONFLICT (SQLite and PostgreSQL alike)."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert

        return insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert


def add_sketch_event(
    session: Session, kind: str, sketch: str, fund: str, at: dt.datetime | None = None
) -> None:
    """Store that ``sketch`` reached ``kind``; a second time for the same sketch and kind changes nothing."""
    if kind not in SKETCH_EVENTS:
        raise ValueError(f"unknown sketch event {kind!r}")
    statement = _insert(session)(SketchEvent).values(kind=kind, sketch=sketch, fund=fund, at=at or utcnow())
    session.execute(statement.on_conflict_do_nothing(index_elements=["sketch", "kind"]))


def count_question(
    session: Session, asked_at: dt.datetime, fund: str, kind: str, verdicts: list[str]
) -> None:
    """Add one question to the daily counts (an upsert on SQLite and PostgreSQL alike)."""
    insert = _insert(session)
    day = asked_at.date()
    rows: list[tuple[type[QuestionDay] | type[VerdictDay], dict[str, object], list[str]]] = [
        (QuestionDay, {"day": day, "fund": fund, "kind": kind, "n": 1}, ["day", "fund", "kind"])
    ]
    rows += [
        (VerdictDay, {"day": day, "fund": fund, "verdict": v, "n": 1}, ["day", "fund", "verdict"])
        for v in verdicts
    ]
    for model, values, keys in rows:
        statement = insert(model).values(**values)
        session.execute(statement.on_conflict_do_update(index_elements=keys, set_={"n": model.n + 1}))


class Feedback(Base):
    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), index=True)
    rating: Mapped[int] = mapped_column(Integer)
    """+1 thumbs up, -1 thumbs down."""
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)


class FaqEntry(Base):
    """A coordinator-written FAQ topic, served live by the search (``knowledge/live.py``)."""

    __tablename__ = "faq_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    topic_id: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    questions: Mapped[list[Any]] = mapped_column(JSON, default=list)
    answer: Mapped[str] = mapped_column(Text, default="")
    passages: Mapped[list[Any]] = mapped_column(JSON, default=list)
    """[{"file": ..., "quote": ...}], every quote verified verbatim against the corpus when saved."""
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(120), default="")


class FaqChange(Base):
    """Who changed an FAQ entry, when, and what it looked like before and after (None: did not exist)."""

    __tablename__ = "faq_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[int] = mapped_column(Integer, index=True)
    action: Mapped[str] = mapped_column(String(20))
    who: Mapped[str] = mapped_column(String(120))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    undone_by: Mapped[int | None] = mapped_column(Integer, nullable=True)


class Document(Base):
    """An uploaded guideline, its metadata and extracted text (kept in ``<state>/documents/``)."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file: Mapped[str] = mapped_column(String(255), unique=True)
    original_name: Mapped[str] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(String(400))
    municipality: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(40))
    date: Mapped[dt.date | None] = mapped_column(nullable=True)
    valid_from: Mapped[dt.date | None] = mapped_column(nullable=True)
    valid_to: Mapped[dt.date | None] = mapped_column(nullable=True)
    supersedes: Mapped[str | None] = mapped_column(String(255), nullable=True)
    """The corpus or uploaded document file this one replaces; that one is no longer cited."""
    uploaded_by: Mapped[str] = mapped_column(String(120))
    uploaded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    passages: Mapped[int] = mapped_column(Integer, default=0)


NOT_MIGRATED = frozenset({"drafts"})
"""Tables in the same database that these migrations do not own: the draft store creates its own ``drafts``
table when ``FOND_DATABASE_URL`` is set (``fondassistenten/drafts.py``)."""


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """Alembic's filter: autogenerate never proposes to drop a table it does not own."""
    return not (type_ == "table" and reflected and compare_to is None and name in NOT_MIGRATED)


@lru_cache(maxsize=4)
def _engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(connection, _record) -> None:  # type: ignore[no-untyped-def]
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            # no fsync per commit (only at checkpoints): the chat writes each exchange; a crash loses nothing
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA temp_store=MEMORY")  # the insights' GROUP BY sorts stay in memory
            cursor.execute("PRAGMA mmap_size=268435456")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def get_engine() -> Engine:
    return _engine(database_url())


@lru_cache(maxsize=4)
def _sessionmaker(url: str) -> sessionmaker[Session]:
    return sessionmaker(_engine(url), expire_on_commit=False)


@contextmanager
def session_scope() -> Iterator[Session]:
    """A session committed at the end of the block, rolled back on error."""
    session = _sessionmaker(database_url())()
    try:
        yield session
        session.commit()
    except Exception:
        session.rollback()
        raise
    finally:
        session.close()


def alembic_config(url: str | None = None):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", (url or database_url()).replace("%", "%%"))
    return config


def upgrade(url: str | None = None) -> None:
    """Bring the database to the newest migration (creates it on first use)."""
    from alembic import command

    command.upgrade(alembic_config(url), "head")


def purge_expired(session: Session, months: int | None = None, now: dt.datetime | None = None) -> int:
    """Delete questions (and their feedback), daily counts and sketch events older than the retention period;
    returns how many questions."""
    months = db_settings().retention_months if months is None else months
    days = get_settings().retention_days if months is None else round(months * 30.44)
    cutoff = (now or utcnow()) - dt.timedelta(days=days)
    old = session.query(Question.id).filter(Question.asked_at < cutoff)
    session.query(Feedback).filter(Feedback.question_id.in_(old.scalar_subquery())).delete(
        synchronize_session=False
    )
    session.query(QuestionDay).filter(QuestionDay.day < cutoff.date()).delete(synchronize_session=False)
    session.query(VerdictDay).filter(VerdictDay.day < cutoff.date()).delete(synchronize_session=False)
    session.query(SketchEvent).filter(SketchEvent.at < cutoff).delete(synchronize_session=False)
    return session.query(Question).filter(Question.asked_at < cutoff).delete(synchronize_session=False)


def documents_dir() -> Path:
    path = get_settings().state_path / "documents"
    path.mkdir(parents=True, exist_ok=True)
    return path
