"""Expanding a plan into its dates and reminders, with python-dateutil.

Local wall time
    A plan is expanded in its own zone (:attr:`~closeness_desktop.dates.model.DatePlan.zone`),
    so a date at 19:00 stays at 19:00 local time on both sides of a daylight-saving
    change. A time that falls into the gap when clocks spring forward moves forward by
    the length of the gap (02:30 becomes 03:30); a time that happens twice when clocks
    fall back means the first of the two, as RFC 5545 asks.

Dates that don't exist every year or month
    dateutil follows RFC 5545 and skips, rather than moves, dates that a period lacks:
    a yearly plan on 29 February happens only in leap years, and a monthly plan on the
    31st skips the months that have 30 days or fewer. :func:`.wording.describe` says so.

Bounded work
    dateutil only notices that a rule is over when it produces a date past its end, so
    a rule that never produces anything would be searched until the year 9999. We
    expand on a calendar shifted 7600 years (19 Gregorian cycles of 400 years, after
    which weekdays and leap years repeat exactly) into the future, so that the search
    ends after the year 2399 in real terms. No date after 2399 is ever produced.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from datetime import MAXYEAR, UTC, datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from dateutil import rrule as du

from closeness_desktop.dates.model.plan import (
    MIN_YEAR,
    DatePlan,
    Occurrence,
    OccurrenceOverride,
    PlanState,
    Weekday,
)
from closeness_desktop.dates.model.rrule import Frequency, RecurrenceRule, Until

#: How far from its original time a moved date is looked for.
_FIND_SPAN = timedelta(days=400)

SHIFT_YEARS = 19 * 400
"""How far into the future rules are expanded; see the module docstring."""

LAST_YEAR = MAXYEAR - SHIFT_YEARS
"""The last year in which a repeating plan can produce a date."""

_FREQUENCIES = {
    Frequency.DAILY: du.DAILY,
    Frequency.WEEKLY: du.WEEKLY,
    Frequency.MONTHLY: du.MONTHLY,
    Frequency.YEARLY: du.YEARLY,
}
_DATEUTIL_WEEKDAYS = (du.MO, du.TU, du.WE, du.TH, du.FR, du.SA, du.SU)


class Reminder(NamedTuple):
    """A reminder that falls due: ``lead`` before ``occurrence`` of ``plan``.

    ``due_at`` is aware, in UTC. ``key`` identifies the reminder across runs, so a
    scheduler can tell which ones it already showed.
    """

    due_at: datetime
    plan: DatePlan
    occurrence: Occurrence
    lead: timedelta

    @property
    def key(self) -> tuple[str, datetime, timedelta]:
        """``(plan uid, original start in UTC, lead)``: stable while the plan is unchanged."""
        return (self.plan.uid, self.occurrence.original_start.astimezone(UTC), self.lead)


def occurrences(plan: DatePlan, start: datetime, end: datetime) -> list[Occurrence]:
    """The plan's dates that start in ``[start, end)``, in order.

    Skipped dates are left out; moved dates appear at their new time (with their
    original start as ``recurrence_id``), even when that original start lies outside
    the window. Cancelled and done dates are included with their state. An override
    whose original start is not a date of the rule is ignored.
    """
    _require_window(start, end)
    horizon = max([end, *plan.overrides])
    found: list[Occurrence] = []
    for original, occurrence in _expand(plan):
        if original > horizon:
            break
        if start <= occurrence.start < end:
            found.append(occurrence)
    found.sort(key=lambda occurrence: (occurrence.start, occurrence.original_start))
    return found


def next_occurrence(plan: DatePlan, now: datetime) -> Occurrence | None:
    """The first still-planned date starting at or after ``now``, or ``None``."""
    _require_aware(now)
    moved = [key for key, override in plan.overrides.items() if _is_planned(override)]
    if plan.state is not PlanState.PLANNED and not moved:
        return None
    # Past the last override, a date starts at its original start, so once that is
    # later than the best candidate nothing can beat it any more.
    last_change = max([now, *plan.overrides])
    best: Occurrence | None = None
    for original, occurrence in _expand(plan):
        candidate = _is_planned(occurrence) and occurrence.start >= now
        if candidate and (best is None or occurrence.start < best.start):
            best = occurrence
        if best is not None and original >= max(best.start, last_change):
            break
    return best


def reminders_between(plans: Iterable[DatePlan], start: datetime, end: datetime) -> list[Reminder]:
    """Reminders falling due in ``[start, end)``, earliest first.

    A lead is elapsed time: "1 hour before" a 19:00 date is due at 18:00 even on the
    night the clocks change. Only dates still planned get reminders.
    """
    _require_window(start, end)
    due: list[Reminder] = []
    for plan in plans:
        if not plan.reminders:
            continue
        longest, shortest = plan.reminders[0], plan.reminders[-1]
        for occurrence in occurrences(plan, start + shortest, end + longest):
            if not _is_planned(occurrence):
                continue
            for lead in plan.reminders:
                due_at = occurrence.start.astimezone(UTC) - lead
                if start <= due_at < end:
                    due.append(Reminder(due_at, plan, occurrence, lead))
    due.sort(key=lambda r: (r.due_at, r.occurrence.start, r.plan.uid, -r.lead))
    return due


def _is_planned(item: Occurrence | OccurrenceOverride) -> bool:
    return item.state is PlanState.PLANNED


def _expand(plan: DatePlan) -> Iterator[tuple[datetime, Occurrence]]:
    """``(original start, occurrence)`` for every date of the plan that isn't skipped,
    in order of original start."""
    skipped = {moment.astimezone(UTC) for moment in plan.exdates}
    overrides = {moment.astimezone(UTC): change for moment, change in plan.overrides.items()}
    for original in _original_starts(plan):
        key = original.astimezone(UTC)
        if key not in skipped:
            yield original, _occurrence(plan, original, overrides.get(key))


def _occurrence(
    plan: DatePlan, original: datetime, override: OccurrenceOverride | None
) -> Occurrence:
    recurrence_id = original if plan.repeats else None
    if override is not None:
        return Occurrence(
            plan_uid=plan.uid,
            start=override.start,
            end=override.end,
            where=override.where,
            state=override.state,
            recurrence_id=recurrence_id,
            changed=True,
        )
    return Occurrence(
        plan_uid=plan.uid,
        start=original,
        end=_end_for(plan, original),
        where=plan.where,
        state=plan.state,
        recurrence_id=recurrence_id,
    )


def _end_for(plan: DatePlan, start: datetime) -> datetime | None:
    """The end of the date starting at ``start``: as long on the wall clock as the plan.

    Both sides are in the same zone, so the subtraction and addition are wall-clock
    arithmetic: a 19:00-22:00 plan is 19:00-22:00 on every date, and an all-day plan
    runs midnight to midnight even on a 23-hour day.
    """
    if plan.end is None:
        return None
    zone = plan.tzinfo
    length = plan.end.astimezone(zone) - plan.start.astimezone(zone)
    return _resolve(start.astimezone(zone) + length, zone)


def _original_starts(plan: DatePlan) -> Iterator[datetime]:
    """The plan's dates from its rule, as aware datetimes in its zone, lazily."""
    zone = plan.tzinfo
    first = plan.start.astimezone(zone)
    if plan.rrule is None:
        yield first
        return
    rule = RecurrenceRule.parse(plan.rrule)
    for shifted in _dateutil_rule(rule, first, zone):
        yield _resolve(_shift(shifted, -SHIFT_YEARS), zone)


