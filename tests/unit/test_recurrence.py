"""Date plans: validation, repeat rules, expansion across DST, skipped and moved dates."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from closeness_desktop.dates.model import (
    DatePlan,
    OccurrenceOverride,
    PlanError,
    PlanState,
    RecurrenceRule,
    Weekday,
    validate_plan,
)
from closeness_desktop.dates.recurrence import (
    describe,
    every_n_weeks,
    monthly_nth_weekday,
    monthly_on_day,
    next_occurrence,
    normalize_rrule,
    occurrences,
    reminders_between,
    yearly,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def plan(first: datetime, **changes: object) -> DatePlan:
    """A plan starting at ``first`` (aware, in the zone it names) unless ``changes``
    say otherwise."""
    fields: dict[str, object] = {"uid": "plan-1@closeness", "title": "Dinner for two"}
    fields["start"] = first
    fields["zone"] = getattr(first.tzinfo, "key", "UTC")
    fields.update(changes)
    return DatePlan(**fields)  # type: ignore[arg-type]


def window(year: int) -> tuple[datetime, datetime]:
    return datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC)


# --- validation -----------------------------------------------------------------------


def test_a_sensible_plan_validates() -> None:
    validate_plan(
        plan(
            datetime(2025, 5, 2, 19, tzinfo=BERLIN),
            end=datetime(2025, 5, 2, 22, tzinfo=BERLIN),
            budget=Decimal("40.00"),
            rrule=every_n_weeks(Weekday.FRIDAY, 2),
            exdates=frozenset({datetime(2025, 5, 16, 19, tzinfo=BERLIN)}),
        )
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "   "}, "give the date a name"),
        ({"title": "x" * 201}, "200 characters"),
        ({"end": datetime(2025, 5, 2, 18, tzinfo=BERLIN)}, "end before it starts"),
        ({"start": datetime(1899, 12, 31, 19, tzinfo=BERLIN)}, "between the years 1900 and 2200"),
        ({"start": datetime(2201, 1, 1, 19, tzinfo=BERLIN)}, "between the years 1900 and 2200"),
        ({"budget": Decimal("-1")}, "below zero"),
        ({"budget": Decimal("NaN")}, "amount of money"),
        ({"rrule": "FREQ=HOURLY"}, "daily, weekly, monthly or yearly"),
        ({"rrule": "FREQ=WEEKLY;BYHOUR=19"}, "BYHOUR"),
        ({"rrule": "FREQ=WEEKLY;COUNT=3;UNTIL=20250601"}, "not both"),
        ({"rrule": "nonsense"}, "not written the way"),
        ({"zone": "Mars/Olympus_Mons"}, "not a time zone"),
        ({"reminders": (timedelta(hours=-1),)}, "before the date"),
        ({"exdates": frozenset({datetime(2025, 5, 9, 19, tzinfo=BERLIN)})}, "Only a repeating"),
        ({"start": datetime(2025, 5, 2, 19), "zone": "Europe/Berlin"}, "no time zone"),
        ({"all_day": True}, "midnight"),
    ],
)
def test_invalid_plans_are_refused_with_a_sentence(
    changes: dict[str, object], message: str
) -> None:
    with pytest.raises(PlanError, match=message):
        validate_plan(plan(datetime(2025, 5, 2, 19, tzinfo=BERLIN), **changes))


def test_plan_normalises_its_collections() -> None:
    overrides = {
        datetime(2025, 5, 16, 19, tzinfo=BERLIN): OccurrenceOverride(
            datetime(2025, 5, 17, 19, tzinfo=BERLIN), None, "", PlanState.PLANNED
        )
    }
    made = plan(
        datetime(2025, 5, 2, 19, tzinfo=BERLIN),
        rrule="FREQ=WEEKLY",
        reminders=(timedelta(hours=1), timedelta(days=1), timedelta(hours=1)),
        overrides=overrides,
    )
    overrides.clear()
    assert made.reminders == (timedelta(days=1), timedelta(hours=1))
    assert len(made.overrides) == 1
    assert hash(made) == hash(dataclasses.replace(made))


# --- the RRULE grammar and presets ----------------------------------------------------


def test_presets_build_the_expected_rules() -> None:
    assert every_n_weeks(Weekday.FRIDAY, 2) == "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR"
    assert every_n_weeks(Weekday.TUESDAY) == "FREQ=WEEKLY;BYDAY=TU"
    assert monthly_nth_weekday(1, Weekday.SATURDAY) == "FREQ=MONTHLY;BYDAY=1SA"
    assert monthly_nth_weekday(-1, Weekday.SUNDAY) == "FREQ=MONTHLY;BYDAY=-1SU"
    assert monthly_on_day(31) == "FREQ=MONTHLY;BYMONTHDAY=31"
    assert yearly() == "FREQ=YEARLY"


@pytest.mark.parametrize(
    "call",
    [
        lambda: every_n_weeks(Weekday.FRIDAY, 0),
        lambda: monthly_nth_weekday(5, Weekday.FRIDAY),
        lambda: monthly_nth_weekday(0, Weekday.FRIDAY),
        lambda: monthly_on_day(32),
    ],
)
def test_presets_refuse_nonsense(call: object) -> None:
    with pytest.raises(ValueError, match="must be"):
        call()  # type: ignore[operator]


def test_rules_are_written_in_canonical_order() -> None:
    rule = RecurrenceRule.parse("byday=fr;interval=2;freq=weekly;wkst=su")
    assert rule.to_rrule() == "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR;WKST=SU"


@pytest.mark.parametrize(
    "value",
    [
        "FREQ=WEEKLY;BYMONTHDAY=3",
        "FREQ=WEEKLY;BYDAY=1FR",
        "FREQ=MONTHLY;BYDAY=6FR",
        "FREQ=MONTHLY;BYDAY=0FR",
        "FREQ=DAILY;INTERVAL=0",
        "FREQ=DAILY;COUNT=-1",
        "FREQ=DAILY;FREQ=WEEKLY",
        "FREQ=MONTHLY;BYWEEKNO=3",
        "FREQ=YEARLY;BYMONTH=13",
        "FREQ=DAILY;UNTIL=20251340",
        "FREQ=DAILY;X-FOO=1",
        "RRULE:FREQ=DAILY",
        "",
    ],
)
def test_malformed_or_unsupported_rules_are_refused(value: str) -> None:
    with pytest.raises(PlanError):
        RecurrenceRule.parse(value)


def test_normalize_puts_until_in_the_form_rfc_5545_wants() -> None:
    timed = normalize_rrule("UNTIL=20250601;FREQ=WEEKLY", zone="Europe/Berlin", all_day=False)
    assert timed == "FREQ=WEEKLY;UNTIL=20250601T215959Z"
    all_day = normalize_rrule(
        "FREQ=WEEKLY;UNTIL=20250601T215959Z", zone="Europe/Berlin", all_day=True
    )
    assert all_day == "FREQ=WEEKLY;UNTIL=20250601"


# --- describe -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rrule", "words"),
    [
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", "every other Friday"),
        ("FREQ=WEEKLY;BYDAY=FR", "every Friday"),
        ("FREQ=WEEKLY;INTERVAL=3;BYDAY=TU,FR", "every 3 weeks on Tuesday and Friday"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=FR;WKST=SU", "every other Friday"),
        ("FREQ=MONTHLY;BYDAY=1SA", "the first Saturday of each month"),
        ("FREQ=MONTHLY;BYDAY=-1SU", "the last Sunday of each month"),
        ("FREQ=MONTHLY;INTERVAL=2;BYDAY=3WE", "the third Wednesday of every other month"),
        ("FREQ=MONTHLY;BYDAY=SA;BYSETPOS=1", "the first Saturday of each month"),
        ("FREQ=MONTHLY;BYMONTHDAY=14", "the 14th of each month"),
        (
            "FREQ=MONTHLY;BYMONTHDAY=31",
            "the 31st of each month (skipped in months without a 31st)",
        ),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", "the last day of each month"),
        ("FREQ=DAILY", "every day"),
        ("FREQ=DAILY;INTERVAL=2", "every other day"),
        ("FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR", "every weekday"),
        ("FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "the last Sunday of March, every year"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=14", "every year on 14 February"),
        ("FREQ=WEEKLY;BYDAY=SA;COUNT=6", "every Saturday, 6 times"),
        ("FREQ=WEEKLY;BYDAY=SA;UNTIL=20261231T230000Z", "every Saturday, until 31 December 2026"),
        ("FREQ=MONTHLY;BYDAY=-2FR", "the second-to-last Friday of each month"),
        ("FREQ=YEARLY;BYMONTH=5;BYDAY=20MO", "on a custom schedule"),
        ("FREQ=YEARLY;BYWEEKNO=20", "on a custom schedule"),
    ],
)
def test_describe_in_plain_words(rrule: str, words: str) -> None:
    assert describe(rrule) == words


def test_describe_uses_the_start_for_what_the_rule_leaves_open() -> None:
    leap_day = datetime(2024, 2, 29, 19, tzinfo=BERLIN)
    assert describe(yearly(), start=leap_day) == "every year on 29 February (only in leap years)"
    assert describe("FREQ=WEEKLY;INTERVAL=2", start=leap_day) == "every other Thursday"
    assert describe("FREQ=MONTHLY", start=leap_day) == (
        "the 29th of each month (skipped in months without a 29th)"
    )


# --- expansion across daylight saving ------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "first"),
    [
        # Berlin springs forward on 30 March and falls back on 26 October 2025.
        (BERLIN, datetime(2025, 3, 7, 19, tzinfo=BERLIN)),
        # New York springs forward on 9 March and falls back on 2 November 2025.
        (NEW_YORK, datetime(2025, 2, 28, 19, tzinfo=NEW_YORK)),
    ],
)
def test_weekly_plan_keeps_its_local_time_across_both_changes(
    zone: ZoneInfo, first: datetime
) -> None:
    weekly = plan(first, end=first + timedelta(hours=3), rrule=every_n_weeks(Weekday.FRIDAY))
    found = occurrences(weekly, *window(2025))
    assert len(found) == (date(2025, 12, 31) - first.date()).days // 7 + 1
    assert {o.start.astimezone(zone).time() for o in found} == {time(19)}
    assert {o.end.astimezone(zone).time() for o in found if o.end} == {time(22)}
    offsets = [o.start.astimezone(zone).dst() for o in found]
    summer, winter = timedelta(hours=1), timedelta(0)
    # Winter, then summer, then winter again: both changes were crossed.
    assert offsets[0] == winter
    assert summer in offsets
    assert offsets[-1] == winter


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (datetime(2025, 3, 29, 2, 30, tzinfo=BERLIN), datetime(2025, 3, 30, 3, 30, tzinfo=BERLIN)),
        (
            datetime(2025, 3, 8, 2, 30, tzinfo=NEW_YORK),
            datetime(2025, 3, 9, 3, 30, tzinfo=NEW_YORK),
        ),
    ],
)
def test_a_time_in_the_spring_gap_moves_forward(start: datetime, expected: datetime) -> None:
    daily = plan(start, rrule="FREQ=DAILY;COUNT=3")
    found = [o.start for o in occurrences(daily, *window(2025))]
    assert found[1] == expected
    assert found[1].utcoffset() == expected.utcoffset()
    assert found[2].astimezone(start.tzinfo).time() == time(2, 30)


@pytest.mark.parametrize(
    ("start", "summer_offset"),
    [
        (datetime(2025, 10, 25, 2, 30, tzinfo=BERLIN), timedelta(hours=2)),
        (datetime(2025, 11, 1, 1, 30, tzinfo=NEW_YORK), timedelta(hours=-4)),
    ],
)
def test_a_time_that_happens_twice_means_the_first(
    start: datetime, summer_offset: timedelta
) -> None:
    daily = plan(start, rrule="FREQ=DAILY;COUNT=2")
    second = occurrences(daily, *window(2025))[1]
    assert second.start.utcoffset() == summer_offset


def test_all_day_plan_runs_midnight_to_midnight_on_a_23_hour_day() -> None:
    sunday = datetime(2025, 3, 23, tzinfo=BERLIN)
    weekly = plan(sunday, end=sunday + timedelta(days=1), all_day=True, rrule="FREQ=WEEKLY")
    change_day = occurrences(weekly, *window(2025))[1]
    assert change_day.start == datetime(2025, 3, 30, tzinfo=BERLIN)
    assert change_day.end == datetime(2025, 3, 31, tzinfo=BERLIN)
    assert change_day.end
    assert change_day.end.astimezone(UTC) - change_day.start.astimezone(UTC) == timedelta(hours=23)


# --- dates that don't exist every year or month --------------------------------------


def test_yearly_on_29_february_happens_only_in_leap_years() -> None:
    leap = plan(datetime(2024, 2, 29, 19, tzinfo=BERLIN), rrule=yearly())
    start, _ = window(2024)
    found = occurrences(leap, start, datetime(2033, 1, 1, tzinfo=UTC))
    assert [o.start.date() for o in found] == [
        date(2024, 2, 29),
        date(2028, 2, 29),
        date(2032, 2, 29),
    ]
    after = next_occurrence(leap, datetime(2024, 3, 1, tzinfo=UTC))
    assert after is not None
    assert after.start == datetime(2028, 2, 29, 19, tzinfo=BERLIN)


def test_yearly_on_29_february_skips_2100_which_is_no_leap_year() -> None:
    leap = plan(datetime(2096, 2, 29, 19, tzinfo=BERLIN), rrule=yearly())
    found = occurrences(leap, datetime(2096, 1, 1, tzinfo=UTC), datetime(2105, 1, 1, tzinfo=UTC))
    assert [o.start.year for o in found] == [2096, 2104]


@pytest.mark.parametrize(
    ("day", "year", "months"),
    [
        (31, 2025, [1, 3, 5, 7, 8, 10, 12]),
        (30, 2025, [1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
        (29, 2025, [1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
        (29, 2024, list(range(1, 13))),
    ],
)
def test_monthly_on_a_late_day_skips_months_without_it(
    day: int, year: int, months: list[int]
) -> None:
    monthly = plan(datetime(year, 1, day, 19, tzinfo=BERLIN), rrule=monthly_on_day(day))
    assert [o.start.month for o in occurrences(monthly, *window(year))] == months


def test_last_day_of_the_month_includes_february() -> None:
    monthly = plan(datetime(2025, 1, 31, 19, tzinfo=BERLIN), rrule=monthly_on_day(-1))
    found = occurrences(monthly, *window(2025))
    assert found[1].start.date() == date(2025, 2, 28)
    assert len(found) == 12


def test_last_sunday_of_each_month() -> None:
    monthly = plan(
        datetime(2025, 1, 26, 10, tzinfo=BERLIN), rrule=monthly_nth_weekday(-1, Weekday.SUNDAY)
    )
    found = occurrences(monthly, *window(2025))
    assert len(found) == 12
    assert all(o.start.weekday() == Weekday.SUNDAY for o in found)
    assert all((o.start + timedelta(days=7)).month != o.start.month for o in found)


# --- skipped and moved dates ----------------------------------------------------------

FRIDAY = datetime(2025, 5, 2, 19, tzinfo=BERLIN)


def fortnightly(**changes: object) -> DatePlan:
    """Dinner at Luigi's every other Friday at 19:00 from 2 May 2025, unless changed."""
    fields: dict[str, object] = {
        "end": FRIDAY + timedelta(hours=3),
        "where": "Luigi's",
        "rrule": every_n_weeks(Weekday.FRIDAY, 2),
    }
    fields.update(changes)
    return plan(FRIDAY, **fields)


