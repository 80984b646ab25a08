"""Date nights at a glance: what comes next, how long until, and what lies on each day.

Pure functions of (plans, now, zone), shared by the planner tab and the command line,
plus the small changes a couple makes to one evening of a plan (skip it, move it).
Nothing here reads the clock or imports Qt.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum

from closeness_desktop.dates import recurrence
from closeness_desktop.dates.model import DatePlan, Occurrence, OccurrenceOverride, PlanState
from closeness_desktop.humanize import day_name

#: How long a date without an end time counts as "happening now".
OPEN_ENDED = timedelta(hours=2)
#: Enough to catch every all-day date whose own zone is ahead of or behind the local one.
_MARGIN = timedelta(days=1)
#: From this hour on, a date later today is "tonight".
EVENING_HOUR = 17

STATE_WORDS = {
    PlanState.PLANNED: "planned",
    PlanState.DONE: "done",
    PlanState.CANCELLED: "cancelled",
}


@dataclass(frozen=True, slots=True)
class Evening:
    """One date of a plan: the plan, and the occurrence it has on that day."""

    plan: DatePlan
    occurrence: Occurrence

    @property
    def start(self) -> datetime:
        return self.occurrence.start

    @property
    def finish(self) -> datetime:
        """When the date is over: its end, else the end of its day (all day) or two hours on."""
        if self.occurrence.end is not None:
            return self.occurrence.end
        if self.plan.all_day:
            day = self.start.astimezone(self.plan.tzinfo).date() + timedelta(days=1)
            return datetime.combine(day, time(0), self.plan.tzinfo)
        return self.start + OPEN_ENDED

    @property
    def state(self) -> PlanState:
        return self.occurrence.state

    @property
    def original_start(self) -> datetime:
        return self.occurrence.original_start

    def is_over(self, now: datetime) -> bool:
        return self.finish <= now


class Mark(StrEnum):
    """How a day with dates on it looks on the calendar."""

    UPCOMING = "upcoming"
    PAST = "past"
    DONE = "done"
    CANCELLED = "cancelled"


# --- what comes next --------------------------------------------------------------------


def next_evening(plans: Iterable[DatePlan], now: datetime) -> Evening | None:
    """The date happening now or, failing that, the next one still planned."""
    best: Evening | None = None
    for plan in plans:
        for candidate in (_happening(plan, now), recurrence.next_occurrence(plan, now)):
            if candidate is not None and (best is None or candidate.start < best.start):
                best = Evening(plan, candidate)
    return best


def _happening(plan: DatePlan, now: datetime) -> Occurrence | None:
    """A planned date of ``plan`` that has begun but is not over yet."""
    length = plan.end - plan.start if plan.end is not None else timedelta(0)
    lookback = max(length, timedelta(days=1))
    for occurrence in recurrence.occurrences(plan, now - lookback, now):
        evening = Evening(plan, occurrence)
        if occurrence.state is PlanState.PLANNED and not evening.is_over(now):
            return occurrence
    return None


def countdown(evening: Evening, now: datetime, zone: tzinfo) -> str:
    """How long until ``evening``: "in 2 days, 3 hours", "tonight, in 45 minutes", "now"."""
    if evening.start <= now:
        return "now"
    local = evening.start.astimezone(zone)
    today = now.astimezone(zone).date()
    if evening.plan.all_day:
        days = (local.date() - today).days
        return "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
    minutes = math.ceil((evening.start - now).total_seconds() / 60)
    text = f"in {_span(minutes)}"
    if local.date() == today:
        return ("tonight, " if local.hour >= EVENING_HOUR else "today, ") + text
    return text


def _span(minutes: int) -> str:
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return _plural(days, "day") + (f", {_plural(hours, 'hour')}" if hours else "")
    if hours:
        return _plural(hours, "hour") + (f", {_plural(minutes, 'minute')}" if minutes else "")
    return _plural(minutes, "minute")


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}{'' if count == 1 else 's'}"


def date_nights(count: int) -> str:
    """ "1 date night", "3 date nights"."""
    return _plural(count, "date night")


# --- a month at a glance ----------------------------------------------------------------


def evenings_by_day(
    plans: Iterable[DatePlan], first: date, last: date, zone: tzinfo
) -> dict[date, list[Evening]]:
    """The dates starting on each day from ``first`` to ``last`` (local days in ``zone``)."""
    start = datetime.combine(first, time(0), zone)
    end = datetime.combine(last + timedelta(days=1), time(0), zone)
    days: dict[date, list[Evening]] = {}
    for plan in plans:
        # An all-day date belongs to its day in its own zone, wherever it is seen from.
        day_zone = plan.tzinfo if plan.all_day else zone
        for occurrence in recurrence.occurrences(plan, start - _MARGIN, end + _MARGIN):
            day = occurrence.start.astimezone(day_zone).date()
            if not first <= day <= last:
                continue
            days.setdefault(day, []).append(Evening(plan, occurrence))
    for evenings in days.values():
        evenings.sort(key=lambda evening: (evening.start, evening.plan.title))
    return days


def mark_for(evenings: Iterable[Evening], now: datetime) -> Mark:
    """One mark for a day: anything still to come wins, then done, then past, then cancelled."""
    marks = set()
    for evening in evenings:
        if evening.state is PlanState.PLANNED:
            marks.add(Mark.PAST if evening.is_over(now) else Mark.UPCOMING)
        else:
            marks.add(Mark.DONE if evening.state is PlanState.DONE else Mark.CANCELLED)
    for mark in (Mark.UPCOMING, Mark.DONE, Mark.PAST):
        if mark in marks:
            return mark
    return Mark.CANCELLED


# --- words ------------------------------------------------------------------------------


def repeat_words(plan: DatePlan) -> str | None:
    """ "every other Friday" for a repeating plan; None for a one-off."""
    if plan.rrule is None:
        return None
    return recurrence.describe(plan.rrule, start=plan.start.astimezone(plan.tzinfo))


def time_span(evening: Evening, zone: tzinfo) -> str:
    """ "19:00-22:00", "19:00", or "all day" (in ``zone``; all-day dates in their own)."""
    if evening.plan.all_day:
        return "all day"
    start = evening.start.astimezone(zone)
    end = evening.occurrence.end
    if end is None:
        return f"{start:%H:%M}"
    end = end.astimezone(zone)
    until = f"{end:%H:%M}" if end.date() == start.date() else f"{day_name(end.date())} {end:%H:%M}"
    return f"{start:%H:%M}–{until}"  # noqa: RUF001 (an en dash between times)


def plan_line(plan: DatePlan, zone: tzinfo) -> str:
    """One line about a plan: "Dinner by the river, Friday 27 November 2026 19:00 (every
    other Friday)"; used where plans are listed, such as an import preview."""
    start = plan.start.astimezone(plan.tzinfo if plan.all_day else zone)
    when = day_name(start.date()) + ("" if plan.all_day else f" {start:%H:%M}")
    repeats = repeat_words(plan)
    return f"{plan.title}, {when}" + (f" ({repeats})" if repeats else "")


