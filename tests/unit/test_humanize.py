"""Times in human words, as seen from Berlin."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from closeness_desktop.humanize import (
    MOOD_WORDS,
    UPCOMING_KEY,
    day_name,
    describe_entry,
    distance,
    found,
    group_key,
    group_label,
    headline,
    month_name,
    mood_word,
    short_day,
    stamp,
    when,
)
from closeness_desktop.store.models import EntryKind
from closeness_desktop.store.timeline import EntryRecord

BERLIN = ZoneInfo("Europe/Berlin")
#: Thursday 26 November 2026, 19:30 in Berlin.
NOW = datetime(2026, 11, 26, 19, 30, tzinfo=BERLIN)
TODAY = NOW.date()


def berlin(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN)


def utc(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (berlin(2026, 11, 26, 8, 15), "today 08:15"),
        (berlin(2026, 11, 26, 23, 59), "today 23:59"),
        (berlin(2026, 11, 25, 22, 0), "yesterday 22:00"),
        (berlin(2026, 11, 27, 19, 0), "tomorrow 19:00"),
        (berlin(2026, 11, 23, 10, 0), "Monday 10:00"),
        (berlin(2026, 11, 20, 9, 30), "Friday 09:30"),
        (berlin(2026, 11, 19), "last Thursday"),
        (berlin(2026, 11, 17), "last Tuesday"),
        (berlin(2026, 11, 13), "last Friday"),
        (berlin(2026, 11, 12), "2 weeks ago"),
        (berlin(2026, 10, 26), "4 weeks ago"),
        (berlin(2026, 10, 13), "6 weeks ago"),
        (berlin(2026, 10, 12), "1 month ago"),
        (berlin(2026, 5, 26), "6 months ago"),
        (berlin(2026, 5, 27), "5 months ago"),
        (berlin(2025, 12, 1), "11 months ago"),
        (berlin(2025, 11, 26), "1 year ago"),
        (berlin(2024, 11, 27), "1 year ago"),
        (berlin(2023, 1, 10), "3 years ago"),
        (berlin(1999, 6, 1), "27 years ago"),
        (berlin(2026, 11, 28, 20, 0), "this Saturday 20:00"),  # ahead: never a bare day
        (berlin(2026, 12, 2, 18, 0), "this Wednesday 18:00"),
        (berlin(2026, 12, 3, 19, 0), "3 December 19:00"),
        (berlin(2026, 12, 24, 18, 0), "24 December 18:00"),
        (berlin(2027, 2, 14, 20, 0), "Sunday 14 February 2027"),
    ],
)
def test_when_says_it_like_a_person(moment: datetime, expected: str) -> None:
    assert when(moment, NOW, BERLIN) == expected


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (berlin(2026, 11, 26), "today"),
        (berlin(2026, 11, 25), "yesterday"),
        (berlin(2026, 11, 23), "Monday"),
        (berlin(2026, 12, 3), "3 December"),
    ],
)
def test_all_day_entries_have_no_clock_time(moment: datetime, expected: str) -> None:
    assert when(moment, NOW, BERLIN, all_day=True) == expected


def test_when_reads_the_moment_in_the_household_zone() -> None:
    # 23:30 UTC on the 26th is already 00:30 on the 27th in Berlin.
    assert when(utc(2026, 11, 26, 23, 30), NOW, BERLIN) == "tomorrow 00:30"
    assert when(utc(2026, 11, 26, 23, 30), NOW.astimezone(UTC), BERLIN) == "tomorrow 00:30"


def test_just_after_midnight_the_evening_before_is_yesterday() -> None:
    now = berlin(2026, 11, 27, 0, 10)  # still the 26th in UTC

    assert when(berlin(2026, 11, 26, 23, 50), now, BERLIN) == "yesterday 23:50"
    assert when(berlin(2026, 11, 27, 0, 5), now, BERLIN) == "today 00:05"


def test_just_before_midnight_the_early_morning_is_tomorrow() -> None:
    now = berlin(2026, 11, 26, 23, 55)

    assert when(berlin(2026, 11, 27, 0, 5), now, BERLIN) == "tomorrow 00:05"
    assert when(berlin(2026, 11, 26, 0, 5), now, BERLIN) == "today 00:05"


def test_the_spring_dst_change_keeps_days_and_clock_times_right() -> None:
    # Sunday 29 March 2026: clocks jump from 02:00 CET to 03:00 CEST.
    now = berlin(2026, 3, 29, 10, 0)

    assert when(utc(2026, 3, 29, 0, 30), now, BERLIN) == "today 01:30"
    assert when(utc(2026, 3, 29, 1, 30), now, BERLIN) == "today 03:30"
    assert when(utc(2026, 3, 28, 22, 30), now, BERLIN) == "yesterday 23:30"
    # Just after midnight on Monday: Saturday noon is 2 calendar days back, not 1.5 days.
    assert when(berlin(2026, 3, 28, 12, 0), berlin(2026, 3, 30, 0, 30), BERLIN) == (
        "Saturday 12:00"
    )


def test_the_autumn_dst_change_shows_both_half_past_twos() -> None:
    # Sunday 25 October 2026: clocks go back from 03:00 CEST to 02:00 CET.
    now = berlin(2026, 10, 25, 12, 0)

    assert when(utc(2026, 10, 25, 0, 30), now, BERLIN) == "today 02:30"
    assert when(utc(2026, 10, 25, 1, 30), now, BERLIN) == "today 02:30"
    assert when(utc(2026, 10, 24, 21, 45), berlin(2026, 10, 26, 0, 30), BERLIN) == (
        "Saturday 23:45"
    )


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 11, 26), "Today · Thursday 26 November 2026"),
        (date(2026, 11, 25), "Yesterday · Wednesday 25 November 2026"),
        (date(2026, 11, 27), "Upcoming"),
        (date(2027, 2, 14), "Upcoming"),
        (date(2026, 11, 23), "Monday 23 November 2026"),
        (date(2026, 11, 19), "Thursday 19 November 2026"),
        (date(2026, 10, 27), "Tuesday 27 October 2026"),
        (date(2026, 10, 26), "October 2026"),
        (date(2025, 3, 5), "March 2025"),
    ],
)
def test_group_label(day: date, expected: str) -> None:
    assert group_label(day, TODAY) == expected


def test_every_day_header_is_one_full_date_format() -> None:
    """ "Weekday day Month year", the same for the first week as for the weeks after."""
    for back in range(31):
        day = date.fromordinal(TODAY.toordinal() - back)
        assert group_label(day, TODAY).endswith(day_name(day))


def test_recent_days_are_grouped_by_day_and_older_ones_by_month() -> None:
    assert group_key(date(2026, 11, 26), TODAY) == (2026, 11, 26)
    assert group_key(date(2026, 10, 27), TODAY) == (2026, 10, 27)
    assert group_key(date(2026, 10, 26), TODAY) == (2026, 10, 0)
    assert group_key(date(2026, 10, 1), TODAY) == group_key(date(2026, 10, 26), TODAY)
    assert group_key(date(2026, 9, 30), TODAY) != group_key(date(2026, 10, 1), TODAY)


def test_the_whole_future_is_one_upcoming_group_above_today() -> None:
    tomorrow, next_year = date(2026, 11, 27), date(2027, 1, 5)

    assert group_key(tomorrow, TODAY) == group_key(next_year, TODAY) == UPCOMING_KEY
    assert group_key(tomorrow, TODAY) > group_key(TODAY, TODAY)


def test_one_header_per_group_label() -> None:
    """Days under one key share one label, so a header never repeats or changes midway."""
    days = [date.fromordinal(TODAY.toordinal() - back) for back in range(-10, 400)]
    labels: dict[tuple[int, int, int], set[str]] = {}
    for day in days:
        labels.setdefault(group_key(day, TODAY), set()).add(group_label(day, TODAY))

    assert all(len(names) == 1 for names in labels.values())


def test_day_and_month_names() -> None:
    assert day_name(date(2026, 2, 14)) == "Saturday 14 February 2026"
    assert month_name(date(2026, 2, 14)) == "February 2026"


def _record(kind: EntryKind, **fields: object) -> EntryRecord:
    values: dict[str, object] = {
        "id": uuid.uuid4(),
        "seq": 1,
        "kind": kind,
        "author_id": uuid.uuid4(),
        "addressee_id": None,
        "title": "",
        "body": "",
        "place": "",
        "occurred_at": NOW,
        "ends_at": None,
        "all_day": False,
        "mood": None,
        "feelings": "",
        "delivered_at": None,
        "created_at": NOW,
        "updated_at": NOW,
        "deleted_at": None,
        "version": 1,
    }
    values.update(fields)
    return EntryRecord(**values)  # type: ignore[arg-type]


def test_headline_of_each_kind() -> None:
    assert headline(_record(EntryKind.NOTE, body="First line\nsecond")) == "First line"
    assert headline(_record(EntryKind.MEMORY, title="Lisbon", body="tram 28")) == "Lisbon"
    assert headline(_record(EntryKind.CHECKIN, mood=4, feelings="calm")) == "Feeling good · calm"
    assert headline(_record(EntryKind.CHECKIN, mood=2)) == "Feeling low"
    # Words, not a score: a check-in reads "Feeling heavy", never "1/5".
    assert [mood_word(mood) for mood in (1, 2, 3, 4, 5)] == list(MOOD_WORDS)
    assert (mood_word(3.4), mood_word(3.5), mood_word(4.75)) == ("okay", "good", "wonderful")


def test_describe_entry_names_people_and_shortens_long_text() -> None:
    sam, alex = uuid.uuid4(), uuid.uuid4()
    note = _record(EntryKind.NOTE, author_id=sam, addressee_id=alex, body="word " * 40)

    line = describe_entry(note, {sam: "Sam", alex: "Alex"}, NOW, BERLIN)

    assert line.startswith("       today 19:30  Love note   Sam to Alex: word word")
    assert line.endswith("…")
    assert len(line.split(": ", 1)[1]) == 80


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (berlin(2026, 11, 26, 8, 15), "Today, 08:15"),
        (berlin(2026, 11, 25, 22, 0), "Yesterday, 22:00"),
        (berlin(2026, 11, 23, 10, 0), "Monday, 10:00"),
        (berlin(2026, 11, 20, 9, 30), "Friday, 09:30"),
        # Older than a week: the day itself, and how long ago beside it.
        (berlin(2026, 11, 19, 19, 0), "Thu 19 November, 19:00 · 1 week ago"),
        (berlin(2026, 11, 12, 8, 0), "Thu 12 November, 08:00 · 2 weeks ago"),
        (berlin(2026, 10, 12, 8, 0), "Mon 12 October, 08:00 · 1 month ago"),
        (berlin(2025, 12, 1, 21, 5), "Mon 1 December 2025, 21:05 · 11 months ago"),
        (berlin(2020, 3, 14, 19, 20), "Sat 14 March 2020, 19:20 · 6 years ago"),
        # The future never reads like a past day.
        (berlin(2026, 11, 27, 19, 0), "Tomorrow, 19:00"),
        (berlin(2026, 11, 28, 20, 0), "This Saturday, 20:00"),
        (berlin(2026, 12, 2, 18, 0), "This Wednesday, 18:00"),
        (berlin(2026, 12, 4, 19, 0), "Fri 4 December, 19:00 · in 1 week"),
        (berlin(2027, 2, 14, 20, 0), "Sun 14 February 2027, 20:00 · in 2 months"),
        (berlin(2028, 6, 1, 20, 0), "Thu 1 June 2028, 20:00 · in 1 year"),
    ],
)
def test_a_card_stamp_says_the_day(moment: datetime, expected: str) -> None:
    assert stamp(moment, NOW, BERLIN) == expected


def test_an_all_day_stamp_has_no_clock_time() -> None:
    assert stamp(berlin(2026, 11, 26), NOW, BERLIN, all_day=True) == "Today"
    assert stamp(berlin(2026, 11, 28), NOW, BERLIN, all_day=True) == "This Saturday"
    assert stamp(berlin(2020, 3, 14), NOW, BERLIN, all_day=True) == (
        "Sat 14 March 2020 · 6 years ago"
    )


def test_a_stamp_reads_the_day_in_the_household_zone() -> None:
    # 23:30 UTC on the 26th is already 00:30 on the 27th in Berlin.
    assert stamp(utc(2026, 11, 26, 23, 30), NOW.astimezone(UTC), BERLIN) == "Tomorrow, 00:30"


def test_short_day_and_distance() -> None:
    assert short_day(date(2026, 12, 4), TODAY) == "Fri 4 December"
    assert short_day(date(2020, 3, 14), TODAY) == "Sat 14 March 2020"
    assert distance(date(2026, 11, 19), TODAY) == "1 week ago"
    assert distance(date(2026, 12, 30), TODAY) == "in 4 weeks"
    assert distance(date(2027, 1, 15), TODAY) == "in 1 month"
    assert distance(date(2016, 11, 27), TODAY) == "9 years ago"


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({}, "Nothing found"),
        ({EntryKind.NOTE: 1}, "1 note"),
        ({EntryKind.MEMORY: 1}, "1 memory"),
        ({EntryKind.NOTE: 30, EntryKind.MEMORY: 7}, "37 notes and memories"),
        (
            {EntryKind.CHECKIN: 2, EntryKind.NOTE: 1, EntryKind.PLAN: 1},
            "4 notes, date nights and check-ins",
        ),
        ({EntryKind.GOODBYE: 1200}, "1,200 goodbyes"),
    ],
)
def test_what_a_search_found_in_words(counts: dict[EntryKind, int], expected: str) -> None:
    assert found(counts) == expected
