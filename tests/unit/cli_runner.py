"""The type of the ``run`` fixture (tests/unit/conftest.py): the command line in-process."""

from __future__ import annotations

from typing import Protocol


class Run(Protocol):
    """``run("note", "--data-dir", folder, "Hi")``: the exit code, stdout and stderr."""

    def __call__(self, *args: str) -> tuple[int, str, str]: ...
