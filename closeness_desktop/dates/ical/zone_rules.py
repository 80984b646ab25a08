"""The changes of the clocks one observance of a ``VTIMEZONE`` describes, in counted steps.

A ``VTIMEZONE`` says when its clocks change through observances (``STANDARD``,
``DAYLIGHT``): a first change (``DTSTART``), more listed (``RDATE``), or more by a rule
(``RRULE``). Real zones only ever use yearly rules of a few shapes: "the last Sunday of
October", "the second Sunday of March", "the Sunday from the 8th to the 14th". Those are
worked out here year by year, for the years a file's events need only (a rule without
``COUNT`` starts at the first of them, not at a ``DTSTART`` in 1601 or in year 1), each
year walked and each change listed taken from the file's :class:`Steps`.

A rule of another kind (hourly, by week number, several a year by hour...) is no real
time zone, and dateutil, which icalendar would hand it to, walks such a rule from its
start on every look-up with no bound: :class:`ZoneRefused` says why instead.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from closeness_desktop.dates.ical.limits import MAX_ZONE_STEPS, ReadWork

TOO_BUSY = "changes its clocks far more often than any real time zone"
ODD_RULE = "changes its clocks by a rule no real time zone uses"
DAMAGED = "is damaged"

#: WKST changes nothing for these shapes; anything else is not a real zone's rule.
_RULE_PARTS = frozenset(
    {"FREQ", "INTERVAL", "COUNT", "UNTIL", "BYMONTH", "BYDAY", "BYMONTHDAY", "WKST"}
)
_WEEKDAY = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")
_WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class ZoneRefused(Exception):
    """A zone this file describes that can't be worked out; ``reason`` ends "…its clocks"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Steps:
    """The time-zone work one file may still do (:data:`~.limits.MAX_ZONE_STEPS`)."""

    def __init__(self, work: ReadWork, budget: int = MAX_ZONE_STEPS) -> None:
        self.work = work
        self._budget = budget

    def take(self, count: int = 1) -> None:
        self.work.zone_steps += count
        if self.work.zone_steps > self._budget:
            raise ZoneRefused(TOO_BUSY)


@dataclass(frozen=True)
class Observance:
    """One ``STANDARD`` or ``DAYLIGHT`` part, as read: its times are local wall times,
    on the clock as it was before each change (``offset_from``)."""

    start: datetime
    offset_from: timedelta
    offset_to: timedelta
    is_dst: bool
    #: The ``RRULE`` as icalendar reads it (upper-case keys, lists of values), or None.
    rule: Mapping[str, Sequence[object]] | None
    listed: tuple[datetime, ...] = ()


def onsets(observance: Observance, years: range, steps: Steps) -> list[datetime]:
    """Every change ``observance`` makes up to the end of ``years`` (wall times), and the
    last ones before ``years`` begin, so the offset in force there is known."""
    found = [observance.start, *observance.listed]
    steps.take(len(found))
    if observance.rule is not None:
        found += _by_rule(observance, observance.rule, years, steps)
    return found


