"""Special days (a versioned row each) and the memories "On this day" brings back."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from closeness_desktop.records import EntryKind, EntryRecord
from closeness_desktop.special_days import DayKind, SpecialDay
from closeness_desktop.store.models import Entry
from closeness_desktop.store.models import SpecialDay as SpecialDayRow

_ENTRY_COLUMNS = tuple(Entry.__table__.c)


def _record(row: SpecialDayRow) -> SpecialDay:
    return SpecialDay(
        id=row.id,
        kind=DayKind(row.kind),
        title=row.title,
        on_date=row.on_date,
        yearly=row.yearly,
        partner_id=row.partner_id,
        version=row.version,
    )


def all_days(session: Session) -> list[SpecialDay]:
    rows = session.scalars(select(SpecialDayRow).where(SpecialDayRow.deleted_at.is_(None)))
    return [_record(row) for row in rows]


def get(session: Session, day_id: uuid.UUID) -> tuple[SpecialDay, bool] | None:
    """The day and whether it is deleted, or None if there never was one."""
    row = session.get(SpecialDayRow, day_id)
    if row is None:
        return None
    session.refresh(row)  # another account may have written it since this session began
    return _record(row), row.deleted_at is not None


def add(session: Session, day: SpecialDay, now: datetime) -> None:
    session.add(
        SpecialDayRow(
            id=day.id,
            kind=day.kind.value,
            title=day.title,
            partner_id=day.partner_id,
            on_date=day.on_date,
            yearly=day.yearly,
            created_at=now,
            updated_at=now,
            version=1,
        )
    )
    session.flush()


def fields_of(day: SpecialDay) -> dict[str, Any]:
    return {
        "kind": day.kind.value,
        "title": day.title,
        "partner_id": day.partner_id,
        "on_date": day.on_date,
        "yearly": day.yearly,
    }


def write(
    session: Session, day_id: uuid.UUID, fields: dict[str, Any], expected: int, now: datetime
) -> int | None:
    """Change ``fields`` if the row is still at ``expected``; its new version, else None."""
    result = session.execute(
        update(SpecialDayRow)
        .where(SpecialDayRow.id == day_id, SpecialDayRow.version == expected)
        .values(**fields, updated_at=now, version=SpecialDayRow.version + 1)
        .execution_options(synchronize_session=False)
    )
    return expected + 1 if result.rowcount == 1 else None  # type: ignore[attr-defined]


def first_memory_at(session: Session) -> datetime | None:
    """When the oldest memory happened: how far back "On this day" has to look."""
    query = select(func.min(Entry.occurred_at)).where(Entry.kind == EntryKind.MEMORY.value)
    value: datetime | None = session.execute(query).scalar_one_or_none()
    return value


def memories_between(
    session: Session, spans: Sequence[tuple[datetime, datetime]], limit: int
) -> list[EntryRecord]:
    """Memories (not deleted) inside each ``[start, end)`` span, spans in the order given
    and newest first within each, at most ``limit`` in all.

    One range query per span over the (kind, occurred_at) index: cheap however large the
    timeline, and it stops once ``limit`` are found.
    """
    found: list[EntryRecord] = []
    for start, end in spans:
        if len(found) >= limit:
            break
        query = (
            select(*_ENTRY_COLUMNS)
            .where(
                Entry.kind == EntryKind.MEMORY.value,
                Entry.occurred_at >= start,
                Entry.occurred_at < end,
                Entry.deleted_at.is_(None),
            )
            .order_by(Entry.occurred_at.desc(), Entry.seq.desc())
            .limit(limit - len(found))
        )
        found.extend(EntryRecord.from_mapping(row) for row in session.execute(query).mappings())
    return found
