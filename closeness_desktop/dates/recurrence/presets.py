"""Writing repeat rules: presets for the usual patterns, and any rule in canonical form."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date
from zoneinfo import ZoneInfo

from closeness_desktop.dates.model.plan import MIN_YEAR, Weekday
from closeness_desktop.dates.model.rrule import Frequency, RecurrenceRule, Until
from closeness_desktop.dates.recurrence.expansion import LAST_YEAR


def every_n_weeks(weekday: Weekday | int, n: int = 1) -> str:
    """Every ``n`` weeks on ``weekday``: ``every_n_weeks(Weekday.FRIDAY, 2)`` is
    ``FREQ=WEEKLY;INTERVAL=2;BYDAY=FR``, "every other Friday"."""
    _require_interval(n)
    rule = RecurrenceRule(Frequency.WEEKLY, interval=n, by_day=((0, Weekday(weekday)),))
    return rule.to_rrule()


def monthly_nth_weekday(n: int, weekday: Weekday | int) -> str:
    """The ``n``-th ``weekday`` of each month; ``n`` is 1 to 4, or -1 for the last one.

    ``monthly_nth_weekday(1, Weekday.SATURDAY)`` is "the first Saturday of each month".
    """
    if n not in (1, 2, 3, 4, -1):
        raise ValueError(f"n must be 1, 2, 3, 4 or -1, not {n}")
    return RecurrenceRule(Frequency.MONTHLY, by_day=((n, Weekday(weekday)),)).to_rrule()


def monthly_on_day(day: int) -> str:
    """The ``day``-th of each month (1 to 31), or the last day with ``day=-1``.

    Months without that day are skipped: the 31st happens seven times a year.
    """
    if not (1 <= day <= 31 or day == -1):
        raise ValueError(f"day must be 1 to 31 or -1, not {day}")
    return RecurrenceRule(Frequency.MONTHLY, by_month_day=(day,)).to_rrule()


def yearly() -> str:
    """Once a year, on the plan's start date (29 February: leap years only)."""
    return RecurrenceRule(Frequency.YEARLY).to_rrule()


def _require_interval(n: int) -> None:
    if not 1 <= n <= 52:
        raise ValueError(f"n must be between 1 and 52, not {n}")


def normalize_rrule(rrule: str, *, zone: str, all_day: bool) -> str:
    """``rrule`` with its parts in canonical order and ``UNTIL`` in the form RFC 5545
    wants: a date for all-day plans, a UTC time otherwise. Raises ``PlanError``."""
    rule = RecurrenceRule.parse(rrule)
    until = rule.until
    if until is not None and MIN_YEAR <= until.day.year < LAST_YEAR:
        last = until.local(ZoneInfo(zone))
        if all_day:
            until = Until(last.date())
        else:
            last = last.astimezone(UTC)
            until = Until(last.date(), last.time(), utc=True)
    return dataclasses.replace(rule, until=until).to_rrule()


def repeat_end(rrule: str, zone: str) -> tuple[int | None, date | None]:
    """How ``rrule`` ends: ``(count, None)`` after so many dates, ``(None, last day)`` on a
    day (the local day, in ``zone``, of its ``UNTIL``), ``(None, None)`` never."""
    rule = RecurrenceRule.parse(rrule)
    if rule.until is None:
        return rule.count, None
    if not MIN_YEAR <= rule.until.day.year < LAST_YEAR:
        return None, rule.until.day
    return None, rule.until.local(ZoneInfo(zone)).date()


def with_repeat_end(
    rrule: str, *, count: int | None = None, until: date | None = None, zone: str, all_day: bool
) -> str:
    """``rrule`` ending after ``count`` dates, or with the last on ``until`` (that whole
    local day), or never (both None): a ``COUNT`` or an ``UNTIL``, never both."""
    if count is not None and until is not None:
        raise ValueError("a repeat ends after a number of dates or on a day, not both")
    if count is not None and count < 1:
        raise ValueError("a repeat that ends after a number of dates has at least one")
    rule = dataclasses.replace(
        RecurrenceRule.parse(rrule), count=count, until=Until(until) if until else None
    )
    return normalize_rrule(rule.to_rrule(), zone=zone, all_day=all_day)
