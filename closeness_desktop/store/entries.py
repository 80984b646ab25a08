"""Timeline entries: one row each, written only at the version they were read at.

A write of an existing row names the version it expects; it returns the new version, or
None when the row is gone or has moved on (the caller says what happened, in words).
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from closeness_desktop.records import EntryKind, EntryRecord
from closeness_desktop.store.models import (
    DatePlanRow,
    Entry,
    Photo,
    PromptAnswer,
    Reaction,
    Reply,
    SealedWords,
)
from closeness_desktop.store.search import forget_deleted

#: Ids per DELETE: well under every engine's limit of bound parameters.
PURGE_BATCH = 500
_COLUMNS = tuple(Entry.__table__.c)
ENTRY_KEYS = tuple(column.key for column in _COLUMNS)


def get(session: Session, entry_id: uuid.UUID) -> EntryRecord | None:
    row = session.execute(select(*_COLUMNS).where(Entry.id == entry_id)).mappings().first()
    return None if row is None else EntryRecord.from_mapping(row)


def add(session: Session, entry_id: uuid.UUID, fields: Mapping[str, Any], now: datetime) -> None:
    session.add(Entry(id=entry_id, created_at=now, updated_at=now, version=1, **fields))
    session.flush()


def write(
    session: Session,
    entry_id: uuid.UUID,
    fields: Mapping[str, Any],
    expected_version: int,
    now: datetime,
) -> int | None:
    """Change ``fields`` of the entry if it is still at ``expected_version``; its new version."""
    result = session.execute(
        update(Entry)
        .where(Entry.id == entry_id, Entry.version == expected_version)
        .values(**fields, updated_at=now, version=Entry.version + 1)
        .execution_options(synchronize_session=False)
    )
    return expected_version + 1 if result.rowcount == 1 else None  # type: ignore[attr-defined]


def count(session: Session, *, trash: bool = False) -> int:
    """Entries on the timeline (or, with ``trash``, in the trash)."""
    gone = Entry.deleted_at.is_not(None) if trash else Entry.deleted_at.is_(None)
    query = select(func.count()).select_from(Entry).where(gone)
    return int(session.execute(query).scalar_one())


def waiting_for(session: Session, partner_id: uuid.UUID) -> list[EntryRecord]:
    """Notes and goodbyes for ``partner_id`` that have not reached them yet, oldest first."""
    rows = session.execute(
        select(*_COLUMNS)
        .where(
            Entry.kind.in_([EntryKind.NOTE.value, EntryKind.GOODBYE.value]),
            Entry.deleted_at.is_(None),
            Entry.delivered_at.is_(None),
            Entry.opens_at.is_(None),  # a sealed note is handed over once it opens
            Entry.private_to.is_(None),
            Entry.author_id != partner_id,
            or_(Entry.addressee_id == partner_id, Entry.addressee_id.is_(None)),
        )
        .order_by(Entry.occurred_at, Entry.seq)
    ).mappings()
    return [EntryRecord.from_mapping(row) for row in rows]


def mark_delivered(session: Session, entry_ids: Iterable[uuid.UUID], now: datetime) -> None:
    session.execute(
        update(Entry)
        .where(Entry.id.in_(list(entry_ids)), Entry.delivered_at.is_(None))
        # Not a new version: delivery never conflicts with the author's own edit.
        .values(delivered_at=now)
        .execution_options(synchronize_session=False)
    )


def mark_read(session: Session, entry_id: uuid.UUID, now: datetime) -> bool:
    """The addressee opened the entry: set ``read_at`` once; whether it was set now."""
    result = session.execute(
        update(Entry)
        .where(Entry.id == entry_id, Entry.read_at.is_(None))
        # A receipt, not an edit: no new version, so it never conflicts with the author's.
        .values(read_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def purge(session: Session, entry_ids: Collection[uuid.UUID] | None) -> dict[uuid.UUID, EntryKind]:
    """Delete entries in the trash for good (all of it when ``entry_ids`` is None), a plan's
    details first; on SQLite the FTS trigger takes their words out of the index. What went."""
    query = select(Entry.id, Entry.kind).where(Entry.deleted_at.is_not(None))
    if entry_ids is not None:
        query = query.where(Entry.id.in_(list(entry_ids)))
    gone = {row.id: EntryKind(row.kind) for row in session.execute(query)}
    ids = list(gone)
    for start in range(0, len(ids), PURGE_BATCH):
        batch = ids[start : start + PURGE_BATCH]
        session.execute(delete(DatePlanRow).where(DatePlanRow.entry_id.in_(batch)))
        # What was sent on an entry, its photos' rows and its sealed words go with it
        # (the photos' files: tidy).
        for answers in (Reaction, Reply, PromptAnswer, Photo, SealedWords):
            session.execute(delete(answers).where(answers.entry_id.in_(batch)))
        session.execute(
            delete(Entry).where(Entry.id.in_(batch)).execution_options(synchronize_session=False)
        )
    if gone:
        forget_deleted(session)
    return gone
