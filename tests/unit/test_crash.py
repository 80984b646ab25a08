"""The last line of defence: uncaught errors go to the log and to a dialog naming it."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

import pytest

from closeness_desktop.crash import install_excepthook

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


@pytest.fixture
def restore_excepthook() -> Iterator[None]:
    before = sys.excepthook
    yield
    sys.excepthook = before


def raised(error: BaseException) -> ExcInfo:
    try:
        raise error
    except BaseException as caught:
        return type(caught), caught, caught.__traceback__


def deep_failure() -> None:
    empty: dict[str, str] = {}
    empty["missing-key"]


def test_setup_logging_creates_the_folder_and_writes(log_file: Path) -> None:
    logging.getLogger("closeness.test").info("hello from the test")

    assert "INFO closeness.test: hello from the test" in log_file.read_text("utf-8")


@pytest.mark.usefixtures("restore_excepthook")
def test_an_uncaught_error_is_logged_and_shown_with_the_log_file(log_file: Path) -> None:
    shown: list[tuple[str, str]] = []
    install_excepthook(log_file, lambda summary, details: shown.append((summary, details)))
    try:
        deep_failure()
    except KeyError:
        info = sys.exc_info()

    sys.excepthook(*info)

    logged = log_file.read_text("utf-8")
    assert "CRITICAL closeness: unexpected error" in logged
    assert "Traceback (most recent call last)" in logged
    assert "deep_failure" in logged
    assert "KeyError: 'missing-key'" in logged
    [(summary, details)] = shown
    assert str(log_file) in summary
    assert "Everything you saved before this is kept" in summary
    assert "may not have been saved" in summary
    assert "deep_failure" in details
    assert details.rstrip().endswith("KeyError: 'missing-key'")


@pytest.mark.usefixtures("restore_excepthook")
def test_install_returns_the_previous_hook() -> None:
    before = sys.excepthook

    previous = install_excepthook(Path("unused.log"), lambda _summary, _details: None)

    assert previous is before
    assert sys.excepthook is not before


@pytest.mark.usefixtures("restore_excepthook")
def test_keyboard_interrupt_goes_to_the_previous_hook(log_file: Path) -> None:
    passed_on: list[ExcInfo] = []
    shown: list[str] = []
    sys.excepthook = lambda *info: passed_on.append(info)
    install_excepthook(log_file, lambda summary, _details: shown.append(summary))
    info = raised(KeyboardInterrupt())

    sys.excepthook(*info)

    assert passed_on == [info]
    assert shown == []
    assert "unexpected error" not in log_file.read_text("utf-8")


@pytest.mark.usefixtures("restore_excepthook")
def test_a_dialog_that_fails_is_logged_not_raised(log_file: Path) -> None:
    def broken_dialog(_summary: str, _details: str) -> None:
        raise RuntimeError("no display")

    install_excepthook(log_file, broken_dialog)

    sys.excepthook(*raised(ValueError("the real problem")))

    logged = log_file.read_text("utf-8")
    assert "ValueError: the real problem" in logged
    assert "could not show the error dialog" in logged
    assert "RuntimeError: no display" in logged
