"""Answers to conversation prompts: one versioned row per partner and prompt entry.

The answers live here and never in the entry's body, so the full-text index (which keeps
its words readable) never holds them. A row is soft-deleted when its answer is undone and
comes back to life when it is written again (one row per partner and entry).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from closeness_desktop.records import EntryKind
from closeness_desktop.store.models import Entry, PromptAnswer


@dataclass(frozen=True, slots=True)
class StoredAnswer:
    id: uuid.UUID
    entry_id: uuid.UUID
    prompt_key: str
    partner_id: uuid.UUID
    body: str
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    version: int


def _stored(row: PromptAnswer) -> StoredAnswer:
    return StoredAnswer(
        row.id,
        row.entry_id,
        row.prompt_key,
        row.partner_id,
        row.body,
        row.created_at,
        row.updated_at,
        row.deleted_at,
        row.version,
    )


def answers(session: Session, entry_id: uuid.UUID) -> list[StoredAnswer]:
    """Every answer row of the entry, undone ones too, oldest first."""
    rows = session.scalars(
        select(PromptAnswer)
        .where(PromptAnswer.entry_id == entry_id)
        .order_by(PromptAnswer.created_at, PromptAnswer.id)
    ).all()
    return [_stored(row) for row in rows]


def get(session: Session, row_id: uuid.UUID) -> StoredAnswer | None:
    row = session.get(PromptAnswer, row_id, populate_existing=True)
    return None if row is None else _stored(row)


def open_entry(session: Session, prompt_key: str | None, partner_id: uuid.UUID) -> uuid.UUID | None:
    """The newest prompt entry on the timeline (for ``prompt_key``, or any) that the other
    partner has answered and ``partner_id`` has not: where their answer belongs."""
    theirs = select(PromptAnswer.entry_id).where(
        PromptAnswer.partner_id != partner_id, PromptAnswer.deleted_at.is_(None)
    )
    if prompt_key is not None:
        theirs = theirs.where(PromptAnswer.prompt_key == prompt_key)
    mine = (
        select(PromptAnswer.entry_id)
        .where(PromptAnswer.partner_id == partner_id, PromptAnswer.deleted_at.is_(None))
        .scalar_subquery()
    )
    return session.scalar(
        select(Entry.id)
        .where(
            Entry.kind == EntryKind.PROMPT.value,
            Entry.deleted_at.is_(None),
            Entry.id.in_(theirs.scalar_subquery()),
            Entry.id.not_in(mine),
        )
        .order_by(Entry.occurred_at.desc(), Entry.seq.desc())
        .limit(1)
    )


def add(
    session: Session,
    *,
    row_id: uuid.UUID,
    entry_id: uuid.UUID,
    prompt_key: str,
    partner_id: uuid.UUID,
    body: str,
    now: datetime,
) -> None:
    session.add(
        PromptAnswer(
            id=row_id,
            entry_id=entry_id,
            prompt_key=prompt_key,
            partner_id=partner_id,
            body=body,
            created_at=now,
            updated_at=now,
            version=1,
        )
    )
    session.flush()


def write(
    session: Session,
    row_id: uuid.UUID,
    *,
    body: str | None = None,
    deleted_at: datetime | None,
    expected: int,
    now: datetime,
) -> int | None:
    """Set the answer's text (``body`` None: keep it) and whether it is undone, if the row is
    still at ``expected``; the new version, or None if it moved on."""
    values: dict[str, object] = {"deleted_at": deleted_at, "updated_at": now}
    if body is not None:
        values["body"] = body
    result = session.execute(
        update(PromptAnswer)
        .where(PromptAnswer.id == row_id, PromptAnswer.version == expected)
        .values(**values, version=PromptAnswer.version + 1)
        .execution_options(synchronize_session=False)
    )
    return expected + 1 if result.rowcount == 1 else None  # type: ignore[attr-defined]
