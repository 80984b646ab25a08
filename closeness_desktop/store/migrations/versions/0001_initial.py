"""The household: partners, the shared timeline and settings.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

from closeness_desktop.store.types import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Full-text search on SQLite: an FTS5 index over the entries' text, kept in step by
# triggers; its row ids are entries.seq. Other databases search with LIKE (store/search.py).
_COLUMNS = "title, body, place, feelings"
_OLD = "old.title, old.body, old.place, old.feelings"
_NEW = "new.title, new.body, new.place, new.feelings"
FTS_UP = (
    f"CREATE VIRTUAL TABLE entry_search USING fts5({_COLUMNS}, content='entries',"
    " content_rowid='seq', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER entries_search_insert AFTER INSERT ON entries BEGIN"
    f" INSERT INTO entry_search(rowid, {_COLUMNS}) VALUES (new.seq, {_NEW}); END",
    "CREATE TRIGGER entries_search_delete AFTER DELETE ON entries BEGIN"
    f" INSERT INTO entry_search(entry_search, rowid, {_COLUMNS})"
    f" VALUES ('delete', old.seq, {_OLD}); END",
    f"CREATE TRIGGER entries_search_update AFTER UPDATE OF {_COLUMNS} ON entries BEGIN"
    f" INSERT INTO entry_search(entry_search, rowid, {_COLUMNS})"
    f" VALUES ('delete', old.seq, {_OLD});"
    f" INSERT INTO entry_search(rowid, {_COLUMNS}) VALUES (new.seq, {_NEW}); END",
)
FTS_DOWN = (
    "DROP TRIGGER entries_search_update",
    "DROP TRIGGER entries_search_delete",
    "DROP TRIGGER entries_search_insert",
    "DROP TABLE entry_search",
)


def upgrade() -> None:
    op.create_table(
        "partners",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("name", sa.String(40), nullable=False, unique=True),
        sa.Column("colour", sa.String(7), nullable=False),
        sa.Column("os_account", sa.String(100), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    op.create_table(
        "entries",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("id", sa.Uuid(), nullable=False, unique=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("author_id", sa.Uuid(), sa.ForeignKey("partners.id"), nullable=False),
        sa.Column("addressee_id", sa.Uuid(), sa.ForeignKey("partners.id"), nullable=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("place", sa.String(200), nullable=False),
        sa.Column("occurred_at", UTCDateTime(), nullable=False),
        sa.Column("ends_at", UTCDateTime(), nullable=True),
        sa.Column("all_day", sa.Boolean(), nullable=False),
        sa.Column("mood", sa.Integer(), nullable=True),
        sa.Column("feelings", sa.String(300), nullable=False),
        sa.Column("delivered_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("deleted_at", UTCDateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    op.create_index("ix_entries_timeline", "entries", ["occurred_at", "seq"])
    # Notes still waiting to be delivered: few rows, whatever the size of the timeline.
    op.create_index("ix_entries_waiting", "entries", ["kind", "delivered_at"])
    op.create_table(
        "settings",
        sa.Column("key", sa.String(100), primary_key=True),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    if op.get_bind().dialect.name == "sqlite":
        for statement in FTS_UP:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in FTS_DOWN:
            op.execute(statement)
    op.drop_table("settings")
    op.drop_index("ix_entries_waiting", "entries")
    op.drop_index("ix_entries_timeline", "entries")
    op.drop_table("entries")
    op.drop_table("partners")
