"""A private corner for each partner: private entries, sealed notes, wrapped keys.

Two tables and three ``ADD COLUMN`` on ``entries`` (never a batch recreate of
``entries``, which on SQLite would silently drop the full-text triggers). Nothing written
before changes: no entry is private or sealed yet.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

from closeness_desktop.store.types import UTCDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # SQLite takes a reference in ADD COLUMN (with a NULL default) but Alembic would ask
        # for a batch recreate; CHAR(32) is how sa.Uuid keeps a UUID there.
        op.execute("ALTER TABLE entries ADD COLUMN private_to CHAR(32) REFERENCES partners (id)")
    else:
        op.add_column(
            "entries",
            sa.Column("private_to", sa.Uuid(), sa.ForeignKey("partners.id"), nullable=True),
        )
    op.add_column("entries", sa.Column("opens_at", UTCDateTime(), nullable=True))
    op.add_column(
        "entries",
        sa.Column("opens_with_arrival", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_entries_opens", "entries", ["opens_at"])
    op.create_index(
        "ix_entries_private",
        "entries",
        ["private_to"],
        sqlite_where=sa.text("private_to IS NOT NULL"),
        postgresql_where=sa.text("private_to IS NOT NULL"),
    )
    op.create_table(
        "sealed_words",
        sa.Column("entry_id", sa.Uuid(), sa.ForeignKey("entries.id"), primary_key=True),
        sa.Column("key", sa.String(16), nullable=False),
        sa.Column("blob", sa.LargeBinary(), nullable=False),
    )
    op.create_table(
        "wrapped_keys",
        sa.Column("partner_id", sa.Uuid(), sa.ForeignKey("partners.id"), primary_key=True),
        sa.Column("purpose", sa.String(16), primary_key=True),
        sa.Column("salt", sa.LargeBinary(), nullable=False),
        sa.Column("iterations", sa.Integer(), nullable=False),
        sa.Column("memory_kib", sa.Integer(), nullable=False),
        sa.Column("lanes", sa.Integer(), nullable=False),
        sa.Column("blob", sa.LargeBinary(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("failed_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("wrapped_keys")
    op.drop_table("sealed_words")
    op.drop_index("ix_entries_private", "entries")
    op.drop_index("ix_entries_opens", "entries")
    # In place on SQLite too (3.35+), so the search triggers stay.
    for column in ("opens_with_arrival", "opens_at", "private_to"):
        op.drop_column("entries", column)
