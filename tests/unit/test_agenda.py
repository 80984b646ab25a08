"""Date nights at a glance: what is next, the countdown, the month's marks, one evening changed."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from closeness_desktop.agenda import (
    Evening,
    Mark,
    countdown,
    evenings_by_day,
    mark_for,
    move_evening,
    next_evening,
    plan_line,
    skip_evening,
    time_span,
)
from closeness_desktop.dates import recurrence
from closeness_desktop.dates.model import DatePlan, OccurrenceOverride, PlanState

BERLIN = ZoneInfo("Europe/Berlin")
TOKYO = ZoneInfo("Asia/Tokyo")
NOW = datetime(2026, 11, 26, 19, 30, tzinfo=BERLIN)  # a Thursday


def at(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, *, zone: ZoneInfo = BERLIN
) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=zone)


def plan(start: datetime, **changes: object) -> DatePlan:
    base = DatePlan(uid="p@test", title="Dinner", start=start, zone="Europe/Berlin")
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def fridays(**changes: object) -> DatePlan:
    return plan(
        at(2026, 11, 27, 19),
        end=at(2026, 11, 27, 22),
        rrule=recurrence.every_n_weeks(4, 2),
        **changes,
    )


def evening_at(start: datetime, **changes: object) -> Evening:
    one = plan(start, **changes)
    (occurrence,) = recurrence.occurrences(one, start, start + timedelta(seconds=1))
    return Evening(one, occurrence)


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (at(2026, 11, 28, 22, 30), "in 2 days, 3 hours"),
        (at(2026, 11, 29, 19, 30), "in 3 days"),
        (at(2026, 11, 27, 19), "in 23 hours, 30 minutes"),
        (at(2026, 11, 26, 20, 15), "tonight, in 45 minutes"),
        (at(2026, 11, 26, 21, 30), "tonight, in 2 hours"),
        (at(2026, 11, 26, 19, 30) + timedelta(seconds=20), "tonight, in 1 minute"),
        (at(2026, 11, 26, 19, 30), "now"),
        (at(2026, 11, 26, 18, 0), "now"),
    ],
)
def test_the_countdown_reads_like_a_person_would_say_it(start: datetime, expected: str) -> None:
    assert countdown(evening_at(start), NOW, BERLIN) == expected


def test_a_date_later_in_the_day_is_today_not_tonight() -> None:
    morning = datetime(2026, 11, 26, 9, 0, tzinfo=BERLIN)
    assert countdown(evening_at(at(2026, 11, 26, 14)), morning, BERLIN) == "today, in 5 hours"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 11, 26), "now"),
        (date(2026, 11, 27), "tomorrow"),
        (date(2026, 12, 1), "in 5 days"),
    ],
)
def test_an_all_day_countdown_counts_days(day: date, expected: str) -> None:
    start = datetime.combine(day, datetime.min.time(), BERLIN)
    assert countdown(evening_at(start, all_day=True), NOW, BERLIN) == expected


def test_the_next_evening_is_the_soonest_still_planned() -> None:
    later = plan(at(2026, 12, 2, 20), uid="cinema@test")
    series = fridays(
        overrides={
            at(2026, 11, 27, 19): OccurrenceOverride(
                at(2026, 11, 27, 19), at(2026, 11, 27, 22), "", PlanState.CANCELLED
            )
        }
    )

    found = next_evening([later, series], NOW)

    assert found is not None
    assert (found.plan.uid, found.start) == ("cinema@test", at(2026, 12, 2, 20))


def test_a_date_under_way_is_next_until_it_ends() -> None:
    started = plan(at(2026, 11, 26, 19), end=at(2026, 11, 26, 22), uid="now@test")
    tomorrow = plan(at(2026, 11, 27, 19), uid="tomorrow@test")

    found = next_evening([tomorrow, started], NOW)
    assert found is not None
    assert found.plan.uid == "now@test"
    assert countdown(found, NOW, BERLIN) == "now"

    after = next_evening([tomorrow, started], at(2026, 11, 26, 22))
    assert after is not None
    assert after.plan.uid == "tomorrow@test"


def test_nothing_planned_means_no_next_evening() -> None:
    done = plan(at(2026, 11, 27, 19), state=PlanState.DONE)
    assert next_evening([done, plan(at(2026, 11, 1, 19))], NOW) is None


def test_evenings_fall_on_their_local_days() -> None:
    days = evenings_by_day([fridays()], date(2026, 11, 23), date(2026, 12, 31), BERLIN)

    assert sorted(days) == [date(2026, 11, 27), date(2026, 12, 11), date(2026, 12, 25)]


def test_an_all_day_date_keeps_its_own_day_wherever_it_is_seen_from() -> None:
    weekend = plan(at(2026, 12, 5, 0, zone=TOKYO), all_day=True, zone="Asia/Tokyo")

    days = evenings_by_day([weekend], date(2026, 12, 1), date(2026, 12, 31), BERLIN)

    assert list(days) == [date(2026, 12, 5)]


def test_a_day_is_marked_by_what_matters_most() -> None:
    upcoming = evening_at(at(2026, 11, 27, 19))
    past = evening_at(at(2026, 11, 20, 19))
    done = evening_at(at(2026, 11, 20, 19), state=PlanState.DONE)
    cancelled = evening_at(at(2026, 11, 20, 19), state=PlanState.CANCELLED)

    assert mark_for([cancelled, upcoming], NOW) is Mark.UPCOMING
    assert mark_for([past, done], NOW) is Mark.DONE
    assert mark_for([cancelled, past], NOW) is Mark.PAST
    assert mark_for([cancelled], NOW) is Mark.CANCELLED


def test_skipping_a_moved_evening_drops_the_move() -> None:
    series = fridays()
    (second,) = [
        Evening(series, o)
        for o in recurrence.occurrences(series, at(2026, 12, 10), at(2026, 12, 12))
    ]
    moved = move_evening(series, second, at(2026, 12, 12, 18))

    skipped = skip_evening(moved, second.original_start)

    assert skipped.overrides == {}
    assert skipped.exdates == {at(2026, 12, 11, 19)}
    assert recurrence.next_occurrence(skipped, at(2026, 11, 28)).start == at(2026, 12, 25, 19)  # type: ignore[union-attr]


def test_a_one_off_cannot_skip_an_evening() -> None:
    with pytest.raises(ValueError, match="repeating"):
        skip_evening(plan(at(2026, 12, 2, 20)), at(2026, 12, 2, 20))


def test_moving_a_one_off_moves_the_plan_and_keeps_its_length() -> None:
    one = plan(at(2026, 12, 2, 20), end=at(2026, 12, 2, 23), where="Odeon")
    (occurrence,) = recurrence.occurrences(one, at(2026, 12, 2), at(2026, 12, 3))

    moved = move_evening(one, Evening(one, occurrence), at(2026, 12, 3, 19), "Home")

    assert (moved.start, moved.end, moved.where) == (
        at(2026, 12, 3, 19),
        at(2026, 12, 3, 22),
        "Home",
    )
    assert moved.overrides == {}


def test_plans_read_in_one_line() -> None:
    assert plan_line(fridays(), BERLIN) == (
        "Dinner, Friday 27 November 2026 19:00 (every other Friday)"
    )
    all_day = plan(at(2026, 12, 5, 0), all_day=True)
    assert plan_line(all_day, BERLIN) == "Dinner, Saturday 5 December 2026"
    late = evening_at(at(2026, 12, 5, 22), end=at(2026, 12, 6, 1))
    assert time_span(late, BERLIN) == "22:00–Sunday 6 December 2026 01:00"  # noqa: RUF001
