"""The workspace's database layer on a real PostgreSQL server (Debian's ``postgresql``, started on loopback by
``fondassistenten.local_engines`` with its own data directory): the Alembic migrations go up, down to nothing
and up again; then the web app, in-process and pointed at that server with ``FOND_DATABASE_URL``, stores a
masked question, feedback, an FAQ entry with its change log and undo, and idéskiss events, and the insights
count them right. The server runs with a Swedish time zone, so a time written or read in the server's local
time instead of UTC would move questions between days and weeks."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator

import pytest
from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.orm import Session

from fondassistenten.db import (
    Document,
    FaqChange,
    FaqEntry,
    Feedback,
    Question,
    SketchEvent,
    add_sketch_event,
    alembic_config,
    count_question,
    get_engine,
    purge_expired,
    upgrade,
)
from fondassistenten.drafts import get_draft_store
from fondassistenten.local_engines import LocalEngines
from fondassistenten.settings import get_settings
from tests.coordinator.conftest import PASSWORD, login
from webapp.coordinator import insights
from webapp.coordinator.recorder import FEEDBACK_KEY, record_exchange, record_sketch_event

pytestmark = pytest.mark.servers

_OFFSET = int(os.environ.get("FOND_TEST_PORT_OFFSET", "0"))
FILE = "sodertalje-utvardering-sociala-investeringsfonden-2015.md"
QUOTE = "Under inga omständigheter kan fondens medel användas som riktat föreningsstöd."
SENTENCE = "Riktlinjen gäller alla nämnder. "
PERSONNUMMER = re.compile(r"\d{6,8}[-+ ]?\d{4}")
TABLES = {
    "users",
    "questions",
    "feedback",
    "faq_entries",
    "faq_changes",
    "documents",
    "question_days",
    "verdict_days",
    "sketch_events",
}


@pytest.fixture(scope="module")
def postgres() -> Iterator[str]:
    """A fresh database on a PostgreSQL server of its own; yields its SQLAlchemy URL (psycopg 3)."""
    with LocalEngines(pg_port=15600 + _OFFSET, redis_port=16500 + _OFFSET) as engines:
        engines.sql("CREATE DATABASE arbetsyta")
        engines.sql("ALTER DATABASE arbetsyta SET timezone TO 'Europe/Stockholm'")
        yield f"postgresql+psycopg://fond@127.0.0.1:{engines.pg_port}/arbetsyta"


@pytest.fixture(scope="module")
def pg_app(postgres: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """The web app with its state folder in a temporary folder and its database on the PostgreSQL server."""
    from fondassistenten.accounts import create_account
    from webapp.main import create_app

    patch = pytest.MonkeyPatch()
    patch.setenv("FOND_STATE_DIR", str(tmp_path_factory.mktemp("pg-state")))
    patch.setenv("FOND_DATABASE_URL", postgres)
    get_settings.cache_clear()
    get_draft_store.cache_clear()  # the drafts follow FOND_DATABASE_URL too
    upgrade()
    create_account("sam", PASSWORD, "samordnare", "Sam Samordnare")
    create_account("adam", PASSWORD, "administratör", "Adam Admin")
    yield create_app()
    get_engine().dispose()
    patch.undo()
    get_settings.cache_clear()
    get_draft_store.cache_clear()


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_migrations_go_up_down_and_up_again_on_postgresql(postgres: str) -> None:
    upgrade(postgres)
    assert _tables(postgres) >= TABLES
    command.downgrade(alembic_config(postgres), "base")
    assert _tables(postgres) <= {"alembic_version"}
    upgrade(postgres)
    assert _tables(postgres) >= TABLES
    engine = create_engine(postgres)
    try:
        with engine.connect() as connection:
            assert connection.scalar(text("SELECT version_num FROM alembic_version")) == "0003"
            columns = {c["name"]: c for c in inspect(connection).get_columns("questions")}
            assert type(columns["sources"]["type"]).__name__ == "JSON"
            assert type(columns["asked_at"]["type"]).__name__ == "TIMESTAMP"
    finally:
        engine.dispose()


def test_days_and_weeks_are_utc_whatever_the_servers_time_zone(postgres: str) -> None:
    """A question asked Sunday 23:30 UTC is Monday 00:30 in Stockholm: it belongs to Sunday's week."""
    upgrade(postgres)
    sunday_late = dt.datetime(2026, 11, 22, 23, 30)
    engine = create_engine(postgres)
    try:
        with Session(engine) as session:
            session.add(
                Question(token="tz-1", asked_at=sunday_late, fund="sundsvall", question="Tidszon?",
                         question_key="tidszon", reply="Det vet jag inte", kind="vet_ej",
                         sources=[], verdicts=[])
            )  # fmt: skip
            count_question(session, sunday_late, "sundsvall", "vet_ej", [])
            session.commit()
            stored = session.scalar(select(Question.asked_at).where(Question.token == "tz-1"))
            assert stored == sunday_late and stored.tzinfo is None
            week = insights.Period(dt.date(2026, 11, 16), dt.date(2026, 11, 22), "sundsvall")
            assert insights.per_week(session, week) == [{"vecka": "2026-v47", "fragor": 1, "vet_ej": 1}]
            assert [r["fraga"] for r in insights.unanswered(session, week)] == ["Tidszon?"]
            monday = insights.Period(dt.date(2026, 11, 23), dt.date(2026, 11, 23), "sundsvall")
            assert insights.unanswered(session, monday) == []
    finally:
        engine.dispose()


