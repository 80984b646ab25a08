"""Importing calendar files from elsewhere as date plans.

:func:`parse_calendar` reads files from Google Calendar, Apple Calendar, Thunderbird,
Outlook and the like into an :class:`~.preview.ImportPreview`. It is all or nothing: a
damaged file or event raises :class:`~.preview.CalendarFileError` with a sentence for the
user, and no plans are returned. Things that are well formed but that a date plan can't
hold (to-dos, rules repeating by the hour, years outside 1900-2200, ...) are listed in
:attr:`~.preview.ImportPreview.skipped` with the reason.

Files are untrusted (see :mod:`.parsing` and :mod:`.limits`), and repeat rules are never
expanded while reading, so ``COUNT=1000000000`` is harmless; the file's own time zones
are worked out only for the years its events name (:mod:`.file_zones`).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Collection, Iterator
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone

from closeness_desktop.dates.ical.limits import MAX_CHANGED_DATES, ReadWork
from closeness_desktop.dates.ical.parsing import calendars_in
from closeness_desktop.dates.ical.preview import (
    READ_ERRORS,
    CalendarFileError,
    ImportPreview,
    SkippedItem,
)
from closeness_desktop.dates.ical.properties import (
    Skip,
    budget_of,
    check_lengths,
    end_of,
    plan_state,
    reminder_leads,
    repeat_rule,
    shifted_end,
    single_date,
    skipped_dates,
    text_of,
    title_of,
    to_moment,
    uid_of,
)
from closeness_desktop.dates.ical.series import Series, group
from closeness_desktop.dates.ical.vocabulary import X_BRING, X_PLANNED_BY, part_word
from closeness_desktop.dates.ical.zones import FileZones, known_zones
from closeness_desktop.dates.model.plan import (
    MAX_YEAR,
    MIN_YEAR,
    DatePlan,
    OccurrenceOverride,
    PlanError,
)
from closeness_desktop.dates.model.validation import validate_plan

log = logging.getLogger(__name__)


def parse_calendar(
    data: bytes,
    *,
    zone_fallback: str,
    existing_uids: Collection[str] = frozenset(),
    work: ReadWork | None = None,
) -> ImportPreview:
    """Read an iCalendar file into a preview of the plans it would add or update.

    ``zone_fallback`` (an IANA name) is used for all-day and floating times, and for
    time zones we can't identify. Plans whose UID is in ``existing_uids`` are listed as
    updates. Raises :class:`CalendarFileError` when any part of the file can't be read.
    ``work``, when given, counts what reading cost.
    """
    if zone_fallback not in known_zones():
        raise ValueError(f"unknown time zone {zone_fallback!r}")
    calendars, zones = calendars_in(data, work or ReadWork())
    try:
        zones.years = _years_named(calendars)
        plans, skipped = _plans_in(calendars, zone_fallback)
    except CalendarFileError:
        raise
    except Skip as skip:  # a time zone looked up outside an event: the file as a whole
        raise CalendarFileError(
            "This calendar file can't be read: " + skip.reason.replace("Its", "its", 1)
        ) from None
    except READ_ERRORS as error:
        raise CalendarFileError(
            "This calendar file can't be read: part of it is damaged."
        ) from error
    return ImportPreview(
        new_plans=tuple(plan for plan in plans if plan.uid not in existing_uids),
        updated_plans=tuple(plan for plan in plans if plan.uid in existing_uids),
        skipped=tuple(skipped),
    )


def _plans_in(
    calendars: list[Calendar], zone_fallback: str
) -> tuple[list[DatePlan], list[SkippedItem]]:
    events, skipped = _sort_components(calendars)
    reader = _EventReader(calendars, zone_fallback)
    plans: list[DatePlan] = []
    for series in group(events):
        try:
            plans.append(reader.read(series))
        except Skip as skip:
            skipped.append(SkippedItem("event", series.title, skip.reason))
    return plans, skipped


_TIMES = ("DTSTART", "DTEND", "RECURRENCE-ID", "EXDATE")


def _years_named(calendars: list[Calendar]) -> range:
    """The years the events' own times name (within the years a plan may have), and one
    more at each end, where a time in UTC may fall in the next or the last local year."""
    years: set[int] = set()
    for calendar in calendars:
        for event in calendar.subcomponents:
            if not isinstance(event, Event):
                continue
            for name in _TIMES:
                values = event.get(name)
                for value in values if isinstance(values, list) else [values]:
                    years.update(_years_of(value))
    if not years:
        return range(0)
    return range(min(years) - 1, max(years) + 2)


def _years_of(value: object) -> Iterator[int]:
    try:
        for item in getattr(value, "dts", [value]):
            moment = getattr(item, "dt", None)
            if isinstance(moment, date) and MIN_YEAR <= moment.year <= MAX_YEAR:
                yield moment.year
    except READ_ERRORS:
        return  # damaged: the event's own reading says so, in words


def _sort_components(calendars: list[Calendar]) -> tuple[list[Event], list[SkippedItem]]:
    """The events, and a skipped item for everything else that isn't a time zone."""
    events: list[Event] = []
    skipped: list[SkippedItem] = []
    for calendar in calendars:
        for component in calendar.subcomponents:
            if isinstance(component, Event):
                events.append(component)
            elif not isinstance(component, Timezone):
                kind = part_word(component.name or "")
                title = title_of(component) if "SUMMARY" in component else f"(a {kind})"
                reason = f"It is a {kind}; only events can become date plans."
                skipped.append(SkippedItem(kind, title, reason))
    return events, skipped


