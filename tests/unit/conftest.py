"""Fixtures of the unit tests: the command line run in-process, and the app's log."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from closeness_desktop.cli import main
from closeness_desktop.crash import setup_logging
from tests.unit.cli_runner import Run


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
