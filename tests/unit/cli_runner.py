"""The type of the ``run`` fixture (tests/unit/conftest.py): the command line in-process."""

from __future__ import annotations

from collections.abc import Callable

Run = Callable[..., tuple[int, str, str]]
