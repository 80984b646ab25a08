"""Check-in moods for the mood chart: one query over the (kind, occurred_at) index."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from closeness_desktop.records import EntryKind
from closeness_desktop.store.models import Entry


class MoodRow(NamedTuple):
    author_id: uuid.UUID
    occurred_at: datetime  # aware, UTC
    mood: int
    entry_id: uuid.UUID


def moods_query(
    since: datetime, until: datetime
) -> Select[uuid.UUID, datetime, int | None, uuid.UUID]:
    """Check-ins on the timeline written in ``[since, until)``, oldest first: a range of
    the (kind, occurred_at) index, however many notes lie around them."""
    return (
        select(Entry.author_id, Entry.occurred_at, Entry.mood, Entry.id)
        .where(
            Entry.kind == EntryKind.CHECKIN.value,
            Entry.occurred_at >= since,
            Entry.occurred_at < until,
            Entry.deleted_at.is_(None),
            Entry.mood.is_not(None),
        )
        .order_by(Entry.occurred_at, Entry.seq)
    )


def moods(session: Session, since: datetime, until: datetime) -> list[MoodRow]:
    rows = session.execute(moods_query(since, until))
    return [
        MoodRow(author, when, mood, entry_id)
        for author, when, mood, entry_id in rows
        if mood is not None  # never, by the query; said again for the type
    ]
