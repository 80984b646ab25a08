"""A date plan, its dates and their states: plain, frozen data.

A :class:`DatePlan` is one evening (or afternoon, or weekend) a couple has planned
together, possibly repeating. Times are always aware; a plan also remembers the IANA
zone it was made in (:attr:`DatePlan.zone`), so a date at 19:00 stays at 19:00 local
time when the clocks change. The repeat rule is kept as an RFC 5545 ``RRULE`` value
(see :mod:`.rrule`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from enum import IntEnum, StrEnum
from types import MappingProxyType
from zoneinfo import ZoneInfo

MIN_YEAR = 1900
MAX_YEAR = 2200
MAX_TITLE_LENGTH = 200
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

    Build it with keyword arguments; check user input with :func:`.validation.validate_plan`.
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
