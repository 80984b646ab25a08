"""The household's two partners."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from closeness_desktop.records import PartnerInfo
from closeness_desktop.store.models import Partner


def _info(partner: Partner) -> PartnerInfo:
    return PartnerInfo(
        partner.id,
        partner.name,
        partner.colour,
        partner.os_account,
        partner.position,
        partner.version,
    )


def get(session: Session, partner_id: uuid.UUID) -> PartnerInfo | None:
    found = session.get(Partner, partner_id)
    return _info(found) if found is not None else None


def rename(
    session: Session,
    partner_id: uuid.UUID,
    *,
    name: str,
    colour: str,
    expected: int,
    now: datetime,
) -> int | None:
    """Give ``partner_id`` a new name and colour if it is still at ``expected``: the new
    version, or None if the row has moved on (or is gone)."""
    result = session.execute(
        update(Partner)
        .where(Partner.id == partner_id, Partner.version == expected)
        .values(name=name, colour=colour, updated_at=now, version=Partner.version + 1)
        .execution_options(synchronize_session="fetch")
    )
    return expected + 1 if result.rowcount == 1 else None  # type: ignore[attr-defined]


def all_partners(session: Session) -> list[PartnerInfo]:
    found = session.scalars(select(Partner).order_by(Partner.position)).all()
    return [_info(partner) for partner in found]


def add(session: Session, people: Sequence[tuple[str, str, str | None]], now: datetime) -> None:
    """Add ``(name, colour, os_account)`` in order."""
    for position, (name, colour, account) in enumerate(people):
        session.add(
            Partner(
                name=name,
                colour=colour,
                os_account=account,
                position=position,
                created_at=now,
                updated_at=now,
            )
        )


def link_account(
    session: Session, partner_id: uuid.UUID | None, os_account: str, now: datetime
) -> None:
    """Make ``partner_id`` the one who uses ``os_account``, and nobody else."""
    for partner in session.scalars(select(Partner)):
        wanted = partner.id == partner_id
        if wanted and partner.os_account != os_account:
            partner.os_account, partner.updated_at = os_account, now
        elif not wanted and partner.os_account == os_account:
            partner.os_account, partner.updated_at = None, now
