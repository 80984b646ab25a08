"""Date-night plans: the planner's details of each plan on the timeline.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "date_plans",
        sa.Column("entry_id", sa.Uuid(), sa.ForeignKey("entries.id"), primary_key=True),
        sa.Column("uid", sa.String(255), nullable=False, unique=True),
        sa.Column("bring", sa.Text(), nullable=False),
        sa.Column("budget", sa.Numeric(10, 2), nullable=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("rrule", sa.String(500), nullable=True),
        sa.Column("exdates", sa.JSON(), nullable=False),
        sa.Column("overrides", sa.JSON(), nullable=False),
        sa.Column("reminders", sa.JSON(), nullable=False),
        sa.Column("zone", sa.String(64), nullable=False),
    )
    # The planner and the reminders read plans by kind and time.
    op.create_index("ix_entries_kind_time", "entries", ["kind", "occurred_at"])
    # Plans written before the planner existed get their details row.
    op.execute(
        "INSERT INTO date_plans (entry_id, uid, bring, state, exdates, overrides, reminders, zone)"
        " SELECT id, id || '@closeness', '', 'planned', '[]', '{}', '[86400, 3600]',"
        " 'UTC' FROM entries WHERE kind = 'plan'"
    )


def downgrade() -> None:
    op.drop_table("date_plans")
    op.drop_index("ix_entries_kind_time", "entries")
