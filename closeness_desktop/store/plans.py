"""How a :class:`DatePlan` is kept: its timeline entry plus a ``date_plans`` row.

The entry carries what every card shows (title, start, end, place, notes, who planned
it); the row carries the planner's details. JSON columns hold the skipped and moved dates
and the reminder leads, with times as ISO strings in UTC.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select, update
from sqlalchemy.orm import Session

from closeness_desktop.dates.model import DatePlan, OccurrenceOverride, PlanState
from closeness_desktop.records import EntryKind, EntryRecord
from closeness_desktop.store import settings as settings_store
from closeness_desktop.store.entries import ENTRY_KEYS
from closeness_desktop.store.models import DatePlanRow, Entry

#: What a new date night on the timeline reminds of: the day before, and an hour before.
DEFAULT_REMINDERS = (86_400, 3_600)


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


# -- reading ------------------------------------------------------------------------------

Names = Mapping[uuid.UUID, str]


def _plans_query() -> Select[Any]:
    return (
        select(*Entry.__table__.c, *DETAIL_COLUMNS)
        .join(DatePlanRow, DatePlanRow.entry_id == Entry.id)
        .where(Entry.kind == EntryKind.PLAN.value, Entry.deleted_at.is_(None))
        .order_by(Entry.occurred_at, Entry.seq)
    )


def _records(
    session: Session, query: Select[Any], names: Names
) -> list[tuple[EntryRecord, DatePlan]]:
    found = []
    for row in session.execute(query).mappings().all():
        entry = EntryRecord.from_mapping({key: row[key] for key in ENTRY_KEYS})
        found.append((entry, to_plan(entry, row, names.get(entry.author_id))))
    return found


def plans_between(
    session: Session,
    names: Names,
    *,
    starting_before: datetime | None = None,
    ending_after: datetime | None = None,
) -> list[tuple[EntryRecord, DatePlan]]:
    """Plans not in the trash, by start; with the bounds, only those that can have a date
    in ``[ending_after, starting_before)`` (every repeating plan that began before the end,
    and the one-offs inside)."""
    query = _plans_query()
    if starting_before is not None:
        query = query.where(Entry.occurred_at < starting_before)
    if ending_after is None:
        return _records(session, query, names)
    # Two narrow reads rather than one OR: the series (few), and the one-offs through
    # the (kind, occurred_at) index range, so the cost follows the window, not the years.
    series = _records(session, query.where(DatePlanRow.rrule.is_not(None)), names)
    one_offs = _records(
        session, query.where(DatePlanRow.rrule.is_(None), Entry.occurred_at >= ending_after), names
    )
    return sorted(series + one_offs, key=lambda found: (found[0].occurred_at, found[0].seq))


def plan_by_uid(session: Session, uid: str, names: Names) -> tuple[EntryRecord, DatePlan] | None:
    """The plan with ``uid``, in the trash or not."""
    query = (
        select(*Entry.__table__.c, *DETAIL_COLUMNS)
        .join(DatePlanRow, DatePlanRow.entry_id == Entry.id)
        .where(DatePlanRow.uid == uid)
    )
    found = _records(session, query, names)
    return found[0] if found else None


def uids(session: Session) -> set[str]:
    """The uid of every plan not in the trash."""
    query = (
        select(DatePlanRow.uid)
        .join(Entry, DatePlanRow.entry_id == Entry.id)
        .where(Entry.deleted_at.is_(None))
    )
    return set(session.scalars(query))


# -- writing ------------------------------------------------------------------------------


def insert_default_details(session: Session, entry_id: uuid.UUID, zone: str) -> None:
    """The planner's details for a plan written on the timeline (the composer's Ctrl+D)."""
    session.add(
        DatePlanRow(
            entry_id=entry_id,
            uid=f"{entry_id.hex}@closeness",
            bring="",
            state="planned",
            exdates=[],
            overrides={},
            reminders=list(DEFAULT_REMINDERS),
            zone=zone,
        )
    )


def insert_plan(
    session: Session, plan: DatePlan, planner_id: uuid.UUID, now: datetime
) -> uuid.UUID:
    entry_id = uuid.uuid4()
    session.add(
        Entry(id=entry_id, kind=EntryKind.PLAN.value, author_id=planner_id, created_at=now,
              updated_at=now, version=1, **entry_values(plan))
    )  # fmt: skip
    session.flush()
    session.add(DatePlanRow(entry_id=entry_id, **row_values(plan)))
    session.flush()
    return entry_id


def write_plan(
    session: Session,
    entry_id: uuid.UUID,
    plan: DatePlan,
    planner_id: uuid.UUID,
    *,
    expected_version: int,
    now: datetime,
) -> int | None:
    """Write ``plan`` over the plan of ``entry_id`` (bringing it back from the trash) if it
    is still at ``expected_version``; the new version, or None if it moved on."""
    result = session.execute(
        update(Entry)
        .where(Entry.id == entry_id, Entry.version == expected_version)
        .values(**entry_values(plan), author_id=planner_id, deleted_at=None, updated_at=now,
                version=Entry.version + 1)
        .execution_options(synchronize_session=False)
    )  # fmt: skip
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return None
    session.execute(
        update(DatePlanRow).where(DatePlanRow.entry_id == entry_id).values(**row_values(plan))
    )
    return expected_version + 1


# -- "Not now" to "How was it?" -------------------------------------------------------------

#: The settings key of the evenings told "Not now": ``["uid|original start in UTC", ...]``.
NOT_NOW_KEY = "plans.not_now"
Said = set[tuple[str, datetime]]


def read_not_now(session: Session) -> tuple[Said, int]:
    """The evenings told "Not now" (plan uid, original start in UTC), and the version."""
    value, version = settings_store.read(session, NOT_NOW_KEY)
    said: Said = set()
    for text in value or ():
        uid, _, moment = str(text).rpartition("|")
        said.add((uid, _moment(moment)))
    return said, version


def write_not_now(session: Session, said: Said, expected_version: int, now: datetime) -> int | None:
    """Keep ``said`` over the version read; the new version, or None if it moved on."""
    value = sorted(f"{uid}|{_iso(moment)}" for uid, moment in said)
    return settings_store.write(session, NOT_NOW_KEY, value, expected_version, now)
