"""insights rollups and covering indexes

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

import sqlalchemy as sa
from alembic import context, op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "question_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("fund", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "fund", "kind"),
    )
    op.create_table(
        "verdict_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("fund", sa.String(length=40), nullable=False),
        sa.Column("verdict", sa.String(length=40), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "fund", "verdict"),
    )
    with op.batch_alter_table("questions", schema=None) as batch_op:
        # SQLite's planner took these narrow ones for the groupings by question and then read every row
        for name in ("question_key", "asked_at", "kind", "fund", "fund_asked_at"):
            batch_op.drop_index(f"ix_questions_{name}")
        batch_op.create_index("ix_questions_key_asked_kind", ["question_key", "asked_at", "kind"])
        batch_op.create_index(
            "ix_questions_fund_key_asked_kind", ["fund", "question_key", "asked_at", "kind"]
        )
    _backfill()


def _backfill() -> None:
    """Daily counts of the questions already stored (a database upgraded from 0001)."""
    if context.is_offline_mode():  # SQL script only: nothing stored to count
        return
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT asked_at, fund, kind, verdicts FROM questions")).all()
    days: Counter[tuple] = Counter()
    verdicts: Counter[tuple] = Counter()
    for asked_at, fund, kind, given in rows:
        when = asked_at if isinstance(asked_at, dt.datetime) else dt.datetime.fromisoformat(str(asked_at))
        days[(when.date(), fund, kind)] += 1
        labels = json.loads(given) if isinstance(given, str) else (given or [])
        for label in labels:
            verdicts[(when.date(), fund, label)] += 1
    question_days = sa.table("question_days", *(sa.column(c) for c in ("day", "fund", "kind", "n")))
    verdict_days = sa.table("verdict_days", *(sa.column(c) for c in ("day", "fund", "verdict", "n")))
    if days:
        op.bulk_insert(
            question_days, [{"day": d, "fund": f, "kind": k, "n": n} for (d, f, k), n in days.items()]
        )
    if verdicts:
        op.bulk_insert(
            verdict_days, [{"day": d, "fund": f, "verdict": v, "n": n} for (d, f, v), n in verdicts.items()]
        )


def downgrade() -> None:
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.drop_index("ix_questions_fund_key_asked_kind")
        batch_op.drop_index("ix_questions_key_asked_kind")
        for columns in (["question_key"], ["asked_at"], ["kind"], ["fund"], ["fund", "asked_at"]):
            batch_op.create_index(f"ix_questions_{'_'.join(columns)}", columns)
    op.drop_table("verdict_days")
    op.drop_table("question_days")
