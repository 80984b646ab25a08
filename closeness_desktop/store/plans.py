"""How a :class:`DatePlan` is kept: its timeline entry plus a ``date_plans`` row.

The entry carries what every card shows (title, start, end, place, notes, who planned
it); the row carries the planner's details. JSON columns hold the skipped and moved dates
and the reminder leads, with times as ISO strings in UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from closeness_desktop.dates.model import DatePlan, OccurrenceOverride, PlanState
from closeness_desktop.store.models import DatePlanRow, Entry


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def row_values(plan: DatePlan) -> dict[str, Any]:
    """The ``date_plans`` columns for ``plan``."""
    return {
        "uid": plan.uid,
        "bring": plan.bring,
        "budget": plan.budget,
        "state": plan.state.value,
        "rrule": plan.rrule,
        "exdates": sorted(_iso(moment) for moment in plan.exdates),
        "overrides": {
            _iso(original): {
                "start": _iso(change.start),
                "end": _iso(change.end) if change.end else None,
                "where": change.where,
                "state": change.state.value,
            }
            for original, change in sorted(plan.overrides.items())
        },
        "reminders": [int(lead.total_seconds()) for lead in plan.reminders],
        "zone": plan.zone,
    }


def entry_values(plan: DatePlan) -> dict[str, Any]:
    """The timeline entry's columns for ``plan`` (all but the author)."""
    return {
        "title": plan.title,
        "body": plan.notes,
        "place": plan.where,
        "occurred_at": plan.start,
        "ends_at": plan.end,
        "all_day": plan.all_day,
    }


def to_plan(entry: Entry, row: DatePlanRow, planned_by: str | None) -> DatePlan:
    overrides = {
        _moment(original): OccurrenceOverride(
            start=_moment(change["start"]),
            end=_moment(change["end"]) if change.get("end") else None,
            where=str(change.get("where", "")),
            state=PlanState(change.get("state", PlanState.PLANNED.value)),
        )
        for original, change in (row.overrides or {}).items()
    }
    zone = row.zone
    return DatePlan(
        uid=row.uid,
        title=entry.title,
        start=entry.occurred_at.astimezone(_zone(zone)),
        end=entry.ends_at.astimezone(_zone(zone)) if entry.ends_at else None,
        all_day=entry.all_day,
        where=entry.place,
        bring=row.bring,
        budget=row.budget,
        notes=entry.body,
        planned_by=planned_by,
        state=PlanState(row.state),
        rrule=row.rrule,
        exdates=frozenset(_moment(text) for text in row.exdates or ()),
        overrides=overrides,
        reminders=tuple(timedelta(seconds=int(s)) for s in row.reminders or ()),
        zone=zone,
    )


def _zone(name: str) -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)
