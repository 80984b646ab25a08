"""Schema migrations: the known head, a fresh upgrade, idempotence, downgrade and newer files."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Connection, Engine, inspect, text

from closeness_desktop.household import EntryKind, Household
from closeness_desktop.store import migrate
from closeness_desktop.store.engine import (
    SCHEMA_HEAD,
    StoreError,
    ensure_schema,
    open_engine,
    schema_revision,
)

TABLES = {"partners", "entries", "settings", "alembic_version"}
TRIGGERS = {"entries_search_insert", "entries_search_delete", "entries_search_update"}


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = open_engine(f"sqlite:///{tmp_path / 'closeness.sqlite3'}")
    yield engine
    engine.dispose()


def schema_objects(engine: Engine, kind: str) -> set[str]:
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT name FROM sqlite_master WHERE type = :kind"), {"kind": kind}
        )
        return {row[0] for row in rows}


def downgrade_to_base(engine: Engine) -> None:
    config = migrate._config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")


def test_the_app_knows_the_newest_migration() -> None:
    assert migrate.head() == SCHEMA_HEAD
    assert migrate.is_known_revision(SCHEMA_HEAD)
    assert not migrate.is_known_revision("not-a-revision")


def test_upgrading_an_empty_database_creates_the_tables_and_search(engine: Engine) -> None:
    assert schema_revision(engine) is None

    assert ensure_schema(engine) is True

    assert set(inspect(engine).get_table_names()) >= TABLES
    assert "entry_search" in schema_objects(engine, "table")
    assert schema_objects(engine, "trigger") >= TRIGGERS
    assert schema_revision(engine) == SCHEMA_HEAD


def test_the_search_index_follows_rows_written_after_the_upgrade(engine: Engine) -> None:
    ensure_schema(engine)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO partners (id, name, colour, position, created_at, updated_at,"
                " version) VALUES ('a', 'Sam', '#000000', 0, '2026-01-01', '2026-01-01', 1)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO entries (id, kind, author_id, title, body, place, occurred_at,"
                " all_day, feelings, created_at, updated_at, version) VALUES ('e', 'note', 'a',"
                " '', 'crème brûlée', '', '2026-01-01', 0, '', '2026-01-01', '2026-01-01', 1)"
            )
        )
    with engine.connect() as connection:
        hits = connection.execute(
            text("SELECT rowid FROM entry_search WHERE entry_search MATCH 'creme'")
        ).all()

    assert len(hits) == 1


def test_the_upgrade_runs_once(engine: Engine) -> None:
    assert ensure_schema(engine) is True

    assert ensure_schema(engine) is False
    assert schema_revision(engine) == SCHEMA_HEAD


def test_downgrade_to_base_and_upgrade_again(engine: Engine) -> None:
    ensure_schema(engine)

    downgrade_to_base(engine)

    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    assert schema_objects(engine, "trigger") == set()
    assert schema_revision(engine) is None

    assert ensure_schema(engine) is True
    assert set(inspect(engine).get_table_names()) >= TABLES
    assert schema_objects(engine, "trigger") >= TRIGGERS


def test_a_database_from_a_newer_version_is_refused(engine: Engine) -> None:
    ensure_schema(engine)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))

    with pytest.raises(StoreError, match="newer version of Closeness"):
        ensure_schema(engine)

    assert schema_revision(engine) == "9999_future"


def test_a_database_with_another_programs_tables_is_refused(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE foo (x INTEGER)"))

    with pytest.raises(StoreError, match="belongs to another program"):
        ensure_schema(engine)

    assert set(inspect(engine).get_table_names()) == {"foo"}


def test_every_earlier_schema_upgrades_to_head_with_its_data(engine: Engine) -> None:
    """A database made at each earlier revision, with data in it, reaches head intact."""
    from closeness_desktop.store.migrate import upgrade

    upgrade(engine, "0001")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO partners (id, name, colour, position, created_at, updated_at,"
                " version) VALUES ('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'Sam', '#C8566B', 0,"
                " '2020-01-01 00:00:00.000000', '2020-01-01 00:00:00.000000', 1)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO entries (id, kind, author_id, title, body, place, occurred_at,"
                " all_day, feelings, created_at, updated_at, version) VALUES"
                " ('bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', 'note', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',"
                " '', 'un café ensemble', '', '2020-01-01 08:00:00.000000', 0, '',"
                " '2020-01-01 08:00:00.000000', '2020-01-01 08:00:00.000000', 1)"
            )
        )

    assert ensure_schema(engine) is True

    assert schema_revision(engine) == SCHEMA_HEAD
    with engine.connect() as connection:
        body = connection.execute(text("SELECT body FROM entries")).scalar_one()
        plans = connection.execute(text("SELECT count(*) FROM date_plans")).scalar_one()
        found = connection.execute(
            text("SELECT count(*) FROM entry_search WHERE entry_search MATCH 'cafe'")
        ).scalar_one()
    assert body == "un café ensemble"
    assert found == 1
    assert plans == 0  # a note is no date night


def test_plans_written_before_the_planner_get_their_details(engine: Engine) -> None:
    from closeness_desktop.store.migrate import upgrade

    upgrade(engine, "0002")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO partners (id, name, colour, position, created_at, updated_at,"
                " version) VALUES ('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'Sam', '#C8566B', 0,"
                " '2020-01-01 00:00:00.000000', '2020-01-01 00:00:00.000000', 1)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO entries (id, kind, author_id, title, body, place, occurred_at,"
                " all_day, feelings, created_at, updated_at, version) VALUES"
                " ('cccccccccccccccccccccccccccccccc', 'plan', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',"
                " 'Picnic', '', 'Park', '2020-06-01 11:00:00.000000', 0, '',"
                " '2020-05-01 08:00:00.000000', '2020-05-01 08:00:00.000000', 1)"
            )
        )

    ensure_schema(engine)

    with engine.connect() as connection:
        row = connection.execute(text("SELECT uid, state, zone FROM date_plans")).one()
    assert tuple(row) == ("cccccccccccccccccccccccccccccccc@closeness", "planned", "UTC")


def test_an_up_to_date_database_opens_without_importing_alembic(tmp_path: Path) -> None:
    """Alembic costs about half a second at start-up; it loads only to upgrade."""
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'closeness.sqlite3'}"
    made = open_engine(url)
    ensure_schema(made)
    made.dispose()
    probe = (
        "import sys; from closeness_desktop.store.engine import open_engine, ensure_schema;"
        f"ran = ensure_schema(open_engine({url!r}));"
        "print(ran, any(name.startswith('alembic') for name in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.split() == ["False", "False"]


SAM = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
PLAN = uuid.UUID("cccccccccccccccccccccccccccccccc")
OWN_IDEA = {
    "id": "own-1a2b3c4d5e6f", "title": "Stargazing", "text": "Blankets on the roof.",
    "group": "outdoors", "budget": "free", "setting": "outdoors", "minutes": 90,
}  # fmt: skip


def _seed_at(engine: Engine, revision: str) -> None:
    """A household as the app wrote it at ``revision``: partners, a note, a plan, the idea
    jar's own ideas and ideas done (in the settings table before 0004, in rows from then)."""
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO partners (id, name, colour, position, created_at, updated_at,"
                f" version) VALUES ('{SAM}', 'Sam', '#C8566B', 0,"
                " '2020-01-01 00:00:00.000000', '2020-01-01 00:00:00.000000', 1)"
            )
        )
        for entry_id, kind, body in (
            ("b" * 32, "note", "un café ensemble"),
            (PLAN.hex, "plan", ""),
        ):
            connection.execute(
                text(
                    "INSERT INTO entries (id, kind, author_id, title, body, place, occurred_at,"
                    " all_day, feelings, created_at, updated_at, version) VALUES"
                    f" ('{entry_id}', '{kind}', '{SAM}', 'Picnic', :body, 'Park',"
                    " '2020-06-01 11:00:00.000000', 0, '', '2020-05-01 08:00:00.000000',"
                    " '2020-05-01 08:00:00.000000', 1)"
                ),
                {"body": body},
            )
        if revision >= "0004":
            _seed_idea_rows(connection)
            return
        for key, value in (
            ("ideas.own", [OWN_IDEA]),
            ("ideas.done", {"own-1a2b3c4d5e6f": "2020-06-01", "stargazing": "2019-08-12"}),
        ):
            connection.execute(
                text("INSERT INTO settings (key, value, updated_at) VALUES (:key, :value, :at)"),
                {"key": key, "value": json.dumps(value), "at": "2020-06-02 00:00:00.000000"},
            )
        if revision == "0003":
            # The uid 0003 itself wrote on PostgreSQL: the UUID's dashed text.
            connection.execute(
                text(
                    "INSERT INTO date_plans (entry_id, uid, bring, state, exdates, overrides,"
                    " reminders, zone) VALUES (:id, :uid, '', 'planned', '[]', '{}', '[]', 'UTC')"
                ),
                {"id": PLAN.hex, "uid": f"{PLAN}@closeness"},
            )


