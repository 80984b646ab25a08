"""How a :class:`DatePlan` is kept: its timeline entry plus a ``date_plans`` row.

The entry carries what every card shows (title, start, end, place, notes, who planned
it); the row carries the planner's details. JSON columns hold the skipped and moved dates
and the reminder leads, with times as ISO strings in UTC.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from closeness_desktop.dates.model import DatePlan, OccurrenceOverride, PlanState
from closeness_desktop.records import EntryRecord
from closeness_desktop.store.models import DatePlanRow


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


#: The ``date_plans`` columns a plan is read with (named so they never clash with the
#: entry's own columns in one row).
DETAIL_COLUMNS = tuple(
    column.label(f"plan_{column.key}")
    for column in DatePlanRow.__table__.c
    if column.key != "entry_id"
)


def to_plan(entry: EntryRecord, row: Mapping[Any, Any], planned_by: str | None) -> DatePlan:
    """The plan from its timeline entry and its ``plan_*`` detail columns."""
    overrides = {
        _moment(original): OccurrenceOverride(
            start=_moment(change["start"]),
            end=_moment(change["end"]) if change.get("end") else None,
            where=str(change.get("where", "")),
            state=PlanState(change.get("state", PlanState.PLANNED.value)),
        )
        for original, change in (row["plan_overrides"] or {}).items()
    }
    zone = _zone(row["plan_zone"])
    return DatePlan(
        uid=row["plan_uid"],
        title=entry.title,
        start=entry.occurred_at.astimezone(zone),
        end=entry.ends_at.astimezone(zone) if entry.ends_at else None,
        all_day=entry.all_day,
        where=entry.place,
        bring=row["plan_bring"],
        budget=row["plan_budget"],
        notes=entry.body,
        planned_by=planned_by,
        state=PlanState(row["plan_state"]),
        rrule=row["plan_rrule"],
        exdates=frozenset(_moment(text) for text in row["plan_exdates"] or ()),
        overrides=overrides,
        reminders=tuple(timedelta(seconds=int(s)) for s in row["plan_reminders"] or ()),
        zone=row["plan_zone"],
    )


def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)
