"""Local wall times and the instants they happen at, across daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo

DAY = timedelta(days=1)


def require_aware(what: str, value: datetime) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} must be an aware datetime, got {value!r}")


def require_wall_time(what: str, value: time) -> None:
    if value.tzinfo is not None:
        raise ValueError(f"{what} must be a local wall time without tzinfo, got {value!r}")


def local_date(instant: datetime, zone: tzinfo) -> date:
    return instant.astimezone(zone).date()


def occurrence_at(day: date, at: time, zone: tzinfo) -> datetime:
    """The instant, in UTC, at which the local wall time ``at`` happens on ``day``.

    Daylight-saving changes: a wall time skipped by the spring-forward gap is shifted
    forward by the length of the gap (02:30 becomes 03:30 in Berlin or New York); a wall
    time that happens twice in the autumn means its first happening (``fold=0``, still
    summer time). ``at`` must be naive; its own ``fold`` is ignored.
    """
    require_wall_time("at", at)
    return datetime.combine(day, at.replace(fold=0), tzinfo=zone).astimezone(UTC)


def day_start(day: date, zone: tzinfo) -> datetime:
    return occurrence_at(day, time(0), zone)