def test_skipped_dates_are_left_out() -> None:
    skipping = fortnightly(exdates=frozenset({FRIDAY + timedelta(weeks=2)}))
    starts = [o.start for o in occurrences(skipping, FRIDAY, FRIDAY + timedelta(weeks=6))]
    assert starts == [FRIDAY, FRIDAY + timedelta(weeks=4)]


def test_a_moved_date_appears_at_its_new_time_with_its_original_start() -> None:
    original = FRIDAY + timedelta(weeks=2)
    moved_to = original + timedelta(days=1, hours=1)
    change = OccurrenceOverride(moved_to, moved_to + timedelta(hours=2), "Home", PlanState.PLANNED)
    moving = fortnightly(overrides={original: change})
    found = occurrences(moving, FRIDAY, FRIDAY + timedelta(weeks=6))
    assert [o.start for o in found] == [FRIDAY, moved_to, FRIDAY + timedelta(weeks=4)]
    moved = found[1]
    assert moved.recurrence_id == original
    assert moved.moved
    assert moved.changed
    assert moved.where == "Home"
    assert moved.end == moved_to + timedelta(hours=2)
    assert not found[0].moved
    assert found[0].recurrence_id == FRIDAY


def test_a_date_moved_into_the_window_from_outside_it_is_found() -> None:
    original = FRIDAY + timedelta(weeks=4)
    moved_to = FRIDAY + timedelta(weeks=2, days=3)
    change = OccurrenceOverride(moved_to, None, "", PlanState.PLANNED)
    moving = fortnightly(overrides={original: change})
    found = occurrences(moving, moved_to - timedelta(hours=1), moved_to + timedelta(hours=1))
    assert [o.start for o in found] == [moved_to]


