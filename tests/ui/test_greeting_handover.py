"""One "Good morning" at start, and notes that reach their addressee only when opened: the
greeting's "Open", or the window showing them; missed, they come again on the next arrival.

The companion runs on a FakeClock with a recording notifier (tests/ui/test_companion.py);
the window side on the app's own wiring with fakes for the OS (tests/ui/test_tray_ui.py).
"""

from __future__ import annotations

import getpass
from collections.abc import Callable
from datetime import timedelta

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from closeness_desktop.clock import FakeClock
from closeness_desktop.household import Draft, EntryRecord, Household, PartnerInfo
from tests.ui.test_companion import Setup, s  # noqa: F401  (the companion's fixture)
from tests.ui.test_tray_ui import Wired, offscreen_raise, wire  # noqa: F401  (the wiring's)


def test_a_shared_account_hears_good_morning_once_at_start(
    s: Setup,  # noqa: F811
    household: Household,
) -> None:
    household.partners.link_account(None, getpass.getuser())  # nobody is known at start
    s.at(27, 8)  # after the 07:00 morning greeting was due

    s.companion.start()

    sent = s.backend.take()
    assert [(n.tag, n.title) for n in sent] == [("who", "Good morning.")]
    s.advance(minutes=30)
    s.companion.recheck()
    assert s.rituals() == []  # and not half an hour later either


def test_the_morning_ritual_still_comes_when_nobody_was_asked_this_morning(
    s: Setup,  # noqa: F811
    household: Household,
) -> None:
    household.partners.link_account(None, getpass.getuser())
    s.at(26, 21)
    s.companion.start()  # "Good evening. Who's here?" the night before
    s.backend.take()

    s.at(27, 8, 1)  # just after the morning greeting's 08:00
    s.companion.recheck()

    assert [n.title for n in s.rituals()] == ["Good morning"]


def test_a_missed_greeting_hands_the_note_over_again_next_time(
    s: Setup,  # noqa: F811
    sam: PartnerInfo,
) -> None:
    note = s.note_for(sam, "Tea is ready")
    s.companion.start()
    s.greetings()
    assert s.companion.handover.waiting() == [note]

    s.presence.screen_locked(True)  # gone without opening it
    assert s.companion.handover.waiting() == []
    s.advance(minutes=10)
    s.presence.screen_locked(False)

    (again,) = s.greetings()
    assert "Tea is ready" in again.body
    assert again.actions == (("open", "Open"),)
    assert s.household.entries.get(note).delivered_at is None
    s.companion.handover.seen([note])  # the window showed it
    assert s.household.entries.get(note).delivered_at == s.clock.now()
    assert s.companion.handover.waiting() == []


def test_a_greeting_without_notes_has_no_open(s: Setup, sam: PartnerInfo) -> None:  # noqa: F811
    s.companion.start()

    (hello,) = s.greetings()
    assert hello.actions == ()


# -- the window's side ----------------------------------------------------------------------


def note_below_the_fold(household: Household, clock: FakeClock) -> EntryRecord:
    """Alex's note for Sam (who uses this account), under 30 newer lines of Sam's own."""
    sam, alex = household.partners.named("Sam"), household.partners.named("Alex")
    note = household.entries.add(Draft.note(alex.id, "Soup is in the fridge", sam.id))
    for number in range(30):
        clock.advance(timedelta(minutes=1))
        household.entries.add(Draft.note(sam.id, f"Sam's line {number}"))
    return note


def opened_window(qtbot: QtBot, wire: Callable[[], Wired]) -> Wired:  # noqa: F811
    wired = wire()
    window = wired.window
    page = window.timeline_page
    qtbot.waitUntil(lambda: page.model is not None and page.model.rowCount() == 31)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return wired


@offscreen_raise
def test_open_shows_the_window_at_the_note_and_delivers_it(
    qtbot: QtBot,
    household: Household,
    clock: FakeClock,
    wire: Callable[[], Wired],  # noqa: F811
) -> None:
    note = note_below_the_fold(household, clock)
    wired = opened_window(qtbot, wire)
    page = wired.window.timeline_page
    wired.window.tabs.setCurrentIndex(1)  # the planner in front
    (hello,) = [n for n in wired.backend.sent if n.tag == "greeting"]
    assert hello.actions == (("open", "Open"),)
    wired.backend.shown.emit(hello.tag)
    assert household.entries.get(note.id).delivered_at is None  # shown is not read

    wired.backend.action_invoked.emit(hello.tag, "open")

    assert wired.window.current_page() is page
    selected = page.selected_entry()
    assert selected is not None
    assert selected.id == note.id
    assert wired.wiring.handed_notes.on_screen([note.id]) == [note.id]
    assert household.entries.get(note.id).delivered_at is not None


@offscreen_raise
def test_the_window_in_front_with_the_note_on_screen_delivers_it(
    qtbot: QtBot,
    household: Household,
    clock: FakeClock,
    wire: Callable[[], Wired],  # noqa: F811
) -> None:
    note = note_below_the_fold(household, clock)
    wired = opened_window(qtbot, wire)
    page = wired.window.timeline_page
    wired.wiring.handed_notes.look()
    assert household.entries.get(note.id).delivered_at is None  # out of sight
    assert wired.wiring.companion.handover.waiting() == [note.id]

    def scrolled_down_to_it() -> bool:
        # The person scrolls on until it shows: cards below are laid out in batches while
        # the event loop runs, so one scroll to the bottom may stop short of the last.
        page.timeline.scrollToBottom()
        return wired.wiring.handed_notes.on_screen([note.id]) == [note.id]

    qtbot.waitUntil(scrolled_down_to_it)
    assert household.entries.get(note.id).delivered_at is not None
    assert wired.wiring.companion.handover.waiting() == []
