"""Reading the properties of one calendar event into the values of a date plan.

Each reader raises :class:`~.preview.CalendarFileError` for a damaged property, and
:class:`Skip` for one that is well formed but that a date plan can't hold.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from icalendar import Alarm, Component, Event, vText

from closeness_desktop.dates.ical.limits import (
    MAX_BUDGET,
    MAX_BUDGET_TEXT,
    MAX_EXDATES,
    MAX_NOTES_LENGTH,
    MAX_PLACE_LENGTH,
    MAX_REMINDERS,
    MAX_SUMMARY_LENGTH,
    MAX_TZID_LENGTH,
    MAX_UID_LENGTH,
)
from closeness_desktop.dates.ical.preview import CalendarFileError
from closeness_desktop.dates.ical.vocabulary import X_BRING, X_BUDGET, X_STATE, property_words
from closeness_desktop.dates.model.plan import (
    MAX_TITLE_LENGTH,
    MAX_YEAR,
    MIN_YEAR,
    DatePlan,
    PlanError,
    PlanState,
)
from closeness_desktop.dates.recurrence.presets import normalize_rrule

UNTITLED = "Untitled date"


class Skip(Exception):
    """An event that is fine, but can't become a plan."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def single_date(event: Event, name: str, label: str) -> date | datetime | None:
    value = event.get(name)
    if value is None:
        return None
    if isinstance(value, list):
        raise CalendarFileError(
            f'The event "{label}" has more than one {property_words(name).removeprefix("its ")}.'
        )
    moment = getattr(value, "dt", None)
    if not isinstance(moment, date):
        raise CalendarFileError(
            f'The event "{label}" can\'t be read: {property_words(name)} is not a date.'
        )
    return checked_year(moment)


def checked_year(moment: date) -> date:
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        raise Skip(f"Its date is outside the years {MIN_YEAR} to {MAX_YEAR}.")
    return moment


def to_moment(value: date, zone: ZoneInfo, at: time) -> datetime:
    """``value`` as an aware time in ``zone``: a date at ``at``, a floating time as wall
    time in ``zone``, anything else converted."""
    if not isinstance(value, datetime):
        return datetime.combine(value, at, tzinfo=zone)
    if value.tzinfo is None:
        return value.replace(tzinfo=zone)
    return value.astimezone(zone)


def end_of(event: Event, label: str, start: datetime, *, all_day: bool) -> datetime | None:
    """The end from ``DTEND`` or ``DURATION``, in the zone of ``start`` (a ``ZoneInfo``);
    ``None`` for a one-day all-day event."""
    zone = start.tzinfo
    assert isinstance(zone, ZoneInfo)
    end_value = single_date(event, "DTEND", label)
    length = event.get("DURATION")
    if end_value is not None and length is not None:
        raise CalendarFileError(f'The event "{label}" has both an end time and a length.')
    if end_value is not None:
        if isinstance(end_value, datetime) == all_day:
            raise CalendarFileError(
                f'The event "{label}" has a start and an end of different kinds (one a day, '
                "one a time)."
            )
        end = to_moment(end_value, zone, time(0))
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
        raise Skip("It lasts more than ten years.")
    if all_day:
        return start + length  # whole days, on the wall clock
    return (start.astimezone(UTC) + length).astimezone(start.tzinfo)  # elapsed time


def shifted_end(plan: DatePlan, start: datetime) -> datetime | None:
    if plan.end is None:
        return None
    return start + (plan.end - plan.start)


def repeat_rule(event: Event, zone: str, all_day: bool) -> str | None:
    rule = event.get("RRULE")
    if rule is None:
        return None
    text = rule.to_ical()
    try:
        return normalize_rrule(
            text.decode() if isinstance(text, bytes) else str(text), zone=zone, all_day=all_day
        )
    except PlanError as error:
        raise Skip(str(error)) from None


def skipped_dates(event: Event) -> Iterator[date]:
    if "EXDATE" not in event:
        return
    moments = event.exdates
    if len(moments) > MAX_EXDATES:
        raise Skip(f"It skips more than {MAX_EXDATES:,} of its dates, more than we keep.")
    for moment in moments:
        yield checked_year(moment)


