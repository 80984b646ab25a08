"""Jump to date: the list scrolls both ways at once, and the calendar goes where it is told."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QSpinBox, QToolButton
from pytestqt.qtbot import QtBot

from closeness_desktop.clock import FakeClock
from closeness_desktop.household import Household, PartnerInfo
from closeness_desktop.ui.dialogs import JumpDialog
from closeness_desktop.ui.main_window import MainWindow
from closeness_desktop.ui.timeline_places import anchor_of
from tests.ui.test_timeline_model import bulk_notes, daily
from tests.ui.timeline_seed import WAIT_MS, model_of, open_window

__all__ = ["open_window"]  # a fixture
TODAY = date(2026, 11, 26)


def test_after_a_jump_the_list_scrolls_up_at_once(
    qtbot: QtBot,
    open_window: Callable[[], MainWindow],
    household: Household,
    sam: PartnerInfo,
    clock: FakeClock,
) -> None:
    bulk_notes(household, sam.id, daily(clock, 1000))
    page = open_window().timeline_page
    model, view = model_of(page), page.timeline
    target = TODAY - timedelta(days=600)

    with qtbot.waitSignal(model.prepended, timeout=WAIT_MS):
        model.jump_to(target)  # what "Go there" calls

    # Newer entries are above the jumped-to day already: the list can scroll up from here ...
    assert model.record(0).occurred_at.date() > target
    assert view.verticalScrollBar().value() > 0
    # ... and the day jumped to is still the card at the top.
    top = anchor_of(view)
    assert top is not None
    current = page.selected_entry()
    assert current is not None
    assert top.entry_id == current.id
    assert current.occurred_at.astimezone(household.clock.local_zone()).date() == target

    # Scrolling up near the top brings in the next page, the place kept again.
    loaded = model.rowCount()
    with qtbot.waitSignal(model.prepended, timeout=WAIT_MS):
        view.verticalScrollBar().setValue(10)
    assert model.rowCount() > loaded


def test_a_year_chosen_without_a_day_is_where_the_jump_goes(qtbot: QtBot) -> None:
    dialog = JumpDialog(TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    calendar = dialog.calendar
    year_button = calendar.findChild(QToolButton, "qt_calendar_yearbutton")
    year_edit = calendar.findChild(QSpinBox, "qt_calendar_yearedit")
    assert year_button is not None
    assert year_edit is not None

    qtbot.mouseClick(year_button, Qt.MouseButton.LeftButton)  # the year becomes a field
    qtbot.waitUntil(year_edit.isVisible)
    year_edit.selectAll()
    qtbot.keyClicks(year_edit, "2019")
    qtbot.keyClick(year_edit, Qt.Key.Key_Return)  # typed, then Enter

    assert dialog.chosen() == date(2019, 11, 26)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_a_month_chosen_without_a_day_is_where_the_jump_goes(qtbot: QtBot) -> None:
    dialog = JumpDialog(date(2026, 1, 31))
    qtbot.addWidget(dialog)

    dialog.calendar.setCurrentPage(2025, 2)  # what the month menu and the arrows do

    assert dialog.chosen() == date(2025, 2, 28)  # the same day, or the month's last
    dialog.calendar.setSelectedDate(dialog.calendar.selectedDate().addDays(-3))  # a day clicked
    assert dialog.chosen() == date(2025, 2, 25)
