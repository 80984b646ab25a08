"""The strip above the timeline: the next special day's countdown, and "On this day", whose
menu takes the timeline to a memory of this date in an earlier year."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from pytestqt.qtbot import QtBot

from closeness_desktop.household import Draft, EntryKind, Household, PartnerInfo
from closeness_desktop.ui.main_window import MainWindow
from closeness_desktop.ui.special_days_strip import SpecialDaysStrip
from tests.conftest import ZONE
from tests.ui.timeline_seed import WAIT_MS


def strip_of(window: MainWindow, qtbot: QtBot) -> SpecialDaysStrip:
    page = window.timeline_page
    qtbot.waitUntil(lambda: page.findChild(SpecialDaysStrip) is not None, timeout=WAIT_MS)
    strip = page.findChild(SpecialDaysStrip)
    assert strip is not None
    return strip


def remember(household: Household, who: PartnerInfo, title: str, on: date) -> EntryKind:
    when = datetime.combine(on, time(12), ZONE)
    return household.entries.add(
        Draft(EntryKind.MEMORY, who.id, title=title, occurred_at=when)
    ).kind


def test_nothing_to_say_keeps_the_strip_hidden(window: MainWindow, qtbot: QtBot) -> None:
    strip = strip_of(window, qtbot)
    assert not strip.isVisible()


def test_the_next_day_counts_down_and_follows_changes(
    window: MainWindow, qtbot: QtBot, household: Household, alex: PartnerInfo
) -> None:
    strip = strip_of(window, qtbot)
    household.special_days.add("anniversary", "Our anniversary", date(2021, 12, 8))
    assert strip.isVisible()
    assert strip.countdown.text() == "Our anniversary in 12 days"
    assert not strip.on_this_day.isVisible()

    household.special_days.add("birthday", "Birthday", date(1994, 11, 27), partner_id=alex.id)
    assert strip.countdown.text() == "Alex's birthday is tomorrow"
    household.history.undo()
    assert strip.countdown.text() == "Our anniversary in 12 days"


def test_on_this_day_lists_the_memories_and_jumps_to_one(
    window: MainWindow, qtbot: QtBot, household: Household, sam: PartnerInfo
) -> None:
    # Many newer notes, so the memory a year back is not on the first page.
    for days in range(1, 400):
        moment = household.clock.now() - timedelta(days=days, hours=1)
        household.entries.add(Draft(EntryKind.NOTE, sam.id, body=f"n{days}", occurred_at=moment))
    remember(household, sam, "Our first snow", date(2025, 11, 26))
    remember(household, sam, "Mulled wine", date(2022, 11, 26))
    window.timeline_page.refresh()
    strip = strip_of(window, qtbot)

    assert strip.isVisible()
    assert strip.on_this_day.text() == "On this day: 2 memories"
    assert strip.memory_lines() == ["2025 · Our first snow", "2022 · Mulled wine"]

    page = window.timeline_page
    model = page.model
    assert model is not None
    target = date(2022, 11, 26)
    with qtbot.waitSignal(model.jumped, timeout=WAIT_MS):
        strip.menu.actions()[1].trigger()
    qtbot.waitUntil(lambda: page.selected_entry() is not None, timeout=WAIT_MS)
    shown = page.selected_entry()
    assert shown is not None
    assert shown.occurred_at.astimezone(ZONE).date() == target
    assert shown.title == "Mulled wine"


def test_the_count_follows_a_deleted_memory(
    window: MainWindow, qtbot: QtBot, household: Household, sam: PartnerInfo
) -> None:
    strip = strip_of(window, qtbot)
    remember(household, sam, "Our first snow", date(2025, 11, 26))
    assert strip.on_this_day.text() == "On this day: 1 memory"
    (memory,) = strip.memories
    household.entries.delete(memory.id)
    assert not strip.isVisible()
