"""What the private-corner tests share: the passphrases, drafts of private and sealed notes,
and what a page or a search shows."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

from closeness_desktop.household import (
    Draft,
    EntryKind,
    EntryRecord,
    Household,
    PartnerInfo,
    TimelineFilter,
)

SECRET = "a lantern by the sea"
ALEX_SECRET = "the long way round"
EVERYTHING = TimelineFilter()


def private_note(author: PartnerInfo, text: str) -> Draft:
    return Draft(EntryKind.NOTE, author.id, body=text, private=True)


def sealed_note(
    author: PartnerInfo, to: PartnerInfo, text: str, opens_at: datetime, *, arrival: bool = False
) -> Draft:
    return Draft(
        EntryKind.NOTE,
        author.id,
        addressee_id=to.id,
        body=text,
        opens_at=opens_at,
        opens_with_arrival=arrival,
    )


def ids(rows: Iterable[EntryRecord]) -> list[uuid.UUID]:
    return [row.id for row in rows]


def found(household: Household, text: str, *, trash: bool = False) -> list[EntryRecord]:
    return list(household.entries.page(TimelineFilter(text=text, trash=trash)).rows)
