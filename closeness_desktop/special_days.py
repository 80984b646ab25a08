"""Special days: when each comes next (29 February too), and the words that count down to it.

Pure: dates and names in, dates and words out. "Today" is always the household's local
date, passed in; nothing here reads the clock.
"""

from __future__ import annotations

import calendar
import enum
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from closeness_desktop.records import ValidationError

#: Before this year a date is almost surely a slip of the keyboard.
EARLIEST_YEAR = 1900
#: Words at the start of a title that may lose their capital inside a sentence.
_SOFT_STARTS = frozenset({"the", "our", "a", "an", "my", "when", "that"})


class DayKind(enum.StrEnum):
    ANNIVERSARY = "anniversary"
    BIRTHDAY = "birthday"  # of a partner: partner_id says whose
    OWN = "own"  # the couple's own days: a first date, moving in


KIND_WORDS = {
    DayKind.ANNIVERSARY: "Anniversary",
    DayKind.BIRTHDAY: "Birthday",
    DayKind.OWN: "Our own day",
}


@dataclass(frozen=True, slots=True)
class SpecialDay:
    """One special day as the household keeps it (detached from the database)."""

    id: uuid.UUID
    kind: DayKind
    title: str
    on_date: date
    yearly: bool = True
    partner_id: uuid.UUID | None = None
    version: int = 1


@dataclass(frozen=True, slots=True)
class Upcoming:
    """A special day and when it comes next."""

    day: SpecialDay
    on: date
    days_until: int


def in_year(day: date, year: int) -> date:
    """``day``'s month and day in ``year``.

    29 February falls on 28 February in years without one: the last day of February is
    the nearest day that is still in the right month, and a birthday kept on 1 March
    would feel a day late.
    """
    if day.month == 2 and day.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return day.replace(year=year)


def next_date(day: SpecialDay, today: date) -> date | None:
    """When ``day`` comes next, today included; None for a "once" day already past."""
    if not day.yearly:
        return day.on_date if day.on_date >= today else None
    if today.year < day.on_date.year:  # a yearly day that has not begun yet
        return day.on_date
    this_year = in_year(day.on_date, today.year)
    return this_year if this_year >= today else in_year(day.on_date, today.year + 1)


def days_until(day: SpecialDay, today: date) -> int | None:
    coming = next_date(day, today)
    return None if coming is None else (coming - today).days


def is_today(day: SpecialDay, today: date) -> bool:
    return next_date(day, today) == today


def years_since(day: SpecialDay, on: date) -> int:
    """How many years ``day`` is old on ``on`` (its 5th anniversary: 5)."""
    return on.year - day.on_date.year


def upcoming(days: Iterable[SpecialDay], today: date, limit: int | None = None) -> list[Upcoming]:
    """The days still to come (today included), soonest first; past "once" days left out."""
    found = []
    for day in days:
        coming = next_date(day, today)
        if coming is not None:
            found.append(Upcoming(day, coming, (coming - today).days))
    found.sort(key=lambda item: (item.on, item.day.title.casefold()))
    return found if limit is None else found[:limit]


def ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _years(count: int) -> str:
    return "1 year" if count == 1 else f"{count} years"


def _in_sentence(title: str) -> str:
    """``title`` as it reads after "Today: " ("The day we moved in": "the day we moved in")."""
    first, _, rest = title.partition(" ")
    if first.casefold() in _SOFT_STARTS and first[:1].isupper() and first[1:].islower():
        return f"{first.lower()} {rest}".rstrip()
    return title


def name_of(day: SpecialDay, partner_name: str | None = None) -> str:
    """What the day is called at the start of a sentence ("Sam's birthday")."""
    if day.kind is DayKind.BIRTHDAY and partner_name:
        return f"{partner_name}'s birthday"
    return day.title[:1].upper() + day.title[1:]


