"""Backups: made while another process writes, checked, thinned as Anki thins its own,
listed newest first, made before a migration, and restored without losing the household
as it was (it is set aside, never overwritten). The command line's backup commands too."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from closeness_desktop.clock import FakeClock
from closeness_desktop.household import Household
from closeness_desktop.store import backups as store
from closeness_desktop.store import migrate, restore
from closeness_desktop.store.backup_files import BackupInfo, listed, name_for, parse
from closeness_desktop.store.engine import StoreError, open_engine
from tests.unit import damage
from tests.unit.cli_runner import Run
from tests.unit.damage import DATABASE, set_up, url

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def database(tmp_path: Path, clock: FakeClock) -> Path:
    """A household of 40 notes, closed."""
    made = tmp_path / "household" / DATABASE
    made.parent.mkdir()
    set_up(made, clock, notes=40)
    return made


@pytest.fixture
def opened(database: Path, clock: FakeClock) -> Iterator[Household]:
    household = Household.open(url(database), clock)
    yield household
    household.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_backup_is_a_checked_copy_named_by_its_time_and_entries(
    opened: Household, database: Path
) -> None:
    made = opened.backups.back_up()

    assert made.path.parent == database.parent / "backups"
    assert made.path.name == "closeness-2026-11-26T183000Z-40-entries.sqlite3"
    assert made.entries == 40
    assert store.is_good_copy(made.path, thorough=True)
    assert not Path(f"{made.path}-wal").exists()  # one file, readable on its own
    assert opened.backups.all() == [made]


def test_a_backup_is_as_private_as_the_household(opened: Household, database: Path) -> None:
    database.chmod(0o600)

    made = opened.backups.back_up()

    assert stat.S_IMODE(made.path.stat().st_mode) == 0o600


def test_a_backup_while_another_process_writes(database: Path, clock: FakeClock) -> None:
    """The online backup in one step finishes, consistent, while commits go on."""
    writer = damage.start_writer(database, notes=1, word="busy")
    household = Household.open(url(database), clock)
    try:
        made = []
        for _ in range(3):
            made.append(household.backups.back_up())
            clock.advance(timedelta(minutes=1))
    finally:
        household.close()
        damage.kill(writer)

    for backup in made:
        assert store.is_good_copy(backup.path, thorough=True)
        copy = sqlite3.connect(f"file:{backup.path}?immutable=1", uri=True)
        try:
            assert store.count_entries(copy) == backup.entries >= 41
        finally:
            copy.close()


def test_two_backups_in_the_same_second_keep_both(opened: Household) -> None:
    first = opened.backups.back_up()
    second = opened.backups.back_up()

    assert first.path != second.path
    assert opened.backups.all() == [second, first]


def test_at_start_a_backup_is_made_at_most_once_a_day(opened: Household, clock: FakeClock) -> None:
    first = opened.backups.back_up_if_older_than(timedelta(days=1))
    clock.advance(timedelta(hours=23))
    skipped = opened.backups.back_up_if_older_than(timedelta(days=1))
    clock.advance(timedelta(hours=2))
    second = opened.backups.back_up_if_older_than(timedelta(days=1))

    assert first is not None
    assert skipped is None
    assert second is not None
    assert opened.backups.all() == [second, first]


def test_a_backup_that_cannot_be_written_says_so_and_leaves_nothing(
    opened: Household, database: Path
) -> None:
    (database.parent / "backups").write_text("not a folder", encoding="utf-8")
    before = damage.fingerprint(database)

    with pytest.raises(StoreError, match=r"Could not write a backup in .*backups"):
        opened.backups.back_up()

    assert damage.fingerprint(database) == before


def test_a_backup_is_made_before_every_migration(tmp_path: Path, clock: FakeClock) -> None:
    old = tmp_path / DATABASE
    engine = open_engine(url(old))
    migrate.upgrade(engine, "0003")
    engine.dispose()

    Household.open(url(old), clock).close()

    [backup] = store.list_backups(old)
    assert store.schema_of(backup.path) == "0003"
    assert store.schema_of(old) == migrate.head()
    assert backup.taken_at == clock.now()  # named by the household's clock, as all backups


def test_a_new_household_needs_no_backup_before_its_first_schema(
    tmp_path: Path, clock: FakeClock
) -> None:
    Household.open(url(tmp_path / DATABASE), clock).close()

    assert store.list_backups(tmp_path / DATABASE) == []


# -- thinning -----------------------------------------------------------------------------


def at(day: date, hour: int = 12) -> BackupInfo:
    taken = datetime(day.year, day.month, day.day, hour, tzinfo=BERLIN).astimezone(UTC)
    return BackupInfo(taken, 1, 0, Path(name_for(taken, 0)))


def test_thinning_keeps_the_newest_of_each_day_then_week_then_month() -> None:
    """Anki's rule with small limits, on a hand-made list (True: removed)."""
    today = date(2026, 2, 24)  # a Tuesday
    cases = [
        (at(date(2026, 2, 24), 9), False),  # today and yesterday: all kept
        (at(date(2026, 2, 24), 8), False),
        (at(date(2026, 2, 23)), False),
        (at(date(2026, 2, 22), 18), False),  # daily: the newest of its day
        (at(date(2026, 2, 22), 6), True),
        (at(date(2026, 2, 12)), False),
        (at(date(2026, 2, 11)), False),
        (at(date(2026, 2, 9)), True),  # weekly: a Monday of a week already kept
        (at(date(2026, 2, 8), 20), False),  # the newest of the week before (Sunday)
        (at(date(2026, 2, 8), 1), True),
        (at(date(2026, 1, 6)), False),
        (at(date(2026, 1, 5)), True),  # monthly: January is kept already
        (at(date(2025, 12, 24)), False),
        (at(date(2025, 12, 1)), True),
        (at(date(2025, 11, 1)), True),  # past every limit
    ]
    limits = {"KEEP_DAILY": 3, "KEEP_WEEKLY": 2, "KEEP_MONTHLY": 1}
    saved = {name: getattr(store, name) for name in limits}
    try:
        for name, value in limits.items():
            setattr(store, name, value)
        gone = store.obsolete([backup for backup, _ in reversed(cases)], today, BERLIN)
    finally:
        for name, value in saved.items():
            setattr(store, name, value)

    assert gone == [backup for backup, removed in cases if removed]


