"""Grouping a file's events by UID into series: a main event and its changed dates."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from icalendar import Event

from closeness_desktop.dates.ical.preview import CalendarFileError
from closeness_desktop.dates.ical.properties import text_of, uid_of
from closeness_desktop.dates.ical.vocabulary import property_words


@dataclass
class Series:
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


def group(events: list[Event]) -> list[Series]:
    """Events grouped by UID, in file order."""
    series: dict[str, Series] = {}
    for number, event in enumerate(events, start=1):
        label = _label(event, number)
        _check_parsed(event, label)
        uid = uid_of(event)
        series.setdefault(uid, Series(uid, label)).add(event, label)
    return list(series.values())


def _check_parsed(event: Event, label: str) -> None:
    """Raise for anything icalendar had to give up on inside the event."""
    for component in (event, *event.subcomponents):
        for name, message in component.errors:
            found = name or _property_in(message)
            raise CalendarFileError(
                f'The event "{label}" can\'t be read: {property_words(found)} is damaged.'
            )


def _property_in(message: str) -> str | None:
    found = re.search(r"'([A-Za-z][A-Za-z0-9-]*)[;:]", message)
    return found.group(1).upper() if found else None


def _label(event: Event, number: int) -> str:
    title = " ".join(text_of(event, "SUMMARY").split())
    if title:
        return title if len(title) <= 60 else title[:59] + "…"
    uid = text_of(event, "UID").strip()
    return uid[:60] if uid else f"number {number} in the file"


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