class _EventReader:
    """Turns a series of events into a plan, knowing the file's time zones."""

    def __init__(self, calendars: list[Calendar], fallback: str) -> None:
        self._zones = FileZones(calendars, fallback)

    def read(self, series: Series) -> DatePlan:
        """The plan for ``series``; raises ``Skip`` or :class:`CalendarFileError`."""
        if series.master is None:
            raise Skip(
                "It changes one date of a repeating event, but that event isn't in this file."
            )
        if len(series.changes) > MAX_CHANGED_DATES:
            raise Skip(
                f"It changes more than {MAX_CHANGED_DATES:,} of its dates, more than we keep."
            )
        try:
            for event in (series.master, *series.changes.values()):
                check_lengths(event)
                _keep_first_start(event, series.title)
            plan = self._plan(series.master, series.title)
            changes = dict(
                self._change(event, series.title, plan) for event in series.changes.values()
            )
            plan = _with_changes(plan, changes)
            validate_plan(plan)
        except PlanError as error:
            raise Skip(str(error)) from None
        except (Skip, CalendarFileError):
            raise
        except READ_ERRORS as error:
            raise CalendarFileError(
                f'The event "{series.title}" can\'t be read: part of it is damaged.'
            ) from error
        return plan

    def _plan(self, event: Event, label: str) -> DatePlan:
        _refuse_unsupported(event)
        start_value = single_date(event, "DTSTART", label)
        if start_value is None:
            raise CalendarFileError(f'The event "{label}" has no start time (DTSTART).')
        all_day = not isinstance(start_value, datetime)
        zone = self._zones.zone_of(event, start_value)
        start = to_moment(start_value, ZoneInfo(zone), time(0))
        end = end_of(event, label, start, all_day=all_day)
        rrule = repeat_rule(event, zone, all_day)
        at = start.time()
        exdates = frozenset(to_moment(day, ZoneInfo(zone), at) for day in skipped_dates(event))
        return DatePlan(
            uid=uid_of(event),
            title=title_of(event),
            start=start,
            end=end,
            all_day=all_day,
            where=text_of(event, "LOCATION"),
            bring=text_of(event, X_BRING),
            budget=budget_of(event, label),
            notes=text_of(event, "DESCRIPTION"),
            planned_by=text_of(event, X_PLANNED_BY) or None,
            state=plan_state(event, label),
            rrule=rrule,
            exdates=exdates if rrule is not None else frozenset(),
            reminders=reminder_leads(event, start, end),
            zone=zone,
        )

    def _change(
        self, event: Event, label: str, plan: DatePlan
    ) -> tuple[datetime, OccurrenceOverride]:
        """``(original start, change)`` for an event with a ``RECURRENCE-ID``."""
        params = getattr(event.get("RECURRENCE-ID"), "params", None) or {}
        if str(params.get("RANGE", "")).upper() == "THISANDFUTURE":
            raise Skip("It changes all of its later dates at once, which we can't keep yet.")
        recurrence = single_date(event, "RECURRENCE-ID", label)
        if recurrence is None:  # grouped here because it has one, so never None
            raise Skip("It changes a date of a repeating event without saying which.")
        zone = plan.tzinfo
        original = to_moment(recurrence, zone, plan.start.astimezone(zone).time())
        start_value = single_date(event, "DTSTART", label)
        start = original if start_value is None else to_moment(start_value, zone, time(0))
        end = end_of(event, label, start, all_day=plan.all_day)
        if end is None and start_value is None:
            end = shifted_end(plan, start)
        where = text_of(event, "LOCATION") if "LOCATION" in event else plan.where
        return original, OccurrenceOverride(start, end, where, plan_state(event, label))


def _with_changes(plan: DatePlan, changes: dict[datetime, OccurrenceOverride]) -> DatePlan:
    return dataclasses.replace(plan, overrides=changes) if changes else plan


def _refuse_unsupported(event: Event) -> None:
    if "RDATE" in event:
        raise Skip("It adds extra one-off dates (RDATE), which we can't keep yet.")
    if "EXRULE" in event:
        raise Skip("It skips dates by a rule (EXRULE), which we can't keep yet.")
    if isinstance(event.get("RRULE"), list):
        raise Skip("It repeats by more than one rule, which we can't keep.")


def _keep_first_start(event: Event, label: str) -> None:
    """RFC 5545 allows one DTSTART; calendar programs read the first of several and go on
    (tzurl's Fiji sample has two), and so do we, saying so in the log."""
    starts = event.get("DTSTART")
    if isinstance(starts, list) and starts:
        log.warning('the event "%s" has %d start times; using the first', label, len(starts))
        event["DTSTART"] = starts[0]
