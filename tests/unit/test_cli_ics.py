"""``closeness ics export`` and ``closeness ics import``, run in-process."""

from __future__ import annotations

import getpass
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from closeness_desktop.clock import FakeClock
from closeness_desktop.dates import recurrence
from closeness_desktop.dates.model import DatePlan
from closeness_desktop.household import Household
from tests.unit.cli_runner import Run

ACCOUNT = "sam-login"
BERLIN = ZoneInfo("Europe/Berlin")
ICS = Path(__file__).parents[1] / "data" / "ics"

Stored = Callable[[Path], Household]


@pytest.fixture(autouse=True)
def this_account(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(getpass, "getuser", lambda: ACCOUNT)
    # The command line reads the system clock's zone; times below are Berlin times.
    monkeypatch.setenv("TZ", "Europe/Berlin")
    return ACCOUNT


@pytest.fixture
def stored(clock: FakeClock) -> Iterator[Stored]:
    """Open a data folder the command line uses, to put plans in and look at them."""
    opened: list[Household] = []

    def open_folder(data_dir: Path) -> Household:
        household = Household.open(f"sqlite:///{data_dir / 'closeness.sqlite3'}", clock)
        opened.append(household)
        return household

    yield open_folder
    for household in opened:
        household.close()


@pytest.fixture
def make_household(run: Run, tmp_path: Path) -> Callable[[str], Path]:
    """A set-up household in a folder of its own (Sam uses this account)."""

    def make(name: str) -> Path:
        folder = tmp_path / name
        code, _, err = run(
            "setup", "--data-dir", str(folder), "--partner", "Sam", "--partner", "Alex",
            "--this-account", "Sam",
        )  # fmt: skip
        assert (code, err) == (0, "")
        return folder

    return make


@pytest.fixture
def ours(make_household: Callable[[str], Path], stored: Stored) -> Path:
    """A household with two date nights that Alex planned."""
    folder = make_household("ours")
    household = stored(folder)
    alex = household.partners.named("Alex")
    household.plans.save(dinner(), alex.id)
    household.plans.save(cinema(), alex.id)
    return folder


def dinner() -> DatePlan:
    return DatePlan(
        uid="dinner@test",
        title="Dinner by the river",
        start=datetime(2026, 11, 27, 19, tzinfo=BERLIN),
        end=datetime(2026, 11, 27, 22, tzinfo=BERLIN),
        where="The old mill",
        rrule=recurrence.every_n_weeks(4, 2),
        zone="Europe/Berlin",
    )


def cinema() -> DatePlan:
    return DatePlan(
        uid="cinema@test",
        title="Cinema",
        start=datetime(2026, 12, 2, 20, tzinfo=BERLIN),
        zone="Europe/Berlin",
    )


def export(run: Run, folder: Path, target: Path) -> None:
    code, out, err = run("ics", "export", "--data-dir", str(folder), str(target))
    assert (code, err) == (0, "")
    assert out == f"Exported 2 date nights to {target}.\n"


def assert_one_line_error(code: int, out: str, err: str) -> None:
    assert code == 1
    assert out == ""
    assert err.startswith("closeness: ")
    assert err.count("\n") == 1, err
    assert "Traceback" not in err


def test_export_then_import_elsewhere_gives_the_same_plans(
    run: Run, ours: Path, make_household: Callable[[str], Path], stored: Stored, tmp_path: Path
) -> None:
    target = tmp_path / "date-nights.ics"
    export(run, ours, target)
    theirs = make_household("theirs")

    code, out, err = run(
        "ics", "import", "--data-dir", str(theirs), str(target), "--yes", "--as", "Alex"
    )

    assert (code, out, err) == (0, "Imported 2 date nights.\n", "")
    imported = stored(theirs).plans.all()
    assert [record.plan for record in imported] == [
        record.plan for record in stored(ours).plans.all()
    ]


def test_without_yes_the_import_is_only_shown(
    run: Run, ours: Path, make_household: Callable[[str], Path], stored: Stored, tmp_path: Path
) -> None:
    target = tmp_path / "date-nights.ics"
    export(run, ours, target)
    theirs = make_household("theirs")

    code, out, err = run("ics", "import", "--data-dir", str(theirs), str(target))

    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Will be added:",
        "  Dinner by the river, Friday 27 November 2026 19:00 (every other Friday)",
        "  Cinema, Wednesday 2 December 2026 20:00",
        "Run again with --yes to import.",
    ]
    assert stored(theirs).plans.all() == []


