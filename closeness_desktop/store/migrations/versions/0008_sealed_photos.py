"""Photos of private memories, sealed: ``photos.sealed`` says the file is sealed under its
memory's owner's key (and named by the sealed bytes' digest).

One ``ADD COLUMN``; no photo written before is sealed.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "photos", sa.Column("sealed", sa.Boolean(), nullable=False, server_default=sa.false())
    )


def downgrade() -> None:
    op.drop_column("photos", "sealed")
