"""The pure rules of special days: next dates (29 February too), countdown words, and the
dates "On this day" looks at."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from closeness_desktop import special_days as days
from closeness_desktop.records import ValidationError
from closeness_desktop.special_days import DayKind, SpecialDay

SAM = uuid.uuid4()


def day(
    on: date, kind: DayKind = DayKind.OWN, title: str = "The day we moved in", yearly: bool = True
) -> SpecialDay:
    partner = SAM if kind is DayKind.BIRTHDAY else None
    return SpecialDay(uuid.uuid4(), kind, title, on, yearly, partner)


def test_a_yearly_day_comes_this_year_or_next() -> None:
    moved = day(date(2023, 12, 8))
    assert days.next_date(moved, date(2026, 11, 26)) == date(2026, 12, 8)
    assert days.next_date(moved, date(2026, 12, 8)) == date(2026, 12, 8)
    assert days.next_date(moved, date(2026, 12, 9)) == date(2027, 12, 8)
    assert days.days_until(moved, date(2026, 11, 26)) == 12
    assert days.is_today(moved, date(2026, 12, 8))
    assert not days.is_today(moved, date(2026, 12, 7))


def test_the_29th_of_february_falls_on_the_28th_in_other_years() -> None:
    leapling = day(date(2024, 2, 29), DayKind.BIRTHDAY, "Birthday")
    assert days.next_date(leapling, date(2025, 1, 10)) == date(2025, 2, 28)
    assert days.is_today(leapling, date(2027, 2, 28))
    assert not days.is_today(leapling, date(2027, 3, 1))
    assert days.next_date(leapling, date(2027, 3, 1)) == date(2028, 2, 29)
    # In a leap year the day is the 29th itself, not the 28th.
    assert not days.is_today(leapling, date(2028, 2, 28))
    assert days.is_today(leapling, date(2028, 2, 29))
    assert days.years_since(leapling, date(2028, 2, 29)) == 4


def test_a_once_day_gives_no_countdown_once_it_is_past() -> None:
    trip = day(date(2026, 12, 20), title="Our trip to Lisbon", yearly=False)
    assert days.countdown(trip, date(2026, 12, 1)) == "Our trip to Lisbon in 19 days"
    assert days.countdown(trip, date(2026, 12, 21)) is None
    assert days.upcoming([trip], date(2026, 12, 21)) == []


def test_countdown_words() -> None:
    anniversary = day(date(2021, 12, 8), DayKind.ANNIVERSARY, "Our anniversary")
    birthday = day(date(1994, 11, 27), DayKind.BIRTHDAY, "Birthday")
    moved = day(date(2023, 11, 26))
    today = date(2026, 11, 26)
    assert days.countdown(anniversary, today) == "Our anniversary in 12 days"
    assert days.countdown(birthday, today, "Sam") == "Sam's birthday is tomorrow"
    assert days.countdown(moved, today) == "Today: the day we moved in, 3 years ago"
    assert (
        days.countdown(anniversary, date(2026, 12, 8)) == "Today: our anniversary, 5 years together"
    )
    assert days.countdown(birthday, date(2026, 11, 27), "Sam") == "Today: Sam's birthday"
    # A name of the couple's own keeps its capital.
    lisbon = day(date(2020, 11, 26), title="Lisbon")
    assert days.countdown(lisbon, today) == "Today: Lisbon, 6 years ago"


def test_greeting_lines_on_the_day() -> None:
    today = date(2026, 12, 8)
    anniversary = day(date(2021, 12, 8), DayKind.ANNIVERSARY, "Our anniversary")
    assert (
        days.greeting_line(anniversary, today, None, SAM)
        == "Happy 5th anniversary: 5 years together today."
    )
    birthday = day(date(1994, 12, 8), DayKind.BIRTHDAY, "Birthday")
    assert days.greeting_line(birthday, today, "Sam", SAM) == "Happy birthday! Today is all yours."
    assert "Sam's birthday" in days.greeting_line(birthday, today, "Sam", uuid.uuid4())


@pytest.mark.parametrize(
    ("number", "word"), [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (22, "22nd")]
)
def test_ordinals(number: int, word: str) -> None:
    assert days.ordinal(number) == word


def test_upcoming_is_soonest_first() -> None:
    later = day(date(2020, 3, 1), title="Later")
    sooner = day(date(2020, 12, 1), title="Sooner")
    found = days.upcoming([later, sooner], date(2026, 11, 26), limit=1)
    assert [(item.day.title, item.days_until) for item in found] == [("Sooner", 5)]


def check(kind: str, title: str, on: date, *, yearly: bool = True, partner: bool = False) -> object:
    return days.check(kind, title, on, yearly=yearly, has_partner=partner, today=date(2026, 11, 26))


def test_check_says_what_to_change() -> None:
    with pytest.raises(ValidationError, match="Give the day a name"):
        check("own", "   ", date(2020, 1, 1))
    with pytest.raises(ValidationError, match="still to come"):
        check("anniversary", "Ours", date(2027, 1, 1))
    with pytest.raises(ValidationError, match="whose birthday"):
        check("birthday", "Birthday", date(1990, 1, 1))
    with pytest.raises(ValidationError, match="Only a birthday"):
        check("own", "Ours", date(1990, 1, 1), partner=True)
    with pytest.raises(ValidationError, match="one of: anniversary"):
        check("holiday", "Ours", date(2020, 1, 1))
    with pytest.raises(ValidationError, match="check the year"):
        check("own", "Ours", date(1066, 10, 14))
    # A day ahead, once, is fine; so is a "once" day in the past (a memory of it).
    assert check("own", " Lisbon  trip ", date(2027, 5, 1), yearly=False) == (
        DayKind.OWN,
        "Lisbon trip",
    )
    assert check("own", "Wedding", date(2019, 5, 1), yearly=False) == (DayKind.OWN, "Wedding")


def test_on_this_day_looks_at_every_earlier_year_newest_first() -> None:
    assert days.on_this_day_dates(date(2026, 11, 26), 2023) == [
        date(2025, 11, 26),
        date(2024, 11, 26),
        date(2023, 11, 26),
    ]
    assert days.on_this_day_dates(date(2026, 11, 26), 2026) == []


def test_on_this_day_and_the_29th_of_february() -> None:
    # On the 28th of a year without a 29th, the 29ths of leap years come along.
    assert days.on_this_day_dates(date(2027, 2, 28), 2023) == [
        date(2026, 2, 28),
        date(2025, 2, 28),
        date(2024, 2, 29),
        date(2024, 2, 28),
        date(2023, 2, 28),
    ]
    # In a leap year the 28th is only the 28ths: the 29ths have a day of their own.
    assert date(2024, 2, 29) not in days.on_this_day_dates(date(2028, 2, 28), 2020)
    # On the 29th itself, only the 29ths.
    assert days.on_this_day_dates(date(2028, 2, 29), 2019) == [date(2024, 2, 29), date(2020, 2, 29)]


def test_memories_words() -> None:
    assert days.memories_words(1) == "On this day: 1 memory"
    assert days.memories_words(3) == "On this day: 3 memories"
