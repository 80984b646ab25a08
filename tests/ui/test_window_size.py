"""The window opens sized to its screen the first time, and as it was left after that."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSettings, QSize
from pytestqt.qtbot import QtBot

from closeness_desktop.ui.main_window import MainWindow
from closeness_desktop.ui.window_size import PREFERRED, first_geometry

MINIMUM = QSize(560, 420)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)


@pytest.mark.parametrize(
    ("screen", "expected"),
    [
        (QRect(0, 0, 800, 573), QSize(720, 515)),  # 800x600 less a panel
        (QRect(0, 27, 1920, 1053), PREFERRED),
        (QRect(0, 0, 960, 540), QSize(864, 486)),  # 1080p at 2x
        (QRect(0, 0, 600, 400), QSize(560, 400)),  # the minimum, but never off the screen
    ],
    ids=["800x600", "1920x1080", "1080p-at-2x", "tiny"],
)
def test_the_first_size_fits_the_screen(screen: QRect, expected: QSize) -> None:
    placed = first_geometry(screen, MINIMUM)

    assert placed.size() == expected
    assert screen.contains(placed)
    assert placed.center() == screen.center() or screen.size() == placed.size()


def test_a_first_start_fits_the_screen_and_a_second_is_as_left(
    qtbot: QtBot, settings: QSettings
) -> None:
    first = MainWindow(settings)
    qtbot.addWidget(first)
    screen = first.screen().availableGeometry()
    assert screen.contains(first.geometry())
    assert first.width() <= PREFERRED.width()

    first.resize(first.minimumSize())
    first.save_geometry()
    again = MainWindow(settings)
    qtbot.addWidget(again)

    assert again.size() == first.minimumSize()
