"""Notifications shown inside the window: at most three at once, the oldest making room."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from closeness_desktop.companion.notifications.message import Notification
from closeness_desktop.ui.banner import MAX_BANNERS, Banner
from closeness_desktop.ui.main_window import MainWindow


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen: no window manager
def test_a_fourth_banner_takes_the_place_of_the_oldest(qtbot: QtBot, tmp_path: Path) -> None:
    window = MainWindow(QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()

    for number in range(MAX_BANNERS + 1):
        window.show_banner(Notification(f"Hello {number}", tag=f"hello-{number}"))

    area = window.banner_area
    shown = [item.widget() for n in range(area.count()) if (item := area.itemAt(n)) is not None]
    assert [banner.tag for banner in shown if isinstance(banner, Banner)] == [
        "hello-1",
        "hello-2",
        "hello-3",
    ]