def reminder_leads(event: Event, start: datetime, end: datetime | None) -> tuple[timedelta, ...]:
    """Lead times before the start, from the event's alarms. Alarms after the start, or
    with triggers we can't place, are left out."""
    leads: list[timedelta] = []
    for alarm in event.subcomponents:
        if not isinstance(alarm, Alarm):
            continue
        lead = _lead(alarm, start, end)
        if lead is not None and lead >= timedelta(0):
            leads.append(lead)
    if len(leads) > MAX_REMINDERS:
        raise Skip(f"It has more than {MAX_REMINDERS} reminders, more than we keep.")
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


def plan_state(event: Event, label: str) -> PlanState:
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


def budget_of(event: Event, label: str) -> Decimal | None:
    """The budget, to the cent as it will be kept; ``Skip`` for an amount too large to
    keep (it would be stored as infinity, and break every later export)."""
    text = text_of(event, X_BUDGET).strip()
    if not text:
        return None
    too_large = Skip(f"Its budget is more than {MAX_BUDGET:,}, more than we can keep.")
    if len(text) > MAX_BUDGET_TEXT:
        raise too_large
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
    if abs(amount) > MAX_BUDGET:
        raise too_large
    return amount.quantize(Decimal("0.01"))


#: The text properties a plan keeps, their words, and the longest each may be.
_LONGEST = (
    ("UID", "identifier (UID)", MAX_UID_LENGTH),
    ("SUMMARY", "title", MAX_SUMMARY_LENGTH),
    ("LOCATION", "place (LOCATION)", MAX_PLACE_LENGTH),
    ("DESCRIPTION", "description", MAX_NOTES_LENGTH),
    (X_BRING, "list of what to bring", MAX_NOTES_LENGTH),
)
_TIMES = ("DTSTART", "DTEND", "RECURRENCE-ID", "EXDATE")


def check_lengths(event: Event) -> None:
    """``Skip`` for text longer than a plan keeps, or a time zone name longer than any
    real one (which must not reach the file system, nor the name matching in ``zones``)."""
    for name, words, longest in _LONGEST:
        length = len(text_of(event, name).strip())
        if length > longest:
            raise Skip(f"Its {words} is {length:,} characters long; we keep at most {longest:,}.")
    for name in _TIMES:
        values = event.get(name)
        for value in values if isinstance(values, list) else [values]:
            params = getattr(value, "params", None) or {}
            tzid = str(params.get("TZID", ""))
            if len(tzid) > MAX_TZID_LENGTH:
                raise Skip(
                    f"Its time zone name (TZID) is {len(tzid):,} characters long; real ones "
                    "are a few dozen."
                )


def uid_of(event: Event) -> str:
    """The event's UID, or (for the rare file without one) one derived from its content,
    so that importing the same file twice still finds the same plan."""
    uid = text_of(event, "UID").strip()
    if uid:
        return uid
    parts = [text_of(event, "SUMMARY")]
    for name in ("DTSTART", "DTEND", "DURATION", "RRULE"):
        value = event.get(name)
        parts.append(repr(value.to_ical()) if hasattr(value, "to_ical") else "")
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"{digest[:32]}@closeness.import"


def title_of(component: Component) -> str:
    title = " ".join(text_of(component, "SUMMARY").split())
    if not title:
        return UNTITLED
    if len(title) > MAX_TITLE_LENGTH:
        return title[: MAX_TITLE_LENGTH - 1] + "…"
    return title


_ESCAPES = re.compile(r"\\([\\;,nN])")
#: Control characters but tab and newline (C0, DEL, C1): an escape sequence in a title
#: would move the cursor or retitle the terminal of whoever lists the plans.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CARRIAGE_RETURN = re.compile("\r\n?")


def text_of(component: Component, name: str) -> str:
    """A text property as a plain string ('' when absent), unescaping X- properties
    that came without ``VALUE=TEXT``; line ends as newlines, other control characters
    left out."""
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
    return without_controls(_CARRIAGE_RETURN.sub("\n", "\n".join(parts)))


def without_controls(text: str) -> str:
    """``text`` without control characters but tab and newline."""
    return _CONTROLS.sub("", text)
