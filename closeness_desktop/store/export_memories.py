"""What hangs on the entries and the partners, read and written in bulk for an archive:
photos, special days, reactions, replies and prompt answers (schema version 3).

The five tables share one shape (a UUID key, times, a soft delete and a version), so one
set of functions serves them all, keyed by the row's type. Inserts are Core inserts, not
the ORM's: they keep the archive's versions and times.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields
from datetime import datetime
from typing import Any, TypeVar, cast

from sqlalchemy import Table, bindparam, delete, insert, select, tuple_, update
from sqlalchemy.orm import Session

from closeness_desktop.store.export_rows import (
    AnswerRow,
    MemoryRow,
    PhotoRow,
    ReactionRow,
    ReplyRow,
    SpecialDayRow,
)
from closeness_desktop.store.models import Photo, PromptAnswer, Reaction, Reply, SpecialDay

#: How many values one ``IN (...)`` names: well under SQLite's limit of bound parameters.
CHUNK = 500
Kind = TypeVar("Kind", PhotoRow, SpecialDayRow, ReactionRow, ReplyRow, AnswerRow)
#: Each kind of row and its table, in the order an archive lists them.
TABLES: dict[type[Any], Table] = {
    PhotoRow: cast(Table, Photo.__table__),
    SpecialDayRow: cast(Table, SpecialDay.__table__),
    ReactionRow: cast(Table, Reaction.__table__),
    ReplyRow: cast(Table, Reply.__table__),
    AnswerRow: cast(Table, PromptAnswer.__table__),
}
#: The kinds a partner may give only once per entry (a unique index on both).
ONE_PER_PARTNER: tuple[type[Any], ...] = (ReactionRow, AnswerRow)
#: The columns that name a partner, in the tables that have one.
PARTNER_COLUMNS = (
    TABLES[SpecialDayRow].c.partner_id,
    TABLES[ReactionRow].c.partner_id,
    TABLES[ReplyRow].c.author_id,
    TABLES[AnswerRow].c.partner_id,
)


def rows(session: Session, kind: type[Kind]) -> list[Kind]:
    """Every row of ``kind``'s table, the trash included, oldest written first."""
    table = TABLES[kind]
    names = [f.name for f in fields(kind)]
    found = session.execute(select(*table.c).order_by(table.c.created_at, table.c.id))
    return [kind(**{name: row[name] for name in names}) for row in found.mappings()]


def versions(session: Session, kind: type[Any], ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, int]:
    """The version of each of ``ids`` that is in ``kind``'s table (the trash included)."""
    table = TABLES[kind]
    values = list(dict.fromkeys(ids))
    found: dict[uuid.UUID, int] = {}
    for start in range(0, len(values), CHUNK):
        chunk = values[start : start + CHUNK]
        result = session.execute(select(table.c.id, table.c.version).where(table.c.id.in_(chunk)))
        found.update((row[0], int(row[1])) for row in result)
    return found


def pairs_taken(
    session: Session, kind: type[Any], pairs: Iterable[tuple[uuid.UUID, uuid.UUID]]
) -> set[tuple[uuid.UUID, uuid.UUID]]:
    """Which ``(entry_id, partner_id)`` of ``pairs`` already have a row of ``kind``."""
    table = TABLES[kind]
    both = tuple_(table.c.entry_id, table.c.partner_id)
    values = list(dict.fromkeys(pairs))
    found: set[tuple[uuid.UUID, uuid.UUID]] = set()
    for start in range(0, len(values), CHUNK // 2):
        chunk = values[start : start + CHUNK // 2]
        query = select(table.c.entry_id, table.c.partner_id).where(both.in_(chunk))
        found.update((row[0], row[1]) for row in session.execute(query))
    return found


def insert_rows(session: Session, found: Sequence[MemoryRow]) -> None:
    """Insert ``found`` (of any of the kinds), each kind in one executemany."""
    for kind, table in TABLES.items():
        values = [
            {f.name: getattr(row, f.name) for f in fields(row)}
            for row in found
            if type(row) is kind
        ]
        if values:
            session.execute(insert(table), values)


def set_deleted(
    session: Session,
    kind: type[Any],
    at_versions: Mapping[uuid.UUID, int],
    deleted_at: datetime | None,
    now: datetime,
) -> dict[uuid.UUID, int]:
    """Move the rows ``at_versions`` names to the trash (or out), each at the version given,
    which the caller read in this transaction; their new versions."""
    if not at_versions:
        return {}
    table = TABLES[kind]
    statement = (
        update(table)
        .where(table.c.id == bindparam("b_id"), table.c.version == bindparam("b_version"))
        .values(deleted_at=deleted_at, updated_at=now, version=table.c.version + 1)
    )
    session.execute(
        statement, [{"b_id": key, "b_version": version} for key, version in at_versions.items()]
    )
    return {key: version + 1 for key, version in at_versions.items()}


def delete_rows(
    session: Session, kind: type[Any], at_versions: Mapping[uuid.UUID, int]
) -> set[uuid.UUID]:
    """Delete rows an unfinished import inserted, each only at the version it wrote; the
    ids of those that moved on since (left as they are). Gone already is fine."""
    current = versions(session, kind, at_versions)
    moved = {key for key, version in current.items() if version != at_versions[key]}
    gone = [key for key in current if key not in moved]
    table = TABLES[kind]
    for start in range(0, len(gone), CHUNK):
        session.execute(delete(table).where(table.c.id.in_(gone[start : start + CHUNK])))
    return moved


def partners_named(session: Session, ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """Which of ``ids`` a row of these tables names (so the partner must stay)."""
    wanted = list(ids)
    found: set[uuid.UUID] = set()
    for column in PARTNER_COLUMNS:
        found.update(
            each for each in session.scalars(select(column).where(column.in_(wanted))) if each
        )
    return found


__all__ = [
    "ONE_PER_PARTNER",
    "TABLES",
    "delete_rows",
    "insert_rows",
    "pairs_taken",
    "partners_named",
    "rows",
    "set_deleted",
    "versions",
]
