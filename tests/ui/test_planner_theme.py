"""The planner's own colours (the next date's card, the day's list and its pills, the
calendar's day formats) follow a switch between light and dark, like the rest of the app."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from closeness_desktop.dates.model import DatePlan
from closeness_desktop.household import Household, PartnerInfo
from closeness_desktop.ui import theme
from closeness_desktop.ui.main_window import MainWindow
from closeness_desktop.ui.plan_day import EveningRow
from closeness_desktop.ui.planner import PlannerPage
from closeness_desktop.ui.theme_colours import DARK, LIGHT, MIN_TEXT_CONTRAST, PLAN_PILLS, contrast

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def appearance(qapp: QApplication, tmp_path: Path) -> Iterator[theme.Appearance]:
    made = theme.install(qapp, QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat))
    yield made
    made.remove()


@pytest.fixture
def planner(
    qtbot: QtBot, tmp_path: Path, household: Household, sam: PartnerInfo,
    appearance: theme.Appearance,
) -> Iterator[PlannerPage]:  # fmt: skip
    start = household.clock.now().astimezone(BERLIN).replace(hour=19, minute=0) + timedelta(1)
    household.plans.save(
        DatePlan(
            uid="walk@closeness", title="Walk by the river", start=start, zone="Europe/Berlin"
        ),
        sam.id,
        None,
    )
    window = MainWindow(QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    window.attach(household)
    page = window.show_planner()
    page.calendar.setSelectedDate(page.calendar.selectedDate().addDays(1))
    yield page
    window.detach()


def test_the_planner_follows_a_switch_to_dark_and_back(
    planner: PlannerPage, appearance: theme.Appearance
) -> None:
    assert appearance.colours() is LIGHT
    assert LIGHT.card in planner.card.styleSheet()
    assert LIGHT.card in planner.day.list.styleSheet()

    appearance.choose(theme.Choice.DARK)

    assert DARK.card in planner.card.styleSheet()
    assert DARK.accent in planner.card.styleSheet()  # the countdown
    assert DARK.card in planner.day.list.styleSheet()
    saturday = planner.calendar.weekdayTextFormat(Qt.DayOfWeek.Saturday)
    assert saturday.foreground().color() == QColor(DARK.ink)
    rows = (
        planner.day.list.itemWidget(planner.day.list.item(n))
        for n in range(planner.day.list.count())
    )
    pills = [row.state.styleSheet() for row in rows if isinstance(row, EveningRow)]
    assert pills
    assert all(PLAN_PILLS["dark"]["planned"][0] in pill for pill in pills)

    appearance.choose(theme.Choice.LIGHT)

    assert LIGHT.card in planner.card.styleSheet()


@pytest.mark.parametrize("name", ["light", "dark"])
def test_the_planners_pills_read_in_both_themes(name: str) -> None:
    for word, (background, ink) in PLAN_PILLS[name].items():
        assert contrast(ink, background) >= MIN_TEXT_CONTRAST, f"{name} {word!r}"