def test_a_year_of_daily_backups_thins_to_twelve_days_ten_weeks_nine_months() -> None:
    today = date(2027, 1, 1)
    daily = [at(today - timedelta(days=back)) for back in range(1, 366)]

    gone = set(store.obsolete(daily, today, BERLIN))
    kept = [backup for backup in daily if backup not in gone]
    days = [backup.taken_at.astimezone(BERLIN).date() for backup in kept]

    assert len(kept) == 1 + 12 + 10 + 9
    assert days[:13] == [today - timedelta(days=back) for back in range(1, 14)]
    weekly = days[13:23]
    assert all(day.weekday() == 6 for day in weekly)  # each week's newest: its Sunday
    monthly = days[23:]
    assert all((day + timedelta(days=1)).month != day.month for day in monthly)


def test_thinning_removes_files_and_old_half_made_copies_only(
    tmp_path: Path, clock: FakeClock
) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    now = clock.now()
    for back in range(40):
        (folder / name_for(now - timedelta(days=back), 5)).write_bytes(b"")
    old_partial, fresh_partial = folder / ".partial-old.sqlite3", folder / ".partial-new.sqlite3"
    for partial in (old_partial, fresh_partial):
        partial.write_bytes(b"")
    two_days_ago = (now - timedelta(days=2)).timestamp()
    os.utime(old_partial, (two_days_ago, two_days_ago))
    other = folder / "notes about these backups.txt"
    other.write_text("mine", encoding="utf-8")

    store.thin(folder, now, BERLIN)

    left = listed(folder)
    assert len(left) == 2 + 12 + 4  # today, yesterday, 12 days, then weeks to 40 days back
    assert not old_partial.exists()
    assert fresh_partial.exists()
    assert other.exists()


def test_names_that_are_not_backups_are_not_listed(tmp_path: Path) -> None:
    for name in ("closeness-2026-13-01T000000Z-3-entries.sqlite3", "closeness.sqlite3", "x"):
        assert parse(tmp_path / name) is None
    assert parse(tmp_path / "closeness-2026-11-26T183000Z-3-entries.2.sqlite3") is not None


# -- restore ------------------------------------------------------------------------------


def test_restore_sets_the_household_aside_then_copies_the_backup_in(
    database: Path, clock: FakeClock
) -> None:
    household = Household.open(url(database), clock)
    backup = household.backups.back_up()
    clock.advance(timedelta(hours=1))
    damage.add_notes(household, 5, "after the backup")
    household.close()
    before = digest(database)

    household = Household.open(url(database), clock)
    restored = household.backups.restore(backup.path)

    assert restored.entries == 40
    [aside] = [path for path in restored.set_aside if path.name.endswith("Z")]
    assert aside.name == "closeness.sqlite3.set-aside-2026-11-26T193000Z"
    assert digest(aside) == before  # what was there, untouched
    reopened = Household.open(url(database), clock)
    try:
        assert len(damage.bodies(reopened)) == 40
    finally:
        reopened.close()
    # The household as it was was backed up once more before it was set aside.
    assert [each.entries for each in store.list_backups(database)][:2] == [45, 40]


def test_restoring_twice_keeps_both_set_aside_copies(database: Path, clock: FakeClock) -> None:
    backup = store.make_backup(database, clock.now())

    first = restore.restore(backup.path, database, clock.now())
    second = restore.restore(backup.path, database, clock.now())

    assert first.set_aside[0] != second.set_aside[0]
    assert first.set_aside[0].exists()
    assert second.set_aside[0].exists()