# --- changing one evening ---------------------------------------------------------------


def skip_evening(plan: DatePlan, original_start: datetime) -> DatePlan:
    """``plan`` without its date that originally started at ``original_start``; the rest of
    the series stays. Raises ``ValueError`` for a plan that doesn't repeat."""
    if not plan.repeats:
        raise ValueError("only a repeating plan can skip one date")
    key = original_start.astimezone(UTC)
    overrides = {
        moment: change for moment, change in plan.overrides.items() if moment.astimezone(UTC) != key
    }
    return dataclasses.replace(plan, exdates=plan.exdates | {key}, overrides=overrides)


def move_evening(
    plan: DatePlan, evening: Evening, start: datetime, where: str | None = None
) -> DatePlan:
    """``plan`` with ``evening`` moved to ``start`` (keeping its length, and its place
    unless ``where`` is given): an override of that date for a series, the plan itself
    for a one-off."""
    length = evening.occurrence.end - evening.start if evening.occurrence.end else None
    end = start + length if length is not None else None
    place = evening.occurrence.where if where is None else where
    if not plan.repeats:
        return dataclasses.replace(plan, start=start, end=end, where=place)
    overrides = dict(plan.overrides)
    overrides[evening.original_start.astimezone(UTC)] = OccurrenceOverride(
        start=start, end=end, where=place, state=evening.state
    )
    return dataclasses.replace(plan, overrides=overrides)


def set_evening_state(plan: DatePlan, evening: Evening, state: PlanState) -> DatePlan:
    """``plan`` with ``evening`` marked ``state``: the whole one-off, or that one date."""
    return recurrence.mark_evening(plan, evening.original_start, state)
