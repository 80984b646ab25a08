"""Replies and reactions on entries: a versioned row each, read a page of entries at a time.

A reaction row is one partner's sign on one entry (a unique index): clearing it sets
``deleted_at`` and choosing again brings the same row back, so every write names the
version it read. ``seen_at`` (the author was told on an arrival) is a receipt, not an
edit: it is written without a new version, as an entry's ``delivered_at`` is.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from closeness_desktop.records import EntryRecord, NewResponse, ReactionRecord, ReplyRecord, Sign
from closeness_desktop.store.models import Entry, Reaction, Reply

#: Ids per IN (...): a page of the timeline is 100 entries, well under every engine's limit.
IDS_BATCH = 500


def _reaction(row: Reaction) -> ReactionRecord:
    return ReactionRecord(
        id=row.id,
        entry_id=row.entry_id,
        partner_id=row.partner_id,
        sign=Sign(row.sign),
        created_at=row.created_at,
        updated_at=row.updated_at,
        seen_at=row.seen_at,
        deleted_at=row.deleted_at,
        version=row.version,
    )


def _reply(row: Reply) -> ReplyRecord:
    return ReplyRecord(
        id=row.id,
        entry_id=row.entry_id,
        author_id=row.author_id,
        body=row.body,
        created_at=row.created_at,
        updated_at=row.updated_at,
        seen_at=row.seen_at,
        deleted_at=row.deleted_at,
        version=row.version,
    )


def _batches(ids: Collection[uuid.UUID]) -> list[list[uuid.UUID]]:
    listed = list(ids)
    return [listed[start : start + IDS_BATCH] for start in range(0, len(listed), IDS_BATCH)]


def reactions_of(
    session: Session, entry_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, list[ReactionRecord]]:
    """The signs standing on ``entry_ids``, oldest first, by entry."""
    found: dict[uuid.UUID, list[ReactionRecord]] = {}
    for batch in _batches(entry_ids):
        rows = session.scalars(
            select(Reaction)
            .where(Reaction.entry_id.in_(batch), Reaction.deleted_at.is_(None))
            .order_by(Reaction.created_at)
        )
        for row in rows:
            found.setdefault(row.entry_id, []).append(_reaction(row))
    return found


def replies_of(
    session: Session, entry_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, list[ReplyRecord]]:
    """The replies on ``entry_ids`` not deleted, oldest first, by entry."""
    found: dict[uuid.UUID, list[ReplyRecord]] = {}
    for batch in _batches(entry_ids):
        rows = session.scalars(
            select(Reply)
            .where(Reply.entry_id.in_(batch), Reply.deleted_at.is_(None))
            .order_by(Reply.created_at, Reply.id)
        )
        for row in rows:
            found.setdefault(row.entry_id, []).append(_reply(row))
    return found


def reaction(session: Session, entry_id: uuid.UUID, partner_id: uuid.UUID) -> ReactionRecord | None:
    """``partner_id``'s reaction row on the entry, cleared or not (None: never reacted)."""
    row = session.scalar(
        select(Reaction).where(Reaction.entry_id == entry_id, Reaction.partner_id == partner_id)
    )
    return None if row is None else _reaction(row)


def write_reaction(
    session: Session,
    entry_id: uuid.UUID,
    partner_id: uuid.UUID,
    sign: Sign | None,
    *,
    expected: int | None,
    now: datetime,
) -> int | None:
    """Set (``sign``) or clear (None) a partner's sign; ``expected`` None: no row yet. The
    new version, or None if the row moved on. A new sign is news again for the author."""
    if expected is None:
        session.add(
            Reaction(
                id=uuid.uuid4(),
                entry_id=entry_id,
                partner_id=partner_id,
                sign=(sign or Sign.HEART).value,
                created_at=now,
                updated_at=now,
                deleted_at=None if sign else now,
                version=1,
            )
        )
        session.flush()
        return 1
    values: dict[str, Any] = {"deleted_at": None if sign else now, "updated_at": now}
    if sign is not None:
        values.update(sign=sign.value, seen_at=None)
    result = session.execute(
        update(Reaction)
        .where(
            Reaction.entry_id == entry_id,
            Reaction.partner_id == partner_id,
            Reaction.version == expected,
        )
        .values(**values, version=Reaction.version + 1)
        .execution_options(synchronize_session=False)
    )
    return expected + 1 if result.rowcount == 1 else None  # type: ignore[attr-defined]


