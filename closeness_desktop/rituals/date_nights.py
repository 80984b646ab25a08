"""What the tray says about date nights: the reminders before one, and, once and gently,
"how was it?" the day after. Pure: plans and "now" in, one-off items for the rules out.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, time, timedelta, tzinfo

from closeness_desktop.dates import recurrence
from closeness_desktop.dates.model import DatePlan, Occurrence, PlanState
from closeness_desktop.rituals import rules

#: Reminders and questions are looked for this far ahead and behind.
HORIZON = timedelta(days=8)
LOOK_BACK = timedelta(days=2)
#: The day after a date, "how was it?" comes at this local time (after quiet hours), and
#: may still come until the evening; then it is let go.
ASK_AT = time(10)
ASK_GRACE = timedelta(hours=10)
#: A date without an end counts as over this long after it began.
ASSUMED_LENGTH = timedelta(hours=3)
AFTER_PREFIX = "after:"
REMINDER_PREFIX = "plan:"


def _lead_words(lead: timedelta) -> str:
    if lead >= timedelta(days=1):
        return "tomorrow"
    if lead >= timedelta(hours=1):
        hours = int(lead.total_seconds() // 3600)
        return "in an hour" if hours == 1 else f"in {hours} hours"
    return f"in {int(lead.total_seconds() // 60)} minutes"


def reminders(plans: Iterable[DatePlan], now: datetime, zone: tzinfo) -> list[rules.OneOff]:
    """The reminders (by default a day and an hour before) of every planned date."""
    items = []
    for reminder in recurrence.reminders_between(list(plans), now - LOOK_BACK, now + HORIZON):
        plan, evening, lead = reminder.plan, reminder.occurrence, reminder.lead
        start = evening.start.astimezone(zone)
        where = f" · {evening.where}" if evening.where else ""
        when = "all day" if plan.all_day else f"{start:%H:%M}"
        uid, original, seconds = reminder.key[0], reminder.key[1], int(lead.total_seconds())
        items.append(
            rules.OneOff(
                key=f"{REMINDER_PREFIX}{uid}:{original.isoformat()}:{seconds}",
                due_at=reminder.due_at,
                title=f"Date night {_lead_words(lead)}",
                text=f"{plan.title}{where}, {when}.",
            )
        )
    return items


def _over_at(evening: Occurrence) -> datetime:
    return evening.end if evening.end is not None else evening.start + ASSUMED_LENGTH


def after_date_questions(
    plans: Iterable[DatePlan], now: datetime, zone: tzinfo
) -> list[rules.OneOff]:
    """For each date that happened (still "planned", so not yet remembered, skipped or
    cancelled), one question the next day: how was it?"""
    items = []
    for plan in plans:
        for evening in recurrence.occurrences(plan, now - LOOK_BACK - timedelta(days=1), now):
            if evening.state is not PlanState.PLANNED:
                continue
            over = _over_at(evening).astimezone(zone)
            next_day = over.date() + timedelta(days=1)
            ask = datetime.combine(next_day, ASK_AT, zone).astimezone(UTC)
            items.append(
                rules.OneOff(
                    key=after_key(plan.uid, evening.original_start),
                    due_at=ask,
                    title="How was your date night?",
                    text=f"“{plan.title}”. A line from each of you keeps it as a memory.",
                    kind=rules.RitualKind.AFTER_DATE,
                    grace=ASK_GRACE,
                )
            )
    return items


def after_key(uid: str, original_start: datetime) -> str:
    return f"{AFTER_PREFIX}{uid}|{original_start.astimezone(UTC).isoformat()}"


def parse_after_key(key: str) -> tuple[str, datetime] | None:
    """``(plan uid, original start)`` of an after-date question's key, else None."""
    if not key.startswith(AFTER_PREFIX):
        return None
    uid, _, moment = key.removeprefix(AFTER_PREFIX).rpartition("|")
    return uid, datetime.fromisoformat(moment)


def plans_window(now: datetime) -> dict[str, datetime]:
    """The bounds of the plans :func:`items_for` can use at ``now`` (for the household's
    ``plans(starting_before=..., ending_after=...)``): reading them all grows with years."""
    return {
        "starting_before": now + HORIZON + timedelta(days=1),
        "ending_after": now - LOOK_BACK - timedelta(days=2),
    }


def items_for(plans: Iterable[DatePlan], now: datetime, zone: tzinfo) -> list[rules.OneOff]:
    plans = list(plans)
    return reminders(plans, now, zone) + after_date_questions(plans, now, zone)
