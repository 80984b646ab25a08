"""The evenings of repeating date nights that fall in one year, for “Our year”.

A repeating plan is one timeline entry, dated by its first evening; the keepsake lists
every evening it had in the year instead, each on its own day. What counts is what the
planner shows: an evening skipped or cancelled is left out (like a cancelled one-off), one
moved is where it was moved to, and one still to come later in the year is in, as a
one-off plan later in the year is: the book of a year in progress holds what the two of
you planned. The plan's notes are printed with its first evening of the year only (the
same words under every Friday would crowd out the rest).

Pure: records and plans in, records out; no Qt, no database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

from closeness_desktop.dates.model import DatePlan, PlanState
from closeness_desktop.dates.recurrence import occurrences
from closeness_desktop.records import EntryRecord

#: Evenings one plan can give a year: a daily plan in a leap year, and no more (a moved
#: evening can only take another's place, but a bound says so without a proof).
MAX_EVENINGS = 366


def evenings(
    plans: Iterable[tuple[EntryRecord, DatePlan]], starting: datetime, ending: datetime
) -> list[EntryRecord]:
    """Each evening of the repeating ``plans`` that starts in ``[starting, ending)``, as a
    copy of its plan's entry at that evening's time and place, oldest first. One-off plans
    are left to the timeline's own read (their entry is their one evening)."""
    found: list[EntryRecord] = []
    for entry, plan in plans:
        if not plan.repeats or entry.deleted_at is not None:
            continue
        dates = [
            occurrence
            for occurrence in occurrences(plan, starting, ending)
            if occurrence.state is not PlanState.CANCELLED
        ]
        for number, occurrence in enumerate(dates[:MAX_EVENINGS]):
            found.append(
                replace(
                    entry,
                    occurred_at=occurrence.start,
                    ends_at=occurrence.end,
                    place=occurrence.where,
                    body=entry.body if number == 0 else "",
                )
            )
    found.sort(key=lambda evening: (evening.occurred_at, evening.seq))
    return found


__all__ = ["MAX_EVENINGS", "evenings"]
