"""What the companion says about special days: a line in the arrival greeting on the day
itself, and "On this day" once a day, as a gentle reminder inside the daily cap."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from closeness_desktop import special_days as words
from closeness_desktop.household import Household, PartnerInfo
from closeness_desktop.rituals import rules
from closeness_desktop.rituals.greeting import Greeting

#: "On this day" comes at this local time (after the default quiet hours) and may still
#: come until the evening; after that the day lets it go.
ON_THIS_DAY_AT = time(10)
ON_THIS_DAY_GRACE = timedelta(hours=10)
ON_THIS_DAY_PREFIX = "onthisday:"
#: How many memories the notification names; the timeline's strip shows them all.
NAMED = 2


def greeting_on_the_day(greeting: Greeting, household: Household, partner: PartnerInfo) -> Greeting:
    """``greeting`` with a line for each special day that falls today, first."""
    today = household.special_days.today()
    names = household.partners.names()
    lines = []
    for day in household.special_days.on_the_day(today):
        whose = names.get(day.partner_id) if day.partner_id else None
        lines.append(words.greeting_line(day, today, whose, partner.id))
    if not lines:
        return greeting
    return replace(greeting, body="\n".join([*lines, greeting.body]))


def reminders(household: Household, now: datetime) -> list[rules.OneOff]:
    """Today's "On this day" reminder, if earlier years left memories on this date.

    It counts toward the daily cap and quiet hours hold it, like any ritual; it is keyed
    by the date, so the ritual log lets it fire once a day at most. A pause holds it too
    (one-offs are otherwise not paused: those are the couple's own appointments).
    """
    paused_until = household.rituals.settings().paused_until
    if paused_until is not None and now < paused_until:
        return []
    zone = household.clock.local_zone()
    today = now.astimezone(zone).date()
    found = household.special_days.on_this_day(today)
    if not found:
        return []
    named = ", ".join(
        f"“{entry.title}” ({entry.occurred_at.astimezone(zone).year})" for entry in found[:NAMED]
    )
    more = len(found) - NAMED
    text = f"{named} and {more} more." if more > 0 else f"{named}."
    return [
        rules.OneOff(
            key=f"{ON_THIS_DAY_PREFIX}{today.isoformat()}",
            due_at=datetime.combine(today, ON_THIS_DAY_AT, zone).astimezone(UTC),
            title=words.memories_words(len(found)),
            text=f"From earlier years: {text}",
            kind=rules.RitualKind.ON_THIS_DAY,
            counts_toward_cap=True,
            grace=ON_THIS_DAY_GRACE,
        )
    ]


def memory_to_open(household: Household, key: str) -> uuid.UUID | None:
    """The newest memory an "On this day" reminder (its ritual ``key``) was about, to open
    when the notification is clicked; None for any other reminder, or when it is gone."""
    if not key.startswith(ON_THIS_DAY_PREFIX):
        return None
    try:
        day = date.fromisoformat(key.removeprefix(ON_THIS_DAY_PREFIX))
    except ValueError:
        return None
    found = household.special_days.on_this_day(day, limit=1)
    return found[0].id if found else None
