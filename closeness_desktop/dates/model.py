"""Date plans as plain, frozen data.

A :class:`DatePlan` is one evening (or afternoon, or weekend) a couple has planned
together, possibly repeating. Everything here is pure Python: no Qt, no database.
The store maps these dataclasses to its tables; :mod:`.recurrence` expands repeating
plans; :mod:`.ical` reads and writes them as iCalendar.

Times are always aware. A plan also remembers the IANA zone it was made in
(:attr:`DatePlan.zone`), so a date at 19:00 stays at 19:00 local time when the clocks
change.

The repeat rule is kept as an RFC 5545 ``RRULE`` value. :class:`RecurrenceRule` is the
small, strict grammar we accept: a date night repeats at most daily, and the parts of
the RFC that could describe several times a day (``BYHOUR`` and friends) are refused.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from enum import IntEnum, StrEnum
from types import MappingProxyType
from typing import NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

MIN_YEAR = 1900
MAX_YEAR = 2200
MAX_TITLE_LENGTH = 200
MAX_INTERVAL = 1000
DEFAULT_REMINDERS: tuple[timedelta, ...] = (timedelta(days=1), timedelta(hours=1))


class PlanError(ValueError):
    """A plan that can't be kept. The message is a plain sentence to show the user."""


class PlanState(StrEnum):
    """Where a plan (or one date of a repeating plan) stands."""

    PLANNED = "planned"
    DONE = "done"
    CANCELLED = "cancelled"


class Weekday(IntEnum):
    """Days of the week, numbered like :meth:`datetime.date.weekday` (Monday is 0)."""

    MONDAY = 0
    TUESDAY = 1
    WEDNESDAY = 2
    THURSDAY = 3
    FRIDAY = 4
    SATURDAY = 5
    SUNDAY = 6

    @property
    def code(self) -> str:
        """The two-letter RFC 5545 code, e.g. ``"FR"``."""
        return _WEEKDAY_CODES[self.value]

    @classmethod
    def from_code(cls, code: str) -> Weekday:
        """The weekday for an RFC 5545 code such as ``"SA"``; raises ``ValueError``."""
        return cls(_WEEKDAY_CODES.index(code.upper()))


_WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True, slots=True)
class OccurrenceOverride:
    """How one date of a repeating plan differs from the others.

    Keyed in :attr:`DatePlan.overrides` by the date's original start. It can move the
    date (``start``/``end``), change where it happens, or mark just that one date as done
    or cancelled.
    """

    start: datetime
    end: datetime | None
    where: str
    state: PlanState


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One concrete date of a plan, as it will (or did) happen.

    ``recurrence_id`` is the original start of this date within a repeating plan (the
    iCalendar ``RECURRENCE-ID``), and ``None`` for a one-off plan. ``changed`` is true
    when an :class:`OccurrenceOverride` applies to this date.
    """

    plan_uid: str
    start: datetime
    end: datetime | None
    where: str
    state: PlanState
    recurrence_id: datetime | None = None
    changed: bool = False

    @property
    def original_start(self) -> datetime:
        """Where this date sits in its series: the recurrence id, or the start."""
        return self.recurrence_id if self.recurrence_id is not None else self.start

    @property
    def moved(self) -> bool:
        """True when this date was moved away from its usual time."""
        return self.recurrence_id is not None and self.start != self.recurrence_id


@dataclass(frozen=True, kw_only=True)
class DatePlan:
    """A date the couple planned together.

    Build it with keyword arguments; check user input with :func:`validate_plan`.
    ``exdates`` are the original starts of skipped dates, ``overrides`` maps original
    starts to changed dates, and ``reminders`` are lead times before each date (kept
    sorted, longest first, without duplicates). For an all-day plan, ``start`` (and
    ``end``, exclusive) are midnight in ``zone``.
    """

    uid: str
    title: str
    start: datetime
    end: datetime | None = None
    all_day: bool = False
    where: str = ""
    bring: str = ""
    budget: Decimal | None = None
    notes: str = ""
    planned_by: str | None = None
    state: PlanState = PlanState.PLANNED
    rrule: str | None = None
    exdates: frozenset[datetime] = frozenset()
    overrides: Mapping[datetime, OccurrenceOverride] = field(
        default_factory=lambda: MappingProxyType({}), hash=False
    )
    reminders: tuple[timedelta, ...] = DEFAULT_REMINDERS
    zone: str

    def __post_init__(self) -> None:
        # Normalise the collections so that equal plans compare equal and nothing
        # handed in can be changed from outside afterwards.
        object.__setattr__(self, "exdates", frozenset(self.exdates))
        object.__setattr__(self, "overrides", MappingProxyType(dict(self.overrides)))
        object.__setattr__(self, "reminders", tuple(sorted(set(self.reminders), reverse=True)))

    @property
    def repeats(self) -> bool:
        """True when the plan has a repeat rule."""
        return self.rrule is not None

    @property
    def tzinfo(self) -> ZoneInfo:
        """The plan's zone as a ``tzinfo``."""
        return ZoneInfo(self.zone)