@pytest.mark.parametrize("kind", ["damaged", "not Closeness", "the household itself"])
def test_restore_refuses_what_is_not_a_sound_backup_and_changes_nothing(
    database: Path, clock: FakeClock, tmp_path: Path, kind: str
) -> None:
    backup = store.make_backup(database, clock.now()).path
    if kind == "damaged":
        damage.overwrite(backup, 4096, 4096)
    elif kind == "not Closeness":
        backup = tmp_path / "other.sqlite3"
        sqlite3.connect(backup).execute("CREATE TABLE t(x)").connection.close()
    else:
        backup = database
    household = Household.open(url(database), clock)
    before = sorted(path.name for path in database.parent.iterdir())
    backups_before = store.list_backups(database)

    try:
        with pytest.raises(StoreError, match=r"[Nn]othing was changed"):
            household.backups.restore(backup)
        after = sorted(path.name for path in database.parent.iterdir())
    finally:
        household.close()

    assert after == before
    assert store.list_backups(database) == backups_before


def test_restore_waits_for_the_household_to_be_closed_elsewhere(
    database: Path, clock: FakeClock
) -> None:
    backup = store.make_backup(database, clock.now())
    writer = damage.start_writer(database, notes=1)
    try:
        with pytest.raises(StoreError, match="open in another window or command"):
            restore.restore(backup.path, database, clock.now())
    finally:
        damage.kill(writer)

    assert not list(database.parent.glob("*set-aside*"))


# -- the command line ---------------------------------------------------------------------


def test_the_backup_commands(database: Path, run: Run) -> None:
    folder = str(database.parent)

    made_code, made, _ = run("backup", "--data-dir", folder)
    list_code, listing, _ = run("backups", "--data-dir", folder)
    flag_code, flag_listing, _ = run("backup", "--list", "--data-dir", folder)
    check_code, checked, _ = run("check", "--data-dir", folder)

    assert made_code == list_code == flag_code == check_code == 0
    assert made.startswith("Backed up 40 entries to ")
    [path] = store.list_backups(database)
    assert str(path.path) in made
    assert listing == flag_listing
    assert listing.splitlines()[0] == f"Backups of {database}, newest first:"
    assert "40 entries" in listing.splitlines()[1]
    assert checked.startswith("Your household is sound: 40 entries, checked from end to end.")


def test_restore_from_the_command_line_says_what_was_set_aside(
    database: Path, clock: FakeClock, run: Run
) -> None:
    backup = store.make_backup(database, clock.now())

    code, out, err = run("restore", "--data-dir", str(database.parent), str(backup.path))

    assert (code, err) == (0, "")
    assert out.startswith(f"Restored 40 entries from {backup.path}.")
    assert "set aside beside it, not deleted: closeness.sqlite3.set-aside-" in out


def test_a_damaged_household_can_be_checked_listed_and_restored_from_the_command_line(
    database: Path, clock: FakeClock, run: Run
) -> None:
    backup = store.make_backup(database, clock.now())
    damage.overwrite(database, 0, 100)
    folder = str(database.parent)

    check_code, _out, check_err = run("check", "--data-dir", folder)
    list_code, listing, _ = run("backups", "--data-dir", folder)
    restore_code, restored, _ = run("restore", "--data-dir", folder, str(backup.path))
    after_code, after, _ = run("check", "--data-dir", folder)

    assert check_code == 1
    assert check_err.count("\n") == 1
    assert "is damaged: its first bytes are not those of a database" in check_err
    assert list_code == 0
    assert str(backup.path) in listing
    assert restore_code == 0
    assert "Restored 40 entries" in restored
    assert after_code == 0
    assert after.startswith("Your household is sound: 40 entries")


def test_check_before_there_is_a_household(tmp_path: Path, run: Run) -> None:
    code, out, err = run("check", "--data-dir", str(tmp_path))

    assert code == 1
    assert out == ""
    assert err.strip() == f"closeness: There is no household at {tmp_path / DATABASE} yet."
    assert not (tmp_path / DATABASE).exists()


def test_backup_before_there_is_a_household_makes_none(tmp_path: Path, run: Run) -> None:
    code, out, err = run("backup", "--data-dir", str(tmp_path / "nobody"))

    assert code == 1
    assert out == ""
    assert err.count("\n") == 1
    assert "no household yet" in err
    assert not (tmp_path / "nobody").exists()


def test_check_writes_nothing_beside_the_household(database: Path, run: Run) -> None:
    before = sorted(path.name for path in database.parent.iterdir()), digest(database)

    code, _out, _err = run("check", "--data-dir", str(database.parent))

    assert code == 0
    assert (sorted(path.name for path in database.parent.iterdir()), digest(database)) == before
