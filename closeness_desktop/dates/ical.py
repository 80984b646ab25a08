"""Calendar files: share date plans as iCalendar, and read ``.ics`` files from elsewhere.

Export
    :func:`export_plans` writes one ``VEVENT`` per plan with its repeat rule, skipped
    dates (``EXDATE``) and reminders (``VALARM``), plus one more ``VEVENT`` with the same
    ``UID`` and a ``RECURRENCE-ID`` for each changed date, and a ``VTIMEZONE`` for each
    zone used. UIDs are the plans' own, so importing the file again updates the plans
    instead of duplicating them. What iCalendar has no place for (what to bring, the
    budget, who planned it, "done") travels in ``X-CLOSENESS-*`` properties.

Import
    :func:`parse_calendar` reads files from Google Calendar, Apple Calendar,
    Thunderbird, Outlook and the like into an :class:`ImportPreview`. It is all or
    nothing: a damaged file or event raises :class:`CalendarFileError` with a sentence
    for the user, and no plans are returned. Things that are well formed but that a
    date plan can't hold (to-dos, rules repeating by the hour, years outside
    1900-2200, ...) are listed in :attr:`ImportPreview.skipped` with the reason.

    Files are untrusted: they are limited to :data:`MAX_FILE_BYTES`, may start with a
    byte-order mark, may be UTF-8, UTF-16 (with a BOM) or Windows-1252 (old Outlook),
    and repeat rules are never expanded while reading, so ``COUNT=1000000000`` is
    harmless.
"""

from __future__ import annotations

import codecs
import dataclasses
import hashlib
import logging
import re
import warnings
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from icalendar import Alarm, Calendar, Component, Event, Timezone, vRecur, vText
from icalendar.timezone import is_utc

from closeness_desktop.dates.model import (
    MAX_TITLE_LENGTH,
    MAX_YEAR,
    MIN_YEAR,
    DatePlan,
    OccurrenceOverride,
    PlanError,
    PlanState,
    validate_plan,
)
from closeness_desktop.dates.recurrence import normalize_rrule

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_NESTING = 8
UNTITLED = "Untitled date"

X_STATE = "X-CLOSENESS-STATE"
X_BRING = "X-CLOSENESS-BRING"
X_BUDGET = "X-CLOSENESS-BUDGET"
X_PLANNED_BY = "X-CLOSENESS-PLANNED-BY"
X_ZONE = "X-CLOSENESS-ZONE"

# What a third-party parser may throw at hostile input. Anything in here, raised while
# reading a file, means "this file can't be read".
_READ_ERRORS = (
    ValueError,
    TypeError,
    LookupError,
    AttributeError,
    ArithmeticError,
    AssertionError,
    RecursionError,
)

log = logging.getLogger(__name__)


class CalendarFileError(ValueError):
    """A calendar file that can't be imported; the message says which part and why."""


@dataclass(frozen=True, slots=True)
class SkippedItem:
    """Something in the file that won't become a plan, and why (a plain sentence)."""

    kind: str
    title: str
    reason: str


@dataclass(frozen=True, slots=True)
class ImportPreview:
    """What importing a file would do: plans to add, plans to update, things skipped."""

    new_plans: tuple[DatePlan, ...] = ()
    updated_plans: tuple[DatePlan, ...] = ()
    skipped: tuple[SkippedItem, ...] = ()

    @property
    def plans(self) -> tuple[DatePlan, ...]:
        """Every plan the import would save, new ones first."""
        return self.new_plans + self.updated_plans


# --- export ---------------------------------------------------------------------------


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


# --- import: bytes to components ------------------------------------------------------


def parse_calendar(
    data: bytes, *, zone_fallback: str, existing_uids: Collection[str] = frozenset()
) -> ImportPreview:
    """Read an iCalendar file into a preview of the plans it would add or update.

    ``zone_fallback`` (an IANA name) is used for all-day and floating times, and for
    time zones we can't identify. Plans whose UID is in ``existing_uids`` are listed as
    updates. Raises :class:`CalendarFileError` when any part of the file can't be read.
    """
    if zone_fallback not in _known_zones():
        raise ValueError(f"unknown time zone {zone_fallback!r}")
    text = _decode(data)
    _check_structure(text)
    calendars = _parse(text)
    try:
        plans, skipped = _read_calendars(calendars, zone_fallback)
    except CalendarFileError:
        raise
    except _READ_ERRORS as error:
        raise CalendarFileError(
            "This calendar file can't be read: part of it is damaged."
        ) from error
    return ImportPreview(
        new_plans=tuple(plan for plan in plans if plan.uid not in existing_uids),
        updated_plans=tuple(plan for plan in plans if plan.uid in existing_uids),
        skipped=tuple(skipped),
    )


