"""The insights queries: questions per week, the most frequent questions, unanswered ones, thumbs down,
checks, idéskisser started, finished and exported.

Counts per week, kind and verdict come from daily counts kept as questions are stored; the groupings by
question read covering indexes (``asked_at``, ``kind``, ``question_key``, with and without ``fund`` first).
Measured with 100 000 stored questions by ``benchmarks/insights_benchmark.py``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Date, func, select
from sqlalchemy.orm import Session

from fondassistenten.db import SKETCH_EVENTS, Feedback, Question, QuestionDay, SketchEvent, VerdictDay


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    """Inclusive."""
    fund: str | None = None

    def where(self, query, model=Question, time_column: str = "asked_at"):  # type: ignore[no-untyped-def]
        at = getattr(model, time_column)
        query = query.where(
            at >= dt.datetime.combine(self.start, dt.time()),
            at < dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time()),
        )
        return query.where(model.fund == self.fund) if self.fund else query


def _days(period: Period, model):  # type: ignore[no-untyped-def]
    query = select(model.day, model.n).where(model.day >= period.start, model.day <= period.end)
    return query.where(model.fund == period.fund) if period.fund else query


def per_week(session: Session, period: Period) -> list[dict[str, Any]]:
    """Questions and "det vet jag inte" per ISO week, from the daily counts."""
    weeks: dict[str, list[int]] = {}
    rows = session.execute(_days(period, QuestionDay).add_columns(QuestionDay.kind).order_by(QuestionDay.day))
    for day, n, kind in rows:
        year, week, _ = day.isocalendar()
        counts = weeks.setdefault(f"{year}-v{week:02d}", [0, 0])
        counts[0] += n
        counts[1] += n if kind == "vet_ej" else 0
    return [{"vecka": w, "fragor": q, "vet_ej": u} for w, (q, u) in weeks.items()]


def _samples(session: Session, ids: list[int]) -> dict[int, str]:
    rows = session.execute(select(Question.id, Question.question).where(Question.id.in_(ids)))
    return dict(rows.all())


def most_frequent(session: Session, period: Period, limit: int = 20) -> list[dict[str, Any]]:
    """The most asked questions (same wording once folded), read from the covering index."""
    count = func.count().label("antal")
    rows = session.execute(
        period.where(select(Question.question_key, count, func.max(Question.asked_at), func.max(Question.id)))
        .where(Question.kind != "övrigt")
        .group_by(Question.question_key)
        .order_by(count.desc())
        .limit(limit)
    ).all()
    samples = _samples(session, [r[3] for r in rows])
    return [
        {"fraga": samples.get(i, key), "antal": n, "senast": last, "nyckel": key} for key, n, last, i in rows
    ]


def unanswered(session: Session, period: Period, limit: int = 50) -> list[dict[str, Any]]:
    count = func.count().label("antal")
    latest = func.max(Question.asked_at)
    rows = session.execute(
        period.where(select(func.max(Question.id), count, latest))
        .where(Question.kind == "vet_ej")
        .group_by(Question.question_key)
        .order_by(latest.desc())
        .limit(limit)
    ).all()
    samples = _samples(session, [r[0] for r in rows])
    return [{"id": i, "fraga": samples.get(i, ""), "antal": n, "senast": last} for i, n, last in rows]


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
    counts: Counter[str] = Counter()
    for _day, n, kind in session.execute(_days(period, QuestionDay).add_columns(QuestionDay.kind)):
        counts[kind] += n
    return dict(counts)


def verdicts(session: Session, period: Period) -> dict[str, int]:
    """How often each check verdict was given in the period (a reply can give several)."""
    counts: Counter[str] = Counter()
    for _day, n, verdict in session.execute(_days(period, VerdictDay).add_columns(VerdictDay.verdict)):
        counts[verdict] += n
    return dict(counts.most_common())


SKETCH_COLUMNS = {"påbörjad": "paborjade", "klar": "klara", "exporterad": "exporterade"}
"""The sketch event kinds as the insights' column names (also the CSV's)."""


def sketches_per_week(session: Session, period: Period) -> list[dict[str, Any]]:
    """Idéskisser started, finished and exported per ISO week (each sketch once per kind, in the week it first
    got there)."""
    day = func.date(SketchEvent.at, type_=Date)
    rows = session.execute(
        period.where(select(day, SketchEvent.kind, func.count()), SketchEvent, "at")
        .group_by(day, SketchEvent.kind)
        .order_by(day)
    )
    weeks: dict[str, dict[str, Any]] = {}
    for when, kind, n in rows:
        if kind not in SKETCH_COLUMNS:
            continue
        year, week, _ = when.isocalendar()
        label = f"{year}-v{week:02d}"
        counts = weeks.setdefault(label, {"vecka": label, **dict.fromkeys(SKETCH_COLUMNS.values(), 0)})
        counts[SKETCH_COLUMNS[kind]] += n
    return list(weeks.values())


def sketch_totals(weeks: list[dict[str, Any]]) -> dict[str, int]:
    """The period's totals of ``sketches_per_week``, by kind (påbörjad, klar, exporterad)."""
    return {kind: sum(w[SKETCH_COLUMNS[kind]] for w in weeks) for kind in SKETCH_EVENTS}


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
