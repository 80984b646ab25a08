"""The companion: greetings with the notes that wait, "who's here?", goodbyes, ritual nudges.

A real household file and a FakeClock (Thursday 26 November 2026, 19:30 in Berlin, when
the default "Dinner together" at 19:00 is due and the 20:30 "Check-in" is not yet); the
OS services are fakes: a notifier that records what it was asked to show, and a Presence
driven by calling its slots, as the platform's signals would.
"""

from __future__ import annotations

import getpass
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta

import pytest
from pytestqt.qtbot import QtBot

from closeness_desktop.clock import FakeClock
from closeness_desktop.companion.companion import Companion
from closeness_desktop.companion.notifications.chain import NotifierChain
from closeness_desktop.companion.notifications.message import (
    DEFAULT_ACTION,
    Notification,
    NotifierEvents,
    NotifyError,
)
from closeness_desktop.companion.presence import Presence
from closeness_desktop.household import Draft, Household, PartnerInfo
from closeness_desktop.rituals import rules
from closeness_desktop.rituals.greeting import Reason, Visit
from tests.write_failures import disk_full

SNOOZE_ACTIONS = [("snooze-10", "In 10 minutes"), ("snooze-60", "In an hour")]
#: At 19:30 the 19:00 dinner nudge is still due: a greeting then carries it (gentle.fold).
DINNER_LINE = "\n\nDinner together at 19:00: Dinner time: phones away, just the two of you."


class RecordingNotifier(NotifierEvents):
    """A :class:`Notifier` that shows nothing and remembers everything it was asked to show.

    It reports "shown" at once, or, while ``holding``, only when the test calls :meth:`answer`
    (as a notification daemon answers later).
    """

    name = "recording"
    supports_actions = True

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[Notification] = []
        self.working = True
        self.holding = False

    def available(self) -> bool:
        return self.working

    def send(self, notification: Notification) -> None:
        if not self.working:
            raise NotifyError("not working")
        self.sent.append(notification)
        if not self.holding:
            self.shown.emit(notification.tag)

    def answer(self, tag: str, *, shown: bool) -> None:
        """The daemon's late answer to a send."""
        if shown:
            self.shown.emit(tag)
        else:
            self.failed.emit(tag, "the daemon went away")

    def click(self, notification: Notification, action_id: str) -> None:
        """What the notification daemon reports when an action button is clicked."""
        assert action_id == DEFAULT_ACTION or action_id in dict(notification.actions)
        self.action_invoked.emit(notification.tag, action_id)

    def take(self) -> list[Notification]:
        sent, self.sent = self.sent, []
        return sent


class DrivenPresence(Presence):
    """Presence without the platform: the test calls the slots the platform signals would."""

    def start(self) -> None:
        self.arrive(Reason.START)


class Setup:
    def __init__(self, household: Household, qtbot: QtBot) -> None:
        self.household = household
        self.clock: FakeClock = household.clock  # type: ignore[assignment]
        self.backend = RecordingNotifier()
        self.chain = NotifierChain([self.backend])
        self.presence = DrivenPresence()
        self.companion = Companion(household, self.chain, self.presence, getpass.getuser())
        self.qtbot = qtbot

    def greeted_earlier_today(self, partner: PartnerInfo) -> None:
        """``partner`` was greeted this morning: a start now greets no one, so a ritual due
        now comes on its own, not told with a greeting."""
        morning = self.clock.now() - timedelta(hours=8)
        self.household.rituals.save_visit(partner.id, Visit(morning, morning, morning))

    def restart(self) -> Companion:
        """A second run of the app on the same household (the first one quit)."""
        self.companion.stop()
        self.presence = DrivenPresence()
        self.companion = Companion(self.household, self.chain, self.presence, getpass.getuser())
        self.companion.start()
        return self.companion

    def advance(self, **delta: float) -> None:
        self.clock.advance(timedelta(**delta))

    def at(self, day: int, hour: int, minute: int = 0) -> None:
        self.clock.set(datetime(2026, 11, day, hour, minute, tzinfo=self.clock.local_zone()))

    def greetings(self) -> list[Notification]:
        return [n for n in self.backend.take() if n.tag == "greeting"]

    def question(self) -> Notification:
        """The one "who's here?" among what was sent."""
        (question,) = [n for n in self.backend.take() if n.tag == "who"]
        return question

    def rituals(self) -> list[Notification]:
        return [n for n in self.backend.take() if n.tag.startswith("ritual|")]

    def note_for(self, partner: PartnerInfo, text: str) -> uuid.UUID:
        author = self.household.partners.other(partner.id)
        return self.household.entries.add(Draft.note(author.id, text, partner.id)).id


