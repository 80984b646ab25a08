"""No person's text in a log or a traceback: a failed write with a note's words leaves them
neither in the log file nor in the crash dialog's text, whichever way it failed."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import StatementError

from closeness_desktop.crash import (
    WITHHELD,
    format_exception,
    install_excepthook,
    log_unexpected,
)
from closeness_desktop.household import Draft, Household, PartnerInfo
from closeness_desktop.records import SaveError
from tests.write_failures import LONG_NOTE, disk_full

SECRET = "Alex, I never told you about the letter from Lisbon"
ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


@pytest.fixture
def shown(log_file: Path) -> Iterator[list[tuple[str, str]]]:
    """What the crash dialog would show, (summary, details) per uncaught error."""
    dialogs: list[tuple[str, str]] = []
    before = sys.excepthook
    install_excepthook(log_file, lambda summary, details: dialogs.append((summary, details)))
    yield dialogs
    sys.excepthook = before


def uncaught(error: BaseException) -> None:
    """Hand ``error`` to the hook as Python would if nothing caught it."""
    sys.excepthook(type(error), error, error.__traceback__)


def statement_error_with_parameters(tmp_path: Path) -> StatementError:
    """A failed INSERT through an engine that does NOT hide parameters (not the app's)."""
    engine = create_engine(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    try:
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE notes (body TEXT CHECK (length(body) < 5))"))
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO notes VALUES (:body)"), {"body": SECRET})
    except StatementError as error:
        return error
    finally:
        engine.dispose()
    raise AssertionError("the insert should have failed")


def test_a_full_disk_keeps_the_note_out_of_the_log_and_the_dialog(
    household: Household,
    sam: PartnerInfo,
    alex: PartnerInfo,
    log_file: Path,
    shown: list[tuple[str, str]],
) -> None:
    with disk_full(household), pytest.raises(SaveError) as refused:
        household.entries.add(Draft.note(sam.id, f"{SECRET}\n{LONG_NOTE}", alex.id))

    uncaught(refused.value)

    logged = log_file.read_text("utf-8")
    assert "a write was refused: the disk is full" in logged
    assert "SaveError: the disk is full" in logged
    [(summary, details)] = shown
    for where in (logged, summary, details):
        assert SECRET not in where
        assert "Lisbon" not in where


def test_an_engine_that_shows_parameters_still_keeps_them_out_of_the_log(
    tmp_path: Path, log_file: Path, shown: list[tuple[str, str]]
) -> None:
    error = statement_error_with_parameters(tmp_path)
    assert SECRET in str(error)  # what SQLAlchemy would put in a traceback

    logging.getLogger("closeness.test").error("writing failed", exc_info=error)
    logging.getLogger("closeness.test").warning("writing failed: %s", error)
    uncaught(error)

    logged = log_file.read_text("utf-8")
    [(summary, details)] = shown
    for where in (logged, summary, details):
        assert SECRET not in where
    assert "CHECK constraint failed" in logged  # the driver's words stay: they say what failed
    assert WITHHELD in logged
    assert WITHHELD in details
    assert "Traceback (most recent call last)" in details


def test_a_chain_that_carries_parameters_keeps_its_shape(tmp_path: Path) -> None:
    error = statement_error_with_parameters(tmp_path)
    try:
        raise RuntimeError("saving the note failed") from error
    except RuntimeError as outer:
        formatted = format_exception(type(outer), outer, outer.__traceback__)

    assert SECRET not in formatted
    assert "The above exception was the direct cause of the following exception" in formatted
    assert formatted.rstrip().endswith("RuntimeError: saving the note failed")
    assert "sqlalchemy.exc.IntegrityError: (sqlite3.IntegrityError) CHECK constraint" in formatted


def test_an_ordinary_error_is_formatted_as_python_does() -> None:
    empty: dict[str, str] = {}
    try:
        empty["missing"]
    except KeyError as error:
        formatted = format_exception(type(error), error, error.__traceback__)

    assert formatted.startswith("Traceback (most recent call last):")
    assert formatted.rstrip().endswith("KeyError: 'missing'")


def test_the_command_line_logs_a_bug_with_its_parameters_withheld(tmp_path: Path) -> None:
    log = tmp_path / "cli" / "closeness.log"

    assert log_unexpected(log, statement_error_with_parameters(tmp_path))

    logged = log.read_text("utf-8")
    assert "CRITICAL closeness: unexpected error" in logged
    assert "Traceback (most recent call last)" in logged
    assert SECRET not in logged


def test_a_log_that_cannot_be_written_is_reported_not_raised(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way")

    assert not log_unexpected(blocker / "closeness.log", ValueError("x"))


def test_the_dialog_promises_only_what_is_true(
    log_file: Path, shown: list[tuple[str, str]]
) -> None:
    uncaught(ValueError("something"))

    [(summary, _details)] = shown
    assert "Nothing you wrote is lost" not in summary
    assert "Everything you saved before this is kept" in summary
    assert "may not have been saved" in summary
    assert str(log_file) in summary
