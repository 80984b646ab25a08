"""The author hears of replies and signs on their next arrival, in the one greeting, and
only once; the reply's own words never reach the log."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from closeness_desktop.clock import FakeClock
from closeness_desktop.household import Draft, Household, PartnerInfo
from closeness_desktop.records import Sign
from tests.ui.test_companion import DINNER_LINE, Setup, s  # noqa: F401  (the companion's fixture)
from tests.ui.test_greeting_handover import note_below_the_fold, opened_window
from tests.ui.test_tray_ui import Wired, offscreen_raise, wire  # noqa: F401  (the wiring's)


def test_sam_hears_of_alexs_reply_and_heart_once(
    s: Setup,  # noqa: F811
    sam: PartnerInfo,
    alex: PartnerInfo,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    note = s.household.entries.add(Draft.note(sam.id, "Coffee on the balcony tomorrow?", alex.id))
    memory = s.household.entries.add(
        Draft.memory(sam.id, "The lake at dusk", s.clock.now().date(), s.clock.local_zone())
    )
    s.household.responses.reply(note.id, "Only if you bring the secret croissants", by=alex.id)
    s.advance(minutes=1)
    s.household.responses.react(memory.id, Sign.HEART, by=alex.id)
    s.advance(minutes=5)

    s.companion.start()

    sent = s.backend.take()
    (hello,) = [n for n in sent if n.tag == "greeting"]
    # One notification carries the news: the greeting (with the evening's dinner nudge).
    assert [n.tag for n in sent if not n.tag.startswith("ritual|")] == ["greeting"]
    assert hello.title == "Good evening, Sam."
    assert hello.body == (
        "Alex replied to your note “Coffee on the balcony tomorrow?”.\n"
        "Alex sent a \N{BLACK HEART SUIT} for your memory “The lake at dusk”." + DINNER_LINE
    )
    assert "croissants" not in hello.body
    assert "croissants" not in caplog.text
    assert s.household.responses.unseen_for(sam.id) == []

    s.presence.screen_locked(True)
    s.advance(minutes=10)
    s.presence.screen_locked(False)
    assert s.greetings() == []  # told once: a short absence brings no second greeting


def test_news_comes_after_the_notes_waiting(
    s: Setup,  # noqa: F811
    sam: PartnerInfo,
    alex: PartnerInfo,
) -> None:
    mine = s.household.entries.add(Draft.note(sam.id, "Dinner at seven", alex.id))
    s.household.responses.react(mine.id, Sign.STAR, by=alex.id)
    s.note_for(sam, "Soup is in the fridge")
    s.advance(minutes=5)

    s.companion.start()

    (hello,) = s.greetings()
    assert hello.body == (
        "Alex left you a note:\n“Soup is in the fridge”\n"
        "Alex sent a \N{BLACK STAR} for your note “Dinner at seven”." + DINNER_LINE
    )


def test_alex_hears_nothing_of_his_own_answers(
    s: Setup,  # noqa: F811
    sam: PartnerInfo,
    alex: PartnerInfo,
) -> None:
    note = s.household.entries.add(Draft.note(sam.id, "Dinner at seven", alex.id))
    s.household.responses.reply(note.id, "Yes!", by=alex.id)
    assert s.household.responses.unseen_for(alex.id) == []
    assert len(s.household.responses.unseen_for(sam.id)) == 1


@offscreen_raise
def test_the_greetings_open_is_reading_the_note(
    qtbot: QtBot,
    household: Household,
    clock: FakeClock,
    wire: Callable[[], Wired],  # noqa: F811
) -> None:
    note = note_below_the_fold(household, clock)  # Alex's, for Sam, under Sam's own lines
    wired = opened_window(qtbot, wire)
    wired.window.tabs.setCurrentIndex(1)  # the planner in front
    (hello,) = [n for n in wired.backend.sent if n.tag == "greeting"]
    assert household.entries.get(note.id).read_at is None

    wired.backend.action_invoked.emit(hello.tag, "open")

    read = household.entries.get(note.id)
    assert read.read_at == clock.now()
    assert read.version == note.version
