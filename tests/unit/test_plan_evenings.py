"""Evenings that are over: the ones waiting for "How was it?", "Not now", skipped evenings
brought back, a repeat that ends, and a moved one-off found again. The fake clock says
Thursday 26 November 2026, 19:30 in Berlin."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from closeness_desktop.agenda import Evening, move_evening, skip_evening
from closeness_desktop.clock import FakeClock
from closeness_desktop.dates import recurrence
from closeness_desktop.dates.model import DatePlan, PlanState
from closeness_desktop.household import Area, Change, Household, PartnerInfo
from closeness_desktop.household.plan_evenings import ASK_FOR

BERLIN = ZoneInfo("Europe/Berlin")
ZONE = "Europe/Berlin"


def at(month: int, day: int, hour: int = 19, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, tzinfo=BERLIN)


def walks(rrule: str = "FREQ=WEEKLY;BYDAY=FR") -> DatePlan:
    """A walk every Friday 19:00-21:00 from 9 October 2026."""
    return DatePlan(
        uid="walks@test", title="Walk by the river", start=at(10, 9), end=at(10, 9, 21),
        rrule=rrule, zone=ZONE,
    )  # fmt: skip


# -- a repeat that ends ---------------------------------------------------------------------


def test_a_repeat_for_three_evenings_has_three() -> None:
    rule = recurrence.with_repeat_end(walks().rrule or "", count=3, zone=ZONE, all_day=False)
    plan = dataclasses.replace(walks(), rrule=rule)

    starts = [o.start for o in recurrence.occurrences(plan, at(10, 1), at(1, 1, year=2028))]

    assert rule == "FREQ=WEEKLY;COUNT=3;BYDAY=FR"
    assert starts == [at(10, 9), at(10, 16), at(10, 23)]
    assert recurrence.repeat_end(rule, ZONE) == (3, None)
    assert recurrence.describe(rule, start=plan.start) == "every Friday, 3 times"


def test_a_repeat_until_a_day_keeps_that_days_evening_and_none_after() -> None:
    rule = recurrence.with_repeat_end(
        walks().rrule or "", until=date(2026, 10, 30), zone=ZONE, all_day=False
    )
    plan = dataclasses.replace(walks(), rrule=rule)

    starts = [o.start for o in recurrence.occurrences(plan, at(10, 1), at(1, 1, year=2028))]

    assert starts == [at(10, 9), at(10, 16), at(10, 23), at(10, 30)]
    assert recurrence.repeat_end(rule, ZONE) == (None, date(2026, 10, 30))
    assert recurrence.describe(rule, start=plan.start) == "every Friday, until 30 October 2026"
    assert recurrence.next_occurrence(plan, at(10, 31)) is None
    # Without an end, it goes on: the end is taken off as easily as it was put on.
    assert recurrence.with_repeat_end(rule, zone=ZONE, all_day=False) == walks().rrule


def test_the_last_day_is_said_in_the_plans_own_zone_west_of_utc() -> None:
    rule = recurrence.with_repeat_end(
        "FREQ=WEEKLY;BYDAY=FR", until=date(2027, 6, 12), zone="America/New_York", all_day=False
    )
    start = datetime(2026, 11, 27, 19, tzinfo=ZoneInfo("America/New_York"))

    assert rule.endswith("UNTIL=20270613T035959Z;BYDAY=FR")  # still the 12th in New York
    assert recurrence.describe(rule, start=start) == "every Friday, until 12 June 2027"


# -- skipped, and back -------------------------------------------------------------------------


def test_a_skipped_evening_is_listed_and_can_come_back() -> None:
    skipped = skip_evening(walks(), at(11, 13))

    assert recurrence.skipped_between(skipped, at(11, 1), at(12, 1)) == [at(11, 13)]
    assert recurrence.skipped_between(skipped, at(11, 14), at(12, 1)) == []
    back = recurrence.unskip_evening(skipped, at(11, 13).astimezone(UTC))
    assert back.exdates == frozenset()
    assert recurrence.find_evening(back, at(11, 13)) is not None


def test_a_stray_exdate_that_is_no_evening_of_the_rule_is_not_listed() -> None:
    stray = dataclasses.replace(walks(), exdates=frozenset({at(11, 12)}))  # a Thursday

    assert recurrence.skipped_between(stray, at(11, 1), at(12, 1)) == []


# -- a moved one-off -----------------------------------------------------------------------------


def test_a_moved_one_off_is_found_by_its_old_start() -> None:
    cinema = DatePlan(uid="cinema@test", title="Cinema", start=at(12, 2, 20), zone=ZONE)
    (occurrence,) = recurrence.occurrences(cinema, at(12, 1), at(12, 3))
    moved = move_evening(cinema, Evening(cinema, occurrence), at(12, 5, 18))

    found = recurrence.find_evening(moved, at(12, 2, 20))

    assert found is not None
    assert found.start == at(12, 5, 18)


def test_a_moved_one_off_can_still_be_remembered(household: Household, sam: PartnerInfo) -> None:
    cinema = DatePlan(uid="cinema@test", title="Cinema", start=at(11, 20, 20), zone=ZONE)
    saved = household.plans.save(cinema, sam.id)
    (occurrence,) = recurrence.occurrences(cinema, at(11, 19), at(11, 21))
    moved = move_evening(cinema, Evening(cinema, occurrence), at(11, 21, 20))
    household.plans.save(moved, sam.id, saved.version)

    memory = household.plans.remember("cinema@test", at(11, 20, 20), {sam.id: "Popcorn!"})

    assert memory.occurred_at.astimezone(BERLIN).date() == date(2026, 11, 21)
    assert household.plans.get("cinema@test").plan.state is PlanState.DONE


# -- waiting for "How was it?" ---------------------------------------------------------------


def test_the_evenings_of_the_last_month_wait_newest_first(
    household: Household, sam: PartnerInfo
) -> None:
    plan = skip_evening(walks(), at(11, 13))
    plan = recurrence.mark_evening(plan, at(11, 6), PlanState.DONE)
    plan = recurrence.mark_evening(plan, at(10, 30), PlanState.CANCELLED)
    household.plans.save(plan, sam.id)
    household.plans.save(
        DatePlan(uid="old@test", title="Long ago", start=at(9, 1), zone=ZONE), sam.id
    )

    waiting = household.plans.waiting()

    # 20 November; not 13 (skipped), 6 (done) or 30 October (cancelled); 23 October and
    # before are over a month ago (ASK_FOR), and tomorrow's is still to come.
    assert ASK_FOR.days == 30
    assert [w.evening.start for w in waiting] == [at(11, 20)]
    assert not waiting[0].not_now


def test_an_evening_happening_now_does_not_wait_yet(
    household: Household, sam: PartnerInfo, clock: FakeClock
) -> None:
    tonight = DatePlan(
        uid="tonight@test", title="Dinner", start=at(11, 26, 19), end=at(11, 26, 22), zone=ZONE
    )
    household.plans.save(tonight, sam.id)
    assert household.plans.waiting() == []

    clock.set(at(11, 26, 23))

    assert [w.evening.plan.uid for w in household.plans.waiting()] == ["tonight@test"]


def test_not_now_is_kept_for_that_evening_only(
    household: Household, sam: PartnerInfo, data_dir: Path, clock: FakeClock
) -> None:
    household.plans.save(dataclasses.replace(walks(), start=at(11, 13), end=at(11, 13, 21)), sam.id)
    seen: list[Change] = []
    household.changed.connect(seen.append)

    household.plans.not_now("walks@test", at(11, 13))

    assert [(w.evening.start, w.not_now) for w in household.plans.waiting()] == [
        (at(11, 20), False),
        (at(11, 13), True),
    ]
    assert seen[-1].areas == frozenset({Area.PLANS})
    again = Household.open(f"sqlite:///{data_dir / 'closeness.sqlite3'}", clock)
    try:  # kept in the file, for the other computer account too
        assert again.plans.not_now_said() == {("walks@test", at(11, 13).astimezone(UTC))}
    finally:
        again.close()


def test_telling_how_it_was_ends_the_wait(household: Household, sam: PartnerInfo) -> None:
    household.plans.save(dataclasses.replace(walks(), start=at(11, 20), end=at(11, 20, 21)), sam.id)

    household.plans.remember("walks@test", at(11, 20), {sam.id: "The heron was back."})

    assert household.plans.waiting() == []
    assert household.history.undo() == "remember a date night"
    assert [w.evening.start for w in household.plans.waiting()] == [at(11, 20)]
