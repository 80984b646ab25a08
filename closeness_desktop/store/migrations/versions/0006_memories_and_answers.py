"""Memories with photos, special days, replies and reactions, prompt answers, read receipts.

New tables only, and one ``ADD COLUMN`` on ``entries`` (``read_at``): never a batch
recreate of ``entries``, which on SQLite would silently drop the full-text triggers.
Nothing written before changes: no entry has photos, replies or a read time yet.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-11
"""

import sqlalchemy as sa
from alembic import op

from closeness_desktop.store.types import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _kept_columns() -> list[sa.Column[object]]:
    """The columns every versioned row carries."""
    return [
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("deleted_at", UTCDateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
    ]


def upgrade() -> None:
    op.add_column("entries", sa.Column("read_at", UTCDateTime(), nullable=True))
    op.create_table(
        "photos",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("entry_id", sa.Uuid(), sa.ForeignKey("entries.id"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("suffix", sa.String(8), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("taken_at", UTCDateTime(), nullable=True),
        *_kept_columns(),
    )
    op.create_index("ix_photos_entry", "photos", ["entry_id", "position"])
    op.create_index("ix_photos_sha256", "photos", ["sha256"])
    op.create_table(
        "special_days",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("partner_id", sa.Uuid(), sa.ForeignKey("partners.id"), nullable=True),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("yearly", sa.Boolean(), nullable=False),
        *_kept_columns(),
    )
    op.create_table(
        "reactions",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("entry_id", sa.Uuid(), sa.ForeignKey("entries.id"), nullable=False),
        sa.Column("partner_id", sa.Uuid(), sa.ForeignKey("partners.id"), nullable=False),
        sa.Column("sign", sa.String(16), nullable=False),
        sa.Column("seen_at", UTCDateTime(), nullable=True),
        *_kept_columns(),
    )
    op.create_index(
        "ix_reactions_entry_partner", "reactions", ["entry_id", "partner_id"], unique=True
    )
    op.create_table(
        "replies",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("entry_id", sa.Uuid(), sa.ForeignKey("entries.id"), nullable=False),
        sa.Column("author_id", sa.Uuid(), sa.ForeignKey("partners.id"), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("seen_at", UTCDateTime(), nullable=True),
        *_kept_columns(),
    )
    op.create_index("ix_replies_entry", "replies", ["entry_id", "created_at"])
    op.create_table(
        "prompt_answers",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("entry_id", sa.Uuid(), sa.ForeignKey("entries.id"), nullable=False),
        sa.Column("prompt_key", sa.String(64), nullable=False),
        sa.Column("partner_id", sa.Uuid(), sa.ForeignKey("partners.id"), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        *_kept_columns(),
    )
    op.create_index(
        "ix_prompt_answers_entry_partner",
        "prompt_answers",
        ["entry_id", "partner_id"],
        unique=True,
    )


def downgrade() -> None:
    for table in ("prompt_answers", "replies", "reactions", "special_days", "photos"):
        op.drop_table(table)
    # In place on SQLite too (3.35+), so the search triggers stay.
    op.drop_column("entries", "read_at")