def _read_calendars(
    calendars: list[Calendar], zone_fallback: str
) -> tuple[list[DatePlan], list[SkippedItem]]:
    events, skipped = _sort_components(calendars)
    reader = _EventReader(calendars, zone_fallback)
    plans: list[DatePlan] = []
    for series in _group(events):
        try:
            plans.append(reader.read(series))
        except _Skip as skip:
            skipped.append(SkippedItem("event", series.title, skip.reason))
    return plans, skipped


def _decode(data: bytes) -> str:
    if len(data) > MAX_FILE_BYTES:
        raise CalendarFileError(
            "This file is larger than 10 MB, far more than a calendar needs. "
            "Please check that it is the right file."
        )
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return _decode_as(data[len(bom) :], (encoding,))
    return _decode_as(data, ("utf-8", "cp1252"))


def _decode_as(data: bytes, encodings: tuple[str, ...]) -> str:
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text
    raise CalendarFileError(
        "This file doesn't contain calendar text we can read. Calendar files are plain "
        "text, usually ending in .ics."
    )


_LINE_BREAK = re.compile(r"\r\n|\n|\r")


def _check_structure(text: str) -> None:
    """Make sure every BEGIN has its END, so a cut-off file is reported as such."""
    open_parts: list[tuple[str, int]] = []
    seen_any = False
    for number, line in enumerate(_LINE_BREAK.split(text), start=1):
        if line[:1] in (" ", "\t"):
            continue  # the continuation of a folded line
        keyword, _, name = line.strip().upper().partition(":")
        if keyword == "BEGIN":
            if not open_parts and name != "VCALENDAR":
                raise CalendarFileError(_not_a_calendar(seen_any))
            if len(open_parts) >= MAX_NESTING:
                raise CalendarFileError(
                    f"This calendar file is damaged: the part on line {number} is nested "
                    "far deeper than calendars go."
                )
            open_parts.append((name, number))
            seen_any = True
        elif keyword == "END":
            if not open_parts or open_parts[-1][0] != name:
                raise CalendarFileError(_unexpected_end(name, number, open_parts))
            open_parts.pop()
        elif line.strip() and not open_parts:
            raise CalendarFileError(_not_a_calendar(seen_any))
    if open_parts:
        name, number = open_parts[0] if len(open_parts) == 1 else open_parts[-1]
        raise CalendarFileError(
            f"This calendar file is cut off: the {_part_word(name)} that begins on line "
            f"{number} never ends (END:{name} is missing)."
        )
    if not seen_any:
        raise CalendarFileError(_not_a_calendar(seen_any))


def _not_a_calendar(seen_any: bool) -> str:
    if seen_any:
        return "This calendar file is damaged: it has parts outside the calendar."
    return "This doesn't look like a calendar file: it should begin with BEGIN:VCALENDAR."


def _unexpected_end(name: str, number: int, open_parts: list[tuple[str, int]]) -> str:
    if not open_parts:
        return f"This calendar file is damaged: line {number} ends a {name} that never began."
    began, began_on = open_parts[-1]
    return (
        f"This calendar file is damaged: line {number} ends a {name}, but the "
        f"{_part_word(began)} from line {began_on} is still open."
    )


def _parse(text: str) -> list[Calendar]:
    try:
        with warnings.catch_warnings():
            # icalendar warns about guessed time zone ids and the like; we only read.
            warnings.simplefilter("ignore")
            components = Calendar.from_ical(text, multiple=True)
    except _READ_ERRORS as error:
        line = getattr(error, "line_number", None)
        where = f" near line {line}" if isinstance(line, int) else ""
        raise CalendarFileError(
            f"This calendar file can't be read: something{where} isn't written the way "
            "calendar files are."
        ) from error
    calendars = [component for component in components if isinstance(component, Calendar)]
    if len(calendars) != len(components):
        raise CalendarFileError("This calendar file is damaged: it has parts outside the calendar.")
    return calendars


