"""The names both directions share: Closeness's own ``X-CLOSENESS-*`` properties, and the
plain words messages use for the parts and properties of a calendar file."""

from __future__ import annotations

# What iCalendar has no place for travels in properties of our own.
X_STATE = "X-CLOSENESS-STATE"
X_BRING = "X-CLOSENESS-BRING"
X_BUDGET = "X-CLOSENESS-BUDGET"
X_PLANNED_BY = "X-CLOSENESS-PLANNED-BY"
X_ZONE = "X-CLOSENESS-ZONE"


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


def part_word(name: str) -> str:
    return _KIND_WORDS.get(name, name.lower() or "part")


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


def property_words(name: str | None) -> str:
    if name is None:
        return "one of its lines"
    return _PROPERTY_WORDS.get(name, f"its {name} line")
