"""A repeat rule in plain words: "every other Friday", "the first Saturday of each month"."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from closeness_desktop.dates.model.plan import Weekday
from closeness_desktop.dates.model.rrule import Frequency, RecurrenceRule

_ORDINAL_WORDS = {
    1: "first",
    2: "second",
    3: "third",
    4: "fourth",
    5: "fifth",
    -1: "last",
    -2: "second-to-last",
}
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_WEEKEND = frozenset({Weekday.SATURDAY, Weekday.SUNDAY})
_WORKDAYS = frozenset(Weekday) - _WEEKEND


def describe(rrule: str, *, start: datetime | None = None) -> str:
    """The rule in plain words, e.g. "every other Friday" or "the first Saturday of each
    month". ``start`` fills in what the rule leaves to the plan's start date (the weekday
    of a weekly rule, the day of a monthly or yearly one). Raises ``PlanError``."""
    rule = RecurrenceRule.parse(rrule)
    return _describe_pattern(rule, start) + _describe_end(rule, start)


def _describe_pattern(rule: RecurrenceRule, start: datetime | None) -> str:
    # WKST only decides where a week begins; it doesn't change how the rule reads.
    if rule.by_set_pos or rule.by_week_no or rule.by_year_day:
        return _describe_set_pos(rule) or "on a custom schedule"
    if rule.freq is Frequency.DAILY:
        return _describe_daily(rule)
    if rule.freq is Frequency.WEEKLY:
        return _describe_weekly(rule, start)
    if rule.freq is Frequency.MONTHLY:
        return _describe_monthly(rule, start)
    return _describe_yearly(rule, start)


def _describe_daily(rule: RecurrenceRule) -> str:
    if not rule.by_day:
        return _every(rule.interval, "day")
    days = frozenset(weekday for _, weekday in rule.by_day)
    if rule.interval != 1:
        return "on a custom schedule"
    if days == _WORKDAYS:
        return "every weekday"
    if days == _WEEKEND:
        return "every Saturday and Sunday"
    return "every " + _join(_day_name(day) for day in sorted(days))


def _describe_weekly(rule: RecurrenceRule, start: datetime | None) -> str:
    days = sorted({weekday for _, weekday in rule.by_day})
    if not days and start is not None:
        days = [Weekday(start.weekday())]
    if not days:
        return _every(rule.interval, "week")
    names = _join(_day_name(day) for day in days)
    if rule.interval == 1:
        return f"every {names}"
    if rule.interval == 2:
        return f"every other {names}"
    return f"every {rule.interval} weeks on {names}"


def _describe_monthly(rule: RecurrenceRule, start: datetime | None) -> str:
    months = _each(rule.interval, "month")
    if rule.by_month or len(rule.by_day) > 1 or len(rule.by_month_day) > 1:
        return "on a custom schedule"
    if rule.by_day and rule.by_month_day:
        return "on a custom schedule"
    if rule.by_day:
        ordinal, weekday = rule.by_day[0]
        if ordinal == 0:
            return f"every {_day_name(weekday)} of {months}"
        if ordinal not in _ORDINAL_WORDS:
            return "on a custom schedule"
        return f"the {_ORDINAL_WORDS[ordinal]} {_day_name(weekday)} of {months}"
    day = rule.by_month_day[0] if rule.by_month_day else (start.day if start else None)
    if day is None:
        return _every(rule.interval, "month")
    if day == -1:
        return f"the last day of {months}"
    if day < 0:
        return "on a custom schedule"
    text = f"the {_day_ordinal(day)} of {months}"
    if day > 28:
        text += f" (skipped in months without a {_day_ordinal(day)})"
    return text


def _describe_yearly(rule: RecurrenceRule, start: datetime | None) -> str:
    every = _every(rule.interval, "year")
    if len(rule.by_month) > 1 or len(rule.by_day) > 1 or len(rule.by_month_day) > 1:
        return "on a custom schedule"
    month = rule.by_month[0] if rule.by_month else (start.month if start else None)
    if rule.by_day:
        ordinal, weekday = rule.by_day[0]
        if month is None or ordinal not in _ORDINAL_WORDS or rule.by_month_day:
            return "on a custom schedule"
        ordinal_word = _ORDINAL_WORDS[ordinal]
        return f"the {ordinal_word} {_day_name(weekday)} of {_month_name(month)}, {every}"
    day = rule.by_month_day[0] if rule.by_month_day else (start.day if start else None)
    if month is None or day is None or day < 0:
        return every if not (rule.by_month or rule.by_month_day) else "on a custom schedule"
    text = f"{every} on {day} {_month_name(month)}"
    if (month, day) == (2, 29):
        text += " (only in leap years)"
    return text


def _describe_set_pos(rule: RecurrenceRule) -> str | None:
    """Some programs write "the first Saturday" as ``BYDAY=SA;BYSETPOS=1``."""
    plain = (
        rule.freq is Frequency.MONTHLY
        and len(rule.by_day) == 1
        and rule.by_day[0][0] == 0
        and len(rule.by_set_pos) == 1
        and rule.by_set_pos[0] in _ORDINAL_WORDS
        and not (rule.by_month or rule.by_month_day or rule.by_week_no or rule.by_year_day)
    )
    if not plain:
        return None
    position = rule.by_set_pos[0]
    weekday = rule.by_day[0][1]
    return f"the {_ORDINAL_WORDS[position]} {_day_name(weekday)} of {_each(rule.interval, 'month')}"


def _describe_end(rule: RecurrenceRule, start: datetime | None) -> str:
    if rule.count is not None:
        return ", once" if rule.count == 1 else f", {rule.count} times"
    if rule.until is not None:
        day = rule.until.day
        if rule.until.utc and isinstance(start, datetime) and isinstance(start.tzinfo, ZoneInfo):
            # A UTC end is the last local day's midnight hour somewhere: say the local day.
            day = rule.until.local(start.tzinfo).date()
        return f", until {day.day} {_month_name(day.month)} {day.year}"
    return ""


def _every(interval: int, unit: str) -> str:
    if interval == 1:
        return f"every {unit}"
    if interval == 2:
        return f"every other {unit}"
    return f"every {interval} {unit}s"


def _each(interval: int, unit: str) -> str:
    if interval == 1:
        return f"each {unit}"
    if interval == 2:
        return f"every other {unit}"
    return f"every {interval} {unit}s"


def _join(words: Iterable[str]) -> str:
    items = list(words)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _day_name(weekday: Weekday) -> str:
    return weekday.name.capitalize()


def _month_name(month: int) -> str:
    return _MONTH_NAMES[month - 1]


def _day_ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"
