"""A damaged household is caught before anything opens it, and nothing is written to it.

Each kind of damage is made for real: bytes overwritten, a file cut short, and a writer
process killed mid-work whose ``-wal`` then goes missing, is put back stale, or comes from
another copy of the household. Every test proves the damaged files are byte for byte what
they were, and that the newest good backup is offered, in the window's terms and in the one
line of the command line.
"""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from closeness_desktop.clock import FakeClock
from closeness_desktop.household import Household
from closeness_desktop.store import health
from closeness_desktop.store.backup_files import BackupInfo
from closeness_desktop.store.errors import DamagedHouseholdError
from tests.unit import damage
from tests.unit.cli_runner import Run
from tests.unit.damage import DATABASE, fingerprint, killed_writer, set_up, sidecar, url


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    made = tmp_path / "household"
    made.mkdir()
    return made


@pytest.fixture
def database(folder: Path, clock: FakeClock) -> Path:
    return folder / DATABASE


@pytest.fixture
def backed_up(database: Path, clock: FakeClock) -> BackupInfo:
    """A household of 40 notes with one good backup of it."""
    set_up(database, clock, notes=40)
    household = Household.open(url(database), clock)
    try:
        return household.backups.back_up()
    finally:
        household.close()


def refused(database: Path, clock: FakeClock) -> DamagedHouseholdError:
    with pytest.raises(DamagedHouseholdError) as caught:
        Household.open(url(database), clock)
    return caught.value


def assert_refused_everywhere(
    database: Path, clock: FakeClock, backup: BackupInfo, run: Run, words: str
) -> None:
    """Opened from the household or the command line: refused in words, offering
    ``backup``, and the files are not changed by any of it."""
    before = fingerprint(database)

    problem = refused(database, clock)
    code, out, err = run("list", "--data-dir", str(database.parent))
    note_code, _out, note_err = run("note", "--data-dir", str(database.parent), "Still here?")

    assert words in problem.what
    assert problem.database == database
    assert problem.newest_good == backup
    assert code == 1
    assert note_code == 1
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"closeness: The household in {database} is damaged: ")
    assert words in err
    assert f"closeness restore {backup.path}" in err
    assert note_err == err
    assert fingerprint(database) == before