_KIND_WORDS = {
    "VEVENT": "event",
    "VTODO": "to-do",
    "VJOURNAL": "journal entry",
    "VFREEBUSY": "free/busy block",
    "VAVAILABILITY": "availability block",
    "VALARM": "reminder",
    "VTIMEZONE": "time zone",
    "VCALENDAR": "calendar",
}


def _part_word(name: str) -> str:
    return _KIND_WORDS.get(name, name.lower() or "part")


def _sort_components(calendars: list[Calendar]) -> tuple[list[Event], list[SkippedItem]]:
    """The events, and a skipped item for everything else that isn't a time zone."""
    events: list[Event] = []
    skipped: list[SkippedItem] = []
    for calendar in calendars:
        for component in calendar.subcomponents:
            if isinstance(component, Event):
                events.append(component)
            elif not isinstance(component, Timezone):
                kind = _part_word(component.name or "")
                title = _title(component) if "SUMMARY" in component else f"(a {kind})"
                reason = f"It is a {kind}; only events can become date plans."
                skipped.append(SkippedItem(kind, title, reason))
    return events, skipped


# --- import: events to plans ----------------------------------------------------------


class _Skip(Exception):
    """An event that is fine, but can't become a plan."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class _Series:
    """The events sharing one UID: the main one and its changed dates (by the date
    they change)."""

    uid: str
    title: str
    master: Event | None = None
    changes: dict[object, Event] = field(default_factory=dict)

    def add(self, event: Event, label: str) -> None:
        """Take ``event`` in. When the same event appears twice, the one with the
        higher ``SEQUENCE`` wins, then the later one in the file."""
        if "RECURRENCE-ID" not in event:
            if self.master is None or _sequence(event) >= _sequence(self.master):
                self.master = event
                self.title = label
            return
        key = _recurrence_key(event)
        earlier = self.changes.get(key)
        if earlier is None or _sequence(event) >= _sequence(earlier):
            self.changes[key] = event


def _group(events: list[Event]) -> list[_Series]:
    """Events grouped by UID, in file order."""
    series: dict[str, _Series] = {}
    for number, event in enumerate(events, start=1):
        label = _label(event, number)
        _check_parsed(event, label)
        uid = _uid(event)
        series.setdefault(uid, _Series(uid, label)).add(event, label)
    return list(series.values())


def _check_parsed(event: Event, label: str) -> None:
    """Raise for anything icalendar had to give up on inside the event."""
    for component in (event, *event.subcomponents):
        for name, message in component.errors:
            found = name or _property_in(message)
            raise CalendarFileError(
                f'The event "{label}" can\'t be read: {_property_words(found)} is damaged.'
            )


def _property_in(message: str) -> str | None:
    found = re.search(r"'([A-Za-z][A-Za-z0-9-]*)[;:]", message)
    return found.group(1).upper() if found else None


_PROPERTY_WORDS = {
    "DTSTART": "its start time (DTSTART)",
    "DTEND": "its end time (DTEND)",
    "DURATION": "its length (DURATION)",
    "RRULE": "its repeat rule (RRULE)",
    "EXDATE": "its list of skipped dates (EXDATE)",
    "RECURRENCE-ID": "its changed date (RECURRENCE-ID)",
    "TRIGGER": "one of its reminders (TRIGGER)",
    "SUMMARY": "its title (SUMMARY)",
}


def _property_words(name: str | None) -> str:
    if name is None:
        return "one of its lines"
    return _PROPERTY_WORDS.get(name, f"its {name} line")


class _EventReader:
    """Turns a series of events into a plan, knowing the file's time zones."""

    def __init__(self, calendars: list[Calendar], fallback: str) -> None:
        self._fallback = fallback
        self._zone_parts = {
            str(timezone.get("TZID", "")): timezone
            for calendar in calendars
            for timezone in calendar.subcomponents
            if isinstance(timezone, Timezone)
        }

    def read(self, series: _Series) -> DatePlan:
        """The plan for ``series``; raises ``_Skip`` or :class:`CalendarFileError`."""
        if series.master is None:
            raise _Skip(
                "It changes one date of a repeating event, but that event isn't in this file."
            )
        try:
            for event in (series.master, *series.changes.values()):
                _keep_first_start(event, series.title)
            plan = self._plan(series.master, series.title)
            changes = dict(
                self._change(event, series.title, plan) for event in series.changes.values()
            )
            plan = _with_changes(plan, changes)
            validate_plan(plan)
        except PlanError as error:
            raise _Skip(str(error)) from None
        except (_Skip, CalendarFileError):
            raise
        except _READ_ERRORS as error:
            raise CalendarFileError(
                f'The event "{series.title}" can\'t be read: part of it is damaged.'
            ) from error
        return plan

    def _plan(self, event: Event, label: str) -> DatePlan:
        _refuse_unsupported(event)
        start_value = _single(event, "DTSTART", label)
        if start_value is None:
            raise CalendarFileError(f'The event "{label}" has no start time (DTSTART).')
        all_day = not isinstance(start_value, datetime)
        zone = self._zone(event, start_value)
        start = _moment(start_value, ZoneInfo(zone), time(0))
        end = _end(event, label, start, all_day=all_day)
        rrule = _rrule(event, zone, all_day)
        at = start.time()
        exdates = frozenset(_moment(day, ZoneInfo(zone), at) for day in _exdates(event))
        return DatePlan(
            uid=_uid(event),
            title=_title(event),
            start=start,
            end=end,
            all_day=all_day,
            where=_text(event, "LOCATION"),
            bring=_text(event, X_BRING),
            budget=_budget(event, label),
            notes=_text(event, "DESCRIPTION"),
            planned_by=_text(event, X_PLANNED_BY) or None,
            state=_state(event, label),
            rrule=rrule,
            exdates=exdates if rrule is not None else frozenset(),
            reminders=_reminders(event, start, end),
            zone=zone,
        )

    def _change(
        self, event: Event, label: str, plan: DatePlan
    ) -> tuple[datetime, OccurrenceOverride]:
        """``(original start, change)`` for an event with a ``RECURRENCE-ID``."""
        params = getattr(event.get("RECURRENCE-ID"), "params", None) or {}
        if str(params.get("RANGE", "")).upper() == "THISANDFUTURE":
            raise _Skip("It changes all of its later dates at once, which we can't keep yet.")
        recurrence = _single(event, "RECURRENCE-ID", label)
        if recurrence is None:  # grouped here because it has one, so never None
            raise _Skip("It changes a date of a repeating event without saying which.")
        zone = plan.tzinfo
        original = _moment(recurrence, zone, plan.start.astimezone(zone).time())
        start_value = _single(event, "DTSTART", label)
        start = original if start_value is None else _moment(start_value, zone, time(0))
        end = _end(event, label, start, all_day=plan.all_day)
        if end is None and start_value is None:
            end = _shifted_end(plan, start)
        where = _text(event, "LOCATION") if "LOCATION" in event else plan.where
        return original, OccurrenceOverride(start, end, where, _state(event, label))

    def _zone(self, event: Event, value: date | datetime) -> str:
        """The IANA zone a plan should live in, judged from its start time."""
        if not isinstance(value, datetime) or value.tzinfo is None:
            declared = str(event.get(X_ZONE, "")).strip()
            return declared if declared in _known_zones() else self._fallback
        if is_utc(value):
            return "UTC"
        key = getattr(value.tzinfo, "key", None)
        if isinstance(key, str) and key in _known_zones():
            return key
        tzid = str(event["DTSTART"].params.get("TZID", ""))
        for candidate in _zone_candidates(tzid, self._zone_parts.get(tzid)):
            if ZoneInfo(candidate).utcoffset(value) == value.utcoffset():
                return candidate
        return self._fallback


