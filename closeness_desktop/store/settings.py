"""Household-wide settings: one JSON value per key, each with a version."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from closeness_desktop.store.models import Setting

#: The version of a key that was never written.
NEVER_WRITTEN = 0


def read(session: Session, key: str) -> tuple[Any, int]:
    """The value of ``key`` and its version; ``(None, NEVER_WRITTEN)`` if there is none."""
    row = session.execute(select(Setting.value, Setting.version).where(Setting.key == key)).first()
    return (None, NEVER_WRITTEN) if row is None else (row[0], int(row[1]))


def write(
    session: Session, key: str, value: Any, expected_version: int, now: datetime
) -> int | None:
    """Store ``value`` if ``key`` is still at ``expected_version``; the new version or None."""
    if expected_version == NEVER_WRITTEN:
        if read(session, key)[1] != NEVER_WRITTEN:
            return None  # written by someone else in the meantime
        session.execute(insert(Setting).values(key=key, value=value, updated_at=now, version=1))
        return 1
    result = session.execute(
        update(Setting)
        .where(Setting.key == key, Setting.version == expected_version)
        .values(value=value, updated_at=now, version=Setting.version + 1)
    )
    return expected_version + 1 if result.rowcount == 1 else None  # type: ignore[attr-defined]
