"""The photos of memories: one row per use of a photo file by one memory.

A row taken off its memory is soft-deleted (Undo brings it back); a memory in the trash
keeps its rows as they are, so bringing the memory back brings its photos. Rows go for
good only with their memory (``entries.purge``). A file is still needed while any row
names it, deleted or not: an undo may bring that row back.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, delete, func, inspect, select, update
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from closeness_desktop.records import PhotoInfo
from closeness_desktop.store.models import Photo
from closeness_desktop.store.sqlite_files import quiet_uri

#: Ids per IN (...): well under every engine's limit of bound parameters.
BATCH = 500
_COLUMNS = (
    Photo.id,
    Photo.entry_id,
    Photo.position,
    Photo.sha256,
    Photo.suffix,
    Photo.name,
    Photo.width,
    Photo.height,
    Photo.size,
    Photo.taken_at,
    Photo.sealed,
    Photo.created_at,
    Photo.deleted_at,
    Photo.version,
)


@dataclass(frozen=True, slots=True)
class FileUse:
    """A photo file as the rows name it, for the check."""

    sha256: str
    suffix: str
    size: int
    #: How many rows name it, in the trash or not.
    uses: int
    #: One of the names it was added under, to say which photo it is.
    name: str


def _info(row: Any) -> PhotoInfo:
    return PhotoInfo(**dict(row))


def insert(session: Session, rows: Iterable[Mapping[str, Any]], now: datetime) -> None:
    """New rows (each: id, entry_id, position, sha256, suffix, name, width, height, size,
    taken_at, and sealed when it is)."""
    session.add_all(Photo(created_at=now, updated_at=now, version=1, **row) for row in rows)
    session.flush()


def get(session: Session, photo_id: uuid.UUID) -> PhotoInfo | None:
    row = session.execute(select(*_COLUMNS).where(Photo.id == photo_id)).mappings().first()
    return None if row is None else _info(row)


def shows_photos(session: Session, entry_id: uuid.UUID) -> bool:
    """Whether the entry has a photo that is not taken off."""
    shown = select(Photo.id).where(Photo.entry_id == entry_id, Photo.deleted_at.is_(None))
    return session.execute(shown.limit(1)).first() is not None


def next_position(session: Session, entry_id: uuid.UUID) -> int:
    """Where a photo added to the memory now goes: after every one it has had."""
    query = select(func.max(Photo.position)).where(Photo.entry_id == entry_id)
    last = session.execute(query).scalar_one()
    return 0 if last is None else int(last) + 1


def of_entries(
    session: Session, entry_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, list[PhotoInfo]]:
    """The photos on these memories (not taken off), in order: one query per
    :data:`BATCH` entries, so a page of the timeline costs one."""
    found: dict[uuid.UUID, list[PhotoInfo]] = {}
    ids = list(entry_ids)
    for start in range(0, len(ids), BATCH):
        rows = session.execute(
            select(*_COLUMNS)
            .where(Photo.entry_id.in_(ids[start : start + BATCH]), Photo.deleted_at.is_(None))
            .order_by(Photo.entry_id, Photo.position)
        ).mappings()
        for row in rows:
            found.setdefault(row["entry_id"], []).append(_info(row))
    return found


def set_deleted(
    session: Session,
    photo_ids: Collection[uuid.UUID],
    deleted_at: datetime | None,
    expected: Mapping[uuid.UUID, int],
    now: datetime,
) -> dict[uuid.UUID, int] | None:
    """Take photos off (or put them back) if each is still at its ``expected`` version;
    their new versions, or None when one has moved on (the caller rolls back)."""
    versions: dict[uuid.UUID, int] = {}
    for photo_id in photo_ids:
        result = session.execute(
            update(Photo)
            .where(Photo.id == photo_id, Photo.version == expected[photo_id])
            .values(deleted_at=deleted_at, updated_at=now, version=Photo.version + 1)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            return None
        versions[photo_id] = expected[photo_id] + 1
    return versions


def named(session: Session) -> set[str]:
    """Every file a row still names, in the trash or not: the files to keep."""
    return set(session.scalars(select(Photo.sha256).distinct()))


def file_uses(session: Session) -> list[FileUse]:
    """Every file the rows name, once each, for the check."""
    query = (
        select(Photo.sha256, Photo.suffix, func.max(Photo.size), func.count(), func.min(Photo.name))
        .group_by(Photo.sha256, Photo.suffix)
        .order_by(Photo.sha256)
    )
    return [FileUse(*row) for row in session.execute(query)]


def file_uses_in(database: Path) -> list[FileUse]:
    """:func:`file_uses` of the SQLite file ``database``, read without writing anything
    beside it (``closeness check`` must leave a household exactly as it found it)."""
    uri = quiet_uri(database)
    engine = create_engine(
        "sqlite://",
        creator=lambda: sqlite3.connect(uri, uri=True, timeout=10),
        poolclass=NullPool,
    )
    try:
        if not inspect(engine).has_table(Photo.__tablename__):
            return []  # a household from before photos
        with Session(engine) as session:
            return file_uses(session)
    finally:
        engine.dispose()


def purge(session: Session, entry_ids: Collection[uuid.UUID]) -> None:
    """Delete the rows of entries that go for good (before the entries: a foreign key)."""
    ids = list(entry_ids)
    for start in range(0, len(ids), BATCH):
        session.execute(
            delete(Photo)
            .where(Photo.entry_id.in_(ids[start : start + BATCH]))
            .execution_options(synchronize_session=False)
        )
