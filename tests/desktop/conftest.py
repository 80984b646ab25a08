"""Fixtures for the desktop tests: a private X server, session bus and notification daemon.

The desktop is started once per session (it takes a fraction of a second, but the
programs are shared fine: tests tell their notifications apart by unique titles) and the
screen is cleared before each test.  Missing programs fail the tests with the packages to
install; they are never skipped silently.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.desktop.harness import Desktop, DesktopError, start_desktop


def _start(factory: pytest.TempPathFactory, *, tray: bool) -> Iterator[Desktop]:
    root = factory.mktemp("desktop-tray" if tray else "desktop-no-tray")
    problem = None
    try:
        desktop = start_desktop(root, tray=tray)
    except DesktopError as error:
        problem = str(error)
    if problem is not None:
        pytest.fail(problem, pytrace=False)
    try:
        yield desktop
    finally:
        desktop.close()


@pytest.fixture(scope="session")
def desktop_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desktop]:
    """The shared desktop with a tray host (trayer)."""
    yield from _start(tmp_path_factory, tray=True)


@pytest.fixture(scope="session")
def desktop_without_tray_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desktop]:
    """A second shared desktop with no tray host, started only if a test asks for it."""
    yield from _start(tmp_path_factory, tray=False)


def _fresh(desktop: Desktop) -> Iterator[Desktop]:
    desktop.close_all()
    yield desktop
    print(f"desktop logs ({desktop.root}):\n{desktop.log_tails()}")  # shown on failure


@pytest.fixture
def desktop(desktop_session: Desktop) -> Iterator[Desktop]:
    """The desktop with a tray host, with no notifications on screen."""
    yield from _fresh(desktop_session)


@pytest.fixture
def desktop_without_tray(desktop_without_tray_session: Desktop) -> Iterator[Desktop]:
    """The desktop without a tray host, with no notifications on screen."""
    yield from _fresh(desktop_without_tray_session)
