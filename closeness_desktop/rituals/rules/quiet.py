"""When the rituals keep still: quiet hours, a pause until tomorrow, and a snooze."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, tzinfo

from closeness_desktop.rituals.rules.wall_time import (
    DAY,
    local_date,
    occurrence_at,
    require_aware,
    require_wall_time,
)


@dataclass(frozen=True)
class QuietHours:
    """A daily stretch without notifications, from ``start`` to ``end`` (local wall times).

    It crosses midnight when ``start`` is later than ``end``; ``start == end`` means no
    quiet hours at all. Boundaries on a daylight-saving change follow
    :func:`occurrence_at`.
    """

    start: time = time(22)
    end: time = time(7, 30)

    def __post_init__(self) -> None:
        require_wall_time("QuietHours.start", self.start)
        require_wall_time("QuietHours.end", self.end)

    @property
    def crosses_midnight(self) -> bool:
        return self.start > self.end

    def contains(self, local_time: time) -> bool:
        """Whether the wall time ``local_time`` lies in quiet hours (``end`` excluded)."""
        if self.crosses_midnight:
            return local_time >= self.start or local_time < self.end
        return self.start <= local_time < self.end

    def until(self, when: datetime, zone: tzinfo) -> datetime | None:
        """If quiet hours are on at the instant ``when``, the instant they end; else ``None``."""
        day = local_date(when, zone)
        for first_day in (day - DAY, day):
            start = occurrence_at(first_day, self.start, zone)
            end_day = first_day + DAY if self.crosses_midnight else first_day
            end = occurrence_at(end_day, self.end, zone)
            if start <= when < end:
                return end
        return None


def pause_until_tomorrow(now: datetime, zone: tzinfo, quiet: QuietHours) -> datetime:
    """When a "pause until tomorrow" started at ``now`` ends by itself: the next morning.

    That is the next end of quiet hours after ``now``: tomorrow's during the day, this
    morning's when paused after midnight.
    """
    require_aware("now", now)
    today = local_date(now, zone)
    this_morning = occurrence_at(today, quiet.end, zone)
    return this_morning if this_morning > now else occurrence_at(today + DAY, quiet.end, zone)


def snooze_until(now: datetime, minutes: int) -> datetime:
    """The end, in UTC, of a snooze of ``minutes`` (positive) started at ``now``."""
    require_aware("now", now)
    if minutes <= 0:
        raise ValueError(f"a snooze lasts a positive number of minutes, got {minutes}")
    return now.astimezone(UTC) + timedelta(minutes=minutes)