def test_the_workspace_runs_on_postgresql(pg_app: object, postgres: str) -> None:
    today = dt.date.today()
    period = insights.Period(today - dt.timedelta(days=1), today + dt.timedelta(days=1), "sodertalje")
    with TestClient(pg_app) as client:  # type: ignore[arg-type]
        csrf = login(client, "sam")

        # a question with personal data, answered "det vet jag inte", thumbed down with a comment
        question = "Jag heter Eva, 19850312-1234. Får vi köpa läsplattor till fritidsgården?"
        replies = record_exchange(question, [{"text": "Det vet jag inte – jag hittar inget svar på det."}])
        token = replies[-1]["custom"][FEEDBACK_KEY]
        feedback = client.post(
            "/api/feedback", json={"token": token, "rating": -1, "comment": "Ring mig på 850312-1234"}
        )
        assert feedback.status_code == 201, feedback.text
        overview = client.get("/samordnare/").text
        assert "Får vi köpa läsplattor till fritidsgården?" in overview
        assert "Ring mig på [personnummer borttaget]" in overview

        # an FAQ entry with a verified quote, logged, then undone
        saved = client.post(
            "/samordnare/faq",
            data={"csrf_token": csrf, "title": "Läsplattor", "questions": "Får vi köpa läsplattor?",
                  "answer": "Nej, inte som riktat föreningsstöd.", "citat": f"{FILE} | {QUOTE}"},
            follow_redirects=False,
        )  # fmt: skip
        assert saved.status_code == 303, saved.text
        log = client.get("/samordnare/faq").text
        assert "Läsplattor: skapad" in log
        change = re.findall(r"/samordnare/faq/andring/(\d+)/angra", log)[0]
        undone = client.post(f"/samordnare/faq/andring/{change}/angra", data={"csrf_token": csrf})
        assert undone.status_code == 200 and "Läsplattor: ångrad" in undone.text

        # one idéskiss started, finished and exported twice (counted once), another only started
        conversation = client.post("/api/session").json()["conversation_id"]
        get_draft_store().save(conversation, {"title": "Läxhjälp i Hovsjö"}, "sodertalje")
        get_draft_store().save(
            conversation, {"title": "Läxhjälp i Hovsjö", "target_group": "Barn"}, "sodertalje"
        )
        record_sketch_event("klar", conversation)
        for fmt in ("md", "docx"):
            assert client.get(f"/api/sketch/{conversation}/export", params={"format": fmt}).status_code == 200
        get_draft_store().save("webb-en-annan-konversation", {"title": "Annat"}, "sodertalje")

        sketches = client.get(
            "/samordnare/insikter.csv", params={"tabell": "ideskisser", "fond": "sodertalje"}
        )
        lines = sketches.text.lstrip("\ufeff").splitlines()
        assert lines[0] == "vecka;paborjade;klara;exporterade"
        year, week, _ = today.isocalendar()
        assert lines[1:] == [f"{year}-v{week:02d};2;1;1"]
        page = client.get("/samordnare/insikter").text
        assert "Påbörjade: 2, klara: 1,\n    exporterade: 1." in page
        assert "Får vi köpa läsplattor till fritidsgården?" in page  # most frequent and unanswered

    with TestClient(pg_app) as admin:  # type: ignore[arg-type]
        csrf = login(admin, "adam")
        upload = admin.post(
            "/samordnare/dokument",
            data={"csrf_token": csrf, "title": "Riktlinje med giltighetstid", "municipality": "Södertälje",
                  "kind": "riktlinje", "date": "2026-11-01", "valid_from": "2026-11-01",
                  "valid_to": "2027-12-31"},
            files={"fil": ("giltig.md", ("# Giltighet\n\n" + SENTENCE * 8).encode())},
        )  # fmt: skip
        assert upload.status_code == 200, upload.text
        assert "Riktlinje med giltighetstid" in admin.get("/samordnare/dokument").text

    with Session(create_engine(postgres)) as session:
        assert insights.feedback_counts(session, period) == {"upp": 0, "ned": 1}
        assert insights.kinds(session, period)["vet_ej"] >= 1
        assert [r["antal"] for r in insights.unanswered(session, period)] == [1]
        assert session.scalar(select(func.count()).select_from(SketchEvent)) == 4
        entry = session.scalars(select(FaqEntry)).one()
        assert not entry.active
        assert [c.action for c in session.scalars(select(FaqChange).order_by(FaqChange.id))] == [
            "skapad",
            "ångrad",
        ]
        assert session.scalars(select(FaqChange)).first().after["questions"] == ["Får vi köpa läsplattor?"]
        stored = [*session.scalars(select(Question.question)), *session.scalars(select(Feedback.comment))]
        assert stored and not [t for t in stored if PERSONNUMMER.search(t)]
        assert all(
            len(e.sketch) == 40 and "webb-" not in e.sketch for e in session.scalars(select(SketchEvent))
        )
        document = session.scalars(select(Document)).one()
        assert (document.valid_from, document.valid_to) == (dt.date(2026, 11, 1), dt.date(2027, 12, 31))


