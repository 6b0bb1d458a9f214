"""The database layer: migrations up and down, the retention period, the daily counts behind the insights."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, func, inspect, select
from sqlalchemy.orm import Session

from fondassistenten.db import (
    Question,
    QuestionDay,
    add_sketch_event,
    alembic_config,
    count_question,
    purge_expired,
    upgrade,
)
from webapp.coordinator import insights


def _question(asked_at: dt.datetime, kind: str = "vet_ej") -> Question:
    return Question(
        token=f"t{asked_at.timestamp()}{kind}",
        asked_at=asked_at,
        fund="sodertalje",
        question="Får vi bjuda på lunch?",
        question_key="far vi bjuda pa lunch",
        reply="Det vet jag inte",
        kind=kind,
        sources=[],
        verdicts=[],
    )


def test_migrations_go_up_and_down(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    upgrade(url)
    tables = set(inspect(create_engine(url)).get_table_names())
    assert {
        "users",
        "questions",
        "feedback",
        "faq_entries",
        "faq_changes",
        "documents",
        "question_days",
    } <= tables
    command.downgrade(alembic_config(url), "base")
    assert set(inspect(create_engine(url)).get_table_names()) <= {"alembic_version"}


def test_retention_deletes_questions_and_counts_older_than_the_period(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'r.db'}"
    upgrade(url)
    now = dt.datetime(2026, 11, 23, 12, 0)
    with Session(create_engine(url)) as session:
        for asked in (now - dt.timedelta(days=400), now - dt.timedelta(days=30)):
            session.add(_question(asked))
            count_question(session, asked, "sodertalje", "vet_ej", [])
        session.commit()
        assert purge_expired(session, months=12, now=now) == 1
        session.commit()
        assert session.scalar(select(func.count(Question.id))) == 1
        assert session.scalar(select(func.count()).select_from(QuestionDay)) == 1


def test_weekly_counts_follow_the_stored_questions(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'w.db'}"
    upgrade(url)
    monday = dt.datetime(2026, 11, 16, 9, 0)
    with Session(create_engine(url)) as session:
        for offset, kind in ((0, "vet_ej"), (1, "svar"), (2, "svar"), (7, "vet_ej")):
            asked = monday + dt.timedelta(days=offset)
            session.add(_question(asked, kind))
            count_question(session, asked, "sodertalje", kind, [])
        session.commit()
        period = insights.Period(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
        assert insights.per_week(session, period) == [
            {"vecka": "2026-v47", "fragor": 3, "vet_ej": 1},
            {"vecka": "2026-v48", "fragor": 1, "vet_ej": 1},
        ]
        assert insights.kinds(session, period) == {"vet_ej": 2, "svar": 2}
        other_fund = insights.Period(dt.date(2026, 11, 1), dt.date(2026, 11, 30), "sundsvall")
        assert insights.per_week(session, other_fund) == []


def test_migrations_render_for_postgresql(capsys) -> None:
    # No PostgreSQL server runs here: the migrations are rendered as PostgreSQL SQL (offline mode), which
    # compiles every statement with the PostgreSQL dialect.
    command.upgrade(alembic_config("postgresql://fond@localhost/fond"), "head", sql=True)
    sql = capsys.readouterr().out
    assert "CREATE TABLE questions" in sql and "id SERIAL NOT NULL" in sql
    assert "CREATE INDEX ix_questions_fund_key_asked_kind ON questions" in sql
    assert "CREATE TABLE sketch_events" in sql
    assert "UPDATE alembic_version SET version_num='0003'" in sql


def test_each_sketch_counts_once_per_step_in_the_week_it_got_there(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 's.db'}"
    upgrade(url)
    monday = dt.datetime(2026, 11, 16, 9, 0)
    with Session(create_engine(url)) as session:
        for sketch, fund in (("a", "sodertalje"), ("b", "sodertalje"), ("c", "sundsvall")):
            add_sketch_event(session, "påbörjad", sketch, fund, at=monday)
        add_sketch_event(session, "klar", "a", "sodertalje", at=monday + dt.timedelta(days=1))
        for day in (2, 8, 9):  # exported again the next week and in another format: still once
            add_sketch_event(session, "exporterad", "a", "sodertalje", at=monday + dt.timedelta(days=day))
        add_sketch_event(session, "exporterad", "b", "sodertalje", at=monday + dt.timedelta(days=7))
        session.commit()
        november = insights.Period(dt.date(2026, 11, 1), dt.date(2026, 11, 30), "sodertalje")
        weeks = insights.sketches_per_week(session, november)
        assert weeks == [
            {"vecka": "2026-v47", "paborjade": 2, "klara": 1, "exporterade": 1},
            {"vecka": "2026-v48", "paborjade": 0, "klara": 0, "exporterade": 1},
        ]
        assert insights.sketch_totals(weeks) == {"påbörjad": 2, "klar": 1, "exporterad": 2}
        all_funds = insights.Period(dt.date(2026, 11, 16), dt.date(2026, 11, 16))
        assert insights.sketches_per_week(session, all_funds) == [
            {"vecka": "2026-v47", "paborjade": 3, "klara": 0, "exporterade": 0}
        ]
