"""Fixtures for the desktop tests: a private X server, session bus and notification daemon.

The desktop is started once per session (its programs take a while to start, and they
are shared fine) and each test gets a fresh view of it: before the test, every
notification is closed and a marker is put on the bus, and what the test reads from the
bus (notifications, signals, replies) starts after that marker, so nothing an earlier
test sent can match (see :meth:`Desktop.begin_test`).  Tests that run the app also match
only what the app's own process sent (``AppRun.notification``).  Missing programs fail
the tests with the packages to install; they are never skipped silently.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.desktop.apps import AppRun, app_run
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
    desktop.begin_test()
    yield desktop
    print(f"desktop logs ({desktop.root}):\n{desktop.log_tails()}")  # shown on failure


@pytest.fixture
def desktop(desktop_session: Desktop) -> Iterator[Desktop]:
    """The desktop with a tray host: nothing on screen, and only this test's bus traffic."""
    yield from _fresh(desktop_session)


@pytest.fixture
def desktop_without_tray(desktop_without_tray_session: Desktop) -> Iterator[Desktop]:
    """The desktop without a tray host: nothing on screen, only this test's bus traffic."""
    yield from _fresh(desktop_without_tray_session)


@pytest.fixture
def app(desktop: Desktop, tmp_path: Path) -> Iterator[AppRun]:
    """The app, ready to start on the desktop with a tray, over a household of its own."""
    yield from app_run(desktop, tmp_path)


@pytest.fixture
def app_without_tray(desktop_without_tray: Desktop, tmp_path: Path) -> Iterator[AppRun]:
    """The app, ready to start on the desktop without a tray."""
    yield from app_run(desktop_without_tray, tmp_path)