def test_skipping_wins_over_moving_and_stale_changes_are_ignored() -> None:
    skipped = FRIDAY + timedelta(weeks=2)
    not_a_date = FRIDAY + timedelta(weeks=1)  # a Friday the fortnightly rule never hits
    later = FRIDAY + timedelta(weeks=1, days=1)
    change = OccurrenceOverride(later, None, "", PlanState.PLANNED)
    plan_ = fortnightly(
        exdates=frozenset({skipped}), overrides={skipped: change, not_a_date: change}
    )
    starts = [o.start for o in occurrences(plan_, FRIDAY, FRIDAY + timedelta(weeks=5))]
    assert starts == [FRIDAY, FRIDAY + timedelta(weeks=4)]


def test_count_and_until_end_a_series() -> None:
    counted = fortnightly(rrule="FREQ=WEEKLY;INTERVAL=2;COUNT=3")
    assert len(occurrences(counted, *window(2025))) == 3
    until = fortnightly(rrule="FREQ=WEEKLY;INTERVAL=2;UNTIL=20250530T170000Z")
    assert [o.start.day for o in occurrences(until, *window(2025))] == [2, 16, 30]
    until_day = fortnightly(rrule="FREQ=WEEKLY;INTERVAL=2;UNTIL=20250530")
    assert len(occurrences(until_day, *window(2025))) == 3