# --- validation -----------------------------------------------------------------------


def validate_plan(plan: DatePlan) -> None:
    """Check a plan before it is saved; raise :class:`PlanError` with a sentence if not."""
    _check_text(plan)
    zone = _check_zone(plan.zone)
    _check_span(plan.start, plan.end, all_day=plan.all_day, zone=zone)
    _check_budget(plan.budget)
    _check_reminders(plan.reminders)
    if plan.rrule is not None:
        RecurrenceRule.parse(plan.rrule)
    elif plan.exdates or plan.overrides:
        raise PlanError("Only a repeating date can skip or move a single time.")
    for skipped in plan.exdates:
        _check_moment(skipped)
    for original, override in plan.overrides.items():
        _check_moment(original)
        _check_span(override.start, override.end, all_day=plan.all_day, zone=zone)


def _check_text(plan: DatePlan) -> None:
    if not plan.uid.strip() or any(char in plan.uid for char in "\r\n"):
        raise PlanError("This plan has no usable identifier.")
    title = plan.title.strip()
    if not title:
        raise PlanError("Please give the date a name.")
    if len(title) > MAX_TITLE_LENGTH:
        raise PlanError(f"Please keep the name to {MAX_TITLE_LENGTH} characters or fewer.")
    if plan.planned_by is not None and not plan.planned_by.strip():
        raise PlanError("Please say who planned this date, or leave it open.")


def _check_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise PlanError(f'"{name}" is not a time zone we know.') from None


def _check_moment(when: datetime) -> None:
    if when.tzinfo is None or when.utcoffset() is None:
        raise PlanError("A time in this plan has no time zone.")
    if not MIN_YEAR <= when.year <= MAX_YEAR:
        raise PlanError(f"Please pick a date between the years {MIN_YEAR} and {MAX_YEAR}.")


def _check_span(start: datetime, end: datetime | None, *, all_day: bool, zone: ZoneInfo) -> None:
    _check_moment(start)
    if end is not None:
        _check_moment(end)
        if end < start:
            raise PlanError("The date can't end before it starts.")
    if all_day:
        for moment in (start, end):
            if moment is not None and moment.astimezone(zone).time() != time(0):
                raise PlanError("An all-day date has to start and end at midnight.")


def _check_budget(budget: Decimal | None) -> None:
    if budget is None:
        return
    if not budget.is_finite():
        raise PlanError("The budget needs to be an amount of money.")
    if budget < 0:
        raise PlanError("The budget can't be below zero.")


def _check_reminders(reminders: tuple[timedelta, ...]) -> None:
    if any(lead < timedelta(0) for lead in reminders):
        raise PlanError("A reminder has to come before the date, not after it.")


# --- the RRULE grammar ----------------------------------------------------------------


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
