"""The companion on special days: the greeting on the day says it (one notification), and
"On this day" comes at most once a day, inside the daily cap, never in quiet hours.

A real household file and a FakeClock (Thursday 26 November 2026, 19:30 in Berlin); the
notifier and presence are the fakes of tests/ui/test_companion.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, time

import pytest
from pytestqt.qtbot import QtBot

from closeness_desktop.companion.notifications.message import DEFAULT_ACTION
from closeness_desktop.household import Draft, EntryKind, Household, PartnerInfo
from closeness_desktop.rituals import rules
from tests.conftest import ZONE
from tests.ui.test_companion import DINNER_LINE, Setup


@pytest.fixture
def s(household: Household, qtbot: QtBot) -> Iterator[Setup]:
    setup = Setup(household, qtbot)
    yield setup
    setup.companion.stop()


def remember(household: Household, who: PartnerInfo, title: str, on: date) -> None:
    when = datetime.combine(on, time(12), ZONE)
    household.entries.add(Draft(EntryKind.MEMORY, who.id, title=title, occurred_at=when))


def on_this_day(s: Setup) -> list[str]:
    return [n.title for n in s.backend.take() if n.tag.startswith("ritual|onthisday:")]


def test_the_greeting_on_the_day_says_it_in_the_one_notification(
    s: Setup, household: Household, sam: PartnerInfo
) -> None:
    household.special_days.add("own", "The day we moved in", date(2023, 11, 26))
    household.special_days.add("anniversary", "Our anniversary", date(2021, 12, 8))

    s.companion.start()

    sent = s.backend.take()
    greetings = [n for n in sent if n.tag == "greeting"]
    (hello,) = greetings
    assert hello.title == "Good evening, Sam."
    assert hello.body.splitlines()[0] == "Today is the day we moved in, 3 years ago."
    # Not on its day: the anniversary stays out of the greeting; and nothing else said it.
    assert "anniversary" not in hello.body
    assert not [n for n in sent if "moved in" in n.body and n is not hello]


def test_a_birthday_greets_the_one_whose_birthday_it_is(
    s: Setup, household: Household, sam: PartnerInfo
) -> None:
    household.special_days.add("birthday", "Birthday", date(1994, 11, 26), partner_id=sam.id)
    s.companion.start()
    (hello,) = s.greetings()
    assert hello.body.startswith("Happy birthday! Today is all yours.")


def test_no_special_day_no_extra_line(s: Setup, sam: PartnerInfo) -> None:
    s.companion.start()
    (hello,) = s.greetings()
    assert hello.body == "It's good to see you." + DINNER_LINE


def test_on_this_day_comes_once_a_day(s: Setup, household: Household, sam: PartnerInfo) -> None:
    remember(household, sam, "Our first snow", date(2025, 11, 26))
    remember(household, sam, "Mulled wine", date(2022, 11, 26))
    remember(household, sam, "The 27th", date(2024, 11, 27))

    s.companion.start()
    s.advance(minutes=10)  # ten minutes after the greeting (gentle.SPACING)
    s.companion.recheck()
    (memories,) = [n for n in s.backend.take() if n.tag.startswith("ritual|onthisday:")]
    assert memories.title == "On this day: 2 memories"
    assert memories.body == "From earlier years: “Our first snow” (2025), “Mulled wine” (2022)."

    s.advance(minutes=5)
    s.companion.recheck()
    assert on_this_day(s) == []
    s.restart()  # the ritual log remembers it fired today
    assert on_this_day(s) == []

    s.at(27, 10, 1)
    s.companion.recheck()
    assert on_this_day(s) == ["On this day: 1 memory"]


def test_on_this_day_stays_inside_the_daily_cap(
    s: Setup, household: Household, sam: PartnerInfo
) -> None:
    settings = household.rituals.settings()
    household.rituals.save_settings(replace(settings, daily_cap=1))
    s.at(26, 19, 1)
    s.greeted_earlier_today(sam)
    s.companion.start()
    assert [n.title for n in s.rituals()] == ["Dinner together"]  # the one for today

    remember(household, sam, "Our first snow", date(2025, 11, 26))
    s.advance(minutes=5)
    s.companion.recheck()
    assert on_this_day(s) == []


def test_on_this_day_waits_out_quiet_hours(
    s: Setup, household: Household, sam: PartnerInfo
) -> None:
    settings = household.rituals.settings()
    household.rituals.save_settings(replace(settings, quiet=rules.QuietHours(time(19), time(7))))
    remember(household, sam, "Our first snow", date(2025, 11, 26))
    s.companion.start()
    assert on_this_day(s) == []
    s.at(26, 21, 0)
    s.companion.recheck()
    assert on_this_day(s) == []


def test_on_this_day_holds_while_paused(s: Setup, household: Household, sam: PartnerInfo) -> None:
    remember(household, sam, "Our first snow", date(2025, 11, 26))
    s.companion.pause(datetime(2026, 11, 26, 19, 45, tzinfo=ZONE))
    s.companion.start()
    assert on_this_day(s) == []
    s.at(26, 19, 46)
    s.companion.recheck()
    assert on_this_day(s) == ["On this day: 1 memory"]


def test_a_click_on_on_this_day_opens_the_newest_of_its_memories(
    s: Setup, household: Household, sam: PartnerInfo
) -> None:
    remember(household, sam, "Mulled wine", date(2022, 11, 26))
    remember(household, sam, "Our first snow", date(2025, 11, 26))
    [newest] = household.special_days.on_this_day(date(2026, 11, 26), limit=1)
    s.companion.start()
    s.advance(minutes=10)
    s.companion.recheck()
    (memories,) = [n for n in s.backend.take() if n.tag.startswith("ritual|onthisday:")]

    with s.qtbot.waitSignal(s.companion.open_entry) as opened:
        s.backend.click(memories, DEFAULT_ACTION)

    assert opened.args == [newest.id]
    assert newest.title == "Our first snow"