def reply(session: Session, reply_id: uuid.UUID) -> ReplyRecord | None:
    row = session.get(Reply, reply_id)
    return None if row is None else _reply(row)


def add_reply(
    session: Session,
    reply_id: uuid.UUID,
    entry_id: uuid.UUID,
    author_id: uuid.UUID,
    body: str,
    *,
    now: datetime,
) -> None:
    session.add(
        Reply(
            id=reply_id,
            entry_id=entry_id,
            author_id=author_id,
            body=body,
            created_at=now,
            updated_at=now,
            version=1,
        )
    )
    session.flush()


def write_reply(
    session: Session,
    reply_id: uuid.UUID,
    fields: Mapping[str, Any],
    expected: int,
    now: datetime,
) -> int | None:
    """Change ``fields`` (``body``, ``deleted_at``) of a reply still at ``expected``."""
    result = session.execute(
        update(Reply)
        .where(Reply.id == reply_id, Reply.version == expected)
        .values(**fields, updated_at=now, version=Reply.version + 1)
        .execution_options(synchronize_session=False)
    )
    return expected + 1 if result.rowcount == 1 else None  # type: ignore[attr-defined]


def unseen_for(session: Session, partner_id: uuid.UUID) -> list[NewResponse]:
    """Signs and replies by the other partner on ``partner_id``'s entries (not in the
    trash) that ``partner_id`` has not been shown, oldest first."""
    found: list[tuple[datetime, NewResponse]] = []
    reactions = session.scalars(
        select(Reaction)
        .join(Entry, Entry.id == Reaction.entry_id)
        .where(
            Entry.author_id == partner_id,
            Entry.deleted_at.is_(None),
            Reaction.partner_id != partner_id,
            Reaction.deleted_at.is_(None),
            Reaction.seen_at.is_(None),
        )
    ).all()
    replies = session.scalars(
        select(Reply)
        .join(Entry, Entry.id == Reply.entry_id)
        .where(
            Entry.author_id == partner_id,
            Entry.deleted_at.is_(None),
            Reply.author_id != partner_id,
            Reply.deleted_at.is_(None),
            Reply.seen_at.is_(None),
        )
    ).all()
    entry_ids = {row.entry_id for row in reactions} | {row.entry_id for row in replies}
    records: dict[uuid.UUID, EntryRecord] = {}
    for batch in _batches(entry_ids):
        rows = session.execute(select(*Entry.__table__.c).where(Entry.id.in_(batch)))
        for mapping in rows.mappings():
            record = EntryRecord.from_mapping(mapping)
            records[record.id] = record
    for row in reactions:
        news = NewResponse(records[row.entry_id], row.partner_id, Sign(row.sign), row.id)
        found.append((row.updated_at, news))
    for answer in replies:
        news = NewResponse(records[answer.entry_id], answer.author_id, None, answer.id)
        found.append((answer.created_at, news))
    found.sort(key=lambda pair: pair[0])
    return [news for _moment, news in found]


def mark_seen(
    session: Session,
    reaction_ids: Collection[uuid.UUID],
    reply_ids: Collection[uuid.UUID],
    now: datetime,
) -> None:
    """The author has been told of these; no new version (a receipt never conflicts)."""
    for batch in _batches(reaction_ids):
        session.execute(
            update(Reaction)
            .where(Reaction.id.in_(batch), Reaction.seen_at.is_(None))
            .values(seen_at=now)
            .execution_options(synchronize_session=False)
        )
    for batch in _batches(reply_ids):
        session.execute(
            update(Reply)
            .where(Reply.id.in_(batch), Reply.seen_at.is_(None))
            .values(seen_at=now)
            .execution_options(synchronize_session=False)
        )
