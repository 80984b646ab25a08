"""Which IANA time zone a plan read from a calendar file lives in."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from icalendar import Calendar, Component, Event, Timezone
from icalendar.timezone import is_utc

from closeness_desktop.dates.ical.file_zones import FileZone
from closeness_desktop.dates.ical.vocabulary import X_ZONE


class FileZones:
    """The time zones a file describes, and the zone to read its times in."""

    def __init__(self, calendars: list[Calendar], fallback: str) -> None:
        self._fallback = fallback
        self._zone_parts = {
            str(timezone.get("TZID", "")): timezone
            for calendar in calendars
            for timezone in calendar.subcomponents
            if isinstance(timezone, Timezone)
        }

    def zone_of(self, event: Event, value: date | datetime) -> str:
        """The IANA zone a plan should live in, judged from its start time."""
        if not isinstance(value, datetime) or value.tzinfo is None:
            declared = str(event.get(X_ZONE, "")).strip()
            return declared if declared in known_zones() else self._fallback
        # A zone the file describes is matched by its offsets below, never by its names.
        if not isinstance(value.tzinfo, FileZone) and is_utc(value):
            return "UTC"
        key = getattr(value.tzinfo, "key", None)
        if isinstance(key, str) and key in known_zones():
            return key
        tzid = str(event["DTSTART"].params.get("TZID", ""))
        for candidate in _zone_candidates(tzid, self._zone_parts.get(tzid)):
            if ZoneInfo(candidate).utcoffset(value) == value.utcoffset():
                return candidate
        return self._fallback


def _zone_candidates(tzid: str, zone_part: Component | None) -> Iterator[str]:
    """IANA names a custom TZID might stand for: the ``X-LIC-LOCATION`` of its
    ``VTIMEZONE``, then the id with vendor prefixes taken off (``custom_Europe/Paris``)."""
    names: list[str] = []
    if zone_part is not None and "X-LIC-LOCATION" in zone_part:
        names.append(str(zone_part["X-LIC-LOCATION"]).strip())
    cleaned = tzid.strip().strip("/")
    names.append(cleaned)
    names += [cleaned[i + 1 :] for i, char in enumerate(cleaned) if char in "/_- "]
    yield from (name for name in names if name in known_zones())


@cache
def known_zones() -> frozenset[str]:
    return frozenset(available_timezones()) | {"UTC"}
