"""Timeline queries: newest first, a keyset page at a time.

Pages are keyed on ``(occurred_at, seq)``, never on an offset: a page deep in ten years
of entries costs the same as the first, and entries sharing a timestamp are neither
skipped nor repeated.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, func, literal, or_, select, tuple_
from sqlalchemy.orm import Session

from closeness_desktop.records import Cursor, EntryKind, EntryRecord, Page, TimelineFilter
from closeness_desktop.store import search
from closeness_desktop.store.models import DatePlanRow, Entry
from closeness_desktop.store.types import UTCDateTime

_COLUMNS = tuple(Entry.__table__.c)


def _where(flt: TimelineFilter, dialect: str) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = [
        Entry.deleted_at.is_not(None) if flt.trash else Entry.deleted_at.is_(None),
        _private_for(flt.private_for),
    ]
    if flt.kinds:
        clauses.append(Entry.kind.in_(sorted(flt.kinds)))
    if flt.author_id is not None:
        clauses.append(Entry.author_id == flt.author_id)
    if flt.text.strip():
        clauses.append(search.matches(flt.text, dialect))
    return clauses


def _private_for(owners: Collection[uuid.UUID]) -> ColumnElement[bool]:
    if not owners:
        return Entry.private_to.is_(None)
    return or_(Entry.private_to.is_(None), Entry.private_to.in_(sorted(owners)))


def _after(cursor: Cursor) -> ColumnElement[bool]:
    # A row-value comparison, which SQLite and PostgreSQL both answer with an index range
    # (the OR of two comparisons would scan the index from the top on every page).
    return tuple_(Entry.occurred_at, Entry.seq) < tuple_(
        literal(cursor.occurred_at, UTCDateTime()), literal(cursor.seq)
    )


def _newest_first(session: Session, flt: TimelineFilter) -> Select[Any]:
    dialect = session.get_bind().dialect.name
    return (
        select(*_COLUMNS)
        .where(*_where(flt, dialect))
        .order_by(Entry.occurred_at.desc(), Entry.seq.desc())
    )


def fetch_page(
    session: Session, flt: TimelineFilter, after: Cursor | None = None, limit: int = 100
) -> Page:
    """Up to ``limit`` entries, newest first, starting just after ``after``."""
    query = _newest_first(session, flt)
    if after is not None:
        query = query.where(_after(after))
    rows = [
        EntryRecord.from_mapping(row) for row in session.execute(query.limit(limit + 1)).mappings()
    ]
    more = len(rows) > limit
    rows = rows[:limit]
    cursor = Cursor(rows[-1].occurred_at, rows[-1].seq) if more and rows else None
    return Page(rows, cursor)


def fetch_newer(session: Session, flt: TimelineFilter, before: Cursor, limit: int = 100) -> Page:
    """Up to ``limit`` entries just newer than ``before``, returned newest first; the page's
    ``next_cursor`` is where to continue towards the newest, or None at the top."""
    dialect = session.get_bind().dialect.name
    query = (
        select(*_COLUMNS)
        .where(*_where(flt, dialect))
        .where(
            tuple_(Entry.occurred_at, Entry.seq)
            > tuple_(literal(before.occurred_at, UTCDateTime()), literal(before.seq))
        )
        .order_by(Entry.occurred_at, Entry.seq)
        .limit(limit + 1)
    )
    rows = [EntryRecord.from_mapping(row) for row in session.execute(query).mappings()]
    more = len(rows) > limit
    rows = rows[:limit][::-1]
    cursor = Cursor(rows[0].occurred_at, rows[0].seq) if more and rows else None
    return Page(rows, cursor)


def count_between(
    session: Session, flt: TimelineFilter, after: Cursor | None, not_before: datetime
) -> int:
    """How many entries lie after ``after`` and at or after ``not_before`` (for jump to date)."""
    dialect = session.get_bind().dialect.name
    query = select(func.count()).select_from(Entry).where(*_where(flt, dialect))
    query = query.where(Entry.occurred_at >= not_before)
    if after is not None:
        query = query.where(_after(after))
    return int(session.execute(query).scalar_one())


def count_by_kind(session: Session, flt: TimelineFilter) -> dict[EntryKind, int]:
    """How many entries ``flt`` finds, by kind (the count beside the search box)."""
    dialect = session.get_bind().dialect.name
    query = (
        select(Entry.kind, func.count())
        .select_from(Entry)
        .where(*_where(flt, dialect))
        .group_by(Entry.kind)
    )
    return {EntryKind(kind): int(number) for kind, number in session.execute(query)}


def fetch_span(
    session: Session,
    kinds: Collection[EntryKind],
    starting: datetime,
    ending: datetime,
    *,
    after: Cursor | None = None,
    limit: int = 500,
    keepsake: bool = False,
) -> Page:
    """Up to ``limit`` entries of ``kinds`` in ``[starting, ending)``, oldest first, starting
    just after ``after``: a year read in order for the keepsake. The trash and cancelled date
    nights are left out (a cancelled evening is nothing to keep), and so are private
    entries and sealed notes. With ``keepsake``, only
    what "Our year" prints as it is: notes only when kept, and no repeating date night (its
    evenings are not its entry's one time; the caller expands them from the plan)."""
    query = (
        select(*_COLUMNS)
        .outerjoin(DatePlanRow, DatePlanRow.entry_id == Entry.id)
        .where(
            Entry.deleted_at.is_(None),
            # "Our year" is shared: no one's private entries, no note still sealed.
            Entry.private_to.is_(None),
            Entry.opens_at.is_(None),
            Entry.kind.in_(sorted(kinds)),
            Entry.occurred_at >= literal(starting, UTCDateTime()),
            Entry.occurred_at < literal(ending, UTCDateTime()),
            or_(DatePlanRow.state.is_(None), DatePlanRow.state != "cancelled"),
        )
        .order_by(Entry.occurred_at, Entry.seq)
    )
    if keepsake:
        query = query.where(
            or_(Entry.kind != EntryKind.NOTE.value, Entry.kept.is_(True)),
            DatePlanRow.rrule.is_(None),
        )
    if after is not None:
        query = query.where(
            tuple_(Entry.occurred_at, Entry.seq)
            > tuple_(literal(after.occurred_at, UTCDateTime()), literal(after.seq))
        )
    rows = [
        EntryRecord.from_mapping(row) for row in session.execute(query.limit(limit + 1)).mappings()
    ]
    more = len(rows) > limit
    rows = rows[:limit]
    cursor = Cursor(rows[-1].occurred_at, rows[-1].seq) if more and rows else None
    return Page(rows, cursor)


__all__ = [
    "Cursor",
    "EntryRecord",
    "Page",
    "TimelineFilter",
    "count_between",
    "count_by_kind",
    "fetch_newer",
    "fetch_page",
    "fetch_span",
]
