"""The ritual scheduler: one coarse timer, decisions from the wall clock, a log in the database.

The clock is a FakeClock that starts on Thursday 26 November 2026 at 19:30 in Berlin, when
the default "Dinner together" (19:00, two hours' grace) is due and the "Check-in" (20:30)
is an hour away.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from pytestqt.qtbot import QtBot

from closeness_desktop.clock import FakeClock
from closeness_desktop.companion.scheduler import MAX_WAIT, RitualScheduler
from closeness_desktop.household import Household
from closeness_desktop.rituals import rules

LOG_DEPTH = timedelta(days=3)
#: The timer's cap, in milliseconds.
CAP_MS = int(MAX_WAIT.total_seconds() * 1000)


def local(clock: FakeClock, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=clock.local_zone())


class Run:
    """A scheduler over a household, and every item it fired."""

    def __init__(self, household: Household) -> None:
        self.household = household
        self.clock = household.clock
        self.fired: list[rules.Due] = []
        self.scheduler = self.make()

    def make(self) -> RitualScheduler:
        scheduler = RitualScheduler(self.clock, self.state_for, self.household.rituals.record_fired)
        scheduler.fire.connect(self.fired.append)
        return scheduler

    def state_for(self, now: datetime) -> rules.RitualState:
        fired = self.household.rituals.fired_since(now - LOG_DEPTH)
        return self.household.rituals.settings().state(self.clock.local_zone(), fired)

    def fired_keys(self) -> list[str]:
        return [item.key for item in self.fired]

    def take(self) -> list[str]:
        keys = self.fired_keys()
        self.fired.clear()
        return keys

    def interval(self) -> int:
        """The pending wait (there must be one)."""
        wait = self.scheduler.next_check_in_ms
        assert wait is not None, "the scheduler is not waiting"
        return wait


@pytest.fixture
def run(household: Household, qapp: object) -> Iterator[Run]:
    created = Run(household)
    yield created
    created.scheduler.stop()


def test_a_due_ritual_fires_exactly_once_and_is_recorded(run: Run, clock: FakeClock) -> None:
    run.scheduler.start()

    assert run.take() == ["dinner"]
    (logged,) = run.household.rituals.fired_since(clock.now() - timedelta(days=1))
    assert logged.key == "dinner"
    assert logged.occurrence == local(clock, 26, 19).astimezone(UTC)
    assert logged.fired_at == clock.now()
    assert logged.counted

    run.scheduler.recheck()
    clock.advance(timedelta(minutes=5))
    run.scheduler.recheck()

    assert run.take() == []
    assert len(run.household.rituals.fired_since(clock.now() - timedelta(days=1))) == 1


def test_next_due_is_the_next_ritual(run: Run, clock: FakeClock) -> None:
    run.scheduler.start()

    assert run.scheduler.next_due == local(clock, 26, 20, 30).astimezone(UTC)


def test_a_restart_fires_nothing_again(run: Run, clock: FakeClock) -> None:
    run.scheduler.start()
    assert run.take() == ["dinner"]
    run.scheduler.stop()

    clock.advance(timedelta(minutes=1))
    again = run.make()
    again.start()

    assert run.take() == []
    assert again.next_due == local(clock, 26, 20, 30).astimezone(UTC)
    again.stop()


def test_a_clock_set_back_fires_nothing_again(run: Run, clock: FakeClock) -> None:
    run.scheduler.start()
    assert run.take() == ["dinner"]

    clock.set(local(clock, 26, 19, 5))
    run.scheduler.recheck()
    clock.set(local(clock, 26, 19, 45))
    run.scheduler.recheck()

    assert run.take() == []


def test_after_the_clock_passes_a_ritual_time_it_fires_once(run: Run, clock: FakeClock) -> None:
    run.scheduler.start()
    run.take()

    clock.advance(timedelta(minutes=59))  # 20:29: not yet
    run.scheduler.recheck()
    assert run.take() == []

    clock.advance(timedelta(minutes=2))  # 20:31
    run.scheduler.recheck()
    run.scheduler.recheck()

    assert run.take() == ["checkin"]
    assert run.fired == []
    assert run.scheduler.next_due is not None
    assert run.scheduler.next_due > clock.now()


def test_the_timer_never_waits_more_than_a_minute(run: Run, clock: FakeClock) -> None:
    run.scheduler.start()  # the next ritual is an hour away
    assert run.scheduler.next_due is not None
    assert run.scheduler.next_due - clock.now() == timedelta(hours=1)
    assert run.interval() == CAP_MS  # it looks in again after a minute, not in an hour

    # Step through a whole day and a half, a few minutes at a time: always one wait
    # pending, never longer than the cap.
    waits = []
    for _ in range(36 * 60 // 7):
        clock.advance(timedelta(minutes=7))
        run.scheduler.recheck()
        waits.append(run.interval())
    assert min(waits) > 0
    assert max(waits) == CAP_MS
    assert set(run.fired_keys()) == {"dinner", "checkin", "morning_greeting"}


def test_the_timer_waits_just_past_the_next_due_time_when_it_is_close(
    run: Run, clock: FakeClock
) -> None:
    clock.set(local(clock, 26, 20, 29) + timedelta(seconds=30))  # the check-in is at 20:30
    run.scheduler.start()

    assert run.scheduler.next_due == local(clock, 26, 20, 30).astimezone(UTC)
    assert run.interval() == 30_001


def test_the_timer_itself_fires_the_ritual(run: Run, clock: FakeClock, qtbot: QtBot) -> None:
    clock.set(local(clock, 26, 20, 30) - timedelta(milliseconds=300))
    run.scheduler.start()
    assert "checkin" not in run.fired_keys()
    assert run.interval() <= 301

    clock.advance(timedelta(seconds=1))  # the wall clock has moved on when the timer fires
    with qtbot.waitSignal(run.scheduler.fire, timeout=5_000) as fired:
        pass

    assert fired.args is not None
    assert fired.args[0].key == "checkin"


def test_asleep_across_a_due_time_fires_once_on_wake_not_a_burst(
    run: Run, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    run.scheduler.start()
    assert run.take() == ["dinner"]

    clock.advance(timedelta(hours=1, minutes=15), asleep=True)  # 20:45, past the check-in
    with caplog.at_level(logging.INFO, logger="closeness_desktop.companion.scheduler"):
        run.scheduler.recheck()  # as on wake
    run.scheduler.recheck()

    assert run.take() == ["checkin"]
    assert "the wall clock moved by 4500 s" in caplog.text


def test_a_long_sleep_offers_only_what_is_still_due_today(run: Run, clock: FakeClock) -> None:
    run.scheduler.start()
    assert run.take() == ["dinner"]

    # Asleep from Thursday evening to Saturday 08:30: Thursday's check-in, Friday's morning
    # greeting, dinner and check-in are all stale; Saturday's morning greeting is not.
    clock.set(local(clock, 28, 8, 30))
    run.scheduler.recheck()
    run.scheduler.recheck()

    assert run.take() == ["morning_greeting"]


def test_a_failing_check_keeps_the_timer_armed(
    run: Run, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    broken = True

    def state_for(now: datetime) -> rules.RitualState:
        if broken:
            raise RuntimeError("database is locked")
        return run.state_for(now)

    scheduler = RitualScheduler(clock, state_for, run.household.rituals.record_fired)
    scheduler.fire.connect(run.fired.append)
    with caplog.at_level(logging.ERROR):
        scheduler.start()

    assert "could not check the rituals" in caplog.text
    assert scheduler.next_check_in_ms == CAP_MS  # still armed: it tries again in a minute
    assert scheduler.next_due is None

    broken = False
    scheduler.recheck()
    assert run.take() == ["dinner"]
    scheduler.stop()
    assert scheduler.next_check_in_ms is None