def _seed_idea_rows(connection: Connection) -> None:
    """From 0004 on: the plan's details, the own idea and the ideas done in rows of their own."""
    stamps = "'2020-06-02 00:00:00.000000', '2020-06-02 00:00:00.000000', NULL, 1"
    connection.execute(
        text(
            "INSERT INTO date_plans (entry_id, uid, bring, state, exdates, overrides,"
            " reminders, zone) VALUES (:id, :uid, '', 'planned', '[]', '{}', '[]', 'UTC')"
        ),
        {"id": PLAN.hex, "uid": f"{PLAN.hex}@closeness"},
    )
    connection.execute(
        text(
            "INSERT INTO ideas (id, key, title, text, idea_group, budget, setting, minutes,"
            f" created_at, updated_at, deleted_at, version) VALUES ('{'d' * 32}', :key, :title,"
            f" :text, :group, :budget, :setting, :minutes, {stamps})"
        ),
        {name: OWN_IDEA[field] for name, field in IDEA_COLUMNS} | {"key": OWN_IDEA["id"]},
    )
    for number, (key, day) in enumerate(DONE_DAYS.items()):
        connection.execute(
            text(
                "INSERT INTO ideas_done (id, idea_key, done_on, created_at, updated_at,"
                f" deleted_at, version) VALUES (:id, :key, :day, {stamps})"
            ),
            {"id": f"{number:032x}", "key": key, "day": day},
        )