@pytest.fixture
def s(household: Household, qtbot: QtBot) -> Iterator[Setup]:
    setup = Setup(household, qtbot)
    yield setup
    setup.companion.stop()


# ------------------------------------------------------------------------------ greetings


def test_start_greets_sam_with_alexs_note_and_delivers_it(
    s: Setup, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    note = s.note_for(sam, "Soup is in the fridge. Love you!")
    s.advance(minutes=5)

    s.companion.start()

    (hello,) = s.greetings()
    assert hello.title == "Good evening, Sam."
    assert hello.body == "Alex left you a note:\n“Soup is in the fridge. Love you!”" + DINNER_LINE
    assert hello.actions == (("open", "Open"),)  # no "Reply": replies do not exist yet
    assert s.companion.current == sam
    assert s.household.entries.get(note).delivered_at is None  # shown is not read
    with s.qtbot.waitSignal(s.companion.open_entry) as opened:
        s.backend.click(hello, "open")
    assert opened.args == [note]
    assert s.household.entries.waiting_notes(sam.id) == []
    assert s.household.entries.get(note).delivered_at == s.clock.now()
    assert s.household.rituals.visit(sam.id).greeted_at == s.clock.now()


def test_a_note_for_alex_stays_waiting_when_sam_arrives(
    s: Setup, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    s.note_for(alex, "For Alex only")

    s.companion.start()

    (hello,) = s.greetings()
    assert "For Alex only" not in hello.body
    assert [n.body for n in s.household.entries.waiting_notes(alex.id)] == ["For Alex only"]


def test_a_second_start_in_the_same_part_of_the_day_stays_quiet(s: Setup, sam: PartnerInfo) -> None:
    s.companion.start()
    assert len(s.greetings()) == 1

    s.advance(minutes=20)
    s.restart()

    assert s.backend.take() == []  # no greeting, and the dinner nudge does not repeat


def test_a_start_in_a_new_part_of_the_day_greets_again(s: Setup, sam: PartnerInfo) -> None:
    s.companion.start()
    s.greetings()

    s.at(27, 9)
    s.restart()

    (hello,) = s.greetings()
    assert hello.title == "Good morning, Sam."


def test_a_note_left_while_locked_is_delivered_on_unlock(
    s: Setup, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    s.companion.start()
    s.backend.take()
    s.presence.screen_locked(True)
    s.advance(minutes=2)
    note = s.note_for(sam, "Went for a run, back soon")
    s.advance(minutes=1)

    s.presence.screen_locked(False)

    (hello,) = s.greetings()
    assert hello.title == "Good evening, Sam."
    assert hello.body == "Alex left you a note:\n“Went for a run, back soon”"
    s.backend.click(hello, DEFAULT_ACTION)  # a click on the greeting itself opens it too
    assert s.household.entries.get(note).delivered_at == s.clock.now()


def test_a_lock_and_unlock_within_a_minute_does_nothing(s: Setup, sam: PartnerInfo) -> None:
    s.companion.start()
    s.backend.take()
    s.presence.screen_locked(True)
    s.advance(seconds=20)
    note = s.note_for(sam, "Quick one")
    s.advance(seconds=20)

    s.presence.screen_locked(False)

    assert s.backend.take() == []
    # The note waits for a real arrival rather than interrupting a glance at the screen.
    assert s.household.entries.get(note).delivered_at is None


def test_duplicate_lock_signals_fold(s: Setup, sam: PartnerInfo) -> None:
    s.companion.start()
    s.backend.take()
    with s.qtbot.waitSignal(s.presence.departed):
        s.presence.screen_locked(True)
    with s.qtbot.assertNotEmitted(s.presence.departed):
        s.presence.session_locked()  # logind and the screensaver both report it
    s.advance(minutes=5)
    with s.qtbot.waitSignal(s.presence.arrived) as arrived:
        s.presence.session_unlocked()
    with s.qtbot.assertNotEmitted(s.presence.arrived):
        s.presence.screen_locked(False)

    assert arrived.args == [Reason.UNLOCK.value]


def test_waking_later_the_same_day_greets_only_with_something_to_give(
    s: Setup, sam: PartnerInfo
) -> None:
    s.at(26, 9)
    s.companion.start()
    s.greetings()
    s.presence.preparing_for_sleep(True)
    s.clock.advance(timedelta(hours=4), asleep=True)
    s.presence.preparing_for_sleep(False)
    assert s.greetings() == []  # greeted this morning, nothing new to hand over

    s.presence.preparing_for_sleep(True)
    s.clock.advance(timedelta(hours=1), asleep=True)
    s.note_for(sam, "Lunch?")
    s.presence.preparing_for_sleep(False)

    (hello,) = s.greetings()
    assert hello.title == "Good afternoon, Sam."
    assert hello.body == "Alex left you a note:\n“Lunch?”"


def test_waking_the_next_day_after_hours_away_says_welcome_back(s: Setup, sam: PartnerInfo) -> None:
    s.at(26, 21)
    s.companion.start()
    s.greetings()
    s.presence.preparing_for_sleep(True)
    s.clock.advance(timedelta(hours=12), asleep=True)

    s.presence.preparing_for_sleep(False)

    (hello,) = s.greetings()
    assert hello.title == "Good morning, Sam."
    assert hello.body == "Welcome back. It's good to have you here."


def test_an_undelivered_greeting_leaves_the_notes_waiting(s: Setup, sam: PartnerInfo) -> None:
    note = s.note_for(sam, "Don't lose me")
    s.backend.working = False  # nothing can show a notification

    s.companion.start()

    assert s.household.entries.get(note).delivered_at is None
    s.backend.working = True
    s.presence.screen_locked(True)
    s.advance(minutes=5)
    s.presence.screen_locked(False)
    (hello,) = s.greetings()
    assert "Don't lose me" in hello.body
    s.backend.click(hello, "open")
    assert s.household.entries.get(note).delivered_at is not None


def test_notes_are_delivered_only_when_the_greeting_is_opened(s: Setup, sam: PartnerInfo) -> None:
    note = s.note_for(sam, "Tea is ready")
    s.backend.holding = True  # the daemon answers later

    s.companion.start()

    (hello,) = s.greetings()
    assert "Tea is ready" in hello.body
    assert s.household.entries.get(note).delivered_at is None  # sent, not yet shown
    s.advance(seconds=2)
    s.backend.answer(hello.tag, shown=True)
    assert s.household.entries.get(note).delivered_at is None  # shown, maybe missed
    s.advance(seconds=3)
    s.backend.click(hello, "open")
    assert s.household.entries.get(note).delivered_at == s.clock.now()


def test_notes_stay_waiting_when_every_backend_failed(s: Setup, sam: PartnerInfo) -> None:
    note = s.note_for(sam, "Tea is ready")
    s.backend.holding = True
    failed: list[str] = []
    s.chain.failed.connect(failed.append)

    s.companion.start()
    (hello,) = s.greetings()
    s.backend.answer(hello.tag, shown=False)  # and the chain has nothing else to try

    assert failed == [hello.tag]
    assert s.household.entries.get(note).delivered_at is None
    assert [n.body for n in s.household.entries.waiting_notes(sam.id)] == ["Tea is ready"]


# --------------------------------------------------------------------------- who's here?


@pytest.fixture
def unlinked(household: Household, sam: PartnerInfo) -> Household:
    household.partners.link_account(None, getpass.getuser())
    return household


def test_an_unlinked_account_asks_who_is_here(
    s: Setup, unlinked: Household, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    s.note_for(sam, "For Sam")

    s.companion.start()

    question = s.question()
    assert question.title == "Good evening."
    assert "Who's here?" in question.body
    assert question.actions == ((f"who:{sam.id}", "I'm Sam"), (f"who:{alex.id}", "I'm Alex"))
    assert s.companion.current is None
    assert len(s.household.entries.waiting_notes(sam.id)) == 1  # not handed to whoever is here


@pytest.mark.parametrize("how", ["click", "choose"])
def test_answering_who_is_here_greets_the_chosen_partner(
    s: Setup, unlinked: Household, sam: PartnerInfo, alex: PartnerInfo, how: str
) -> None:
    s.note_for(alex, "Your turn to cook ;)")
    s.companion.start()
    question = s.question()

    with s.qtbot.waitSignal(s.companion.who_changed) as changed:
        if how == "click":
            s.backend.click(question, f"who:{alex.id}")
        else:
            s.companion.choose(alex.id)

    assert changed.args == [alex]
    assert s.companion.current == alex
    (hello,) = s.greetings()
    assert hello.title == "Good evening, Alex."
    assert hello.body == "Sam left you a note:\n“Your turn to cook ;)”"
    s.backend.click(hello, "open")
    assert s.household.entries.waiting_notes(alex.id) == []


def test_a_quick_lock_on_a_shared_account_does_not_ask_again(
    s: Setup, unlinked: Household, alex: PartnerInfo
) -> None:
    s.companion.start()
    s.companion.choose(alex.id)
    s.backend.take()
    s.presence.screen_locked(True)
    s.advance(seconds=30)

    s.presence.screen_locked(False)

    assert s.backend.take() == []
    assert s.companion.current == alex


def test_after_a_real_absence_a_shared_account_asks_again(
    s: Setup, unlinked: Household, alex: PartnerInfo
) -> None:
    s.companion.start()
    s.companion.choose(alex.id)
    s.backend.take()
    s.presence.screen_locked(True)
    assert s.companion.current is None
    s.advance(minutes=5)

    s.presence.screen_locked(False)

    assert s.question().actions


# ------------------------------------------------------------------------------- goodbyes


def test_heading_out_leaves_a_goodbye_that_alex_gets_on_arrival(
    s: Setup, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    s.companion.start()
    s.backend.take()

    record = s.companion.heading_out("Back by six")

    assert record is not None
    assert record.author_id == sam.id
    assert record.body == "Back by six"
    assert s.companion.current is None
    assert s.household.rituals.visit(sam.id).departed_at == s.clock.now()
    assert [n.body for n in s.household.entries.waiting_notes(alex.id)] == ["Back by six"]
    assert s.household.entries.waiting_notes(sam.id) == []

    s.advance(minutes=30)
    s.companion.choose(alex.id)
    (hello,) = s.greetings()
    assert hello.title == "Good evening, Alex."
    assert hello.body == "Sam left you a note:\n“Back by six”"
    s.backend.click(hello, "open")
    assert s.household.entries.waiting_notes(alex.id) == []


def test_a_goodbye_without_words_still_says_goodbye(
    s: Setup, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    s.companion.start()
    s.companion.heading_out()
    s.backend.take()

    s.companion.choose(alex.id)

    (hello,) = s.greetings()
    assert "“Said goodbye before heading out.”" in hello.body


def test_heading_out_when_nobody_said_who_is_here_writes_nothing(
    s: Setup, unlinked: Household, alex: PartnerInfo
) -> None:
    s.companion.start()

    assert s.companion.heading_out("Bye") is None
    assert s.household.entries.waiting_notes(alex.id) == []


# -------------------------------------------------------------------------------- rituals


def test_a_due_ritual_becomes_a_notification_with_snoozes(s: Setup, sam: PartnerInfo) -> None:
    s.greeted_earlier_today(sam)
    s.companion.start()

    (dinner,) = s.rituals()
    assert dinner.title == "Dinner together"
    assert dinner.body == "Dinner time: phones away, just the two of you."
    assert list(dinner.actions) == SNOOZE_ACTIONS
    occurrence = datetime(2026, 11, 26, 18, 0, tzinfo=UTC)
    assert dinner.tag == f"ritual|dinner|{occurrence.isoformat()}"


def test_a_check_in_nudge_offers_to_check_in(s: Setup, qtbot: QtBot) -> None:
    s.companion.start()
    s.backend.take()
    s.at(26, 20, 31)
    s.companion.recheck()

    (checkin,) = s.rituals()
    assert checkin.title == "Check-in"
    assert list(checkin.actions) == [("checkin", "Check in now"), *SNOOZE_ACTIONS]
    with qtbot.waitSignal(s.companion.compose) as compose:
        s.backend.click(checkin, "checkin")
    assert compose.args == ["checkin"]
    with qtbot.waitSignal(s.companion.open_window):
        s.backend.click(checkin, DEFAULT_ACTION)


def test_a_snoozed_ritual_comes_back_after_ten_minutes_not_before(
    s: Setup, sam: PartnerInfo
) -> None:
    s.greeted_earlier_today(sam)
    s.companion.start()
    (dinner,) = s.rituals()

    s.backend.click(dinner, "snooze-10")
    s.advance(minutes=9, seconds=59)
    s.companion.recheck()
    assert s.backend.take() == []

    s.advance(seconds=1)
    s.companion.recheck()
    s.companion.recheck()

    (again,) = s.rituals()
    assert again.title == "Dinner together"
    assert again.tag == dinner.tag
    s.advance(minutes=30)
    s.companion.recheck()
    assert s.backend.take() == []  # the snooze is spent


def test_a_snooze_of_an_hour(s: Setup, sam: PartnerInfo) -> None:
    s.greeted_earlier_today(sam)
    s.companion.start()
    (dinner,) = s.rituals()

    s.backend.click(dinner, "snooze-60")
    s.advance(minutes=59)
    s.companion.recheck()
    assert s.backend.take() == []
    s.advance(minutes=1)
    s.companion.recheck()

    # Both due at 20:30: one now, the other when ten minutes have passed (gentle.SPACING).
    assert [n.title for n in s.rituals()] == ["Check-in"]
    s.advance(minutes=10)
    s.companion.recheck()
    assert [n.title for n in s.rituals()] == ["Dinner together"]


def test_pause_for_an_hour_holds_a_ritual_until_it_ends(s: Setup) -> None:
    s.companion.start()
    s.backend.take()
    s.at(26, 20)

    s.companion.pause_for(timedelta(hours=1))
    s.at(26, 20, 31)
    s.companion.recheck()
    assert s.backend.take() == []
    assert s.companion.paused_until() == datetime(2026, 11, 26, 20, tzinfo=UTC)

    s.at(26, 21)
    s.companion.recheck()
    assert [n.title for n in s.rituals()] == ["Check-in"]
    assert s.companion.paused_until() is None


def test_pause_until_tomorrow_ends_by_itself_in_the_morning(s: Setup, sam: PartnerInfo) -> None:
    s.companion.start()
    s.backend.take()

    s.companion.pause_until_tomorrow()
    assert s.companion.paused_until() == datetime(2026, 11, 27, 6, 30, tzinfo=UTC)  # 07:30
    for hour, minute in [(20, 31), (21, 30)]:
        s.at(26, hour, minute)
        s.companion.recheck()
    assert s.backend.take() == []

    s.at(27, 8, 5)
    s.companion.recheck()
    (morning,) = s.rituals()
    assert morning.title == "Good morning, Sam."
    assert s.companion.paused_until() is None


def test_resume_ends_a_pause(s: Setup) -> None:
    s.companion.start()
    s.backend.take()
    s.companion.pause_until_tomorrow()

    s.companion.pause(None)
    s.at(26, 20, 31)
    s.companion.recheck()

    assert [n.title for n in s.rituals()] == ["Check-in"]


def test_the_morning_nudge_does_not_repeat_an_arrival_greeting(s: Setup) -> None:
    s.at(27, 8)
    s.companion.start()

    sent = s.backend.take()
    assert [n.title for n in sent] == ["Good morning, Sam."]


def test_a_date_night_plan_is_reminded_the_day_before_and_an_hour_before(
    s: Setup, sam: PartnerInfo
) -> None:
    s.companion.start()
    s.backend.take()
    friday_eight = datetime(2026, 11, 27, 20, tzinfo=s.clock.local_zone())
    s.household.entries.add(
        Draft.plan(sam.id, "Dinner at Luigi's", friday_eight, where="Via Roma 3")
    )
    s.companion.recheck()  # the window does this when the household changes
    assert s.backend.take() == []

    s.at(26, 20)
    s.companion.recheck()
    (day_before,) = [n for n in s.rituals() if n.title.startswith("Date night")]
    assert day_before.title == "Date night tomorrow"
    assert day_before.body.startswith("Dinner at Luigi's · Via Roma 3, 20:00.")
    assert day_before.actions == ()  # an appointment is not snoozed

    s.at(27, 18, 59)
    s.companion.recheck()
    assert [n.title for n in s.rituals() if n.title.startswith("Date night")] == []
    s.at(27, 19)
    s.companion.recheck()
    sent = s.rituals()
    s.at(27, 19, 10)  # with the dinner nudge at 19:00 too, one of them waits ten minutes
    s.companion.recheck()
    (hour_before,) = [n for n in sent + s.rituals() if n.title.startswith("Date night")]
    assert hour_before.title == "Date night in an hour"
    assert "20:00" in hour_before.body


def test_no_ritual_notification_while_shutting_down(s: Setup) -> None:
    s.companion.start()
    s.backend.take()

    s.presence.preparing_for_shutdown(True)
    s.at(26, 20, 31)
    s.companion.recheck()
    assert s.backend.take() == []

    s.presence.preparing_for_shutdown(False)  # the shutdown was cancelled
    s.at(26, 20, 45)
    s.companion.recheck()
    assert s.backend.take() == []  # the check-in was due during the shutdown: it is not repeated


def test_quiet_hours_hold_rituals_but_not_greetings(
    s: Setup, household: Household, sam: PartnerInfo
) -> None:
    settings = household.rituals.settings()
    household.rituals.save_settings(replace(settings, quiet=rules.QuietHours(time(19), time(7))))
    s.note_for(sam, "Sleep well")

    s.companion.start()

    (hello,) = s.backend.take()
    assert hello.tag == "greeting"
    assert "Sleep well" in hello.body
    s.at(26, 20, 31)
    s.companion.recheck()
    assert s.backend.take() == []


def test_a_pause_does_not_hold_greetings(s: Setup, sam: PartnerInfo) -> None:
    s.companion.start()
    s.companion.pause_until_tomorrow()
    s.backend.take()
    s.presence.screen_locked(True)
    s.advance(minutes=10)
    s.note_for(sam, "Still here for you")

    s.presence.screen_locked(False)

    (hello,) = s.backend.take()
    assert hello.tag == "greeting"


def test_a_lock_on_a_full_disk_still_leaves_quietly(s: Setup, sam: PartnerInfo) -> None:
    """The departure's visit cannot be written; the companion says so in the log and goes
    on, rather than raising into the event loop (a crash dialog while locking)."""
    s.companion.start()
    s.backend.take()

    with disk_full(s.household):
        s.presence.screen_locked(True)

    s.presence.screen_locked(False)
    assert s.companion.current == sam
