"""The log of ritual notifications that fired, so nothing fires twice."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from closeness_desktop.rituals.rules import Fired
from closeness_desktop.store.models import RitualLogEntry


def fired_since(session: Session, since: datetime) -> list[Fired]:
    found = session.scalars(select(RitualLogEntry).where(RitualLogEntry.fired_at >= since)).all()
    return [Fired(e.key, e.occurrence, e.fired_at, e.counted) for e in found]


def record(session: Session, fired: Fired) -> None:
    session.add(
        RitualLogEntry(
            key=fired.key,
            occurrence=fired.occurrence,
            fired_at=fired.fired_at,
            counted=fired.counted,
        )
    )