def test_a_one_off_plan_has_one_occurrence_without_recurrence_id() -> None:
    once = plan(FRIDAY, end=FRIDAY + timedelta(hours=2))
    (found,) = occurrences(once, *window(2025))
    assert found.start == FRIDAY
    assert found.recurrence_id is None
    assert found.original_start == FRIDAY
    assert occurrences(once, *window(2026)) == []


def test_rules_that_never_happen_end_quickly() -> None:
    # The 30th of every February: the search must not run on until the year 9999.
    never = plan(
        datetime(2025, 2, 10, 19, tzinfo=BERLIN), rrule="FREQ=MONTHLY;INTERVAL=12;BYMONTHDAY=30"
    )
    assert occurrences(never, *window(2025)) == []
    assert next_occurrence(never, FRIDAY) is None


def test_a_huge_count_is_harmless_because_expansion_is_lazy() -> None:
    huge = plan(FRIDAY, rrule="FREQ=DAILY;COUNT=1000000000")
    assert len(occurrences(huge, FRIDAY, FRIDAY + timedelta(days=10))) == 10
    found = next_occurrence(huge, datetime(2030, 1, 1, tzinfo=UTC))
    assert found is not None
    assert found.start.date() == date(2030, 1, 1)


def test_windows_must_be_aware() -> None:
    with pytest.raises(ValueError, match="aware"):
        occurrences(fortnightly(), datetime(2025, 1, 1), datetime(2026, 1, 1))


