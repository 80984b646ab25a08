"""Fixtures of the unit tests: the command line run in-process."""

from __future__ import annotations

import pytest

from closeness_desktop.cli import main
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