def test_importing_again_updates_instead_of_doubling(
    run: Run, ours: Path, stored: Stored, tmp_path: Path
) -> None:
    target = tmp_path / "date-nights.ics"
    export(run, ours, target)

    code, out, _ = run("ics", "import", "--data-dir", str(ours), str(target))
    assert code == 0
    assert out.splitlines()[0] == "Will be updated:"
    code, out, _ = run("ics", "import", "--data-dir", str(ours), str(target), "--yes")

    assert (code, out) == (0, "Imported 2 date nights.\n")
    assert sorted(record.plan.uid for record in stored(ours).plans.all()) == [
        "cinema@test",
        "dinner@test",
    ]


def test_a_preview_says_what_is_skipped_and_why(
    run: Run, make_household: Callable[[str], Path], tmp_path: Path
) -> None:
    folder = make_household("ours")
    mixed = tmp_path / "mixed.ics"
    mixed.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n"
        "BEGIN:VTODO\r\nUID:milk\r\nSUMMARY:Buy milk\r\nEND:VTODO\r\n"
        "BEGIN:VEVENT\r\nUID:walk\r\nSUMMARY:Sunset walk\r\n"
        "DTSTART;TZID=Europe/Berlin:20261205T160000\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n",
        encoding="utf-8",
    )

    code, out, _ = run("ics", "import", "--data-dir", str(folder), str(mixed))

    assert code == 0
    assert out.splitlines() == [
        "Will be added:",
        "  Sunset walk, Saturday 5 December 2026 16:00",
        "Skipped:",
        "  Buy milk: It is a to-do; only events can become date plans.",
        "Run again with --yes to import.",
    ]


def test_the_partner_linked_to_this_account_plans_an_import_by_default(
    run: Run, make_household: Callable[[str], Path], stored: Stored
) -> None:
    folder = make_household("ours")

    code, _, _ = run(
        "ics", "import", "--data-dir", str(folder), str(ICS / "alarm_google_future.ics"), "--yes"
    )

    assert code == 0
    household = stored(folder)
    (record,) = household.plans.all()
    assert record.entry.author_id == household.partners.named("Sam").id


@pytest.mark.parametrize("yes", [[], ["--yes"]])
def test_a_broken_file_is_one_line_and_nothing_is_imported(
    run: Run, make_household: Callable[[str], Path], stored: Stored, yes: list[str]
) -> None:
    folder = make_household("ours")

    code, out, err = run(
        "ics", "import", "--data-dir", str(folder), str(ICS / "broken_ical.ics"), *yes
    )

    assert_one_line_error(code, out, err)
    assert "broken_ical.ics" in err
    assert err.endswith("Nothing was imported.\n")
    assert stored(folder).plans.all() == []


def test_a_missing_file_is_one_line(
    run: Run, make_household: Callable[[str], Path], tmp_path: Path
) -> None:
    folder = make_household("ours")

    code, out, err = run("ics", "import", "--data-dir", str(folder), str(tmp_path / "no.ics"))

    assert_one_line_error(code, out, err)
    assert "could not read" in err


def test_an_unknown_planner_is_one_line(
    run: Run, make_household: Callable[[str], Path], stored: Stored
) -> None:
    folder = make_household("ours")

    code, out, err = run(
        "ics", "import", "--data-dir", str(folder), str(ICS / "alarm_google_future.ics"),
        "--yes", "--as", "Kim",
    )  # fmt: skip

    assert_one_line_error(code, out, err)
    assert "No partner called “Kim”" in err
    assert stored(folder).plans.all() == []


def test_importing_before_setup_is_one_line(run: Run, tmp_path: Path) -> None:
    code, out, err = run(
        "ics", "import", "--data-dir", str(tmp_path / "new"), str(ICS / "example.ics")
    )

    assert_one_line_error(code, out, err)
    assert "no household yet" in err


def test_an_export_that_cannot_be_written_is_one_line(run: Run, ours: Path, tmp_path: Path) -> None:
    code, out, err = run(
        "ics", "export", "--data-dir", str(ours), str(tmp_path / "missing" / "out.ics")
    )

    assert_one_line_error(code, out, err)
    assert "could not write" in err


def test_ics_needs_an_action(run: Run) -> None:
    code, out, err = run("ics")

    assert code == 2
    assert out == ""
    assert "ACTION" in err
    assert err.count("\n") == 1