# --- next occurrence ------------------------------------------------------------------


def test_next_occurrence_skips_the_past_and_cancelled_dates() -> None:
    cancelled = OccurrenceOverride(
        FRIDAY + timedelta(weeks=2), None, "Luigi's", PlanState.CANCELLED
    )
    plan_ = fortnightly(overrides={FRIDAY + timedelta(weeks=2): cancelled})
    found = next_occurrence(plan_, FRIDAY + timedelta(minutes=1))
    assert found is not None
    assert found.start == FRIDAY + timedelta(weeks=4)
    at_start = next_occurrence(plan_, FRIDAY)
    assert at_start is not None
    assert at_start.start == FRIDAY


def test_next_occurrence_finds_a_date_moved_earlier() -> None:
    original = FRIDAY + timedelta(weeks=4)
    earlier = FRIDAY + timedelta(days=1)
    change = OccurrenceOverride(earlier, None, "", PlanState.PLANNED)
    found = next_occurrence(fortnightly(overrides={original: change}), FRIDAY + timedelta(hours=1))
    assert found is not None
    assert found.start == earlier
    assert found.recurrence_id == original


def test_next_occurrence_is_none_when_nothing_is_left() -> None:
    assert next_occurrence(plan(FRIDAY), FRIDAY + timedelta(seconds=1)) is None
    cancelled = fortnightly(state=PlanState.CANCELLED)
    assert next_occurrence(cancelled, FRIDAY) is None
    ended = fortnightly(rrule="FREQ=WEEKLY;COUNT=2")
    assert next_occurrence(ended, FRIDAY + timedelta(weeks=2)) is None