def _with_changes(plan: DatePlan, changes: dict[datetime, OccurrenceOverride]) -> DatePlan:
    return dataclasses.replace(plan, overrides=changes) if changes else plan


def _zone_candidates(tzid: str, zone_part: Component | None) -> Iterator[str]:
    """IANA names a custom TZID might stand for: the ``X-LIC-LOCATION`` of its
    ``VTIMEZONE``, then the id with vendor prefixes taken off (``custom_Europe/Paris``)."""
    names: list[str] = []
    if zone_part is not None and "X-LIC-LOCATION" in zone_part:
        names.append(str(zone_part["X-LIC-LOCATION"]).strip())
    cleaned = tzid.strip().strip("/")
    names.append(cleaned)
    names += [cleaned[i + 1 :] for i, char in enumerate(cleaned) if char in "/_- "]
    yield from (name for name in names if name in _known_zones())


@cache
def _known_zones() -> frozenset[str]:
    return frozenset(available_timezones()) | {"UTC"}


def _refuse_unsupported(event: Event) -> None:
    if "RDATE" in event:
        raise _Skip("It adds extra one-off dates (RDATE), which we can't keep yet.")
    if "EXRULE" in event:
        raise _Skip("It skips dates by a rule (EXRULE), which we can't keep yet.")
    if isinstance(event.get("RRULE"), list):
        raise _Skip("It repeats by more than one rule, which we can't keep.")


