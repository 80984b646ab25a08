"""Fixtures of the window tests: the main window on a household, shown and loaded."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from closeness_desktop.household import Household
from closeness_desktop.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, household: Household) -> Iterator[MainWindow]:
    """The main window on ``household``, on screen, with its first page loaded (a test
    module may build its own instead)."""
    window = MainWindow(QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.attach(household)
    page = window.timeline_page
    qtbot.waitUntil(lambda: page.stack.currentWidget() is not page.loading_page)
    yield window
    window.detach()
