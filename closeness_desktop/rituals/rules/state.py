"""What the rules look at and what they answer: rituals, one-offs, the log of what
fired, what is due now, and the :class:`RitualState` holding them with the settings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from functools import cached_property
from typing import TypeAlias

from closeness_desktop.rituals.rules.quiet import QuietHours
from closeness_desktop.rituals.rules.wall_time import (
    local_date,
    occurrence_at,
    require_aware,
    require_wall_time,
)

# Weekdays count from Monday = 0, as date.weekday() does.
EVERY_DAY = frozenset(range(7))
WORKDAYS = frozenset(range(5))
SUNDAY = 6
DEFAULT_GRACE = timedelta(hours=2)

OccurrenceKey: TypeAlias = tuple[str, datetime]
"""``(key, occurrence)``: one occurrence of one ritual or one-off, as the log keys it."""


class RitualKind(StrEnum):
    """What a reminder is for."""

    MORNING_GREETING = "morning_greeting"
    CHECKIN = "checkin"
    DINNER = "dinner"
    PLAN_DATE = "plan_date"
    LEAVING = "leaving"
    DATE_REMINDER = "date_reminder"
    AFTER_DATE = "after_date"  # "how was your date night?", the day after
    ON_THIS_DAY = "on_this_day"  # memories from this date in earlier years


@dataclass(frozen=True, kw_only=True)
class Ritual:
    """A repeating ritual, in the couple's own words.

    ``at`` is a local wall time; ``weekdays`` uses 0 for Monday. ``grace`` is how late an
    occurrence may still fire (``None``: the state's grace).
    """

    key: str
    kind: RitualKind
    at: time
    title: str
    text: str
    weekdays: frozenset[int] = EVERY_DAY
    enabled: bool = True
    counts_toward_cap: bool = True
    grace: timedelta | None = None

    def __post_init__(self) -> None:
        require_wall_time("Ritual.at", self.at)
        if not self.weekdays <= EVERY_DAY:
            raise ValueError(f"weekdays must lie in 0..6, got {sorted(self.weekdays)}")

    def occurrence_on(self, day: date, zone: tzinfo) -> datetime | None:
        """The instant this ritual occurs on ``day``, or ``None`` if it does not."""
        if not self.enabled or day.weekday() not in self.weekdays:
            return None
        return occurrence_at(day, self.at, zone)


@dataclass(frozen=True, kw_only=True)
class OneOff:
    """A single reminder, such as a planned date night's.

    Not paused by a pause and, by default, neither counted toward nor blocked by the
    daily cap. ``grace`` as for :class:`Ritual`.
    """

    key: str
    due_at: datetime
    title: str
    text: str
    kind: RitualKind = RitualKind.DATE_REMINDER
    counts_toward_cap: bool = False
    grace: timedelta | None = None

    def __post_init__(self) -> None:
        require_aware("OneOff.due_at", self.due_at)

    def occurrence_on(self, day: date, zone: tzinfo) -> datetime | None:
        """``due_at`` in UTC if it falls on the local ``day``, else ``None``."""
        if local_date(self.due_at, zone) != day:
            return None
        return self.due_at.astimezone(UTC)


@dataclass(frozen=True)
class Fired:
    """One entry of the log: ``occurrence`` (its scheduled instant) fired at ``fired_at``.

    ``counted`` tells whether it counted toward that day's cap. A snoozed occurrence
    that fires again is logged once more, with the same ``key`` and ``occurrence``.
    """

    key: str
    occurrence: datetime
    fired_at: datetime
    counted: bool

    def __post_init__(self) -> None:
        require_aware("Fired.occurrence", self.occurrence)
        require_aware("Fired.fired_at", self.fired_at)


@dataclass(frozen=True)
class Due:
    """Something to show now. ``occurrence`` is in UTC.

    ``counts_toward_cap`` is whether firing it counts toward today's cap: false for items
    that never count and for a snoozed occurrence that was already counted.
    """

    key: str
    kind: RitualKind
    occurrence: datetime
    title: str
    text: str
    counts_toward_cap: bool

    def to_fired(self, fired_at: datetime) -> Fired:
        """The log entry that records firing this item at ``fired_at``."""
        return Fired(self.key, self.occurrence, fired_at, self.counts_toward_cap)


@dataclass(frozen=True, kw_only=True)
class RitualState:
    """Everything :func:`~.timing.due` and :func:`~.timing.next_check` look at, besides "now".

    Only what ``fired`` holds is known not to fire again, so the log passed in must reach
    back as far as the clock may be set back; a few days is plenty. ``snoozes`` maps an
    occurrence to the end of its latest snooze. Keys are unique across rituals and
    one-offs.

    The underscored members are indexes for :mod:`.timing` alone, cached per state
    because :func:`~.timing.next_check` asks :func:`~.timing.due` many times over.
    """

    zone: tzinfo
    rituals: Sequence[Ritual] = ()
    one_offs: Sequence[OneOff] = ()
    fired: Sequence[Fired] = ()
    quiet: QuietHours = QuietHours()  # noqa: RUF009 (frozen, so one shared default is safe)
    snoozes: Mapping[OccurrenceKey, datetime] = field(default_factory=dict)
    paused_until: datetime | None = None
    daily_cap: int = 3
    grace: timedelta = DEFAULT_GRACE

    def __post_init__(self) -> None:
        keys = [source.key for source in self._sources]
        if len(set(keys)) != len(keys):
            raise ValueError(f"ritual and one-off keys must be unique, got {keys}")
        if self.paused_until is not None:
            require_aware("paused_until", self.paused_until)
        for (_, occurrence), until in self.snoozes.items():
            require_aware("snoozed occurrence", occurrence)
            require_aware("snooze end", until)

    @property
    def _sources(self) -> list[Ritual | OneOff]:
        return [*self.rituals, *self.one_offs]

    @cached_property
    def _last_fired(self) -> dict[OccurrenceKey, datetime]:
        """When each logged occurrence last fired."""
        last: dict[OccurrenceKey, datetime] = {}
        for entry in self.fired:
            key = (entry.key, entry.occurrence.astimezone(UTC))
            last[key] = max(entry.fired_at, last.get(key, entry.fired_at))
        return last

    @cached_property
    def _counted(self) -> dict[OccurrenceKey, date]:
        """The local day on which each counted occurrence counted."""
        return {
            (entry.key, entry.occurrence.astimezone(UTC)): local_date(entry.fired_at, self.zone)
            for entry in self.fired
            if entry.counted
        }

    @cached_property
    def _snooze_ends(self) -> dict[OccurrenceKey, datetime]:
        return {
            (key, occurrence.astimezone(UTC)): until.astimezone(UTC)
            for (key, occurrence), until in self.snoozes.items()
        }

    def _counted_on(self, day: date) -> int:
        return sum(1 for counted_day in self._counted.values() if counted_day == day)

    def _is_paused(self, when: datetime) -> bool:
        return self.paused_until is not None and when < self.paused_until