IDEA_COLUMNS = (
    ("title", "title"), ("text", "text"), ("group", "group"), ("budget", "budget"),
    ("setting", "setting"), ("minutes", "minutes"),
)  # fmt: skip
DONE_DAYS = {"own-1a2b3c4d5e6f": "2020-06-01", "stargazing": "2019-08-12"}


def assert_reached_head_intact(household: Household, plan_id: uuid.UUID = PLAN) -> None:
    """What :func:`_seed_at` wrote, as the household reads it at head (on any engine)."""
    [plan] = household.plans.all()
    assert plan.plan.uid == f"{plan_id.hex}@closeness"
    assert household.plans.get(f"{plan_id.hex}@closeness").entry.id == plan_id
    own = [idea for idea in household.ideas.all() if idea.id == OWN_IDEA["id"]]
    assert [(idea.title, idea.text, idea.minutes) for idea in own] == [
        ("Stargazing", "Blankets on the roof.", 90)
    ]
    assert household.ideas.done() == {
        "own-1a2b3c4d5e6f": date(2020, 6, 1),
        "stargazing": date(2019, 8, 12),
    }
    assert household.settings.read("ideas.own").version == 0  # moved into rows of their own
    # 0005: every entry written before the keep mark is unmarked, at its own version still.
    entries = household.entries.span(
        [EntryKind.NOTE, EntryKind.PLAN],
        datetime(2020, 1, 1, tzinfo=UTC),
        datetime(2030, 1, 1, tzinfo=UTC),
    ).rows
    assert [(entry.kept, entry.version) for entry in entries] == [(False, 1), (False, 1)]
    # 0006: nothing has been read yet on the new receipts, the new tables start empty.
    assert [entry.read_at for entry in entries] == [None, None]
    with household.database.engine.connect() as connection:
        for table in ("photos", "special_days", "reactions", "replies", "prompt_answers"):
            assert connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() == 0
    note = next(entry for entry in entries if entry.kind is EntryKind.NOTE)
    assert household.entries.keep(note.id, True, note.version).kept


@pytest.mark.parametrize("revision", ["0001", "0002", "0003", "0004", "0005"])
def test_a_household_from_each_earlier_revision_reaches_head_intact(
    engine: Engine, revision: str
) -> None:
    from closeness_desktop.clock import FakeClock
    from closeness_desktop.store.database import Database
    from closeness_desktop.store.migrate import upgrade

    upgrade(engine, revision)
    _seed_at(engine, revision)

    assert ensure_schema(engine) is True

    household = Household(Database(engine), FakeClock(datetime(2026, 12, 1, tzinfo=UTC), UTC))
    assert_reached_head_intact(household)
    with engine.connect() as connection:
        found = connection.execute(
            text("SELECT count(*) FROM entry_search WHERE entry_search MATCH 'cafe'")
        ).scalar_one()
    assert found == 1