def countdown(day: SpecialDay, today: date, partner_name: str | None = None) -> str | None:
    """The words that count down to ``day``: "Our anniversary in 12 days", "Sam's birthday
    is tomorrow", "Today: the day we moved in, 3 years ago"; None once it will not come."""
    coming = next_date(day, today)
    if coming is None:
        return None
    left = (coming - today).days
    name = name_of(day, partner_name)
    if left > 1:
        return f"{name} in {left} days"
    if left == 1:
        return f"{name} is tomorrow"
    years = years_since(day, today)
    today_name = name if day.kind is DayKind.BIRTHDAY else _in_sentence(name)
    if not day.yearly or years < 1:
        return f"Today: {today_name}"
    if day.kind is DayKind.ANNIVERSARY:
        return f"Today: {today_name}, {_years(years)} together"
    if day.kind is DayKind.OWN:
        return f"Today: {today_name}, {_years(years)} ago"
    return f"Today: {today_name}"


def greeting_line(
    day: SpecialDay, today: date, partner_name: str | None, greeted_id: uuid.UUID | None
) -> str:
    """The arrival greeting's line on the day itself (``greeted_id``: who arrives)."""
    years = years_since(day, today) if day.yearly else 0
    if day.kind is DayKind.BIRTHDAY:
        if day.partner_id is not None and day.partner_id == greeted_id:
            return "Happy birthday! Today is all yours."
        who = f"{partner_name}'s" if partner_name else "a"
        return f"Today is {who} birthday: a good day to make a fuss."
    if day.kind is DayKind.ANNIVERSARY:
        if years >= 1:
            return f"Happy {ordinal(years)} anniversary: {_years(years)} together today."
        return f"Today is {_in_sentence(name_of(day))}. Happy anniversary."
    if years >= 1:
        return f"Today is {_in_sentence(name_of(day))}, {_years(years)} ago."
    return f"Today is {_in_sentence(name_of(day))}."


def check(
    kind: DayKind | str, title: str, on_date: date, *, yearly: bool, has_partner: bool, today: date
) -> tuple[DayKind, str]:
    """The kind and tidied title of a day a person entered, or :class:`ValidationError`
    saying what to change."""
    try:
        kind = DayKind(kind)
    except ValueError:
        choices = ", ".join(each.value for each in DayKind)
        raise ValidationError(f"A special day is one of: {choices}.") from None
    title = " ".join(title.split())
    if not title:
        raise ValidationError("Give the day a name, like “Our anniversary”.")
    if on_date.year < EARLIEST_YEAR:
        raise ValidationError(f"{on_date:%-d %B %Y} is very long ago; check the year.")
    if kind is DayKind.BIRTHDAY and not has_partner:
        raise ValidationError("Say whose birthday it is.")
    if kind is not DayKind.BIRTHDAY and has_partner:
        raise ValidationError("Only a birthday belongs to one of you.")
    if on_date > today and (yearly or kind is not DayKind.OWN):
        what = {
            DayKind.ANNIVERSARY: "An anniversary counts from a day that has happened",
            DayKind.BIRTHDAY: "A birthday is a day that has happened",
            DayKind.OWN: "A yearly day counts from a day that has happened",
        }[kind]
        raise ValidationError(
            f"{what}, and {on_date:%-d %B %Y} is still to come. "
            "For a day ahead, choose “our own day”, once."
        )
    return kind, title


def on_this_day_dates(today: date, earliest_year: int) -> list[date]:
    """The dates "On this day" looks at: ``today``'s month and day in every earlier year
    down to ``earliest_year``, newest first.

    29 February: on 28 February of a year without one, the 29ths of leap years are shown
    too (their day would never come); on 29 February itself only the 29ths.
    """
    found: list[date] = []
    leap_day = today.month == 2 and today.day == 29
    lone_28th = today.month == 2 and today.day == 28 and not calendar.isleap(today.year)
    for year in range(today.year - 1, earliest_year - 1, -1):
        if leap_day:
            if calendar.isleap(year):
                found.append(date(year, 2, 29))
            continue
        if lone_28th and calendar.isleap(year):
            found.append(date(year, 2, 29))
        found.append(today.replace(year=year))
    return found


def memories_words(count: int) -> str:
    return "On this day: 1 memory" if count == 1 else f"On this day: {count} memories"


def sorted_days(days: Sequence[SpecialDay]) -> list[SpecialDay]:
    """In calendar order (month, day), as a settings list shows them."""
    return sorted(days, key=lambda day: (day.on_date.month, day.on_date.day, day.title.casefold()))
