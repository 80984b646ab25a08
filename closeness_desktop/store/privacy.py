"""Sealed words of private entries and sealed notes, and each partner's wrapped keys.

Only bytes that are already sealed pass through here: this module never sees a key in
the clear, nor a person's words.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from closeness_desktop.records import EntryRecord
from closeness_desktop.store.models import Entry, SealedWords, WrappedKey

_COLUMNS = tuple(Entry.__table__.c)


@dataclass(frozen=True)
class KeyRow:
    partner_id: uuid.UUID
    purpose: str
    salt: bytes
    iterations: int
    memory_kib: int
    lanes: int
    blob: bytes
    failures: int
    failed_at: datetime | None
    version: int


# -- sealed words -------------------------------------------------------------------------


def sealed(
    session: Session, entry_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, tuple[str, bytes]]:
    """The sealed words of these entries (those that have some), with the key that opens each."""
    if not entry_ids:
        return {}
    rows = session.execute(
        select(SealedWords.entry_id, SealedWords.key, SealedWords.blob).where(
            SealedWords.entry_id.in_(list(entry_ids))
        )
    )
    return {row.entry_id: (row.key, bytes(row.blob)) for row in rows}


def keep_sealed(session: Session, entry_id: uuid.UUID, key: str, blob: bytes) -> None:
    session.execute(delete(SealedWords).where(SealedWords.entry_id == entry_id))
    session.add(SealedWords(entry_id=entry_id, key=key, blob=blob))
    session.flush()


def drop_sealed(session: Session, entry_id: uuid.UUID) -> None:
    session.execute(delete(SealedWords).where(SealedWords.entry_id == entry_id))


def private_mark(session: Session, owner_id: uuid.UUID) -> tuple[object, ...]:
    """How many private entries ``owner_id`` has, their versions added up and the newest
    change: it moves with every write to one of them, from this window or another."""
    query = select(
        func.count(), func.coalesce(func.sum(Entry.version), 0), func.max(Entry.updated_at)
    ).where(Entry.private_to == owner_id)
    return tuple(session.execute(query).one())


def private_of(session: Session, owner_id: uuid.UUID) -> list[tuple[EntryRecord, bytes]]:
    """Every private entry of ``owner_id``, in the trash or not, with its sealed words (for
    the in-memory search): one query."""
    query = (
        select(*_COLUMNS, SealedWords.blob)
        .join(SealedWords, SealedWords.entry_id == Entry.id)
        .where(Entry.private_to == owner_id, SealedWords.key == "partner")
    )
    found = []
    for row in session.execute(query).mappings():
        values = dict(row)
        blob = bytes(values.pop("blob"))
        found.append((EntryRecord.from_mapping(values), blob))
    return found


def due_to_open(session: Session, now: datetime) -> list[uuid.UUID]:
    """Sealed notes whose opening time has come (those opening with an arrival included)."""
    query = select(Entry.id).where(Entry.opens_at.is_not(None), Entry.opens_at <= now)
    return list(session.execute(query.order_by(Entry.opens_at)).scalars())


def next_opening(session: Session) -> datetime | None:
    """The soonest opening time of a sealed note that opens on its date (not at an arrival),
    out of the trash."""
    query = select(func.min(Entry.opens_at)).where(
        Entry.opens_at.is_not(None),
        Entry.opens_with_arrival.is_(False),  # those open at an arrival, not on a timer
        Entry.deleted_at.is_(None),
    )
    value: datetime | None = session.execute(query).scalar_one()
    return value


# -- wrapped keys -------------------------------------------------------------------------


def keys_of(session: Session, partner_id: uuid.UUID) -> dict[str, KeyRow]:
    rows = session.execute(select(WrappedKey).where(WrappedKey.partner_id == partner_id))
    return {row.purpose: _key_row(row) for row in rows.scalars()}


def locked_partners(session: Session) -> set[uuid.UUID]:
    """The partners who have set a lock."""
    return set(session.execute(select(WrappedKey.partner_id).distinct()).scalars())


def keep_key(session: Session, row: KeyRow, now: datetime) -> None:
    """Write ``row`` in place of that partner's key for the same purpose."""
    session.execute(
        delete(WrappedKey).where(
            WrappedKey.partner_id == row.partner_id, WrappedKey.purpose == row.purpose
        )
    )
    session.add(
        WrappedKey(
            partner_id=row.partner_id,
            purpose=row.purpose,
            salt=row.salt,
            iterations=row.iterations,
            memory_kib=row.memory_kib,
            lanes=row.lanes,
            blob=row.blob,
            failures=0,
            failed_at=None,
            created_at=now,
            updated_at=now,
            version=1,
        )
    )
    session.flush()


def drop_keys(session: Session, partner_id: uuid.UUID, purposes: Collection[str]) -> None:
    session.execute(
        delete(WrappedKey).where(
            WrappedKey.partner_id == partner_id, WrappedKey.purpose.in_(list(purposes))
        )
    )


def note_tries(
    session: Session, partner_id: uuid.UUID, failures: int, failed_at: datetime | None
) -> None:
    """How many wrong tries in a row (0 after a right one), on every key of the partner."""
    session.execute(
        update(WrappedKey)
        .where(WrappedKey.partner_id == partner_id)
        .values(failures=failures, failed_at=failed_at)
        .execution_options(synchronize_session=False)
    )


def _key_row(row: WrappedKey) -> KeyRow:
    return KeyRow(
        row.partner_id,
        row.purpose,
        bytes(row.salt),
        row.iterations,
        row.memory_kib,
        row.lanes,
        bytes(row.blob),
        row.failures,
        row.failed_at,
        row.version,
    )