def _dateutil_rule(rule: RecurrenceRule, first: datetime, zone: ZoneInfo) -> du.rrule:
    """The dateutil rule on the shifted calendar (see the module docstring).

    Everything carries the same ``tzinfo``, so dateutil compares wall-clock times.
    """
    return du.rrule(
        _FREQUENCIES[rule.freq],
        dtstart=_shift(first, SHIFT_YEARS),
        interval=rule.interval,
        wkst=(rule.week_start or Weekday.MONDAY).value,
        count=rule.count,
        until=_shifted_until(rule.until, zone),
        bysetpos=rule.by_set_pos or None,
        bymonth=rule.by_month or None,
        bymonthday=rule.by_month_day or None,
        byyearday=rule.by_year_day or None,
        byweekno=rule.by_week_no or None,
        byweekday=[_dateutil_weekday(n, weekday) for n, weekday in rule.by_day] or None,
    )


def _shifted_until(until: Until | None, zone: ZoneInfo) -> datetime | None:
    if until is None or until.day.year >= LAST_YEAR:
        return None  # the shifted calendar ends on its own after LAST_YEAR
    if until.day.year < MIN_YEAR:
        # Ended before any plan can start: a bound earlier than every start.
        return datetime(MIN_YEAR + SHIFT_YEARS - 1, 1, 1, tzinfo=zone)
    return _shift(until.local(zone), SHIFT_YEARS)


