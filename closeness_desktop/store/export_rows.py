"""The rows of an archive, as the store reads and writes them in bulk (``store.export``,
``store.export_memories``): plain frozen values, each field a column of its table.

A row here keeps what an archive keeps: UUIDs, versions and every time; it may come from
another household, and is checked before anything is written.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any


@dataclass(frozen=True, slots=True)
class PartnerRow:
    id: uuid.UUID
    name: str
    colour: str
    os_account: str | None
    position: int
    created_at: datetime
    updated_at: datetime
    version: int


@dataclass(frozen=True, slots=True)
class PlanRow:
    """A plan's details beside its timeline entry, as ``date_plans`` keeps them."""

    uid: str
    bring: str
    budget: Decimal | None
    state: str
    rrule: str | None
    exdates: list[str]
    overrides: dict[str, dict[str, Any]]
    reminders: list[int]
    zone: str


@dataclass(frozen=True, slots=True)
class EntryRow:
    """An entry as an archive carries it: not an :class:`~closeness_desktop.records.EntryRecord`,
    which is a row of this household (with its ``seq``, its kind known); this one may come
    from another household and is checked before anything is written."""

    id: uuid.UUID
    kind: str
    author_id: uuid.UUID
    addressee_id: uuid.UUID | None
    title: str
    body: str
    place: str
    occurred_at: datetime
    ends_at: datetime | None
    all_day: bool
    mood: int | None
    feelings: str
    delivered_at: datetime | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    version: int
    #: Marked for "Our year" (schema version 2 of the archive; false in version 1).
    kept: bool = False
    #: When the addressee first read it (not in archives before version 3).
    read_at: datetime | None = None
    #: A private entry's partner (its words blank here: they travel only sealed); a
    #: sealed note's opening (from version 4 of the archive; none before).
    private_to: uuid.UUID | None = None
    opens_at: datetime | None = None
    opens_with_arrival: bool = False
    #: A plan's details (None for other kinds, and for a plan whose details are missing).
    plan: PlanRow | None = None


@dataclass(frozen=True, slots=True)
class IdeaRow:
    id: uuid.UUID
    key: str
    title: str
    text: str
    idea_group: str
    budget: str
    setting: str
    minutes: int
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    version: int


@dataclass(frozen=True, slots=True)
class DoneRow:
    id: uuid.UUID
    idea_key: str
    done_on: date
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    version: int


@dataclass(frozen=True, slots=True)
class SettingRow:
    key: str
    value: Any
    updated_at: datetime
    version: int


@dataclass(frozen=True, slots=True)
class PhotoRow:
    """A memory's use of a photo file, which it names by its content (``sha256``)."""

    id: uuid.UUID
    entry_id: uuid.UUID
    position: int
    sha256: str
    name: str
    suffix: str
    width: int
    height: int
    size: int
    taken_at: datetime | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    version: int
    #: The file is sealed under the owner's key of its (private) memory; it travels so.
    sealed: bool = False


@dataclass(frozen=True, slots=True)
class SpecialDayRow:
    id: uuid.UUID
    kind: str
    title: str
    partner_id: uuid.UUID | None
    on_date: date
    yearly: bool
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    version: int


@dataclass(frozen=True, slots=True)
class ReactionRow:
    id: uuid.UUID
    entry_id: uuid.UUID
    partner_id: uuid.UUID
    sign: str
    created_at: datetime
    updated_at: datetime
    seen_at: datetime | None
    deleted_at: datetime | None
    version: int


@dataclass(frozen=True, slots=True)
class ReplyRow:
    id: uuid.UUID
    entry_id: uuid.UUID
    author_id: uuid.UUID
    body: str
    created_at: datetime
    updated_at: datetime
    seen_at: datetime | None
    deleted_at: datetime | None
    version: int


@dataclass(frozen=True, slots=True)
class AnswerRow:
    """One partner's answer to a conversation prompt (its entry is the prompt's)."""

    id: uuid.UUID
    entry_id: uuid.UUID
    prompt_key: str
    partner_id: uuid.UUID
    body: str
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    version: int


#: The rows that hang on an entry or a partner (schema version 3 of the archive).
MemoryRow = PhotoRow | SpecialDayRow | ReactionRow | ReplyRow | AnswerRow


@dataclass(frozen=True, slots=True)
class SealedRow:
    """The sealed words of a private entry or a sealed note, as ``sealed_words`` keeps them:
    ``key`` says what opens them ("partner" or "seal"); the words are never here in clear."""

    entry_id: uuid.UUID
    key: str
    blob: bytes


@dataclass(frozen=True, slots=True)
class WrappedKeyRow:
    """A partner's key wrapped by their passphrase, PIN or recovery code, as
    ``wrapped_keys`` keeps it, without the wrong tries (they stay with the household)."""

    partner_id: uuid.UUID
    purpose: str
    salt: bytes
    iterations: int
    memory_kib: int
    lanes: int
    blob: bytes


__all__ = [
    "AnswerRow",
    "DoneRow",
    "EntryRow",
    "IdeaRow",
    "MemoryRow",
    "PartnerRow",
    "PhotoRow",
    "PlanRow",
    "ReactionRow",
    "ReplyRow",
    "SealedRow",
    "SettingRow",
    "SpecialDayRow",
    "WrappedKeyRow",
]
