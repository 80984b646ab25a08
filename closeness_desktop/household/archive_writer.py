"""``closeness.json`` written a piece at a time from the store's rows: the export's half
of the format that ``archive_json`` reads (docs/export-format.md).

Times are written in UTC with their offset, UUIDs in their canonical form, a budget as a
string of two decimals (a float would round it), bytes in base64, one item a line. A
private entry's or sealed note's words are written only as they are kept: sealed.
"""

from __future__ import annotations

import json
import uuid
from base64 import b64encode
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import fields
from datetime import UTC, date, datetime
from typing import Any

from closeness_desktop.household.archive_json import ArchivedFile
from closeness_desktop.household.archive_plans import plan_json
from closeness_desktop.records import EntryKind
from closeness_desktop.store.export import DoneRow, EntryRow, IdeaRow, PartnerRow, SettingRow
from closeness_desktop.store.export_rows import MemoryRow, SealedRow, WrappedKeyRow


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).isoformat()


def _b64(data: bytes | None) -> str | None:
    return None if data is None else b64encode(data).decode("ascii")


def partner_json(row: PartnerRow) -> dict[str, Any]:
    return {
        "id": str(row.id), "name": row.name, "colour": row.colour, "os_account": row.os_account,
        "position": row.position, "created_at": _iso(row.created_at),
        "updated_at": _iso(row.updated_at), "version": row.version,
    }  # fmt: skip


def entry_json(row: EntryRow) -> dict[str, Any]:
    found: dict[str, Any] = {
        "id": str(row.id), "kind": row.kind, "author_id": str(row.author_id),
        "addressee_id": str(row.addressee_id) if row.addressee_id else None,
        "title": row.title, "body": row.body, "place": row.place,
        "occurred_at": _iso(row.occurred_at), "ends_at": _iso(row.ends_at),
        "all_day": row.all_day, "mood": row.mood, "feelings": row.feelings,
        "delivered_at": _iso(row.delivered_at), "created_at": _iso(row.created_at),
        "updated_at": _iso(row.updated_at), "deleted_at": _iso(row.deleted_at),
        "version": row.version, "kept": row.kept, "read_at": _iso(row.read_at),
        "private_to": str(row.private_to) if row.private_to else None,
        "opens_at": _iso(row.opens_at), "opens_with_arrival": row.opens_with_arrival,
    }  # fmt: skip
    if row.kind == EntryKind.PLAN.value:
        found["plan"] = None if row.plan is None else plan_json(row.plan)
    return found


def idea_json(row: IdeaRow) -> dict[str, Any]:
    return {
        "id": str(row.id), "key": row.key, "title": row.title, "text": row.text,
        "group": row.idea_group, "budget": row.budget, "setting": row.setting,
        "minutes": row.minutes, "created_at": _iso(row.created_at),
        "updated_at": _iso(row.updated_at), "deleted_at": _iso(row.deleted_at),
        "version": row.version,
    }  # fmt: skip


def done_json(row: DoneRow) -> dict[str, Any]:
    return {
        "id": str(row.id), "idea_key": row.idea_key, "done_on": row.done_on.isoformat(),
        "created_at": _iso(row.created_at), "updated_at": _iso(row.updated_at),
        "deleted_at": _iso(row.deleted_at), "version": row.version,
    }  # fmt: skip


def memory_json(row: MemoryRow) -> dict[str, Any]:
    """A photo, special day, reaction, reply or answer: every column, by its name."""
    found: dict[str, Any] = {}
    for field in fields(row):
        value = getattr(row, field.name)
        if isinstance(value, uuid.UUID):
            value = str(value)
        elif isinstance(value, datetime):
            value = _iso(value)
        elif isinstance(value, date):
            value = value.isoformat()
        found[field.name] = value
    return found


def sealed_json(row: SealedRow) -> dict[str, Any]:
    return {"entry_id": str(row.entry_id), "key": row.key, "blob": _b64(row.blob)}


def key_json(row: WrappedKeyRow) -> dict[str, Any]:
    return {
        "partner_id": str(row.partner_id), "purpose": row.purpose, "salt": _b64(row.salt),
        "iterations": row.iterations, "memory_kib": row.memory_kib, "lanes": row.lanes,
        "blob": _b64(row.blob),
    }  # fmt: skip


def file_json(found: ArchivedFile) -> dict[str, Any]:
    return {"path": found.path, "size": found.size, "sha256": found.sha256}


def document(
    header: dict[str, Any],
    *,
    partners: Sequence[PartnerRow],
    entry_batches: Iterable[Sequence[EntryRow]],
    ideas: Sequence[IdeaRow],
    done: Sequence[DoneRow],
    rituals: SettingRow | None,
    memories: Sequence[tuple[str, Sequence[MemoryRow]]] = (),
    files: Sequence[ArchivedFile] = (),
    sealed: Sequence[SealedRow] = (),
    keys: Sequence[WrappedKeyRow] = (),
    seal_key: bytes | None = None,
) -> Iterator[bytes]:
    """``closeness.json`` a piece at a time (the entries a batch at a time), one item a
    line, so a big household is never one string in memory and the file reads in a pager."""

    def dump(value: Any) -> bytes:
        return json.dumps(value, ensure_ascii=False).encode("utf-8")

    def listed(name: str, items: Iterable[dict[str, Any]], last: bool = False) -> Iterator[bytes]:
        yield f' "{name}": ['.encode()
        for number, item in enumerate(items):
            yield (b",\n  " if number else b"\n  ") + dump(item)
        yield b"\n ]" + (b"\n" if last else b",\n")

    yield b"{\n"
    for key, value in header.items():
        yield f" {json.dumps(key)}: ".encode() + dump(value) + b",\n"
    yield from listed("partners", (partner_json(row) for row in partners))
    yield from listed("entries", (entry_json(row) for batch in entry_batches for row in batch))
    yield from listed("ideas", (idea_json(row) for row in ideas))
    yield from listed("ideas_done", (done_json(row) for row in done))
    setting = None
    if rituals is not None:
        setting = {"value": rituals.value, "updated_at": _iso(rituals.updated_at),
                   "version": rituals.version}  # fmt: skip
    yield b' "rituals": ' + dump(setting) + b",\n"
    for name, found in memories:
        yield from listed(name, (memory_json(row) for row in found))
    yield from listed("sealed_words", (sealed_json(row) for row in sealed))
    yield from listed("wrapped_keys", (key_json(row) for row in keys))
    yield b' "seal_key": ' + dump(_b64(seal_key)) + b",\n"
    yield from listed("files", (file_json(each) for each in files), last=True)
    yield b"}\n"
