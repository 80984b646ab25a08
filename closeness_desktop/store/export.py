"""Everything a household holds, read and written in bulk: the store's half of an export
and an import.

A row here keeps what an archive keeps: UUIDs, versions and every time. ``seq`` (a
storage detail) stays behind, and so does the ritual log (what fired, so nothing fires
twice: the companion's memory, not the couple's). Plan details are kept as the
``date_plans`` row keeps them: JSON with times as ISO strings in UTC. Private words and
the partners' keys pass through only as the bytes they are kept as: sealed, and wrapped.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import fields, replace
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar, cast

from sqlalchemy import Column, Table, bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from closeness_desktop.store import export_memories
from closeness_desktop.store.export_rows import (
    AnswerRow,
    DoneRow,
    EntryRow,
    IdeaRow,
    PartnerRow,
    PhotoRow,
    PlanRow,
    ReactionRow,
    ReplyRow,
    SealedRow,
    SettingRow,
    SpecialDayRow,
    WrappedKeyRow,
)
from closeness_desktop.store.models import (
    DatePlanRow,
    Entry,
    IdeaDone,
    OwnIdea,
    Partner,
    SealedWords,
    Setting,
    WrappedKey,
)

#: How many values one ``IN (...)`` names: well under SQLite's limit of bound parameters.
CHUNK = 500


Row = TypeVar(
    "Row", PartnerRow, PlanRow, EntryRow, IdeaRow, DoneRow, SettingRow, SealedRow, WrappedKeyRow
)


def _table(model: type[Any]) -> Table:
    return cast(Table, model.__table__)


PARTNERS, ENTRIES, PLANS = _table(Partner), _table(Entry), _table(DatePlanRow)
IDEAS, DONE, SETTINGS = _table(OwnIdea), _table(IdeaDone), _table(Setting)
SEALED, KEYS = _table(SealedWords), _table(WrappedKey)
_KEY_COLUMNS = tuple(getattr(KEYS.c, f.name) for f in fields(WrappedKeyRow))
_ENTRY_COLUMNS = tuple(c for c in ENTRIES.c if c.key != "seq")
_PLAN_COLUMNS = tuple(c.label(f"plan_{c.key}") for c in PLANS.c if c.key != "entry_id")
_PLAN_KEYS = tuple(f.name for f in fields(PlanRow))


def _values(
    row: PartnerRow | PlanRow | EntryRow | IdeaRow | DoneRow | SettingRow | SealedRow,
) -> dict[str, Any]:
    return {f.name: getattr(row, f.name) for f in fields(row) if f.name != "plan"}


def _rows(kind: type[Row], found: Iterable[Any]) -> list[Row]:
    names = [f.name for f in fields(kind)]
    return [kind(**{name: row[name] for name in names}) for row in found]


# -- reading ------------------------------------------------------------------------------


def own_files(session: Session) -> list[Path]:
    """The files the household's database lives in (none for a server database): what an
    export must never be written over."""
    url = session.get_bind().engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return []
    base = Path(url.database or "").resolve()
    return [base, *(base.with_name(base.name + tail) for tail in ("-wal", "-shm", "-journal"))]


def hold_snapshot(session: Session) -> None:
    """Make every later read of ``session`` see the household as it is now, however many
    statements they take (an export's batches), while others go on writing."""
    if session.get_bind().dialect.name == "sqlite":
        # pysqlite opens no transaction for a SELECT: each would see a newer household.
        # A deferred BEGIN holds one WAL snapshot and never the write lock.
        session.connection().exec_driver_sql("BEGIN")
    else:
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def partners(session: Session) -> list[PartnerRow]:
    found = session.execute(select(*PARTNERS.c).order_by(Partner.position)).mappings()
    return _rows(PartnerRow, found)


def count_entries(session: Session) -> int:
    """Every entry, the trash included."""
    return int(session.execute(select(func.count()).select_from(Entry)).scalar_one())


def entries(session: Session, batch: int = 2_000) -> Iterator[list[EntryRow]]:
    """Every entry with its plan details, the trash included, oldest written first, a batch
    at a time (keyset pages over ``seq``, all within the caller's one read)."""
    after = 0
    while True:
        found = (
            session.execute(
                select(Entry.seq, *_ENTRY_COLUMNS, *_PLAN_COLUMNS)
                .outerjoin(DatePlanRow, DatePlanRow.entry_id == Entry.id)
                .where(Entry.seq > after)
                .order_by(Entry.seq)
                .limit(batch)
            )
            .mappings()
            .all()
        )
        if not found:
            return
        after = found[-1]["seq"]
        yield [_entry(row) for row in found]


def _entry(row: Mapping[Any, Any]) -> EntryRow:
    plan = None
    if row["plan_uid"] is not None:
        plan = PlanRow(**{key: row[f"plan_{key}"] for key in _PLAN_KEYS})
    values = {column.key: row[column.key] for column in _ENTRY_COLUMNS}
    return EntryRow(**values, plan=plan)


def ideas(session: Session) -> list[IdeaRow]:
    """The couple's own ideas, taken out of the jar or not, oldest first."""
    found = session.execute(select(*IDEAS.c).order_by(OwnIdea.created_at)).mappings()
    return _rows(IdeaRow, found)


def ideas_done(session: Session) -> list[DoneRow]:
    found = session.execute(select(*DONE.c).order_by(IdeaDone.created_at))
    return _rows(DoneRow, found.mappings())


def settings(session: Session, keys: Collection[str]) -> list[SettingRow]:
    found = session.execute(
        select(*SETTINGS.c).where(Setting.key.in_(list(keys))).order_by(Setting.key)
    ).mappings()
    return _rows(SettingRow, found)


def sealed_words(session: Session) -> list[SealedRow]:
    """The sealed words of every private entry and sealed note, as they are kept."""
    found = session.execute(select(*SEALED.c).order_by(SEALED.c.entry_id)).mappings()
    return [replace(row, blob=bytes(row.blob)) for row in _rows(SealedRow, found)]


def wrapped_keys(session: Session) -> list[WrappedKeyRow]:
    """Every partner's wrapped keys (not their wrong tries)."""
    query = select(*_KEY_COLUMNS).order_by(KEYS.c.partner_id, KEYS.c.purpose)
    found = _rows(WrappedKeyRow, session.execute(query).mappings())
    return [replace(row, salt=bytes(row.salt), blob=bytes(row.blob)) for row in found]


def _existing(session: Session, column: Column[Any], wanted: Iterable[Any]) -> set[Any]:
    values = list(dict.fromkeys(wanted))
    found: set[Any] = set()
    for start in range(0, len(values), CHUNK):
        chunk = values[start : start + CHUNK]
        found.update(session.scalars(select(column).where(column.in_(chunk))))
    return found


def entry_versions(session: Session, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, int]:
    """The version of each of ``ids`` that is here (the trash included)."""
    values = list(dict.fromkeys(ids))
    found: dict[uuid.UUID, int] = {}
    for start in range(0, len(values), CHUNK):
        chunk = values[start : start + CHUNK]
        rows = session.execute(select(Entry.id, Entry.version).where(Entry.id.in_(chunk)))
        found.update((row[0], int(row[1])) for row in rows)
    return found


def plan_uids_taken(session: Session, uids: Iterable[str]) -> set[str]:
    return _existing(session, PLANS.c.uid, uids)


def idea_ids_taken(session: Session, ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    return _existing(session, IDEAS.c.id, ids)


def idea_keys_taken(session: Session, keys: Iterable[str]) -> set[str]:
    return _existing(session, IDEAS.c.key, keys)


def done_ids_taken(session: Session, ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    return _existing(session, DONE.c.id, ids)


def done_keys_taken(session: Session, keys: Iterable[str]) -> set[str]:
    return _existing(session, DONE.c.idea_key, keys)


# -- writing ------------------------------------------------------------------------------
# Core inserts on the tables, not the ORM: they keep the archive's versions and times
# (the mapper would start every row at version 1) and run as one executemany.


def insert_partners(session: Session, rows: Sequence[PartnerRow]) -> None:
    if rows:
        session.execute(insert(PARTNERS), [_values(row) for row in rows])


def insert_entries(session: Session, rows: Sequence[EntryRow]) -> None:
    """Insert ``rows`` (new ``seq`` numbers, the search index kept by its triggers) and
    their plan details."""
    if not rows:
        return
    session.execute(insert(ENTRIES), [_values(row) for row in rows])
    details = [{"entry_id": row.id, **_values(row.plan)} for row in rows if row.plan is not None]
    if details:
        session.execute(insert(PLANS), details)


def insert_sealed(session: Session, rows: Sequence[SealedRow]) -> None:
    if rows:
        session.execute(insert(SEALED), [_values(row) for row in rows])


def insert_keys(session: Session, rows: Sequence[WrappedKeyRow], now: datetime) -> None:
    """Insert partners' wrapped keys, with no wrong tries yet."""
    if rows:
        times = {"failures": 0, "failed_at": None, "created_at": now, "updated_at": now}
        values = [{**{f.name: getattr(row, f.name) for f in fields(row)}, **times} for row in rows]
        session.execute(insert(KEYS), [{**each, "version": 1} for each in values])


def insert_ideas(session: Session, rows: Sequence[IdeaRow]) -> None:
    if rows:
        session.execute(insert(IDEAS), [_values(row) for row in rows])


def insert_done(session: Session, rows: Sequence[DoneRow]) -> None:
    if rows:
        session.execute(insert(DONE), [_values(row) for row in rows])


def insert_settings(session: Session, rows: Sequence[SettingRow]) -> None:
    if rows:
        session.execute(insert(SETTINGS), [_values(row) for row in rows])


def set_entries_deleted(
    session: Session,
    versions: Mapping[uuid.UUID, int],
    deleted_at: datetime | None,
    now: datetime,
) -> dict[uuid.UUID, int]:
    """Move the entries ``versions`` names to the trash (or out), each at the version given,
    which the caller read in this transaction; their new versions."""
    if not versions:
        return {}
    table = ENTRIES
    statement = (
        update(table)
        .where(table.c.id == bindparam("b_id"), table.c.version == bindparam("b_version"))
        .values(deleted_at=deleted_at, updated_at=now, version=table.c.version + 1)
    )
    session.execute(
        statement, [{"b_id": key, "b_version": version} for key, version in versions.items()]
    )
    return {key: version + 1 for key, version in versions.items()}


# -- taking an unfinished import back -----------------------------------------------------
# An import written in batches deletes the rows it inserted when a later batch fails or
# the person cancels. They are rows it made moments ago, under ids (and at versions) no
# one else wrote; but between two batches another window or account could read one and
# change it. So each goes only while it is still at the version the import wrote: what
# moved on is named and left, and the caller keeps the whole batch (nothing is lost).


def _delete_at(session: Session, key: Column[Any], versions: Mapping[Any, int]) -> set[Any]:
    """Delete the rows of ``key``'s table that ``versions`` names, each only at the version
    given; the keys of those that moved on (left as they are). Gone already is fine."""
    table = key.table
    moved: set[Any] = set()
    keys = list(versions)
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        found = session.execute(select(key, table.c.version).where(key.in_(chunk)))
        current = {row[0]: int(row[1]) for row in found}
        moved.update(each for each, version in current.items() if version != versions[each])
        delete_now = [each for each in current if each not in moved]
        if key is ENTRIES.c.id and delete_now:  # a plan's details and sealed words go with it
            session.execute(delete(PLANS).where(PLANS.c.entry_id.in_(delete_now)))
            session.execute(delete(SEALED).where(SEALED.c.entry_id.in_(delete_now)))
        if delete_now:
            session.execute(delete(table).where(key.in_(delete_now)))
    return moved


def delete_entries(session: Session, versions: Mapping[uuid.UUID, int]) -> set[uuid.UUID]:
    """Delete entries an import inserted (their plan details and search words with them)."""
    return _delete_at(session, ENTRIES.c.id, versions)


def delete_partners(session: Session, versions: Mapping[uuid.UUID, int]) -> set[uuid.UUID]:
    """Delete partners an import inserted, unless an entry names them (one written by
    someone else meanwhile): those are named with the ones that moved on."""
    used = export_memories.partners_named(session, versions)
    for column in (ENTRIES.c.author_id, ENTRIES.c.addressee_id):
        used.update(session.scalars(select(column).where(column.in_(list(versions)))))
    free = {key: version for key, version in versions.items() if key not in used}
    return used & set(versions) | _delete_at(session, PARTNERS.c.id, free)


def delete_keys(session: Session, rows: Sequence[WrappedKeyRow]) -> set[tuple[uuid.UUID, str]]:
    """Delete the wrapped keys an import inserted, each only while it is the one written
    (same salt and blob); ``(partner, purpose)`` of those changed since (left as they are)."""
    moved: set[tuple[uuid.UUID, str]] = set()
    for row in rows:
        which = (KEYS.c.partner_id == row.partner_id, KEYS.c.purpose == row.purpose)
        found = session.execute(select(KEYS.c.salt, KEYS.c.blob).where(*which)).first()
        if found is None:
            continue
        if (bytes(found[0]), bytes(found[1])) != (row.salt, row.blob):
            moved.add((row.partner_id, row.purpose))
            continue
        session.execute(delete(KEYS).where(*which))
    return moved


def delete_ideas(session: Session, versions: Mapping[uuid.UUID, int]) -> set[uuid.UUID]:
    return _delete_at(session, IDEAS.c.id, versions)


def delete_done(session: Session, versions: Mapping[uuid.UUID, int]) -> set[uuid.UUID]:
    return _delete_at(session, DONE.c.id, versions)


def delete_settings(session: Session, versions: Mapping[str, int]) -> set[str]:
    return _delete_at(session, SETTINGS.c.key, versions)


__all__ = [
    "AnswerRow",
    "DoneRow",
    "EntryRow",
    "IdeaRow",
    "PartnerRow",
    "PhotoRow",
    "PlanRow",
    "ReactionRow",
    "ReplyRow",
    "SealedRow",
    "SettingRow",
    "SpecialDayRow",
    "WrappedKeyRow",
    "count_entries",
    "delete_done",
    "delete_entries",
    "delete_ideas",
    "delete_keys",
    "delete_partners",
    "delete_settings",
    "entries",
    "entry_versions",
    "hold_snapshot",
    "ideas",
    "ideas_done",
    "insert_done",
    "insert_entries",
    "insert_ideas",
    "insert_keys",
    "insert_partners",
    "insert_sealed",
    "insert_settings",
    "own_files",
    "partners",
    "sealed_words",
    "set_entries_deleted",
    "settings",
    "wrapped_keys",
]