def _by_rule(
    observance: Observance, rule: Mapping[str, Sequence[object]], years: range, steps: Steps
) -> list[datetime]:
    start = observance.start
    if set(rule) - _RULE_PARTS or _first(rule, "FREQ") != "YEARLY":
        raise ZoneRefused(ODD_RULE)
    interval = _number(rule, "INTERVAL") or 1
    count = _number(rule, "COUNT")
    until = _until(_first(rule, "UNTIL"), observance.offset_from)
    months = sorted({_month(month) for month in rule.get("BYMONTH", [start.month])})
    weekdays = [_weekday(value) for value in rule.get("BYDAY", [])]
    monthdays = [_monthday(value) for value in rule.get("BYMONTHDAY", [])]
    if interval < 1 or (count is not None and count < 1):  # INTERVAL=0 is read as 1 above
        raise ZoneRefused(DAMAGED)
    if "BYMONTH" not in rule and any(ordinal is not None for ordinal, _ in weekdays):
        raise ZoneRefused(ODD_RULE)  # "the 20th Monday of the year"
    last_year = years.stop - 1
    if until is not None:
        last_year = min(last_year, until.year + 1)  # + 1: the local year may be the next
    year = start.year
    if count is None and years.start - 1 > year:
        # Without COUNT, a year's changes don't depend on the years before: go straight to
        # the year before the first one needed (on the rule's INTERVAL).
        target = min(years.start - 1, last_year)
        year += max(0, (target - year) // interval) * interval
    found: list[datetime] = []
    for each_year in range(year, last_year + 1, interval):
        steps.take()
        for month in months:
            for day in _days(each_year, month, weekdays, monthdays, start.day):
                moment = datetime.combine(date(each_year, month, day), start.time())
                if moment < start:
                    continue
                if until is not None and moment - observance.offset_from > until:
                    return found
                steps.take()
                found.append(moment)
                if count is not None:
                    count -= 1
                    if count == 0:
                        return found
    return found


def _days(
    year: int,
    month: int,
    weekdays: list[tuple[int | None, int]],
    monthdays: list[int],
    default_day: int,
) -> list[int]:
    """The days of ``month`` the rule picks: by weekday (the n-th, or each), by day of
    the month, both (the days that are both), or ``DTSTART``'s own day."""
    length = calendar.monthrange(year, month)[1]
    if not weekdays and not monthdays:
        return [default_day] if default_day <= length else []
    picked = set(range(1, length + 1))
    if monthdays:
        picked &= {day if day > 0 else length + 1 + day for day in monthdays}
    if weekdays:
        by_weekday: set[int] = set()
        first_weekday = calendar.weekday(year, month, 1)
        for ordinal, weekday in weekdays:
            days = list(range((weekday - first_weekday) % 7 + 1, length + 1, 7))
            if ordinal is None:
                by_weekday.update(days)
            elif -len(days) <= ordinal <= len(days) and ordinal != 0:
                by_weekday.add(days[ordinal - 1 if ordinal > 0 else ordinal])
        picked &= by_weekday
    return sorted(picked)


def _first(rule: Mapping[str, Sequence[object]], name: str) -> object:
    values = rule.get(name) or [None]
    if len(values) != 1:
        raise ZoneRefused(DAMAGED)
    value = values[0]
    return str(value).upper() if isinstance(value, str) else value


def _number(rule: Mapping[str, Sequence[object]], name: str) -> int | None:
    value = _first(rule, name)
    return None if value is None else _integer(value)


def _until(value: object, offset_from: timedelta) -> datetime | None:
    """``UNTIL`` as a UTC wall time (RFC 5545 wants UTC here; a local one is read on the
    clock before the change, a date as the end of that day)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        if value.tzinfo is not None and value.utcoffset() is not None:
            return value.astimezone(UTC).replace(tzinfo=None)
        return value - offset_from
    if isinstance(value, date):
        return datetime.combine(value, datetime.max.time()) - offset_from
    raise ZoneRefused(DAMAGED)


def _integer(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        raise ZoneRefused(DAMAGED) from None


def _month(value: object) -> int:
    month = _integer(value)
    if not 1 <= month <= 12:
        raise ZoneRefused(DAMAGED)
    return month


def _monthday(value: object) -> int:
    """1 to 31, or -1 (the last day) to -31."""
    day = _integer(value)
    if not 1 <= abs(day) <= 31:
        raise ZoneRefused(DAMAGED)
    return day


def _weekday(value: object) -> tuple[int | None, int]:
    found = _WEEKDAY.match(str(value).strip().upper())
    if found is None:
        raise ZoneRefused(DAMAGED)
    ordinal = int(found[1]) if found[1] else None
    if ordinal is not None and not 1 <= abs(ordinal) <= 5:
        raise ZoneRefused(ODD_RULE)
    return ordinal, _WEEKDAY_CODES.index(found[2])
