"""Nothing overwritten silently: versioned settings, own ideas and ideas done as rows,
and the plan uids that 0003 wrote with dashes on PostgreSQL.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

import uuid
from datetime import date

import sqlalchemy as sa
from alembic import op

from closeness_desktop.clock import SystemClock
from closeness_desktop.store.types import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

OWN_IDEAS_KEY = "ideas.own"
IDEAS_DONE_KEY = "ideas.done"

settings = sa.table(
    "settings",
    sa.column("key", sa.String),
    sa.column("value", sa.JSON),
)
date_plans = sa.table("date_plans", sa.column("entry_id", sa.Uuid), sa.column("uid", sa.String))


def _stamps() -> dict[str, object]:
    now = SystemClock().now()  # clock.py is the only reader of the wall clock
    return {"created_at": now, "updated_at": now, "deleted_at": None, "version": 1}


def upgrade() -> None:
    with op.batch_alter_table("settings") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    ideas = op.create_table(
        "ideas",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("key", sa.String(64), nullable=False, unique=True),
        sa.Column("title", sa.String(80), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("idea_group", sa.String(16), nullable=False),
        sa.Column("budget", sa.String(16), nullable=False),
        sa.Column("setting", sa.String(16), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("deleted_at", UTCDateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    done = op.create_table(
        "ideas_done",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("idea_key", sa.String(64), nullable=False, unique=True),
        sa.Column("done_on", sa.Date(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("deleted_at", UTCDateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    bind = op.get_bind()
    stored = dict(
        bind.execute(
            sa.select(settings.c.key, settings.c.value).where(
                settings.c.key.in_([OWN_IDEAS_KEY, IDEAS_DONE_KEY])
            )
        ).all()
    )
    own = stored.get(OWN_IDEAS_KEY) or []
    rows = [_idea_row(item) for item in own if isinstance(item, dict)]
    if rows:
        op.bulk_insert(ideas, [row for row in rows if row is not None])
    marks = stored.get(IDEAS_DONE_KEY) or {}
    done_rows = (
        [_done_row(key, value) for key, value in marks.items()] if isinstance(marks, dict) else []
    )
    if done_rows:
        op.bulk_insert(done, [row for row in done_rows if row is not None])
    bind.execute(settings.delete().where(settings.c.key.in_([OWN_IDEAS_KEY, IDEAS_DONE_KEY])))
    _fix_plan_uids(bind)


def _idea_row(item: dict[str, object]) -> dict[str, object] | None:
    key, title = item.get("id"), item.get("title")
    if not isinstance(key, str) or not isinstance(title, str):
        return None  # unreadable before too: the jar skipped it
    return {
        "id": uuid.uuid4(),
        "key": key,
        "title": title,
        "text": str(item.get("text") or title),
        "idea_group": str(item.get("group", "at-home")),
        "budget": str(item.get("budget", "free")),
        "setting": str(item.get("setting", "either")),
        "minutes": int(item.get("minutes", 120)),  # type: ignore[call-overload]
        **_stamps(),
    }


def _done_row(key: object, value: object) -> dict[str, object] | None:
    try:
        day = date.fromisoformat(str(value))
    except ValueError:
        return None
    return {"id": uuid.uuid4(), "idea_key": str(key), "done_on": day, **_stamps()}


def _fix_plan_uids(bind: sa.Connection) -> None:
    """0003 gave older plans the uid ``id || '@closeness'``: the app's own form (the hex of
    the id) on SQLite, but the dashed text of the UUID on PostgreSQL."""
    for entry_id, uid in bind.execute(sa.select(date_plans.c.entry_id, date_plans.c.uid)).all():
        if uid == f"{entry_id}@closeness":
            bind.execute(
                date_plans.update()
                .where(date_plans.c.entry_id == entry_id)
                .values(uid=f"{entry_id.hex}@closeness")
            )


def downgrade() -> None:
    op.drop_table("ideas_done")
    op.drop_table("ideas")
    with op.batch_alter_table("settings") as batch:
        batch.drop_column("version")
