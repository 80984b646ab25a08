"""Schema migrations on a real PostgreSQL server (tests/postgres.py starts one per session).

The SQLite twins are in test_migrations.py; here a household made by each earlier schema
reaches head with its data, and the plan uids 0003 wrote with dashes on PostgreSQL (its
``id || '@closeness'`` casts the UUID to its dashed text) come out in the app's own form.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import Engine, inspect

from closeness_desktop.clock import FakeClock
from closeness_desktop.household import Household
from closeness_desktop.store import migrate
from closeness_desktop.store.database import Database
from closeness_desktop.store.engine import SCHEMA_HEAD, ensure_schema, open_engine, schema_revision
from closeness_desktop.store.types import UTCDateTime
from tests.unit.test_migrations import assert_reached_head_intact

pytest_plugins = ["tests.postgres"]

SAM = uuid.UUID("aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa")
NOTE = uuid.UUID("bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb")
PLAN = uuid.UUID("cccccccc-cccc-4ccc-8ccc-cccccccccccc")
OWN_IDEA = {
    "id": "own-1a2b3c4d5e6f", "title": "Stargazing", "text": "Blankets on the roof.",
    "group": "outdoors", "budget": "free", "setting": "outdoors", "minutes": 90,
}  # fmt: skip
DONE = {"own-1a2b3c4d5e6f": "2020-06-01", "stargazing": "2019-08-12"}
TABLES = {"partners", "entries", "settings", "ritual_log", "date_plans", "ideas", "ideas_done"}

# The tables as the app wrote them before 0004, with their real column types, so the
# values go in as parameters: UUIDs as uuid, times as timestamps, settings as JSON.
partners = sa.table(
    "partners",
    *(sa.column(name, sa.String) for name in ("name", "colour")),
    sa.column("id", sa.Uuid),
    sa.column("position", sa.Integer),
    sa.column("created_at", UTCDateTime),
    sa.column("updated_at", UTCDateTime),
    sa.column("version", sa.Integer),
)
entries = sa.table(
    "entries",
    *(sa.column(name, sa.String) for name in ("kind", "title", "body", "place", "feelings")),
    *(sa.column(name, sa.Uuid) for name in ("id", "author_id")),
    *(sa.column(name, UTCDateTime) for name in ("occurred_at", "created_at", "updated_at")),
    sa.column("all_day", sa.Boolean),
    sa.column("version", sa.Integer),
)
settings = sa.table(
    "settings", sa.column("key", sa.String), sa.column("value", sa.JSON),
    sa.column("updated_at", UTCDateTime),
)  # fmt: skip
date_plans = sa.table(
    "date_plans",
    sa.column("entry_id", sa.Uuid),
    *(sa.column(name, sa.String) for name in ("uid", "bring", "state", "zone")),
    *(sa.column(name, sa.JSON) for name in ("exdates", "overrides", "reminders")),
)


@pytest.fixture
def engine(postgres_url: str) -> Iterator[Engine]:
    engine = open_engine(postgres_url)
    yield engine
    engine.dispose()


def _household(engine: Engine) -> Household:
    return Household(Database(engine), FakeClock(datetime(2026, 12, 1, tzinfo=UTC), UTC))


def _at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(tzinfo=UTC)


def _seed_entries(engine: Engine) -> None:
    """Sam, a note and a plan, as the app wrote them before the planner existed."""
    with engine.begin() as connection:
        connection.execute(
            partners.insert().values(
                id=SAM, name="Sam", colour="#C8566B", position=0,
                created_at=_at("2020-01-01"), updated_at=_at("2020-01-01"), version=1,
            )
        )  # fmt: skip
        for entry_id, kind, body in ((NOTE, "note", "un café ensemble"), (PLAN, "plan", "")):
            connection.execute(
                entries.insert().values(
                    id=entry_id, kind=kind, author_id=SAM, title="Picnic", body=body,
                    place="Park", feelings="", all_day=False, occurred_at=_at("2020-06-01 11:00"),
                    created_at=_at("2020-05-01 08:00"), updated_at=_at("2020-05-01 08:00"),
                    version=1,
                )
            )  # fmt: skip


def _seed_ideas(engine: Engine) -> None:
    """The idea jar's own ideas and ideas done, kept in settings as JSON before 0004."""
    with engine.begin() as connection:
        connection.execute(
            settings.insert(),
            [
                {"key": "ideas.own", "value": [OWN_IDEA], "updated_at": _at("2020-06-02")},
                {"key": "ideas.done", "value": DONE, "updated_at": _at("2020-06-02")},
            ],
        )


