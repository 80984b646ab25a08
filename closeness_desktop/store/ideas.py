"""The couple's own ideas and when each idea was last done, a versioned row each."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from closeness_desktop.dates.ideas import Budget, Idea, IdeaGroup, Setting
from closeness_desktop.store.models import IdeaDone, OwnIdea


@dataclass(frozen=True, slots=True)
class StoredIdea:
    row_id: uuid.UUID
    idea: Idea
    version: int
    deleted: bool


@dataclass(frozen=True, slots=True)
class DoneMark:
    idea_key: str
    done_on: date | None  # None: the mark was taken back
    version: int


def _idea(row: OwnIdea) -> Idea:
    return Idea(
        id=row.key,
        title=row.title,
        text=row.text or row.title,
        group=IdeaGroup(row.idea_group),
        budget=Budget(row.budget),
        setting=Setting(row.setting),
        minutes=row.minutes,
    )


def own_ideas(session: Session) -> list[Idea]:
    """The couple's ideas not taken out of the jar, oldest first."""
    rows = session.scalars(
        select(OwnIdea).where(OwnIdea.deleted_at.is_(None)).order_by(OwnIdea.created_at)
    ).all()
    return [_idea(row) for row in rows]


def get(session: Session, row_id: uuid.UUID) -> StoredIdea | None:
    row = session.get(OwnIdea, row_id)
    if row is None:
        return None
    return StoredIdea(row.id, _idea(row), row.version, row.deleted_at is not None)


def add(session: Session, row_id: uuid.UUID, idea: Idea, now: datetime) -> None:
    session.add(
        OwnIdea(
            id=row_id,
            key=idea.id,
            title=idea.title,
            text=idea.text,
            idea_group=idea.group.value,
            budget=idea.budget.value,
            setting=idea.setting.value,
            minutes=idea.minutes,
            created_at=now,
            updated_at=now,
            version=1,
        )
    )
    session.flush()


def set_deleted(
    session: Session, row_id: uuid.UUID, deleted_at: datetime | None, expected: int, now: datetime
) -> int | None:
    result = session.execute(
        update(OwnIdea)
        .where(OwnIdea.id == row_id, OwnIdea.version == expected)
        .values(deleted_at=deleted_at, updated_at=now, version=OwnIdea.version + 1)
    )
    return expected + 1 if result.rowcount == 1 else None  # type: ignore[attr-defined]


def done_marks(session: Session) -> dict[str, date]:
    rows = session.execute(
        select(IdeaDone.idea_key, IdeaDone.done_on).where(IdeaDone.deleted_at.is_(None))
    ).all()
    return dict(rows)


def done_mark(session: Session, idea_key: str) -> DoneMark | None:
    row = session.scalar(select(IdeaDone).where(IdeaDone.idea_key == idea_key))
    if row is None:
        return None
    return DoneMark(row.idea_key, None if row.deleted_at else row.done_on, row.version)


def write_done(
    session: Session, idea_key: str, day: date | None, expected: int | None, now: datetime
) -> int | None:
    """Set (``day``) or take back (None) when ``idea_key`` was done; ``expected`` None means
    no row yet. The new version, or None if the row moved on."""
    if expected is None:
        session.add(
            IdeaDone(
                id=uuid.uuid4(),
                idea_key=idea_key,
                done_on=day or date.min,
                created_at=now,
                updated_at=now,
                deleted_at=None if day else now,
                version=1,
            )
        )
        session.flush()
        return 1
    values: dict[str, object] = {"deleted_at": None if day else now, "updated_at": now}
    if day is not None:
        values["done_on"] = day
    result = session.execute(
        update(IdeaDone)
        .where(IdeaDone.idea_key == idea_key, IdeaDone.version == expected)
        .values(**values, version=IdeaDone.version + 1)
    )
    return expected + 1 if result.rowcount == 1 else None  # type: ignore[attr-defined]