# --- reminders ------------------------------------------------------------------------


def test_reminders_fall_a_day_and_an_hour_before() -> None:
    due = reminders_between([fortnightly()], FRIDAY - timedelta(days=2), FRIDAY + timedelta(days=1))
    assert [(r.due_at, r.lead) for r in due] == [
        (FRIDAY.astimezone(UTC) - timedelta(days=1), timedelta(days=1)),
        (FRIDAY.astimezone(UTC) - timedelta(hours=1), timedelta(hours=1)),
    ]
    assert all(r.due_at.tzinfo is UTC for r in due)
    assert due[0].occurrence.start == FRIDAY
    assert due[0].plan.uid == "plan-1@closeness"


def test_reminder_windows_are_half_open_and_keys_are_stable() -> None:
    hour_before = FRIDAY.astimezone(UTC) - timedelta(hours=1)
    included = reminders_between([fortnightly()], hour_before, hour_before + timedelta(minutes=1))
    excluded = reminders_between([fortnightly()], hour_before - timedelta(minutes=1), hour_before)
    assert [r.lead for r in included] == [timedelta(hours=1)]
    assert excluded == []
    again = reminders_between([fortnightly()], hour_before, hour_before + timedelta(minutes=1))
    assert included[0].key == again[0].key


def test_reminders_skip_cancelled_and_done_dates_and_plans_without_reminders() -> None:
    done = OccurrenceOverride(FRIDAY, FRIDAY + timedelta(hours=3), "Luigi's", PlanState.DONE)
    plans = [
        fortnightly(overrides={FRIDAY: done}),
        fortnightly(uid="quiet@closeness", reminders=()),
        fortnightly(uid="off@closeness", state=PlanState.CANCELLED),
    ]
    assert reminders_between(plans, FRIDAY - timedelta(days=2), FRIDAY) == []


def test_reminders_across_plans_come_in_order() -> None:
    second = fortnightly(uid="a-second@closeness", start=FRIDAY - timedelta(hours=2))
    due = reminders_between([fortnightly(), second], *window(2025))
    assert due == sorted(due, key=lambda r: (r.due_at, r.occurrence.start, r.plan.uid))
    assert len(due) == 2 * 2 * len(occurrences(fortnightly(), *window(2025)))


def test_an_hour_before_is_elapsed_time_on_the_night_the_clocks_change() -> None:
    sunday = datetime(2025, 3, 30, 3, 30, tzinfo=BERLIN)  # 01:30 UTC, just after the change
    early = plan(sunday, reminders=(timedelta(hours=1),))
    (due,) = reminders_between([early], *window(2025))
    assert due.due_at == datetime(2025, 3, 30, 0, 30, tzinfo=UTC)


# --- a property: wall time holds for any weekly plan ----------------------------------


@settings(max_examples=60, deadline=None)
@given(
    zone=st.sampled_from([BERLIN, NEW_YORK, ZoneInfo("Australia/Sydney")]),
    day=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    hour=st.integers(min_value=4, max_value=23),
    interval=st.integers(min_value=1, max_value=4),
)
def test_weekly_plans_keep_their_wall_time(
    zone: ZoneInfo, day: date, hour: int, interval: int
) -> None:
    start = datetime.combine(day, time(hour), tzinfo=zone)
    weekly = plan(start, rrule=every_n_weeks(Weekday(day.weekday()), interval))
    found = occurrences(weekly, start, start + timedelta(days=400))
    assert found
    assert all(o.start.astimezone(zone).time() == time(hour) for o in found)
    gaps = {(b.start.date() - a.start.date()).days for a, b in itertools.pairwise(found)}
    assert gaps <= {7 * interval}