ideas = sa.table(
    "ideas",
    sa.column("id", sa.Uuid),
    *(sa.column(name, sa.String) for name in ("key", "title", "text", "idea_group", "budget")),
    sa.column("setting", sa.String),
    sa.column("minutes", sa.Integer),
    *(sa.column(name, UTCDateTime) for name in ("created_at", "updated_at")),
    sa.column("version", sa.Integer),
)
ideas_done = sa.table(
    "ideas_done",
    sa.column("id", sa.Uuid),
    sa.column("idea_key", sa.String),
    sa.column("done_on", sa.Date),
    *(sa.column(name, UTCDateTime) for name in ("created_at", "updated_at")),
    sa.column("version", sa.Integer),
)


def _seed_idea_rows(engine: Engine) -> None:
    """From 0004 on: the idea jar's own ideas and ideas done in rows of their own."""
    stamps = {"created_at": _at("2020-06-02"), "updated_at": _at("2020-06-02"), "version": 1}
    with engine.begin() as connection:
        connection.execute(
            ideas.insert().values(
                id=uuid.uuid4(), key=OWN_IDEA["id"], title=OWN_IDEA["title"],
                text=OWN_IDEA["text"], idea_group=OWN_IDEA["group"], budget=OWN_IDEA["budget"],
                setting=OWN_IDEA["setting"], minutes=OWN_IDEA["minutes"], **stamps,
            )
        )  # fmt: skip
        connection.execute(
            ideas_done.insert(),
            [
                {"id": uuid.uuid4(), "idea_key": key, "done_on": date.fromisoformat(day), **stamps}
                for key, day in DONE.items()
            ],
        )


def _uids(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return list(connection.execute(sa.select(date_plans.c.uid)).scalars())


def test_the_dashed_plan_uids_of_0003_get_the_apps_form(engine: Engine) -> None:
    migrate.upgrade(engine, "0002")
    _seed_entries(engine)

    migrate.upgrade(engine, "0003")

    # 0003's INSERT ... SELECT id || '@closeness': PostgreSQL casts the uuid with dashes.
    assert _uids(engine) == [f"{PLAN}@closeness"]

    assert ensure_schema(engine) is True

    assert schema_revision(engine) == SCHEMA_HEAD
    assert _uids(engine) == [f"{PLAN.hex}@closeness"]
    household = _household(engine)
    assert household.plans.get(f"{PLAN.hex}@closeness").entry.id == PLAN
    [plan] = household.plans.all()
    assert plan.plan.uid == f"{PLAN.hex}@closeness"


@pytest.mark.parametrize("revision", ["0001", "0002", "0003", "0004", "0005"])
def test_a_household_from_each_earlier_revision_reaches_head_intact(
    engine: Engine, revision: str
) -> None:
    migrate.upgrade(engine, revision)
    _seed_entries(engine)
    if revision >= "0004":
        _seed_idea_rows(engine)
    else:
        _seed_ideas(engine)
    if revision >= "0003":
        # A plan the planner made at 0003 or later has the app's own uid; 0004 leaves it be.
        with engine.begin() as connection:
            connection.execute(
                date_plans.insert().values(
                    entry_id=PLAN, uid=f"{PLAN.hex}@closeness", bring="Blanket",
                    state="planned", exdates=[], overrides={}, reminders=[3600], zone="UTC",
                )
            )  # fmt: skip

    assert ensure_schema(engine) is True

    assert schema_revision(engine) == SCHEMA_HEAD
    household = _household(engine)
    assert_reached_head_intact(household, PLAN)
    with engine.connect() as connection:
        moved = connection.execute(
            sa.select(sa.func.count()).select_from(settings).where(settings.c.key.like("ideas.%"))
        ).scalar_one()
        body = connection.execute(
            sa.select(entries.c.body).where(entries.c.id == NOTE)
        ).scalar_one()
    assert moved == 0
    assert body == "un café ensemble"


def test_downgrade_to_base_and_upgrade_again(engine: Engine) -> None:
    ensure_schema(engine)
    assert set(inspect(engine).get_table_names()) >= TABLES

    config = migrate._config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")

    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    assert schema_revision(engine) is None

    assert ensure_schema(engine) is True
    assert set(inspect(engine).get_table_names()) >= TABLES
    assert schema_revision(engine) == SCHEMA_HEAD
