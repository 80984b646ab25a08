"""The log of ritual notifications that fired, so nothing fires twice.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

from closeness_desktop.store.types import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ritual_log",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(100), nullable=False),
        sa.Column("occurrence", UTCDateTime(), nullable=False),
        sa.Column("fired_at", UTCDateTime(), nullable=False),
        sa.Column("counted", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_ritual_log_fired_at", "ritual_log", ["fired_at"])
    op.create_index("ix_ritual_log_occurrence", "ritual_log", ["key", "occurrence"])


def downgrade() -> None:
    op.drop_index("ix_ritual_log_occurrence", "ritual_log")
    op.drop_index("ix_ritual_log_fired_at", "ritual_log")
    op.drop_table("ritual_log")
