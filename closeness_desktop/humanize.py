"""Times and entries in human words: "today 19:40", "last Tuesday", "3 years ago".

Pure functions of (time, now, zone), shared by the window and the command line.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date, datetime, tzinfo

from closeness_desktop.records import EntryKind, EntryRecord

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}{'' if count == 1 else 's'}"


def _months_between(earlier: date, later: date) -> int:
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (1 if later.day < earlier.day else 0)


def day_name(day: date) -> str:
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def month_name(day: date) -> str:
    return f"{_MONTHS[day.month - 1]} {day.year}"


def when(moment: datetime, now: datetime, zone: tzinfo, *, all_day: bool = False) -> str:
    """``moment`` relative to ``now``, as a person would say it, in local time."""
    local, today = moment.astimezone(zone), now.astimezone(zone).date()
    day = local.date()
    clock = "" if all_day else f" {local:%H:%M}"
    days = (today - day).days
    if days == 0:
        return f"today{clock}"
    if days == 1:
        return f"yesterday{clock}"
    if days == -1:
        return f"tomorrow{clock}"
    if 1 < days < 7:
        return f"{_WEEKDAYS[day.weekday()]}{clock}"
    if 7 <= days < 14:
        return f"last {_WEEKDAYS[day.weekday()]}"
    if -7 < days < -1:  # "this Friday": a bare "Friday" reads as the one just gone
        return f"this {_WEEKDAYS[day.weekday()]}{clock}"
    if days < 0:
        return (
            f"{day.day} {_MONTHS[day.month - 1]}{clock}"
            if day.year == today.year
            else day_name(day)
        )
    if days < 45:
        return f"{_plural(days // 7, 'week')} ago"
    months = _months_between(day, today)
    if months < 12:
        return f"{_plural(max(months, 1), 'month')} ago"
    return f"{_plural(months // 12, 'year')} ago"


#: The key of the "Upcoming" group: every day after today, above all the others.
UPCOMING_KEY = (10_000, 0, 0)


def group_label(day: date, today: date) -> str:
    """The header above the future's entries, a (recent) day's, or an (older) month's.

    One format for every day: "Tuesday 24 November 2026", after "Today · " or
    "Yesterday · " when it is one of those."""
    days = (today - day).days
    if days < 0:
        return "Upcoming"
    if days == 0:
        return f"Today · {day_name(day)}"
    if days == 1:
        return f"Yesterday · {day_name(day)}"
    if days < 31:
        return day_name(day)
    return month_name(day)


def group_key(day: date, today: date) -> tuple[int, int, int]:
    """Entries with the same key sit under one header: all the future together, then a
    day when recent, else a month."""
    if day > today:
        return UPCOMING_KEY
    if (today - day).days < 31:
        return (day.year, day.month, day.day)
    return (day.year, day.month, 0)


def short_day(day: date, today: date) -> str:
    """ "Sat 14 March 2020"; the year left out in the current one ("Fri 4 December")."""
    text = f"{_WEEKDAYS[day.weekday()][:3]} {day.day} {_MONTHS[day.month - 1]}"
    return text if day.year == today.year else f"{text} {day.year}"


def distance(day: date, today: date) -> str:
    """How far ``day`` is from ``today`` in weeks, months or years: "6 years ago", "in 3 weeks"."""
    earlier, later = sorted((day, today))
    days = (later - earlier).days
    if days < 45:
        amount = _plural(max(days // 7, 1), "week")
    elif (months := _months_between(earlier, later)) < 12:
        amount = _plural(max(months, 1), "month")
    else:
        amount = _plural(months // 12, "year")
    return f"{amount} ago" if day < today else f"in {amount}"


def stamp(moment: datetime, now: datetime, zone: tzinfo, *, all_day: bool = False) -> str:
    """A card's time: the day by name this week, else the date with how long ago (or
    ahead) it is; a future day never reads like a past one ("This Friday, 19:00")."""
    local, today = moment.astimezone(zone), now.astimezone(zone).date()
    day = local.date()
    clock = "" if all_day else f", {local:%H:%M}"
    days = (today - day).days
    if days == 0:
        return f"Today{clock}"
    if days == 1:
        return f"Yesterday{clock}"
    if days == -1:
        return f"Tomorrow{clock}"
    if 1 < days < 7:
        return f"{_WEEKDAYS[day.weekday()]}{clock}"
    if -7 < days < -1:
        return f"This {_WEEKDAYS[day.weekday()]}{clock}"
    return f"{short_day(day, today)}{clock} · {distance(day, today)}"


KIND_LABELS = {
    EntryKind.NOTE: "Love note",
    EntryKind.MEMORY: "Memory",
    EntryKind.PLAN: "Date night",
    EntryKind.CHECKIN: "Check-in",
    EntryKind.GOODBYE: "Goodbye",
    EntryKind.PROMPT: "Question",
}


#: What a count of found entries calls each kind: (one, several).
KIND_COUNT_WORDS = {
    EntryKind.NOTE: ("note", "notes"),
    EntryKind.MEMORY: ("memory", "memories"),
    EntryKind.PLAN: ("date night", "date nights"),
    EntryKind.CHECKIN: ("check-in", "check-ins"),
    EntryKind.GOODBYE: ("goodbye", "goodbyes"),
    EntryKind.PROMPT: ("question", "questions"),
}


def found(counts: Mapping[EntryKind, int]) -> str:
    """What a search found, in words: "37 notes and memories", "1 check-in"."""
    total = sum(counts.values())
    if not total:
        return "Nothing found"
    words = [
        one if total == 1 else several
        for kind, (one, several) in KIND_COUNT_WORDS.items()
        if counts.get(kind)
    ]
    listed = words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
    return f"{total:,} {listed}"


#: How a mood (1 to 5) reads: the check-in's buttons, its card, the mood chart.
MOOD_WORDS = ("heavy", "low", "okay", "good", "wonderful")


def mood_word(mood: float) -> str:
    """The word for a mood; a mean rounds to the nearest (3.6 reads "good")."""
    return MOOD_WORDS[min(max(int(mood + 0.5), 1), len(MOOD_WORDS)) - 1]


def headline(entry: EntryRecord) -> str:
    """The first line of an entry: its title, or what it says ("Feeling good · calm")."""
    if entry.kind is EntryKind.CHECKIN:
        mood = f"Feeling {mood_word(entry.mood)}" if entry.mood else "Checked in"
        return f"{mood} · {entry.feelings}" if entry.feelings else mood
    return entry.title or entry.body.split("\n", 1)[0]


def describe_entry(
    entry: EntryRecord, names: Mapping[uuid.UUID, str], now: datetime, zone: tzinfo
) -> str:
    """One line for ``closeness list``."""
    author = names.get(entry.author_id, "?")
    to = f" to {names.get(entry.addressee_id, '?')}" if entry.addressee_id else ""
    moment = when(entry.occurred_at, now, zone, all_day=entry.all_day)
    text = headline(entry).replace("\n", " ")
    if len(text) > 80:
        text = text[:79] + "…"
    return f"{moment:>18}  {KIND_LABELS[entry.kind]:<10}  {author}{to}: {text}"
