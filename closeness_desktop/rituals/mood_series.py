"""How both of you have been: check-in moods gathered into the mood chart's points.

Pure and Qt-free. A check-in becomes a :class:`MoodMark` on the local day it was written;
:func:`series` gathers the marks of a span into points, one per partner per bucket (a day
over the last eight weeks, a week over the last twelve months), each point the mean of
that partner's moods in its bucket and the check-ins behind it. The mean places a point on
the chart; it is never shown as a number or a grade.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

WEEK = 7


class Span(enum.Enum):
    """What the chart covers, and how finely."""

    WEEKS = "weeks"  # the last 8 weeks, a point a day
    MONTHS = "months"  # the last 12 months, a point a week (Monday to Sunday)


#: How many buckets each span holds: 8 weeks of days, 52 weeks (about 12 months).
BUCKETS = {Span.WEEKS: 8 * WEEK, Span.MONTHS: 52}
SPAN_WORDS = {Span.WEEKS: "The last 8 weeks", Span.MONTHS: "The last 12 months"}


@dataclass(frozen=True)
class MoodMark:
    """One check-in, as the chart needs it."""

    partner_id: uuid.UUID
    day: date  # local to the household's clock
    mood: int
    entry_id: uuid.UUID


@dataclass(frozen=True)
class MoodPoint:
    partner_id: uuid.UUID
    bucket: date  # its first day: the day itself, or the Monday of its week
    mood: float  # the mean of the moods behind it, 1.0 to 5.0
    entry_ids: tuple[uuid.UUID, ...]  # oldest first


@dataclass(frozen=True)
class MoodSeries:
    span: Span
    buckets: tuple[date, ...]  # every bucket's first day, oldest first, gaps included
    points: dict[uuid.UUID, tuple[MoodPoint, ...]]  # by partner, oldest first

    @property
    def empty(self) -> bool:
        return not any(self.points.values())

    def index_of(self, bucket: date) -> int:
        return self.buckets.index(bucket)


def mark_of(
    partner_id: uuid.UUID, occurred_at: datetime, mood: int, entry_id: uuid.UUID, zone: tzinfo
) -> MoodMark:
    """A check-in written at ``occurred_at`` (aware, UTC) lands on its local day in ``zone``."""
    return MoodMark(partner_id, occurred_at.astimezone(zone).date(), mood, entry_id)


def bucket_of(day: date, span: Span) -> date:
    if span is Span.WEEKS:
        return day
    return day - timedelta(days=day.weekday())


def buckets(span: Span, today: date) -> tuple[date, ...]:
    """The span's buckets, oldest first, the last one holding ``today``."""
    step = 1 if span is Span.WEEKS else WEEK
    last = bucket_of(today, span)
    count = BUCKETS[span]
    return tuple(last - timedelta(days=step * back) for back in range(count - 1, -1, -1))


def day_range(span: Span, today: date) -> tuple[date, date]:
    """The first and the last local day the span covers (both included)."""
    return buckets(span, today)[0], today


def utc_range(span: Span, today: date, zone: tzinfo) -> tuple[datetime, datetime]:
    """``[since, until)`` in aware times: local midnight of the first day to the midnight
    after ``today``, so a check-in at 00:10 local time counts on its own day."""
    first, last = day_range(span, today)
    since = datetime.combine(first, time(), zone)
    until = datetime.combine(last + timedelta(days=1), time(), zone)
    return since, until


def series(marks: Iterable[MoodMark], span: Span, today: date) -> MoodSeries:
    """``marks`` gathered into the span's points; marks outside the span are left out."""
    all_buckets = buckets(span, today)
    inside = set(all_buckets)
    gathered: dict[uuid.UUID, dict[date, list[MoodMark]]] = {}
    for mark in sorted(marks, key=lambda each: each.day):
        bucket = bucket_of(mark.day, span)
        if bucket not in inside or mark.day > today:
            continue
        gathered.setdefault(mark.partner_id, {}).setdefault(bucket, []).append(mark)
    points = {
        partner: tuple(
            MoodPoint(
                partner,
                bucket,
                sum(mark.mood for mark in held) / len(held),
                tuple(mark.entry_id for mark in held),
            )
            for bucket, held in sorted(by_bucket.items())
        )
        for partner, by_bucket in gathered.items()
    }
    return MoodSeries(span, all_buckets, points)
