"""sketch events: idéskisser started, finished and exported, for the insights

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sketch_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("fund", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("sketch", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sketch", "kind", name="uq_sketch_events_sketch_kind"),
    )
    with op.batch_alter_table("sketch_events", schema=None) as batch_op:
        batch_op.create_index("ix_sketch_events_at_kind", ["at", "kind"])
        batch_op.create_index("ix_sketch_events_fund_at_kind", ["fund", "at", "kind"])


def downgrade() -> None:
    with op.batch_alter_table("sketch_events", schema=None) as batch_op:
        batch_op.drop_index("ix_sketch_events_fund_at_kind")
        batch_op.drop_index("ix_sketch_events_at_kind")
    op.drop_table("sketch_events")
