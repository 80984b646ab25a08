"""The RRULE grammar: the small, strict subset of RFC 5545 repeat rules we keep.

A date night repeats at most daily, and the parts of the RFC that could describe
several times a day (``BYHOUR`` and friends) are refused. :class:`RecurrenceRule`
parses a rule (raising :class:`~.plan.PlanError` with a sentence for the user) and
writes it back with its parts in a fixed order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from enum import StrEnum
from typing import NamedTuple
from zoneinfo import ZoneInfo

from closeness_desktop.dates.model.plan import PlanError, Weekday

MAX_INTERVAL = 1000


class Frequency(StrEnum):
    """How often a plan repeats. Finer RFC 5545 frequencies are not accepted."""

    DAILY = "DAILY"
    WEEKLY = "WEEKLY"
    MONTHLY = "MONTHLY"
    YEARLY = "YEARLY"


class Until(NamedTuple):
    """An RRULE ``UNTIL`` value: a date, or a date and time (in UTC or floating)."""

    day: date
    at: time | None = None
    utc: bool = False

    def to_text(self) -> str:
        """The RFC 5545 text, e.g. ``20260503`` or ``20260503T170000Z``."""
        text = self.day.strftime("%Y%m%d")
        if self.at is not None:
            text += self.at.strftime("T%H%M%S") + ("Z" if self.utc else "")
        return text

    def local(self, zone: ZoneInfo) -> datetime:
        """The last moment the rule may produce, as wall time in ``zone``.

        A bare date includes the whole day; a UTC time is converted; a floating time
        is read as wall time in ``zone``.
        """
        if self.at is None:
            return datetime.combine(self.day, time(23, 59, 59), tzinfo=zone)
        if self.utc:
            return datetime.combine(self.day, self.at, tzinfo=UTC).astimezone(zone)
        return datetime.combine(self.day, self.at, tzinfo=zone)

    @classmethod
    def parse(cls, text: str) -> Until:
        """Read an ``UNTIL`` value; raises ``ValueError`` when it is not one."""
        found = _UNTIL_PATTERN.fullmatch(text)
        if found is None:
            raise ValueError(text)
        year, month, day, clock, utc = found.groups()
        on = date(int(year), int(month), int(day))
        if clock is None:
            return cls(on)
        at = time(int(clock[:2]), int(clock[2:4]), int(clock[4:]))
        return cls(on, at, utc == "Z")


_UNTIL_PATTERN = re.compile(r"(\d{4})(\d{2})(\d{2})(?:T(\d{6})(Z?))?")
_BYDAY_PATTERN = re.compile(r"([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)")

# Canonical order of the parts when a rule is written out.
_PART_ORDER = (
    "FREQ",
    "INTERVAL",
    "COUNT",
    "UNTIL",
    "BYMONTH",
    "BYWEEKNO",
    "BYYEARDAY",
    "BYMONTHDAY",
    "BYDAY",
    "BYSETPOS",
    "WKST",
)
# Parts that only make sense for monthly and yearly rules (for daily and weekly ones they
# can describe rules that never happen, which would be slow to find out).
_CALENDAR_PARTS = frozenset({"BYMONTH", "BYWEEKNO", "BYYEARDAY", "BYMONTHDAY", "BYSETPOS"})
_INT_RANGES = {
    "BYMONTH": (1, 12, False),
    "BYWEEKNO": (1, 53, True),
    "BYYEARDAY": (1, 366, True),
    "BYMONTHDAY": (1, 31, True),
    "BYSETPOS": (1, 366, True),
}


@dataclass(frozen=True, slots=True)
class RecurrenceRule:
    """A parsed RRULE value within the subset Closeness keeps.

    ``by_day`` holds ``(ordinal, weekday)`` pairs; the ordinal is 0 for "every such
    weekday", 1 for the first, -1 for the last, and so on.
    """

    freq: Frequency
    interval: int = 1
    count: int | None = None
    until: Until | None = None
    by_month: tuple[int, ...] = ()
    by_week_no: tuple[int, ...] = ()
    by_year_day: tuple[int, ...] = ()
    by_month_day: tuple[int, ...] = ()
    by_day: tuple[tuple[int, Weekday], ...] = ()
    by_set_pos: tuple[int, ...] = ()
    week_start: Weekday | None = None

    @classmethod
    def parse(cls, value: str) -> RecurrenceRule:
        """Parse an RRULE value such as ``FREQ=WEEKLY;INTERVAL=2;BYDAY=FR``.

        Raises :class:`PlanError` for anything malformed or outside what we support.
        """
        parts = _split_parts(value)
        try:
            freq = Frequency(parts.pop("FREQ", ""))
        except ValueError:
            raise PlanError(
                "A repeating date can repeat daily, weekly, monthly or yearly."
            ) from None
        unknown = sorted(set(parts) - set(_PART_ORDER))
        if unknown:
            raise PlanError(f"The repeat rule uses {unknown[0]}, which we can't keep.")
        if freq in (Frequency.DAILY, Frequency.WEEKLY) and _CALENDAR_PARTS & set(parts):
            raise PlanError("The repeat rule is more involved than we can keep.")
        if "COUNT" in parts and "UNTIL" in parts:
            raise PlanError("A repeat rule can end after a number of times or on a date, not both.")
        rule = cls(
            freq=freq,
            interval=_parse_int(parts, "INTERVAL", 1, MAX_INTERVAL) or 1,
            count=_parse_int(parts, "COUNT", 1, None),
            until=_parse_until(parts.get("UNTIL")),
            by_month=_parse_int_list(parts, "BYMONTH"),
            by_week_no=_parse_int_list(parts, "BYWEEKNO"),
            by_year_day=_parse_int_list(parts, "BYYEARDAY"),
            by_month_day=_parse_int_list(parts, "BYMONTHDAY"),
            by_day=_parse_by_day(parts.get("BYDAY"), freq),
            by_set_pos=_parse_int_list(parts, "BYSETPOS"),
            week_start=_parse_weekday(parts.get("WKST")),
        )
        if rule.by_week_no and freq is not Frequency.YEARLY:
            raise PlanError("Week numbers only work in a yearly repeat rule.")
        return rule

    def to_rrule(self) -> str:
        """The rule as an RRULE value, parts in a fixed order."""
        values: dict[str, str] = {"FREQ": self.freq.value}
        if self.interval != 1:
            values["INTERVAL"] = str(self.interval)
        if self.count is not None:
            values["COUNT"] = str(self.count)
        if self.until is not None:
            values["UNTIL"] = self.until.to_text()
        for name, numbers in (
            ("BYMONTH", self.by_month),
            ("BYWEEKNO", self.by_week_no),
            ("BYYEARDAY", self.by_year_day),
            ("BYMONTHDAY", self.by_month_day),
        ):
            if numbers:
                values[name] = ",".join(map(str, numbers))
        if self.by_day:
            values["BYDAY"] = ",".join(
                f"{ordinal or ''}{weekday.code}" for ordinal, weekday in self.by_day
            )
        if self.by_set_pos:
            values["BYSETPOS"] = ",".join(map(str, self.by_set_pos))
        if self.week_start is not None:
            values["WKST"] = self.week_start.code
        return ";".join(f"{name}={values[name]}" for name in _PART_ORDER if name in values)


def _split_parts(value: str) -> dict[str, str]:
    parts: dict[str, str] = {}
    for chunk in value.strip().split(";"):
        name, equals, text = chunk.partition("=")
        name = name.strip().upper()
        if not equals or not name or not text.strip():
            raise PlanError("The repeat rule is not written the way calendars expect.")
        if name in parts:
            raise PlanError(f"The repeat rule gives {name} twice.")
        parts[name] = text.strip().upper()
    return parts


def _parse_int(parts: dict[str, str], name: str, low: int, high: int | None) -> int | None:
    text = parts.get(name)
    if text is None:
        return None
    if not re.fullmatch(r"\d{1,10}", text):
        raise PlanError(f"The repeat rule's {name} should be a whole number.")
    number = int(text)
    if number < low or (high is not None and number > high):
        raise PlanError(f"The repeat rule's {name} of {number} is out of range.")
    return number


def _parse_int_list(parts: dict[str, str], name: str) -> tuple[int, ...]:
    text = parts.get(name)
    if text is None:
        return ()
    low, high, negative_allowed = _INT_RANGES[name]
    numbers: list[int] = []
    for item in text.split(","):
        if not re.fullmatch(r"[+-]?\d{1,3}", item):
            raise PlanError(f"The repeat rule's {name} should list whole numbers.")
        number = int(item)
        if not (low <= abs(number) <= high and (number > 0 or negative_allowed)):
            raise PlanError(f"The repeat rule's {name} of {number} is out of range.")
        numbers.append(number)
    return tuple(numbers)


def _parse_until(text: str | None) -> Until | None:
    if text is None:
        return None
    try:
        return Until.parse(text)
    except ValueError:
        raise PlanError("The repeat rule's end date (UNTIL) is not a valid date.") from None


def _parse_by_day(text: str | None, freq: Frequency) -> tuple[tuple[int, Weekday], ...]:
    if text is None:
        return ()
    days: list[tuple[int, Weekday]] = []
    for item in text.split(","):
        found = _BYDAY_PATTERN.fullmatch(item)
        if found is None:
            raise PlanError("The repeat rule names a weekday we don't recognise.")
        ordinal = int(found.group(1) or 0)
        limit = 5 if freq is Frequency.MONTHLY else 53
        if ordinal and (freq not in (Frequency.MONTHLY, Frequency.YEARLY) or abs(ordinal) > limit):
            raise PlanError("The repeat rule asks for a weekday number that doesn't exist.")
        if found.group(1) is not None and ordinal == 0:
            raise PlanError("The repeat rule asks for a weekday number that doesn't exist.")
        days.append((ordinal, Weekday.from_code(found.group(2))))
    return tuple(days)


def _parse_weekday(text: str | None) -> Weekday | None:
    if text is None:
        return None
    try:
        return Weekday.from_code(text)
    except ValueError:
        raise PlanError("The repeat rule's week start (WKST) is not a weekday.") from None
