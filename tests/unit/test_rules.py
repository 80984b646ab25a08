"""The ritual rule engine, driven by a fake clock; no Qt, no database."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from closeness_desktop.clock import FakeClock
from closeness_desktop.rituals.rules import (
    EVERY_DAY,
    SUNDAY,
    Due,
    Fired,
    OneOff,
    QuietHours,
    Ritual,
    RitualKind,
    RitualState,
    default_rituals,
    due,
    leaving_ritual,
    next_check,
    occurrence_at,
    pause_until_tomorrow,
    snooze_until,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
NO_QUIET = QuietHours(time(0), time(0))
MONDAY = date(2025, 6, 2)  # an ordinary week in summer time


def local(day: date, hour: int, minute: int = 0, zone: tzinfo = BERLIN) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=zone)


def ritual(key: str = "greeting", at: time = time(8), **changes: Any) -> Ritual:
    made = Ritual(key=key, kind=RitualKind.MORNING_GREETING, at=at, title=key, text="Hello.")
    return replace(made, **changes)


def date_reminder(key: str, due_at: datetime) -> OneOff:
    return OneOff(key=key, due_at=due_at, title="Date night", text="Tonight, just us.")


def keys(items: list[Due]) -> list[str]:
    return [item.key for item in items]


class Household:
    """Plays the scheduler: fires and logs what is due, then sleeps until next_check.

    Like the real one it never sleeps longer than ``max_sleep``, so it also looks at
    moments when nothing is expected.
    """

    def __init__(self, state: RitualState, start: datetime) -> None:
        self.state = state
        self.clock = FakeClock(start, state.zone)
        self.shown: list[tuple[datetime, Due]] = []

    def wake(self) -> list[Due]:
        now = self.clock.now()
        items = due(self.state, now)
        logged = [item.to_fired(now) for item in items]
        self.state = replace(self.state, fired=[*self.state.fired, *logged])
        self.shown += [(now, item) for item in items]
        return items

    def live_until(self, end: datetime, max_sleep: timedelta = timedelta(minutes=30)) -> None:
        self.wake()
        while (now := self.clock.now()) < end:
            wake_at = next_check(self.state, now)
            limit = min(now + max_sleep, end)
            self.clock.set(limit if wake_at is None else min(wake_at, limit))
            self.wake()

    def sleep(self, delta: timedelta) -> None:
        """The laptop sleeps: no timer fires until it wakes ``delta`` later."""
        self.clock.advance(delta, asleep=True)

    def shown_local(self) -> list[tuple[str, str]]:
        """What was shown: local wake time and key."""
        zone = self.state.zone
        return [(f"{when.astimezone(zone):%a %H:%M}", item.key) for when, item in self.shown]


# Daylight saving ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "day"), [(BERLIN, date(2025, 3, 30)), (NEW_YORK, date(2025, 3, 9))]
)
def test_a_time_skipped_in_spring_is_shifted_forward_past_the_gap(
    zone: ZoneInfo, day: date
) -> None:
    shifted = occurrence_at(day, time(2, 30), zone)

    assert shifted.tzinfo is UTC
    assert shifted.astimezone(zone).time() == time(3, 30)


@pytest.mark.parametrize(
    ("zone", "day", "at", "first"),
    [
        (BERLIN, date(2025, 10, 26), time(2, 30), datetime(2025, 10, 26, 0, 30, tzinfo=UTC)),
        (NEW_YORK, date(2025, 11, 2), time(1, 30), datetime(2025, 11, 2, 5, 30, tzinfo=UTC)),
    ],
)
def test_a_time_repeated_in_autumn_means_its_first_happening(
    zone: ZoneInfo, day: date, at: time, first: datetime
) -> None:
    assert occurrence_at(day, at, zone) == first
    assert occurrence_at(day, at.replace(fold=1), zone) == first


@pytest.mark.parametrize(
    ("zone", "day"), [(BERLIN, date(2025, 3, 30)), (NEW_YORK, date(2025, 3, 9))]
)
def test_spring_forward_fires_a_skipped_time_once_after_the_gap(zone: ZoneInfo, day: date) -> None:
    state = RitualState(zone=zone, rituals=[ritual(at=time(2, 30))], quiet=NO_QUIET)
    household = Household(state, local(day - timedelta(days=1), 0, zone=zone))

    household.live_until(local(day + timedelta(days=2), 0, zone=zone))

    assert household.shown_local() == [
        ("Sat 02:30", "greeting"),
        ("Sun 03:30", "greeting"),
        ("Mon 02:30", "greeting"),
    ]


@pytest.mark.parametrize(
    ("zone", "day", "at"),
    [(BERLIN, date(2025, 10, 26), time(2, 30)), (NEW_YORK, date(2025, 11, 2), time(1, 30))],
)
def test_fall_back_fires_a_repeated_time_once(zone: ZoneInfo, day: date, at: time) -> None:
    state = RitualState(zone=zone, rituals=[ritual(at=at)], quiet=NO_QUIET)
    household = Household(state, local(day, 0, zone=zone))

    household.live_until(local(day, 12, zone=zone), max_sleep=timedelta(minutes=1))

    assert [when for when, _ in household.shown] == [occurrence_at(day, at, zone)]


@pytest.mark.parametrize(
    ("zone", "saturday", "utc_shift"),
    [
        (BERLIN, date(2025, 3, 29), timedelta(hours=-1)),
        (BERLIN, date(2025, 10, 25), timedelta(hours=1)),
        (NEW_YORK, date(2025, 3, 8), timedelta(hours=-1)),
        (NEW_YORK, date(2025, 11, 1), timedelta(hours=1)),
    ],
)
def test_a_morning_ritual_keeps_its_local_time_across_a_change(
    zone: ZoneInfo, saturday: date, utc_shift: timedelta
) -> None:
    state = RitualState(zone=zone, rituals=[ritual(at=time(8))], quiet=NO_QUIET)
    household = Household(state, local(saturday, 0, zone=zone))

    household.live_until(local(saturday + timedelta(days=2), 0, zone=zone))

    assert household.shown_local() == [("Sat 08:00", "greeting"), ("Sun 08:00", "greeting")]
    saturday_utc, sunday_utc = (when for when, _ in household.shown)
    assert sunday_utc - saturday_utc == timedelta(days=1) + utc_shift


# Sleep, clock changes and restarts -----------------------------------------------


def test_a_missed_occurrence_within_grace_fires_once_on_waking() -> None:
    household = Household(RitualState(zone=BERLIN, rituals=[ritual()]), local(MONDAY, 7, 50))
    household.wake()

    household.sleep(timedelta(hours=1, minutes=40))

    assert keys(household.wake()) == ["greeting"]
    assert household.wake() == []


def test_an_occurrence_missed_by_more_than_grace_is_skipped() -> None:
    household = Household(RitualState(zone=BERLIN, rituals=[ritual()]), local(MONDAY, 7, 50))

    household.sleep(timedelta(hours=2, minutes=11))

    assert household.wake() == []
    assert next_check(household.state, household.clock.now()) == local(MONDAY + timedelta(1), 8)


def test_three_days_asleep_bring_no_burst_only_todays_occurrence() -> None:
    household = Household(RitualState(zone=BERLIN, rituals=default_rituals()), local(MONDAY, 7))

    household.sleep(timedelta(days=3, hours=1, minutes=30))
    woken = household.wake()

    assert keys(woken) == ["morning_greeting"]
    assert woken[0].occurrence == local(MONDAY + timedelta(days=3), 8)


@pytest.mark.parametrize("back", [timedelta(hours=2), timedelta(days=1)])
def test_setting_the_clock_back_fires_nothing_twice(back: timedelta) -> None:
    state = RitualState(zone=BERLIN, rituals=default_rituals())
    household = Household(state, local(MONDAY - timedelta(1), 7))
    household.live_until(local(MONDAY, 21))
    shown_before = list(household.shown)

    household.clock.set(household.clock.now() - back)
    household.live_until(local(MONDAY, 21))

    assert household.shown == shown_before


def test_a_restart_from_the_same_log_fires_nothing_new() -> None:
    household = Household(RitualState(zone=BERLIN, rituals=default_rituals()), local(MONDAY, 7))
    household.live_until(local(MONDAY, 21))

    restarted = RitualState(
        zone=BERLIN, rituals=default_rituals(), fired=list(household.state.fired)
    )

    assert due(restarted, local(MONDAY, 21)) == []
    assert next_check(restarted, local(MONDAY, 21)) == local(MONDAY + timedelta(1), 8)


# Quiet hours -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quiet", "inside", "outside"),
    [
        (QuietHours(), [time(22), time(23, 59), time(0), time(7, 29)], [time(7, 30), time(21)]),
        (QuietHours(time(13), time(15)), [time(13), time(14, 59)], [time(12, 59), time(15)]),
        (NO_QUIET, [], [time(0), time(12)]),
    ],
)
def test_quiet_hours_contain_wall_times(
    quiet: QuietHours, inside: list[time], outside: list[time]
) -> None:
    assert all(quiet.contains(moment) for moment in inside)
    assert not any(quiet.contains(moment) for moment in outside)


def test_quiet_hours_across_midnight_end_the_next_morning() -> None:
    quiet = QuietHours()

    assert quiet.until(local(MONDAY, 23), BERLIN) == local(MONDAY + timedelta(1), 7, 30)
    assert quiet.until(local(MONDAY, 6), BERLIN) == local(MONDAY, 7, 30)
    assert quiet.until(local(MONDAY, 12), BERLIN) is None


def test_an_occurrence_in_quiet_hours_is_held_until_they_end_within_its_grace() -> None:
    rituals = [
        ritual("at_seven", time(7)),
        ritual("at_six", time(6)),
        ritual("at_five", time(5)),
        ritual("at_eleven_pm", time(23)),
    ]
    household = Household(RitualState(zone=BERLIN, rituals=rituals), local(MONDAY, 0))

    household.live_until(local(MONDAY + timedelta(days=2), 0))

    assert household.shown_local() == [
        ("Mon 07:30", "at_six"),
        ("Mon 07:30", "at_seven"),
        ("Tue 07:30", "at_six"),
        ("Tue 07:30", "at_seven"),
    ]


def test_a_window_running_into_quiet_hours_closes_there() -> None:
    state = RitualState(zone=BERLIN, rituals=[ritual(at=time(21, 30))])
    household = Household(state, local(MONDAY, 21))

    household.sleep(timedelta(hours=1, minutes=15))

    assert household.wake() == []
    assert next_check(household.state, household.clock.now()) == local(
        MONDAY + timedelta(1), 21, 30
    )


def test_quiet_hours_without_midnight_hold_too() -> None:
    state = RitualState(
        zone=BERLIN, rituals=[ritual(at=time(14))], quiet=QuietHours(time(13), time(15))
    )
    household = Household(state, local(MONDAY, 12))

    household.live_until(local(MONDAY, 18))

    assert household.shown_local() == [("Mon 15:00", "greeting")]


def test_a_date_reminder_comes_at_its_time_even_in_quiet_hours() -> None:
    """The couple chose that time: a 23:00 date still gets its 22:00 reminder."""
    early = date_reminder("date-1", local(MONDAY, 7, 10))
    late = date_reminder("date-2", local(MONDAY, 22))
    state = RitualState(zone=BERLIN, one_offs=[early, late])
    household = Household(state, local(MONDAY, 6))

    household.live_until(local(MONDAY, 23, 30))

    assert household.shown_local() == [("Mon 07:10", "date-1"), ("Mon 22:00", "date-2")]


def test_an_after_date_question_in_quiet_hours_waits_for_the_morning() -> None:
    question = OneOff(
        key="after-1",
        due_at=local(MONDAY, 7),
        title="How was it?",
        text="",
        kind=RitualKind.AFTER_DATE,
    )
    household = Household(RitualState(zone=BERLIN, one_offs=[question]), local(MONDAY, 6))

    household.live_until(local(MONDAY, 12))

    assert household.shown_local() == [("Mon 07:30", "after-1")]


# The daily cap -----------------------------------------------------------------------


def test_the_cap_drops_the_rest_of_the_days_rituals_but_not_date_reminders() -> None:
    rituals = [ritual(f"r{hour}", time(hour)) for hour in (8, 9, 10, 11)]
    reminder = date_reminder("date-1", local(MONDAY, 12))
    state = RitualState(zone=BERLIN, rituals=rituals, one_offs=[reminder])
    household = Household(state, local(MONDAY, 7))

    household.live_until(local(MONDAY + timedelta(1), 10, 30))

    assert household.shown_local() == [
        ("Mon 08:00", "r8"),
        ("Mon 09:00", "r9"),
        ("Mon 10:00", "r10"),
        ("Mon 12:00", "date-1"),
        ("Tue 08:00", "r8"),
        ("Tue 09:00", "r9"),
        ("Tue 10:00", "r10"),
    ]
    assert [entry.counted for entry in household.state.fired] == [True] * 3 + [False] + [True] * 3


def test_the_cap_applies_within_one_batch() -> None:
    rituals = [ritual(key) for key in ("d", "c", "b", "a")]

    items = due(RitualState(zone=BERLIN, rituals=rituals, daily_cap=3), local(MONDAY, 8))

    assert keys(items) == ["a", "b", "c"]
    assert all(item.counts_toward_cap for item in items)


def test_rituals_that_do_not_count_are_neither_counted_nor_blocked() -> None:
    rituals = [ritual("counted"), ritual("free", counts_toward_cap=False)]

    items = due(RitualState(zone=BERLIN, rituals=rituals, daily_cap=1), local(MONDAY, 8))

    assert [(item.key, item.counts_toward_cap) for item in items] == [
        ("counted", True),
        ("free", False),
    ]


# Snooze ------------------------------------------------------------------------------


def snoozed(household: Household, item: Due, minutes: int) -> None:
    """The couple snoozes ``item`` now, as the scheduler would record it."""
    until = snooze_until(household.clock.now(), minutes)
    snoozes = {**household.state.snoozes, (item.key, item.occurrence): until}
    household.state = replace(household.state, snoozes=snoozes)


def test_a_snoozed_occurrence_comes_back_once_when_the_snooze_ends() -> None:
    household = Household(RitualState(zone=BERLIN, rituals=[ritual()]), local(MONDAY, 8))
    (greeting,) = household.wake()

    snoozed(household, greeting, 10)

    assert next_check(household.state, household.clock.now()) == local(MONDAY, 8, 10)
    household.live_until(local(MONDAY, 12), max_sleep=timedelta(minutes=1))
    assert household.shown_local() == [("Mon 08:00", "greeting"), ("Mon 08:10", "greeting")]
    assert household.shown[1][1] == replace(greeting, counts_toward_cap=False)


def test_snoozing_again_arms_the_snooze_afresh() -> None:
    household = Household(RitualState(zone=BERLIN, rituals=[ritual()]), local(MONDAY, 8))
    (greeting,) = household.wake()
    snoozed(household, greeting, 10)
    household.live_until(local(MONDAY, 8, 12))

    snoozed(household, greeting, 60)
    household.live_until(local(MONDAY, 12))

    assert [when for when, _ in household.shown_local()] == ["Mon 08:00", "Mon 08:10", "Mon 09:12"]


def test_a_snooze_may_end_past_the_original_grace_and_is_not_capped() -> None:
    state = RitualState(zone=BERLIN, rituals=[ritual(), ritual("late", time(9))], daily_cap=1)
    household = Household(state, local(MONDAY, 8))
    (greeting,) = household.wake()
    household.clock.set(local(MONDAY, 9, 55))

    snoozed(household, greeting, 60)
    household.live_until(local(MONDAY, 12))

    assert household.shown_local() == [("Mon 08:00", "greeting"), ("Mon 10:55", "greeting")]


def test_a_snooze_slept_through_is_dropped_after_its_grace() -> None:
    household = Household(RitualState(zone=BERLIN, rituals=[ritual()]), local(MONDAY, 8))
    (greeting,) = household.wake()
    snoozed(household, greeting, 10)

    household.sleep(timedelta(hours=2, minutes=11))

    assert household.wake() == []


def test_a_snooze_past_midnight_is_dropped() -> None:
    state = RitualState(zone=BERLIN, rituals=[ritual(at=time(23, 50))], quiet=NO_QUIET)
    household = Household(state, local(MONDAY, 23, 50))
    (late,) = household.wake()
    household.clock.set(local(MONDAY, 23, 55))

    snoozed(household, late, 10)
    household.live_until(local(MONDAY + timedelta(2), 0))

    assert household.shown_local() == [("Mon 23:50", "greeting"), ("Tue 23:50", "greeting")]


# Pause -------------------------------------------------------------------------------


def test_pause_until_tomorrow_ends_the_next_morning() -> None:
    quiet = QuietHours()

    assert pause_until_tomorrow(local(MONDAY, 10), BERLIN, quiet) == local(
        MONDAY + timedelta(1), 7, 30
    )
    assert pause_until_tomorrow(local(MONDAY, 1), BERLIN, quiet) == local(MONDAY, 7, 30)


def test_a_pause_holds_rituals_but_not_date_reminders_and_ends_by_itself() -> None:
    now = local(MONDAY, 10)
    reminder = date_reminder("date-1", local(MONDAY, 18))
    state = RitualState(
        zone=BERLIN,
        rituals=default_rituals(),
        one_offs=[reminder],
        paused_until=pause_until_tomorrow(now, BERLIN, QuietHours()),
    )
    household = Household(state, now)

    household.live_until(local(MONDAY + timedelta(1), 12))

    assert household.shown_local() == [("Mon 18:00", "date-1"), ("Tue 08:00", "morning_greeting")]


def test_an_occurrence_still_in_its_window_fires_when_the_pause_ends() -> None:
    state = RitualState(zone=BERLIN, rituals=[ritual()], paused_until=local(MONDAY, 8, 30))

    assert due(state, local(MONDAY, 8)) == []
    assert next_check(state, local(MONDAY, 8)) == local(MONDAY, 8, 30)
    assert keys(due(state, local(MONDAY, 8, 30))) == ["greeting"]


# Disabled rituals and weekdays ---------------------------------------------------------


def test_disabled_rituals_and_other_weekdays_are_never_due() -> None:
    rituals = [
        ritual("off", enabled=False),
        ritual("sundays", time(18), weekdays=frozenset({SUNDAY})),
        ritual("mon_wed", time(12), weekdays=frozenset({0, 2})),
    ]
    household = Household(RitualState(zone=BERLIN, rituals=rituals), local(MONDAY, 0))

    household.live_until(local(MONDAY + timedelta(days=7), 0))

    assert household.shown_local() == [
        ("Mon 12:00", "mon_wed"),
        ("Wed 12:00", "mon_wed"),
        ("Sun 18:00", "sundays"),
    ]


# next_check --------------------------------------------------------------------------


def test_next_check_is_none_when_nothing_can_ever_be_due() -> None:
    past = date_reminder("date-1", local(MONDAY, 9))
    state = RitualState(zone=BERLIN, rituals=[ritual(enabled=False)], one_offs=[past])

    assert next_check(state, local(MONDAY, 12)) is None


def test_next_check_looks_past_a_long_pause_and_to_a_far_date() -> None:
    reminder = date_reminder("date-1", local(MONDAY + timedelta(days=40), 18))
    paused = RitualState(
        zone=BERLIN, rituals=[ritual()], paused_until=local(MONDAY + timedelta(days=20), 12)
    )

    assert next_check(paused, local(MONDAY, 9)) == local(MONDAY + timedelta(days=21), 8)
    only_date = RitualState(zone=BERLIN, one_offs=[reminder])
    assert next_check(only_date, local(MONDAY, 9)) == reminder.due_at


def rich_state(zone: ZoneInfo, start: datetime) -> RitualState:
    """Rituals, a date, a snooze, a pause and an early-spent cap, around ``start``."""
    day = start.astimezone(zone).date()
    rituals = [
        *default_rituals(),
        ritual("night", time(2, 30)),
        ritual("tea", time(16), counts_toward_cap=False, grace=timedelta(minutes=45)),
        leaving_ritual("leave", time(8, 15)),
    ]
    greeting = occurrence_at(day, time(8), zone)
    return RitualState(
        zone=zone,
        rituals=rituals,
        one_offs=[date_reminder("date-1", local(day, 18, 40, zone=zone))],
        fired=[Fired("morning_greeting", greeting, greeting, counted=True)],
        snoozes={("morning_greeting", greeting): greeting + timedelta(minutes=70)},
        quiet=QuietHours(time(23), time(2, 45)),
        paused_until=local(day, 8, 10, zone=zone),
        daily_cap=2,
    )


@pytest.mark.parametrize(
    ("zone", "day"), [(BERLIN, date(2025, 3, 29)), (NEW_YORK, date(2025, 11, 1))]
)
def test_next_check_agrees_with_due_minute_by_minute(zone: ZoneInfo, day: date) -> None:
    start = local(day, 0, zone=zone)
    state = rich_state(zone, start)
    minutes = [start + timedelta(minutes=step) for step in range(2 * 24 * 60)]
    due_at = [{(item.key, item.occurrence) for item in due(state, now)} for now in minutes]

    for index in range(0, len(minutes), 17):
        check = next_check(state, minutes[index])
        assert check is not None
        assert check > minutes[index]
        later = (i for i in range(index + 1, len(minutes)) if minutes[i] < check)
        assert all(due_at[i] <= due_at[index] for i in later)


@settings(max_examples=100, deadline=None, database=None)
@given(
    offset=st.integers(0, 3 * 24 * 3600 * 1000),
    fraction=st.floats(0, 1, exclude_min=True, exclude_max=True),
)
def test_nothing_new_becomes_due_before_next_check(offset: int, fraction: float) -> None:
    start = local(date(2025, 3, 29), 0)
    state = rich_state(BERLIN, start)
    now = start + timedelta(milliseconds=offset)

    check = next_check(state, now)

    assert check is not None
    assert check > now
    current = {(item.key, item.occurrence) for item in due(state, now)}
    between = now + (check - now - timedelta(microseconds=1)) * fraction
    assert {(item.key, item.occurrence) for item in due(state, between)} <= current
    assert {(item.key, item.occurrence) for item in due(state, check)} - current


# Defaults and helpers ------------------------------------------------------------------


def test_default_rituals() -> None:
    rituals = {item.key: item for item in default_rituals()}

    assert {key: (item.at, item.weekdays) for key, item in rituals.items()} == {
        "morning_greeting": (time(8), EVERY_DAY),
        "dinner": (time(19), EVERY_DAY),
        "checkin": (time(20, 30), EVERY_DAY),
        "plan_date": (time(18), frozenset({SUNDAY})),
    }
    assert all(item.kind == key and item.enabled for key, item in rituals.items())
    assert rituals["checkin"].text.startswith("How are you feeling today?")
    assert not any("!" in item.title + item.text for item in rituals.values())


def test_a_leaving_ritual_comes_lead_minutes_early_and_never_after_leaving() -> None:
    leaving = leaving_ritual("leave", time(8), weekdays=[0, 4], lead=timedelta(minutes=10))
    state = RitualState(zone=BERLIN, rituals=[leaving])

    assert (leaving.at, leaving.weekdays, leaving.kind) == (
        time(7, 50),
        frozenset({0, 4}),
        RitualKind.LEAVING,
    )
    assert leaving.text == "Heading out soon? Part on good terms."
    assert keys(due(state, local(MONDAY, 7, 59))) == ["leave"]
    assert due(state, local(MONDAY, 8)) == []


def test_a_leaving_reminder_before_midnight_moves_to_the_evening_before() -> None:
    leaving = leaving_ritual("night_shift", time(0, 5), weekdays=[0, 1])

    assert (leaving.at, leaving.weekdays) == (time(23, 55), frozenset({SUNDAY, 0}))


@pytest.mark.parametrize("lead", [timedelta(0), timedelta(minutes=-5), timedelta(days=1)])
def test_a_leaving_lead_must_be_positive_and_under_a_day(lead: timedelta) -> None:
    with pytest.raises(ValueError, match="lead"):
        leaving_ritual("leave", time(8), lead=lead)


def test_snooze_until() -> None:
    assert snooze_until(local(MONDAY, 8), 10) == datetime(2025, 6, 2, 6, 10, tzinfo=UTC)
    with pytest.raises(ValueError, match="positive"):
        snooze_until(local(MONDAY, 8), 0)


def test_naive_times_and_duplicate_keys_are_refused() -> None:
    naive = datetime(2025, 6, 2, 8)
    with pytest.raises(ValueError, match="aware"):
        due(RitualState(zone=BERLIN), naive)
    with pytest.raises(ValueError, match="aware"):
        date_reminder("date-1", naive)
    with pytest.raises(ValueError, match="wall time"):
        ritual(at=time(8, tzinfo=UTC))
    with pytest.raises(ValueError, match="weekdays"):
        ritual(weekdays=frozenset({7}))
    with pytest.raises(ValueError, match="unique"):
        RitualState(
            zone=BERLIN, rituals=[ritual()], one_offs=[date_reminder("greeting", local(MONDAY, 9))]
        )
