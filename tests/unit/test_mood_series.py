"""The mood chart's data: check-ins gathered by day and by week, for both partners."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from closeness_desktop.clock import FakeClock
from closeness_desktop.household import Draft, Household, PartnerInfo, ValidationError
from closeness_desktop.rituals.feelings import FEELINGS_MANY, shipped_feelings, split_feelings
from closeness_desktop.rituals.mood_series import (
    MoodMark,
    Span,
    buckets,
    mark_of,
    series,
    utc_range,
)
from closeness_desktop.store import checkins as checkins_store

BERLIN = ZoneInfo("Europe/Berlin")
SAM, ALEX = uuid.uuid4(), uuid.uuid4()
TODAY = date(2026, 11, 26)  # a Thursday


def mark(partner: uuid.UUID, day: date, mood: int) -> MoodMark:
    return MoodMark(partner, day, mood, uuid.uuid4())


def test_by_day_each_partner_has_a_point_per_day_with_gaps_left_empty() -> None:
    marks = [
        mark(SAM, TODAY, 4),
        mark(SAM, TODAY - timedelta(days=3), 2),
        mark(ALEX, TODAY - timedelta(days=1), 5),
    ]

    got = series(marks, Span.WEEKS, TODAY)

    assert len(got.buckets) == 56
    assert got.buckets[-1] == TODAY
    assert got.buckets[0] == TODAY - timedelta(days=55)
    assert [(p.bucket, p.mood) for p in got.points[SAM]] == [
        (TODAY - timedelta(days=3), 2.0),
        (TODAY, 4.0),
    ]
    assert [(p.bucket, p.mood) for p in got.points[ALEX]] == [(TODAY - timedelta(days=1), 5.0)]
    assert not got.empty


def test_two_checkins_on_one_day_are_one_point_with_both_entries_behind_it() -> None:
    morning, evening = mark(SAM, TODAY, 2), mark(SAM, TODAY, 5)

    (point,) = series([morning, evening], Span.WEEKS, TODAY).points[SAM]

    assert point.mood == 3.5
    assert point.entry_ids == (morning.entry_id, evening.entry_id)


def test_by_week_points_start_on_monday_and_average_the_week() -> None:
    monday = date(2026, 11, 23)
    marks = [
        mark(ALEX, monday, 3),
        mark(ALEX, monday + timedelta(days=2), 5),  # Wednesday, the same week
        mark(ALEX, monday - timedelta(days=1), 1),  # the Sunday before
    ]

    got = series(marks, Span.MONTHS, TODAY)

    assert len(got.buckets) == 52
    assert got.buckets[-1] == monday
    assert all(bucket.weekday() == 0 for bucket in got.buckets)
    last_week, this_week = got.points[ALEX]
    assert (last_week.bucket, last_week.mood) == (monday - timedelta(days=7), 1.0)
    assert (this_week.bucket, this_week.mood) == (monday, 4.0)
    assert this_week.entry_ids == (marks[0].entry_id, marks[1].entry_id)
    assert SAM not in got.points


def test_marks_outside_the_span_are_left_out() -> None:
    first = buckets(Span.WEEKS, TODAY)[0]
    marks = [mark(SAM, first - timedelta(days=1), 3), mark(SAM, TODAY + timedelta(days=1), 3)]

    got = series(marks, Span.WEEKS, TODAY)

    assert got.empty
    assert got.points.get(SAM, ()) == ()


def test_a_checkin_just_after_midnight_counts_on_its_own_local_day() -> None:
    # 23:30 UTC on the 25th is 00:30 on the 26th in Berlin.
    late = datetime(2026, 11, 25, 23, 30, tzinfo=UTC)
    assert mark_of(SAM, late, 3, uuid.uuid4(), BERLIN).day == TODAY
    assert mark_of(SAM, late, 3, uuid.uuid4(), UTC).day == TODAY - timedelta(days=1)


def test_the_range_to_ask_for_runs_from_local_midnight_to_local_midnight() -> None:
    since, until = utc_range(Span.WEEKS, TODAY, BERLIN)
    assert since == datetime(2026, 10, 2, tzinfo=BERLIN)  # 56 days, today included
    assert until == datetime(2026, 11, 27, tzinfo=BERLIN)
    assert since.astimezone(UTC).hour == 22  # summer time still, on 2 October


def test_the_shipped_feelings_are_a_gentle_handful_of_plain_words() -> None:
    groups = shipped_feelings()
    words = [word for group in groups for word in group.words]
    assert 30 <= len(words) <= 40
    assert {"calm", "grateful", "tired", "lonely"} <= set(words)
    assert split_feelings(" calm, a bit tired,, ") == ["calm", "a bit tired"]


# -- on a real household --------------------------------------------------------------


def at(draft: Draft, when: datetime) -> Draft:
    return replace(draft, occurred_at=when)


def test_the_household_reads_both_partners_moods_on_their_local_days(
    household: Household, sam: PartnerInfo, alex: PartnerInfo, clock: FakeClock
) -> None:
    now = clock.now()  # Thursday 26 November, 19:30 in Berlin
    today = now.astimezone(BERLIN).date()
    entries = household.entries
    sam_today = entries.add(Draft.checkin(sam.id, 4, ["calm"]))
    # 00:20 in Berlin on Wednesday is still Tuesday in UTC.
    just_after_midnight = datetime(2026, 11, 25, 0, 20, tzinfo=BERLIN)
    alex_wed = entries.add(at(Draft.checkin(alex.id, 2, ["tired"]), just_after_midnight))
    gone = entries.add(at(Draft.checkin(alex.id, 5), now - timedelta(days=2)))
    entries.delete(gone.id)
    entries.add(at(Draft.checkin(sam.id, 1), now - timedelta(days=80)))  # before the span
    entries.add(Draft.note(sam.id, "not a check-in"))

    got = household.checkins.series(Span.WEEKS)

    assert [(p.bucket, p.mood, p.entry_ids) for p in got.points[sam.id]] == [
        (today, 4.0, (sam_today.id,))
    ]
    assert [(p.bucket, p.entry_ids) for p in got.points[alex.id]] == [
        (date(2026, 11, 25), (alex_wed.id,))
    ]
    year = household.checkins.series(Span.MONTHS)
    assert sum(len(points) for points in year.points.values()) == 3  # the old one too
    behind = household.checkins.behind([sam_today.id, gone.id])
    assert [record.id for record in behind] == [sam_today.id]


def test_feelings_are_refused_when_there_are_too_many_or_one_is_too_long(
    household: Household, sam: PartnerInfo
) -> None:
    many = [f"word{number}" for number in range(FEELINGS_MANY + 1)]
    with pytest.raises(ValidationError, match="a check-in holds up to 10"):
        household.entries.add(Draft.checkin(sam.id, 3, many))
    with pytest.raises(ValidationError, match="a feeling can be up to 30"):
        household.entries.add(Draft.checkin(sam.id, 3, ["x" * 31]))
    with pytest.raises(ValidationError, match="Pick a mood from 1 to 5"):
        household.entries.add(Draft.checkin(sam.id, 6, ["calm"]))
    assert household.entries.count() == 0
    kept = household.entries.add(Draft.checkin(sam.id, 3, many[:FEELINGS_MANY]))
    assert len(split_feelings(kept.feelings)) == FEELINGS_MANY


def test_the_moods_are_one_range_of_the_kind_and_time_index(household: Household) -> None:
    query = checkins_store.moods_query(datetime(2026, 1, 1, tzinfo=UTC), datetime.now(UTC))
    with household.database.reading() as session:
        compiled = query.compile(dialect=session.get_bind().dialect)
        params = tuple("2026-01-01" for _ in compiled.params)  # the plan needs no values
        plan = session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}", params)
        steps = " / ".join(str(row[-1]) for row in plan)

    assert "USING INDEX ix_entries_kind_time (kind=? AND occurred_at>? AND occurred_at<?)" in steps
