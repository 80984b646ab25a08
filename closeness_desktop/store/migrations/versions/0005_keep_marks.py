"""Keep marks: the notes a couple marks for "Our year" (``entries.kept``).

A plain ``ADD COLUMN`` on both engines, never a batch recreate of ``entries``: on SQLite a
recreate would silently drop the full-text triggers. Every row written before reads as
not kept (the server default), so no note changes its version on the way up.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-10
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "entries",
        sa.Column("kept", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    # In place on SQLite too (3.35+), so the search triggers stay.
    op.drop_column("entries", "kept")
