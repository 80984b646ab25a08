"""The companion stays gentle: a ritual due soon rides with the greeting, none comes within
ten minutes of another, and past four a day the rituals wait while the other's notes still
come (companion/gentle.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from pytestqt.qtbot import QtBot

from closeness_desktop.companion.gentle import MOST_A_DAY
from closeness_desktop.household import Household, PartnerInfo
from tests.ui.test_companion import DINNER_LINE, Setup


@pytest.fixture
def s(household: Household, qtbot: QtBot) -> Iterator[Setup]:
    setup = Setup(household, qtbot)
    yield setup
    setup.companion.stop()


def test_the_dinner_nudge_of_the_next_hour_rides_with_the_evening_greeting(
    s: Setup, sam: PartnerInfo
) -> None:
    s.at(26, 18)
    s.companion.start()

    (hello,) = s.backend.take()
    assert hello.title == "Good evening, Sam."
    assert hello.body.endswith(DINNER_LINE)
    s.at(26, 19, 1)
    s.companion.recheck()
    assert s.rituals() == []  # told already: it does not come again


def test_past_four_a_day_the_rituals_wait_but_notes_still_come(s: Setup, sam: PartnerInfo) -> None:
    s.at(26, 8)
    s.companion.start()  # the day's greeting
    for hour in (11, 14, 17):
        s.presence.screen_locked(True)
        s.at(26, hour)
        s.note_for(sam, f"A note at {hour}")
        s.at(26, hour, 30)
        s.presence.screen_locked(False)
        s.companion.open_notes()  # read: the next greeting hands over only what is new
    assert len(s.greetings()) == MOST_A_DAY

    s.at(26, 20, 31)  # the check-in is due
    s.companion.recheck()
    assert s.rituals() == []

    s.presence.screen_locked(True)
    s.note_for(sam, "One more")
    s.at(26, 21)
    s.presence.screen_locked(False)
    (hello,) = s.greetings()  # the other's words are never held back
    assert hello.body == "Alex left you a note:\n“One more”"


def test_while_paused_the_greeting_carries_no_ritual(s: Setup, sam: PartnerInfo) -> None:
    s.at(26, 18)
    s.companion.pause_for(timedelta(hours=3))
    s.companion.start()

    (hello,) = s.greetings()
    assert "Dinner together" not in hello.body