def _dateutil_weekday(n: int, weekday: Weekday) -> du.weekday:
    day = _DATEUTIL_WEEKDAYS[weekday.value]
    return day(n) if n else day


def _shift(moment: datetime, years: int) -> datetime:
    """The same wall time ``years`` later; a multiple of 400 keeps 29 February valid."""
    return moment.replace(year=moment.year + years)


def _resolve(wall: datetime, zone: ZoneInfo) -> datetime:
    """A real moment for a wall time: in a spring-forward gap, move forward by the gap;
    when clocks fall back, take the first of the two."""
    return wall.astimezone(UTC).astimezone(zone)


def _require_aware(moment: datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("times must be aware")


def _require_window(start: datetime, end: datetime) -> None:
    _require_aware(start)
    _require_aware(end)
    if end < start:
        raise ValueError("the window ends before it starts")


def find_evening(plan: DatePlan, original_start: datetime) -> Occurrence | None:
    """The plan's date that originally started at ``original_start``, wherever it moved.

    A one-off has one date, and moving it moves the plan itself (its start is its only
    "original start"): it is found whatever start it was asked by."""
    _require_aware(original_start)
    if not plan.repeats:
        return _occurrence(plan, plan.start.astimezone(plan.tzinfo), None)
    window = occurrences(plan, original_start - _FIND_SPAN, original_start + _FIND_SPAN)
    return next((o for o in window if o.original_start == original_start), None)


def mark_evening(plan: DatePlan, original_start: datetime, state: PlanState) -> DatePlan:
    """``plan`` with the date that originally started at ``original_start`` set to
    ``state``: the whole plan for a one-off, an override of that date for a series."""
    if not plan.repeats:
        return dataclasses.replace(plan, state=state)
    evening = find_evening(plan, original_start)
    if evening is None:
        raise ValueError("that date is not part of the plan")
    overrides = dict(plan.overrides)
    overrides[original_start.astimezone(UTC)] = OccurrenceOverride(
        start=evening.start, end=evening.end, where=evening.where, state=state
    )
    return dataclasses.replace(plan, overrides=overrides)


def skipped_between(plan: DatePlan, start: datetime, end: datetime) -> list[datetime]:
    """The original starts in ``[start, end)`` of the plan's skipped dates, in order
    (only those that are dates of its rule: a stray EXDATE skips nothing)."""
    _require_window(start, end)
    skipped = {moment.astimezone(UTC) for moment in plan.exdates}
    if not plan.repeats or not skipped:
        return []
    found = []
    for original in _original_starts(plan):
        if original >= end:
            break
        if original >= start and original.astimezone(UTC) in skipped:
            found.append(original)
    return found


def unskip_evening(plan: DatePlan, original_start: datetime) -> DatePlan:
    """``plan`` with its date that originally started at ``original_start`` back in it."""
    key = original_start.astimezone(UTC)
    kept = frozenset(moment for moment in plan.exdates if moment.astimezone(UTC) != key)
    return dataclasses.replace(plan, exdates=kept)
