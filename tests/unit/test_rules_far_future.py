"""A ritual logged far in the future (a clock set ahead for a moment) must not make every
rule check slow forever. The work is counted, not timed: how many local days the rules
ask a ritual about."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from closeness_desktop.rituals.rules import (
    SUNDAY,
    Fired,
    OneOff,
    QuietHours,
    Ritual,
    RitualKind,
    RitualState,
    due,
    next_check,
    occurrence_at,
)
from closeness_desktop.rituals.rules.timing import _items_on
from closeness_desktop.rituals.rules.wall_time import DAY, day_start, local_date

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
#: Thursday 26 November 2026, 19:30 in Berlin, as the rest of the suite.
NOW = datetime(2026, 11, 26, 18, 30, tzinfo=UTC)
FAR = datetime(2100, 1, 1, 7, 0, tzinfo=UTC)


@dataclass(frozen=True, kw_only=True)
class CountedRitual(Ritual):
    """A ritual that notes every day the rules ask it about."""

    asked: list[date] = field(default_factory=list, compare=False, hash=False, repr=False)

    def occurrence_on(self, day: date, zone: tzinfo) -> datetime | None:
        self.asked.append(day)
        return super().occurrence_on(day, zone)


def counted(key: str = "greeting", at: time = time(8), **changes: object) -> CountedRitual:
    made = CountedRitual(key=key, kind=RitualKind.MORNING_GREETING, at=at, title=key, text="Hi.")
    return replace(made, **changes)  # type: ignore[arg-type]


def logged_in_2100(key: str = "greeting") -> Fired:
    """What the log holds after the ritual fired once while the clock said 2100."""
    return Fired(key, FAR, FAR + timedelta(minutes=1), counted=True)


def days_asked(ritual: CountedRitual, state: RitualState, now: datetime) -> tuple[object, int]:
    ritual.asked.clear()
    answer = next_check(state, now)
    return answer, len(set(ritual.asked))


def test_a_ritual_logged_in_2100_changes_neither_the_answer_nor_the_work() -> None:
    greeting = counted()
    today = RitualState(zone=BERLIN, rituals=[greeting])
    ahead = replace(today, fired=[logged_in_2100()])

    plain, plain_days = days_asked(greeting, today, NOW)
    answer, work = days_asked(greeting, ahead, NOW)

    assert answer == plain == occurrence_at(date(2026, 11, 27), time(8), BERLIN)
    assert work == plain_days
    assert work <= 2  # today and tomorrow, not the 27,000 days to 2100


def test_with_every_ritual_off_a_log_in_2100_still_looks_one_week_ahead() -> None:
    greeting = counted(enabled=False)
    state = RitualState(zone=BERLIN, rituals=[greeting], fired=[logged_in_2100()])

    answer, work = days_asked(greeting, state, NOW)

    assert answer is None
    assert work <= 8  # today and the week after it


def test_a_pause_set_in_2100_ends_then_and_the_days_before_are_not_asked_about() -> None:
    greeting = counted()
    state = RitualState(zone=BERLIN, rituals=[greeting], paused_until=FAR)

    answer, work = days_asked(greeting, state, NOW)

    assert answer == occurrence_at(date(2100, 1, 1), time(8), BERLIN)  # the first after it
    assert work <= 3


def test_a_date_reminder_inside_a_long_pause_is_still_found() -> None:
    greeting = counted()
    evening = OneOff(
        key="date", due_at=datetime(2027, 2, 14, 18, 0, tzinfo=UTC), title="Date", text="Us."
    )
    state = RitualState(zone=BERLIN, rituals=[greeting], one_offs=[evening], paused_until=FAR)

    answer, work = days_asked(greeting, state, NOW)

    assert answer == evening.due_at
    assert work <= 3


def test_an_occurrence_logged_a_few_days_ahead_still_moves_the_horizon() -> None:
    """The clock was set ahead to Sunday and back: that Sunday's occurrence is spent, so
    the next one is a week later, past the week the rules look at by default."""
    sunday = date(2026, 11, 29)
    weekly = counted(weekdays=frozenset({SUNDAY}))
    occurrence = occurrence_at(sunday, time(8), BERLIN)
    state = RitualState(
        zone=BERLIN, rituals=[weekly], fired=[Fired("greeting", occurrence, occurrence, True)]
    )

    assert next_check(state, NOW) == occurrence_at(sunday + timedelta(days=7), time(8), BERLIN)


# -- the same answers as before the fix -------------------------------------------------------


def reference_next_check(state: RitualState, now: datetime) -> datetime | None:
    """next_check as it was: every instant up to a week past everything dated, the fired
    log included, computed before the first is looked at."""
    zone = state.zone
    dated = [
        now,
        *(one_off.due_at for one_off in state.one_offs),
        *state.snoozes.values(),
        *(entry.fired_at for entry in state.fired),
    ]
    if state.paused_until is not None:
        dated.append(state.paused_until)
    last = max(local_date(instant, zone) for instant in dated) + timedelta(days=7)
    instants = set() if state.paused_until is None else {state.paused_until}
    day = local_date(now, zone)
    while day <= last:
        instants.add(day_start(day, zone))
        instants.add(occurrence_at(day, state.quiet.end, zone))
        for item in _items_on(state, day):
            instants.update((item.start, item.end))
        day += DAY
    current = {(item.key, item.occurrence) for item in due(state, now)}
    for instant in sorted(instant for instant in instants if instant > now):
        if any((item.key, item.occurrence) not in current for item in due(state, instant)):
            return instant
    return None


minutes = st.integers(min_value=0, max_value=24 * 60 - 1).map(
    lambda value: time(value // 60, value % 60)
)
offsets = st.integers(min_value=-2 * 24 * 60, max_value=10 * 24 * 60).map(
    lambda value: timedelta(minutes=value)
)


@st.composite
def states(draw: st.DrawFn) -> tuple[RitualState, datetime]:
    zone = draw(st.sampled_from([BERLIN, NEW_YORK]))
    now = NOW + timedelta(minutes=draw(st.integers(0, 14 * 24 * 60)))
    rituals = [
        Ritual(
            key=f"r{number}",
            kind=RitualKind.CHECKIN,
            at=draw(minutes),
            title="r",
            text="r",
            weekdays=draw(st.frozensets(st.integers(0, 6), min_size=1)),
            enabled=draw(st.booleans()),
            grace=draw(st.sampled_from([None, timedelta(minutes=30), timedelta(hours=5)])),
        )
        for number in range(draw(st.integers(0, 3)))
    ]
    one_offs = [
        OneOff(key=f"o{number}", due_at=now + draw(offsets), title="o", text="o")
        for number in range(draw(st.integers(0, 2)))
    ]
    sources: list[Ritual | OneOff] = [*rituals, *one_offs]
    fired = []
    snoozes = {}
    for source in sources:
        if not draw(st.booleans()):
            continue
        day = local_date(now + draw(offsets), zone)
        occurrence = source.occurrence_on(day, zone)
        if occurrence is None:
            continue
        fired_at = occurrence + draw(st.sampled_from([timedelta(0), timedelta(minutes=5)]))
        fired.append(Fired(source.key, occurrence, fired_at, draw(st.booleans())))
        if draw(st.booleans()):
            snoozes[(source.key, occurrence)] = fired_at + timedelta(minutes=20)
    paused = draw(st.one_of(st.none(), offsets.map(lambda offset: now + abs(offset))))
    quiet = QuietHours(draw(minutes), draw(minutes)) if draw(st.booleans()) else QuietHours()
    state = RitualState(
        zone=zone,
        rituals=rituals,
        one_offs=one_offs,
        fired=fired,
        quiet=quiet,
        snoozes=snoozes,
        paused_until=paused,
        daily_cap=draw(st.integers(0, 3)),
    )
    return state, now


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(states())
def test_next_check_answers_as_it_did_before_the_fix(case: tuple[RitualState, datetime]) -> None:
    state, now = case

    assert next_check(state, now) == reference_next_check(state, now)
