"""``closeness days`` and ``closeness day add``, in-process, on a fixed date."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.cli_runner import Run


@pytest.fixture
def folder(cli_folder: Path) -> Path:
    return cli_folder


def test_no_days_yet_says_how_to_add_one(run: Run, folder: Path) -> None:
    code, out, _ = run("days", "--data-dir", str(folder))
    assert code == 0
    assert "closeness day add" in out


def test_add_and_list_with_countdowns(run: Run, folder: Path) -> None:
    code, out, err = run(
        "day", "add", "Our anniversary", "--on", "2021-12-08", "--kind", "anniversary",
        "--data-dir", str(folder),
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out.strip() == "Kept “Our anniversary”. Our anniversary in 12 days."
    assert run("day", "add", "Birthday", "--on", "1994-11-27", "--partner", "Alex",
               "--data-dir", str(folder))[0] == 0  # fmt: skip
    assert run("day", "add", "Wedding", "--on", "2019-06-01", "--once",
               "--data-dir", str(folder))[0] == 0  # fmt: skip
    code, out, _ = run("days", "--data-dir", str(folder))
    assert code == 0
    assert out.splitlines() == [
        "Fri 27 Nov 2026  Alex's birthday is tomorrow",
        "Tue 8 Dec 2026  Our anniversary in 12 days",
        "Sat 1 Jun 2019  Wedding (once, past)",
    ]


def test_a_date_that_does_not_exist_is_refused_in_words(run: Run, folder: Path) -> None:
    code, _, err = run("day", "add", "Ours", "--on", "2025-02-29", "--data-dir", str(folder))
    assert code == 2
    assert "“2025-02-29” is not a real date" in err


def test_validation_reaches_the_person(run: Run, folder: Path) -> None:
    code, _, err = run(
        "day", "add", "Ours", "--on", "2030-01-01", "--kind", "anniversary",
        "--data-dir", str(folder),
    )  # fmt: skip
    assert code != 0
    assert "still to come" in err
    code, _, err = run("day", "add", "B", "--on", "1990-01-01", "--partner", "Robin",
                       "--data-dir", str(folder))  # fmt: skip
    assert code != 0
    assert "No partner called “Robin”" in err