def test_upgrade_from_0001_counts_the_stored_questions_and_retention_purges(postgres: str) -> None:
    """A database created by the first migration, with questions in it, gets its daily counts on upgrade
    (0002's backfill reads JSON and timestamps as PostgreSQL returns them); then the retention deletes."""
    command.downgrade(alembic_config(postgres), "base")
    command.upgrade(alembic_config(postgres), "0001")
    old, recent = dt.datetime(2025, 1, 10, 12), dt.datetime(2026, 11, 20, 12)
    engine = create_engine(postgres)
    try:
        with engine.begin() as connection:
            for token, asked in (("old", old), ("new", recent)):
                connection.execute(
                    text(
                        "INSERT INTO questions (token, asked_at, fund, question, question_key, reply, kind, "
                        "sources, verdicts) VALUES (:t, :a, 'sodertalje', 'Gäller LOU?', 'galler lou', '', "
                        "'kontroll', '[]', :v)"
                    ),
                    {"t": token, "a": asked, "v": '["Troligen inte"]'},
                )
        upgrade(postgres)
        with Session(engine) as session:
            both_years = insights.Period(dt.date(2025, 1, 1), dt.date(2026, 12, 31))
            assert insights.kinds(session, both_years) == {"kontroll": 2}
            assert insights.verdicts(session, both_years) == {"Troligen inte": 2}
            add_sketch_event(session, "påbörjad", "a" * 40, "sodertalje", at=old)
            session.commit()
            assert purge_expired(session, months=12, now=dt.datetime(2026, 11, 23)) == 1
            session.commit()
            assert insights.kinds(session, both_years) == {"kontroll": 1}
            assert session.scalar(select(func.count()).select_from(SketchEvent)) == 0
    finally:
        engine.dispose()


def test_models_and_migrations_agree_on_postgresql(postgres: str) -> None:
    """The models and the migrations agree on PostgreSQL: autogenerate finds nothing to change (the draft
    store's own table aside)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from fondassistenten.db import Base, include_object

    upgrade(postgres)
    engine = create_engine(postgres)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"include_object": include_object})
            diff = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert diff == []
