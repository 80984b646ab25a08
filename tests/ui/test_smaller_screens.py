"""Smaller finishes: the empty timeline's buttons centred together, a long name ending in
"…" on the welcome screen (never cut mid-letter), nothing that needs a household enabled
before there is one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from closeness_desktop.household import Household
from closeness_desktop.ui.empty_state import EmptyState
from closeness_desktop.ui.main_window import MainWindow
from closeness_desktop.ui.welcome import WelcomeDialog

LONG_NAME = "Maximiliane-Josephine von Wolkenstein"  # 36 of the 40 letters a name may have


def test_the_empty_states_buttons_sit_centred_together(qtbot: QtBot) -> None:
    empty = EmptyState("Your story starts here", "Leave a first love note.")
    qtbot.addWidget(empty)
    first = empty.add_button("Write a note", lambda: None, accent=True)
    second = empty.add_button("Add a memory", lambda: None)
    empty.resize(800, 500)
    empty.show()
    qtbot.waitExposed(empty)

    left = first.geometry().left()
    right = empty.width() - second.geometry().right() - 1
    assert abs(left - right) <= 2
    assert second.geometry().left() - first.geometry().right() < 30  # side by side


def test_a_long_name_ends_in_an_ellipsis_with_the_whole_name_in_the_tooltip(
    qtbot: QtBot, empty_household: Household
) -> None:
    welcome = WelcomeDialog(empty_household, "sam")
    qtbot.addWidget(welcome)
    welcome.show()
    welcome.names[0].setText(LONG_NAME)
    welcome.names[1].setText("Alex & Co")

    long_button, short_button = welcome.who_buttons[:2]
    assert long_button.text().endswith("…")
    assert LONG_NAME.startswith(long_button.text().removesuffix("…"))
    assert long_button.toolTip() == LONG_NAME
    # All of what it says shows, once the dialog has laid itself out again.
    qtbot.waitUntil(lambda: long_button.width() >= long_button.sizeHint().width())
    assert welcome.width() <= welcome.minimumWidth() + 40  # the dialog did not need to grow
    assert short_button.text() == "Alex && Co"  # an "&" in a name, not a shortcut
    assert short_button.toolTip() == ""


def test_before_the_household_opens_nothing_that_needs_it_is_enabled(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = MainWindow(QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    page = window.timeline_page

    assert not window.act_jump.isEnabled()
    assert not page.jump_button.isEnabled()
    visible = [button for button in page.findChildren(QPushButton) if button.isVisible()]
    assert visible
    assert not any(button.isEnabled() for button in visible)
    assert not page.act_edit.isEnabled()
    assert not page.act_delete.isEnabled()
    assert not page.authorship.act_open.isEnabled()
    assert window.act_quit.isEnabled()