def _keep_first_start(event: Event, label: str) -> None:
    """RFC 5545 allows one DTSTART; calendar programs read the first of several and go on
    (tzurl's Fiji sample has two), and so do we, saying so in the log."""
    starts = event.get("DTSTART")
    if isinstance(starts, list) and starts:
        log.warning('the event "%s" has %d start times; using the first', label, len(starts))
        event["DTSTART"] = starts[0]


def _single(event: Event, name: str, label: str) -> date | datetime | None:
    value = event.get(name)
    if value is None:
        return None
    if isinstance(value, list):
        raise CalendarFileError(
            f'The event "{label}" has more than one {_property_words(name).removeprefix("its ")}.'
        )
    moment = getattr(value, "dt", None)
    if not isinstance(moment, date):
        raise CalendarFileError(
            f'The event "{label}" can\'t be read: {_property_words(name)} is not a date.'
        )
    return _checked_year(moment)


def _checked_year(moment: date) -> date:
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        raise _Skip(f"Its date is outside the years {MIN_YEAR} to {MAX_YEAR}.")
    return moment


def _moment(value: date, zone: ZoneInfo, at: time) -> datetime:
    """``value`` as an aware time in ``zone``: a date at ``at``, a floating time as wall
    time in ``zone``, anything else converted."""
    if not isinstance(value, datetime):
        return datetime.combine(value, at, tzinfo=zone)
    if value.tzinfo is None:
        return value.replace(tzinfo=zone)
    return value.astimezone(zone)


def _end(event: Event, label: str, start: datetime, *, all_day: bool) -> datetime | None:
    """The end from ``DTEND`` or ``DURATION``, in the zone of ``start`` (a ``ZoneInfo``);
    ``None`` for a one-day all-day event."""
    zone = start.tzinfo
    assert isinstance(zone, ZoneInfo)
    end_value = _single(event, "DTEND", label)
    length = event.get("DURATION")
    if end_value is not None and length is not None:
        raise CalendarFileError(f'The event "{label}" has both an end time and a length.')
    if end_value is not None:
        if isinstance(end_value, datetime) == all_day:
            raise CalendarFileError(
                f'The event "{label}" has a start and an end of different kinds (one a day, '
                "one a time)."
            )
        end = _moment(end_value, zone, time(0))
    elif length is not None:
        if isinstance(length, list):
            raise CalendarFileError(f'The event "{label}" has more than one length (DURATION).')
        end = _add_length(start, getattr(length, "dt", None), all_day, label)
    else:
        return None
    if end < start:
        raise CalendarFileError(f'The event "{label}" ends before it starts.')
    return None if all_day and end <= start else end


def _add_length(start: datetime, length: object, all_day: bool, label: str) -> datetime:
    if not isinstance(length, timedelta) or length < timedelta(0):
        raise CalendarFileError(
            f'The event "{label}" has a length (DURATION) that is not a length.'
        )
    if length > timedelta(days=366 * 10):
        raise _Skip("It lasts more than ten years.")
    if all_day:
        return start + length  # whole days, on the wall clock
    return (start.astimezone(UTC) + length).astimezone(start.tzinfo)  # elapsed time


def _shifted_end(plan: DatePlan, start: datetime) -> datetime | None:
    if plan.end is None:
        return None
    return start + (plan.end - plan.start)


def _rrule(event: Event, zone: str, all_day: bool) -> str | None:
    rule = event.get("RRULE")
    if rule is None:
        return None
    text = rule.to_ical()
    try:
        return normalize_rrule(
            text.decode() if isinstance(text, bytes) else str(text), zone=zone, all_day=all_day
        )
    except PlanError as error:
        raise _Skip(str(error)) from None


def _exdates(event: Event) -> Iterator[date]:
    if "EXDATE" not in event:
        return
    for moment in event.exdates:
        yield _checked_year(moment)


