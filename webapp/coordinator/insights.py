"""The insights queries: questions per week, the most frequent questions, unanswered ones, thumbs down,
checks.

Plain SQL through SQLAlchemy on indexed columns (``fund``, ``asked_at``, ``kind``, ``question_key``); measured
with 100 000 stored questions by ``benchmarks/insights_benchmark.py``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, case, cast, func, select
from sqlalchemy.orm import Session

from fondassistenten.db import Feedback, Question


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    """Inclusive."""
    fund: str | None = None

    def where(self, query):  # type: ignore[no-untyped-def]
        query = query.where(
            Question.asked_at >= dt.datetime.combine(self.start, dt.time()),
            Question.asked_at < dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time()),
        )
        return query.where(Question.fund == self.fund) if self.fund else query


def _week(session: Session):  # type: ignore[no-untyped-def]
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.date_trunc("week", Question.asked_at), 'IYYY-"v"IW')
    return func.strftime("%Y-v%W", Question.asked_at)


def per_week(session: Session, period: Period) -> list[dict[str, Any]]:
    week = _week(session).label("vecka")
    unanswered = func.sum(case((Question.kind == "vet_ej", 1), else_=0))
    rows = session.execute(
        period.where(select(week, func.count(Question.id), unanswered)).group_by(week).order_by(week)
    )
    return [{"vecka": w, "fragor": n, "vet_ej": int(u or 0)} for w, n, u in rows]


def most_frequent(session: Session, period: Period, limit: int = 20) -> list[dict[str, Any]]:
    count = func.count(Question.id).label("antal")
    rows = session.execute(
        period.where(
            select(Question.question_key, func.min(Question.question), count, func.max(Question.asked_at))
        )
        .where(Question.kind != "övrigt")
        .group_by(Question.question_key)
        .order_by(count.desc())
        .limit(limit)
    )
    return [{"fraga": q, "antal": n, "senast": last, "nyckel": key} for key, q, n, last in rows]


def unanswered(session: Session, period: Period, limit: int = 50) -> list[dict[str, Any]]:
    count = func.count(Question.id).label("antal")
    rows = session.execute(
        period.where(
            select(func.max(Question.id), func.min(Question.question), count, func.max(Question.asked_at))
        )
        .where(Question.kind == "vet_ej")
        .group_by(Question.question_key)
        .order_by(func.max(Question.asked_at).desc())
        .limit(limit)
    )
    return [{"id": i, "fraga": q, "antal": n, "senast": last} for i, q, n, last in rows]


def thumbs_down(session: Session, period: Period, limit: int = 50) -> list[dict[str, Any]]:
    rows = session.execute(
        period.where(
            select(Question.id, Question.question, Question.sources, Feedback.comment, Feedback.created_at)
            .join(Feedback, Feedback.question_id == Question.id)
            .where(Feedback.rating < 0)
        )
        .order_by(Feedback.created_at.desc())
        .limit(limit)
    )
    return [
        {"id": i, "fraga": q, "kallor": list(s or []), "kommentar": c, "tid": t} for i, q, s, c, t in rows
    ]


def feedback_counts(session: Session, period: Period) -> dict[str, int]:
    rows = session.execute(
        period.where(select(Feedback.rating, func.count(Feedback.id)).join(Question)).group_by(
            Feedback.rating
        )
    )
    counts = dict(rows.all())
    return {"upp": int(counts.get(1, 0)), "ned": int(counts.get(-1, 0))}


def kinds(session: Session, period: Period) -> dict[str, int]:
    rows = session.execute(
        period.where(select(Question.kind, func.count(Question.id))).group_by(Question.kind)
    )
    return {k: int(n) for k, n in rows}


def verdicts(session: Session, period: Period) -> dict[str, int]:
    """How often each check verdict was given in the period (a reply can give several)."""
    combo = cast(Question.verdicts, String)
    rows = session.execute(
        period.where(select(Question.verdicts, func.count(Question.id)))
        .where(Question.kind == "kontroll")
        .group_by(combo)
    )
    counts: Counter[str] = Counter()
    for labels, n in rows:
        for label in labels or []:
            counts[label] += int(n)
    return dict(counts.most_common())


def group_by_meaning(rows: list[dict[str, Any]], threshold: float = 0.9) -> list[dict[str, Any]]:
    """Merge frequent questions that mean the same (e5 cosine >= threshold): the most asked wording leads."""
    if len(rows) < 2:
        return rows
    from fondassistenten.settings import get_settings
    from knowledge.index import QUERY_PREFIX, load_model

    model = load_model(get_settings().embedding_model_name)
    vectors = model.encode([QUERY_PREFIX + r["fraga"] for r in rows], normalize_embeddings=True)
    groups: list[dict[str, Any]] = []
    leaders: list[int] = []
    for i, row in enumerate(rows):
        for g, leader in zip(groups, leaders, strict=True):
            if float(vectors[i] @ vectors[leader]) >= threshold:
                g["antal"] += row["antal"]
                g["varianter"].append(row["fraga"])
                break
        else:
            groups.append({**row, "varianter": []})
            leaders.append(i)
    return sorted(groups, key=lambda g: -g["antal"])
