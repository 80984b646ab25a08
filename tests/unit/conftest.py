"""Fixtures of the unit tests: the command line run in-process, the app's log, and the
households the export and import tests copy from one blank database."""

from __future__ import annotations

import getpass
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from closeness_desktop import clock as clock_module
from closeness_desktop.cli import main
from closeness_desktop.clock import FakeClock
from closeness_desktop.crash import setup_logging
from closeness_desktop.household import Household
from tests.unit.cli_runner import Run
from tests.unit.transfer_archives import Households, blank_database, fill, households


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    """``main(args)``: its exit code, stdout and stderr."""

    def run(*args: str) -> tuple[int, str, str]:
        try:
            code = main(list(args))
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def cli_folder(run: Run, tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder ``closeness setup`` made for Sam (this account, "sam-login") and Alex;
    the command line reads ``clock`` (Thursday 26 November 2026) as the system's."""
    monkeypatch.setattr(clock_module, "SystemClock", lambda: clock)
    monkeypatch.setattr(getpass, "getuser", lambda: "sam-login")
    folder = tmp_path / "household"
    code, _, err = run(
        "setup", "--data-dir", str(folder), "--partner", "Sam", "--partner", "Alex",
        "--this-account", "Sam",
    )  # fmt: skip
    assert (code, err) == (0, "")
    return folder


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    """A log file set up like the app's; the handler is removed again afterwards."""
    path = tmp_path / "logs" / "closeness.log"
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    setup_logging(path)
    yield path
    for handler in root.handlers:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


@pytest.fixture(scope="session")
def blank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database at the newest schema with nothing in it, made once, copied by ``made``."""
    return blank_database(tmp_path_factory.mktemp("blank"))


@pytest.fixture
def made(tmp_path: Path, clock: FakeClock, blank: Path) -> Iterator[Households]:
    with households(tmp_path, clock, blank) as found:
        yield found


@pytest.fixture
def source(made: Households) -> Household:
    """Sam and Alex with one of everything (``transfer_archives.fill``)."""
    household = made.new("source")
    fill(household)
    return household


@pytest.fixture
def archive(source: Household, tmp_path: Path) -> Path:
    """``source`` exported to everything.zip."""
    path = tmp_path / "everything.zip"
    source.transfer.export_to(path)
    return path
