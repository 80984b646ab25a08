"""A write the database refuses becomes a :class:`SaveError` in words, in one place
(``Database.writing``), with nothing written; commits are durable (``synchronous=FULL``);
a household can be opened read-only."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError

from closeness_desktop.clock import FakeClock
from closeness_desktop.household import Draft, Household, PartnerInfo
from closeness_desktop.records import SaveError, TimelineFilter
from closeness_desktop.store.database import BUSY, FULL, READ_ONLY, Database, write_failure
from closeness_desktop.store.errors import StoreError
from tests.write_failures import (
    LONG_NOTE,
    database_file,
    disk_full,
    short_busy_timeout,
    write_lock_held,
)


def test_a_full_disk_refuses_the_note_in_words_and_writes_nothing(
    household: Household, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    with disk_full(household), pytest.raises(SaveError) as refused:
        household.entries.add(Draft.note(sam.id, LONG_NOTE, alex.id))

    assert str(refused.value) == FULL == "the disk is full"
    assert refused.value.__cause__ is None  # no statement, no parameters attached
    assert household.entries.count() == 0
    assert household.history.undo_text() is None  # no undo step for what was not written


def test_once_there_is_room_the_same_note_saves(
    household: Household, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    with disk_full(household), pytest.raises(SaveError):
        household.entries.add(Draft.note(sam.id, LONG_NOTE, alex.id))

    household.entries.add(Draft.note(sam.id, LONG_NOTE, alex.id))

    assert household.entries.count() == 1


def test_a_write_lock_held_past_the_busy_timeout_says_the_household_is_busy(
    household: Household, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    with (
        short_busy_timeout(household),
        write_lock_held(database_file(household)),
        pytest.raises(SaveError) as refused,
    ):
        household.entries.add(Draft.note(sam.id, "Dinner at eight?", alex.id))

    assert str(refused.value) == BUSY
    assert "another window or account is writing" in str(refused.value)
    assert household.entries.count() == 0


def test_the_refusal_is_logged_without_the_note(
    household: Household, sam: PartnerInfo, alex: PartnerInfo, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "the words only Alex may read"
    caplog.set_level(logging.INFO)
    with disk_full(household), pytest.raises(SaveError):
        household.entries.add(Draft.note(sam.id, f"{secret} {LONG_NOTE}", alex.id))

    assert "a write was refused: the disk is full" in caplog.text
    assert "SQLITE_FULL" in caplog.text
    assert secret not in caplog.text


def test_a_broken_rule_is_not_dressed_up_as_a_save_error(
    household: Household, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    """Only failures a person can act on are translated; a bug keeps its own exception."""
    with household.database.writing() as session:
        session.execute(
            text(
                "CREATE TRIGGER refuse BEFORE INSERT ON entries"
                " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
            )
        )

    with pytest.raises(IntegrityError) as raised:
        household.entries.add(Draft.note(sam.id, "a secret to keep", alex.id))

    assert "refused by the test" in str(raised.value)
    assert "a secret to keep" not in str(raised.value)  # hide_parameters


class _Driver(Exception):
    """A DBAPI error as psycopg raises it: with a SQLSTATE."""

    def __init__(self, sqlstate: str) -> None:
        super().__init__("server says no")
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("sqlstate", "reason"),
    [
        ("53100", FULL),
        ("55P03", BUSY),
        ("25006", READ_ONLY),
        ("08006", "the database server could not be reached"),
        ("42P01", None),  # undefined_table: a bug, not a person's problem
    ],
)
def test_postgresql_failures_are_told_in_the_same_words(sqlstate: str, reason: str | None) -> None:
    error = OperationalError("INSERT ...", {"body": "secret"}, _Driver(sqlstate))

    assert write_failure(error) == reason


def test_commits_are_synced_to_disk_and_parameters_hidden(household: Household) -> None:
    engine = household.database.engine

    with engine.connect() as connection:
        synchronous = connection.exec_driver_sql("PRAGMA synchronous").scalar()

    assert synchronous == 2  # FULL: every commit survives a power cut too
    assert engine.hide_parameters


# -- read-only --------------------------------------------------------------------------------


@pytest.fixture
def closed_copy(household: Household, sam: PartnerInfo, alex: PartnerInfo, tmp_path: Path) -> Path:
    household.entries.add(Draft.note(sam.id, "For the copy", alex.id))
    household.close()
    copy = tmp_path / "copy"
    copy.mkdir()
    shutil.copy(database_file(household), copy / "closeness.sqlite3")
    return copy / "closeness.sqlite3"


def test_a_household_opened_read_only_reads_and_refuses_writes_in_words(
    closed_copy: Path, clock: FakeClock
) -> None:
    before = closed_copy.read_bytes()
    household = Household(Database.open(f"sqlite:///{closed_copy}", read_only=True), clock)
    try:
        [note] = household.entries.page(TimelineFilter()).rows
        sam = household.partners.named("Sam")
        with pytest.raises(SaveError) as refused:
            household.entries.add(Draft.note(sam.id, "Not here", note.addressee_id))
    finally:
        household.close()

    assert note.body == "For the copy"
    assert str(refused.value) == READ_ONLY
    assert closed_copy.read_bytes() == before
    # In a folder it may write to, SQLite keeps its shared-memory file next to the copy,
    # and an empty log: nothing was written.
    wal = closed_copy.with_name("closeness.sqlite3-wal")
    assert not wal.exists() or wal.stat().st_size == 0


def test_read_only_never_makes_a_household(tmp_path: Path) -> None:
    missing = tmp_path / "closeness.sqlite3"

    with pytest.raises(StoreError, match="There is no household"):
        Database.open(f"sqlite:///{missing}", read_only=True)

    assert not missing.exists()