def _reminders(event: Event, start: datetime, end: datetime | None) -> tuple[timedelta, ...]:
    """Lead times before the start, from the event's alarms. Alarms after the start, or
    with triggers we can't place, are left out."""
    leads: list[timedelta] = []
    for alarm in event.subcomponents:
        if not isinstance(alarm, Alarm):
            continue
        lead = _lead(alarm, start, end)
        if lead is not None and lead >= timedelta(0):
            leads.append(lead)
    return tuple(leads)


def _lead(alarm: Alarm, start: datetime, end: datetime | None) -> timedelta | None:
    trigger = alarm.get("TRIGGER")
    if trigger is None or isinstance(trigger, list):
        return None
    value = getattr(trigger, "dt", None)
    if isinstance(value, timedelta):
        if abs(value) > timedelta(days=366):
            return None
        related_to_end = str(trigger.params.get("RELATED", "START")).upper() == "END"
        anchor = end if related_to_end and end is not None else start
        return (start - anchor) - value
    if isinstance(value, datetime) and value.tzinfo is not None:
        if not MIN_YEAR <= value.year <= MAX_YEAR:
            return None
        return start.astimezone(UTC) - value.astimezone(UTC)
    return None


def _state(event: Event, label: str) -> PlanState:
    own = event.get(X_STATE)
    if own is not None and not isinstance(own, list):
        try:
            return PlanState(str(own).strip().lower())
        except ValueError:
            raise CalendarFileError(
                f'The event "{label}" has a Closeness state ({X_STATE}) we don\'t know.'
            ) from None
    status = event.get("STATUS")
    if isinstance(status, str) and status.strip().upper() == "CANCELLED":
        return PlanState.CANCELLED
    return PlanState.PLANNED


def _budget(event: Event, label: str) -> Decimal | None:
    text = _text(event, X_BUDGET).strip()
    if not text:
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise CalendarFileError(
            f'The event "{label}" has a budget ({X_BUDGET}) that is not an amount.'
        ) from None
    if not amount.is_finite():
        raise CalendarFileError(
            f'The event "{label}" has a budget ({X_BUDGET}) that is not an amount.'
        )
    return amount


def _uid(event: Event) -> str:
    """The event's UID, or (for the rare file without one) one derived from its content,
    so that importing the same file twice still finds the same plan."""
    uid = _text(event, "UID").strip()
    if uid:
        return uid
    parts = [_text(event, "SUMMARY")]
    for name in ("DTSTART", "DTEND", "DURATION", "RRULE"):
        value = event.get(name)
        parts.append(repr(value.to_ical()) if hasattr(value, "to_ical") else "")
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"{digest[:32]}@closeness.import"


def _title(component: Component) -> str:
    title = " ".join(_text(component, "SUMMARY").split())
    if not title:
        return UNTITLED
    if len(title) > MAX_TITLE_LENGTH:
        return title[: MAX_TITLE_LENGTH - 1] + "…"
    return title


def _label(event: Event, number: int) -> str:
    title = " ".join(_text(event, "SUMMARY").split())
    if title:
        return title if len(title) <= 60 else title[:59] + "…"
    uid = _text(event, "UID").strip()
    return uid[:60] if uid else f"number {number} in the file"


_ESCAPES = re.compile(r"\\([\\;,nN])")


def _text(component: Component, name: str) -> str:
    """A text property as a plain string ('' when absent), unescaping X- properties
    that came without ``VALUE=TEXT``."""
    value = component.get(name)
    if value is None:
        return ""
    values = value if isinstance(value, list) else [value]
    parts: list[str] = []
    for item in values:
        if isinstance(item, vText):
            parts.append(str(item))
        else:
            parts.append(_ESCAPES.sub(lambda m: "\n" if m[1] in "nN" else m[1], str(item)))
    return "\n".join(parts)


def _recurrence_key(event: Event) -> object:
    """What identifies the date a change applies to (its ``RECURRENCE-ID`` value)."""
    recurrence = event["RECURRENCE-ID"]
    if isinstance(recurrence, list):
        return id(event)  # reported as damaged when read
    return (recurrence.params.get("TZID"), recurrence.to_ical())


def _sequence(event: Event) -> int:
    value = event.get("SEQUENCE")
    try:
        return int(value) if value is not None and not isinstance(value, list) else 0
    except (TypeError, ValueError):
        return 0