def test_bytes_overwritten_in_the_middle(
    database: Path, clock: FakeClock, backed_up: BackupInfo, run: Run
) -> None:
    size = database.stat().st_size
    assert size >= 3 * 65536
    damage.overwrite(database, size // 2 - 32768, 65536)

    assert_refused_everywhere(database, clock, backed_up, run, health.SQLITE_FOUND)


def test_a_file_cut_short(
    database: Path, clock: FakeClock, backed_up: BackupInfo, run: Run
) -> None:
    with database.open("r+b") as handle:
        handle.truncate(database.stat().st_size // 2)

    assert_refused_everywhere(database, clock, backed_up, run, health.CUT_SHORT)


def test_a_header_overwritten_is_called_damaged_not_foreign(
    database: Path, clock: FakeClock, backed_up: BackupInfo, run: Run
) -> None:
    damage.overwrite(database, 0, 100)

    assert_refused_everywhere(database, clock, backed_up, run, health.NOT_A_DATABASE)
    assert "not a Closeness database" not in str(refused(database, clock))


def test_a_deleted_wal_after_a_killed_writer(
    database: Path, clock: FakeClock, backed_up: BackupInfo, run: Run
) -> None:
    killed_writer(database, notes=30)
    sidecar(database, "-wal").unlink()

    assert_refused_everywhere(
        database, clock, backed_up, run, "the file with its latest changes (closeness.sqlite3-wal)"
    )
    assert "is missing" in refused(database, clock).what


def test_a_stale_wal_put_back_after_a_checkpoint(
    database: Path, clock: FakeClock, backed_up: BackupInfo, run: Run
) -> None:
    killed_writer(database, notes=30)
    stale = database.with_name("stale-wal")
    shutil.copyfile(sidecar(database, "-wal"), stale)
    household = Household.open(url(database), clock)  # recovers the 30 notes
    damage.add_notes(household, 21, "later")
    household.close()  # a checkpoint: -wal and -shm are gone
    assert not sidecar(database, "-wal").exists()
    shutil.copyfile(stale, sidecar(database, "-wal"))

    assert_refused_everywhere(database, clock, backed_up, run, "is older than the household")


def test_a_wal_from_another_copy_of_the_household(
    database: Path, clock: FakeClock, backed_up: BackupInfo, run: Run, tmp_path: Path
) -> None:
    other = tmp_path / "other copy" / DATABASE
    other.parent.mkdir()
    shutil.copyfile(database, other)
    killed_writer(database, notes=30, word="ours")
    killed_writer(other, notes=30, word="theirs")
    shutil.copyfile(sidecar(other, "-wal"), sidecar(database, "-wal"))

    assert_refused_everywhere(database, clock, backed_up, run, "is not the one it was written with")


def test_a_wal_from_another_copy_next_to_a_cleanly_closed_household(
    database: Path, clock: FakeClock, backed_up: BackupInfo, run: Run, tmp_path: Path
) -> None:
    other = tmp_path / "other copy" / DATABASE
    other.parent.mkdir()
    shutil.copyfile(database, other)
    household = Household.open(url(database), clock)
    damage.add_notes(household, 30, "ours")
    household.close()
    killed_writer(other, notes=30, word="theirs")
    shutil.copyfile(sidecar(other, "-wal"), sidecar(database, "-wal"))

    assert_refused_everywhere(database, clock, backed_up, run, "comes from another copy")


def test_a_killed_writer_alone_is_no_damage(
    database: Path, clock: FakeClock, backed_up: BackupInfo
) -> None:
    """The -wal a killed process leaves is its own: the next open replays it, loses nothing,
    and runs the full check once (the writer's mark was left behind)."""
    killed_writer(database, notes=30)
    [mark] = damage_marks(database)

    household = Household.open(url(database), clock)
    try:
        texts = damage.bodies(household)
    finally:
        household.close()

    assert sum(text.startswith("child note") for text in texts) == 30
    assert len(texts) == 70
    assert not mark.exists()
    assert damage_marks(database) == []


def test_a_writer_that_is_still_running_is_no_damage(
    database: Path, clock: FakeClock, backed_up: BackupInfo
) -> None:
    """Its -wal is live: while another process has the file open, the log is left to SQLite."""
    writer = damage.start_writer(database, notes=30)
    try:
        household = Household.open(url(database), clock)
        try:
            texts = damage.bodies(household)
        finally:
            household.close()
    finally:
        damage.kill(writer)

    assert len(texts) == 70


def test_the_full_check_runs_only_after_an_unclean_exit(
    database: Path, clock: FakeClock, backed_up: BackupInfo, monkeypatch: pytest.MonkeyPatch
) -> None:
    checks: list[bool] = []
    real = health.sqlite_verdict

    def spy(path: Path, *, thorough: bool) -> str | None:
        checks.append(thorough)
        return real(path, thorough=thorough)

    monkeypatch.setattr(health, "sqlite_verdict", spy)
    Household.open(url(database), clock).close()
    killed_writer(database, notes=1)
    Household.open(url(database), clock).close()
    Household.open(url(database), clock).close()

    assert checks == [False, True, False]


def test_a_main_file_gone_with_its_wal_left(
    database: Path, clock: FakeClock, backed_up: BackupInfo
) -> None:
    killed_writer(database, notes=5)
    database.unlink()

    problem = refused(database, clock)

    assert "main file is missing" in problem.what
    assert not database.exists()
    assert problem.newest_good == backed_up


def test_no_good_backup_is_said_too(database: Path, clock: FakeClock, run: Run) -> None:
    set_up(database, clock, notes=1)
    damage.overwrite(database, 0, 16)

    problem = refused(database, clock)
    _code, _out, err = run("list", "--data-dir", str(database.parent))

    assert problem.newest_good is None
    assert err.rstrip().endswith("There is no good backup to go back to.")


def test_a_damaged_backup_is_not_offered(
    database: Path, clock: FakeClock, backed_up: BackupInfo
) -> None:
    household = Household.open(url(database), clock)
    clock.advance(timedelta(hours=1))
    newer = household.backups.back_up()
    household.close()
    damage.overwrite(newer.path, 0, 100)
    damage.overwrite(database, 0, 100)

    assert refused(database, clock).newest_good == backed_up


def damage_marks(database: Path) -> list[Path]:
    return sorted(health.marks_folder(database).iterdir())


def test_a_check_started_early_refuses_the_same_way(
    database: Path, clock: FakeClock, backed_up: BackupInfo
) -> None:
    """The window starts the check before it is built; opening waits for that verdict."""
    damage.overwrite(database, database.stat().st_size // 2 - 32768, 65536)
    before = fingerprint(database)

    early = health.EarlyCheck(database)
    with pytest.raises(DamagedHouseholdError) as caught:
        Household.open(url(database), clock, early=early)

    assert caught.value.what == health.SQLITE_FOUND
    assert caught.value.newest_good == backed_up
    assert fingerprint(database) == before


def test_an_early_check_is_not_run_twice(
    database: Path, clock: FakeClock, backed_up: BackupInfo, monkeypatch: pytest.MonkeyPatch
) -> None:
    early = health.EarlyCheck(database)
    early.result()
    checks: list[Path] = []
    monkeypatch.setattr(health, "check_at_open", checks.append)

    Household.open(url(database), clock, early=early).close()
    assert checks == []
    Household.open(url(database), clock).close()  # no early check: it runs on opening
    assert checks == [database]
