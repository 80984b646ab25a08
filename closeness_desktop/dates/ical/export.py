"""Exporting date plans as an iCalendar file.

:func:`export_plans` writes one ``VEVENT`` per plan with its repeat rule, skipped dates
(``EXDATE``) and reminders (``VALARM``), plus one more ``VEVENT`` with the same ``UID``
and a ``RECURRENCE-ID`` for each changed date, and a ``VTIMEZONE`` for each zone used.
UIDs are the plans' own, so importing the file again updates the plans instead of
duplicating them. What iCalendar has no place for (what to bring, the budget, who
planned it, "done") travels in ``X-CLOSENESS-*`` properties.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Calendar, Event, Timezone, vRecur, vText

from closeness_desktop.dates.ical.vocabulary import (
    X_BRING,
    X_BUDGET,
    X_PLANNED_BY,
    X_STATE,
    X_ZONE,
)
from closeness_desktop.dates.model.plan import DatePlan, PlanState
from closeness_desktop.dates.model.validation import validate_plan
from closeness_desktop.dates.recurrence.presets import normalize_rrule


def export_plans(plans: Iterable[DatePlan], *, now: datetime, prodid: str) -> bytes:
    """The plans as an iCalendar file. ``now`` is the ``DTSTAMP``; output is stable.

    Raises ``PlanError`` for a plan that doesn't validate and ``ValueError`` when two
    plans share a UID.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be aware")
    chosen = list(plans)
    for plan in chosen:
        validate_plan(plan)
    if len({plan.uid for plan in chosen}) != len(chosen):
        raise ValueError("two plans share a UID")
    calendar = Calendar()
    calendar.add("PRODID", prodid)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    for timezone in _timezones(chosen, now):
        calendar.add_component(timezone)
    stamp = now.astimezone(UTC)
    for plan in chosen:
        for event in _events(plan, stamp):
            calendar.add_component(event)
    result: bytes = calendar.to_ical()
    return result


def _events(plan: DatePlan, stamp: datetime) -> Iterator[Event]:
    """The plan's main event, then one event per changed date."""
    master = _event(plan, stamp, start=plan.start, end=plan.end, where=plan.where, state=plan.state)
    if plan.rrule is not None:
        rule = normalize_rrule(plan.rrule, zone=plan.zone, all_day=plan.all_day)
        master.add("RRULE", vRecur.from_ical(rule))
    if plan.exdates:
        master.add("EXDATE", [_ical_time(plan, moment) for moment in sorted(plan.exdates)])
    if plan.bring:
        master.add(X_BRING, vText(plan.bring), parameters={"VALUE": "TEXT"})
    if plan.budget is not None:
        master.add(X_BUDGET, str(plan.budget))
    if plan.planned_by is not None:
        master.add(X_PLANNED_BY, vText(plan.planned_by), parameters={"VALUE": "TEXT"})
    yield master
    for original in sorted(plan.overrides):
        change = plan.overrides[original]
        event = _event(
            plan, stamp, start=change.start, end=change.end, where=change.where, state=change.state
        )
        event.add("RECURRENCE-ID", _ical_time(plan, original))
        yield event


def _event(
    plan: DatePlan,
    stamp: datetime,
    *,
    start: datetime,
    end: datetime | None,
    where: str,
    state: PlanState,
) -> Event:
    """An event with what the main event and changed dates have in common."""
    event = Event()
    event.add("UID", plan.uid)
    event.add("DTSTAMP", stamp)
    event.add("SUMMARY", plan.title)
    event.add("DTSTART", _ical_time(plan, start))
    if end is not None:
        event.add("DTEND", _ical_time(plan, end))
    if plan.all_day:
        event.add(X_ZONE, plan.zone)
    if where:
        event.add("LOCATION", where)
    if plan.notes:
        event.add("DESCRIPTION", plan.notes)
    event.add("STATUS", "CANCELLED" if state is PlanState.CANCELLED else "CONFIRMED")
    event.add(X_STATE, state.value)
    for lead in plan.reminders:
        event.add_component(_alarm(plan.title, lead))
    return event


def _alarm(title: str, lead: timedelta) -> Alarm:
    alarm = Alarm()
    alarm.add("ACTION", "DISPLAY")
    alarm.add("TRIGGER", -lead)
    alarm.add("DESCRIPTION", title)
    return alarm


def _ical_time(plan: DatePlan, moment: datetime) -> date | datetime:
    """A date for all-day plans; otherwise the time in the plan's zone (so it gets a TZID)."""
    local = moment.astimezone(plan.tzinfo)
    return local.date() if plan.all_day else local


def _timezones(plans: list[DatePlan], now: datetime) -> Iterator[Timezone]:
    """A ``VTIMEZONE`` per zone used by a timed plan, covering its dates and ten years on."""
    years: dict[str, list[int]] = {}
    for plan in plans:
        if plan.all_day or plan.zone == "UTC":
            continue
        moments = [plan.start, *plan.exdates, *plan.overrides]
        moments += [change.start for change in plan.overrides.values()]
        years.setdefault(plan.zone, []).extend(moment.year for moment in moments)
    for zone in sorted(years):
        first = date(min(years[zone]), 1, 1)
        last = date(max(*years[zone], now.year) + 10, 1, 1)
        try:
            yield Timezone.from_tzid(zone, first_date=first, last_date=last)
        except ValueError:  # a zone icalendar can't describe; clients know it by name
            continue
