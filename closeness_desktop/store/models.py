"""The household's tables, as typed SQLAlchemy 2 models.

Every entry has a UUID key (what the rest of the app and exports use), created and updated
times, a soft-delete time (for Undo and the trash) and a version for optimistic concurrency.

Entries also carry ``seq``, an integer primary key that is a storage detail: it gives the
timeline a stable tie-breaker for entries written in the same instant and gives the
full-text index a row id that ``VACUUM`` never renumbers (SQLite may renumber the hidden
rowid of a table whose key is not an INTEGER PRIMARY KEY).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    Uuid,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from closeness_desktop.records import EntryKind
from closeness_desktop.store.types import UTCDateTime

NAME_MAX = 40
TITLE_MAX = 200
PLACE_MAX = 200
FEELINGS_MAX = 300
TEXT_MAX = 20_000
IDEA_KEY_MAX = 64
IDEA_TITLE_MAX = 80
FILE_NAME_MAX = 255
PROMPT_KEY_MAX = 64


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime()}


class Partner(Base):
    __tablename__ = "partners"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(NAME_MAX), unique=True)
    colour: Mapped[str] = mapped_column(String(7))
    os_account: Mapped[str | None] = mapped_column(String(100), default=None)
    position: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Entry(Base):
    __tablename__ = "entries"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True, default=uuid.uuid4)
    kind: Mapped[str] = mapped_column(String(16))
    author_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("partners.id"))
    addressee_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("partners.id"), default=None)
    title: Mapped[str] = mapped_column(String(TITLE_MAX), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    place: Mapped[str] = mapped_column(String(PLACE_MAX), default="")
    occurred_at: Mapped[datetime]
    ends_at: Mapped[datetime | None] = mapped_column(default=None)
    all_day: Mapped[bool] = mapped_column(default=False)
    mood: Mapped[int | None] = mapped_column(Integer, default=None)
    feelings: Mapped[str] = mapped_column(String(FEELINGS_MAX), default="")
    delivered_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    deleted_at: Mapped[datetime | None] = mapped_column(default=None)
    version: Mapped[int] = mapped_column(Integer, default=1)
    #: Marked for "Our year" (a note is printed in the keepsake only when kept).
    kept: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: When the addressee first opened or expanded it (a read receipt; ``delivered_at`` is
    #: when the tray handed it over).
    read_at: Mapped[datetime | None] = mapped_column(default=None)
    #: "Just for me": only this partner sees it, while unlocked; its words are sealed in
    #: ``sealed_words`` under their key, and this row keeps none of them.
    private_to: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("partners.id"), default=None)
    #: A sealed note opens at this time (or, with ``opens_with_arrival``, at its addressee's
    #: first arrival from then on); until it opens its words are in ``sealed_words``.
    opens_at: Mapped[datetime | None] = mapped_column(default=None)
    opens_with_arrival: Mapped[bool] = mapped_column(default=False, server_default=false())

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    __table_args__ = (
        Index("ix_entries_timeline", "occurred_at", "seq"),
        Index("ix_entries_waiting", "kind", "delivered_at"),
        Index("ix_entries_kind_time", "kind", "occurred_at"),
        Index("ix_entries_opens", "opens_at"),
        # Only the private rows: a partner's private entries are found without a scan.
        Index(
            "ix_entries_private",
            "private_to",
            sqlite_where=text("private_to IS NOT NULL"),
            postgresql_where=text("private_to IS NOT NULL"),
        ),
    )


class SealedWords(Base):
    """The words of a private entry or a sealed note: AES-GCM, bound to the entry and its
    owner (see ``privacy.sealed_text``). ``key`` names what opens it: "partner" (the
    entry's ``private_to``) or "seal" (the household's seal key)."""

    __tablename__ = "sealed_words"

    entry_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("entries.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(16))
    blob: Mapped[bytes] = mapped_column(LargeBinary)


class WrappedKey(Base):
    """A partner's key, wrapped: once by their passphrase (or PIN) and once by the recovery
    code; with the wrong tries in a row, for the growing wait."""

    __tablename__ = "wrapped_keys"

    partner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("partners.id"), primary_key=True)
    #: "passphrase", "pin" or "recovery".
    purpose: Mapped[str] = mapped_column(String(16), primary_key=True)
    salt: Mapped[bytes] = mapped_column(LargeBinary)
    iterations: Mapped[int] = mapped_column(Integer)
    memory_kib: Mapped[int] = mapped_column(Integer)
    lanes: Mapped[int] = mapped_column(Integer)
    blob: Mapped[bytes] = mapped_column(LargeBinary)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    failed_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Setting(Base):
    """Household-wide settings (ritual times, quiet hours...), one JSON value per key.

    A value is read with its version and written back only if the version is unchanged.
    """

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer, default=1)


class OwnIdea(Base):
    """An idea of the couple's own in the idea jar (the shipped ones live in a file)."""

    __tablename__ = "ideas"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    #: The id the jar knows the idea by ("own-..."), which the ideas done refer to.
    key: Mapped[str] = mapped_column(String(IDEA_KEY_MAX), unique=True)
    title: Mapped[str] = mapped_column(String(IDEA_TITLE_MAX))
    text: Mapped[str] = mapped_column(Text, default="")
    idea_group: Mapped[str] = mapped_column(String(16))
    budget: Mapped[str] = mapped_column(String(16))
    setting: Mapped[str] = mapped_column(String(16))
    minutes: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    deleted_at: Mapped[datetime | None] = mapped_column(default=None)
    version: Mapped[int] = mapped_column(Integer, default=1)


class IdeaDone(Base):
    """When an idea (shipped or own) was last done, one row per idea."""

    __tablename__ = "ideas_done"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    idea_key: Mapped[str] = mapped_column(String(IDEA_KEY_MAX), unique=True)
    done_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    deleted_at: Mapped[datetime | None] = mapped_column(default=None)
    version: Mapped[int] = mapped_column(Integer, default=1)


class RitualLogEntry(Base):
    """One ritual notification that fired (a snoozed one fires again: a second row)."""

    __tablename__ = "ritual_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(100))
    occurrence: Mapped[datetime]
    fired_at: Mapped[datetime]
    counted: Mapped[bool]

    __table_args__ = (
        Index("ix_ritual_log_fired_at", "fired_at"),
        Index("ix_ritual_log_occurrence", "key", "occurrence"),
    )


class DatePlanRow(Base):
    """The planner's details of a date-night plan; its title, time, place, notes and who
    planned it live on the timeline entry ``entry_id``."""

    __tablename__ = "date_plans"

    entry_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("entries.id"), primary_key=True)
    uid: Mapped[str] = mapped_column(String(255), unique=True)
    bring: Mapped[str] = mapped_column(Text, default="")
    budget: Mapped[Decimal | None] = mapped_column(Numeric(10, 2), default=None)
    state: Mapped[str] = mapped_column(String(16), default="planned")
    rrule: Mapped[str | None] = mapped_column(String(500), default=None)
    exdates: Mapped[Any] = mapped_column(JSON, default=list)
    overrides: Mapped[Any] = mapped_column(JSON, default=dict)
    reminders: Mapped[Any] = mapped_column(JSON, default=list)
    zone: Mapped[str] = mapped_column(String(64))


class Photo(Base):
    """A photo of a memory. The file is ``photos/<sha256[:2]>/<sha256>.<ext>`` in the data
    folder, stored once however many memories show it; the row is this memory's use of it."""

    __tablename__ = "photos"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    entry_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("entries.id"))
    position: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    #: The file's name as the couple knew it (cleaned), for captions and exports.
    name: Mapped[str] = mapped_column(String(FILE_NAME_MAX))
    #: The stored copy's suffix: "jpg", "png", "webp", "heic"...
    suffix: Mapped[str] = mapped_column(String(8))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    size: Mapped[int] = mapped_column(Integer)
    taken_at: Mapped[datetime | None] = mapped_column(default=None)
    #: The file is sealed under the memory's owner's key (a private memory's photo):
    #: its name is the SHA-256 of the sealed bytes and its suffix "sealed".
    sealed: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    #: Taken off its memory on its own (a memory's trash is the memory's ``deleted_at``).
    deleted_at: Mapped[datetime | None] = mapped_column(default=None)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    __table_args__ = (
        Index("ix_photos_entry", "entry_id", "position"),
        Index("ix_photos_sha256", "sha256"),
    )


class SpecialDay(Base):
    """An anniversary, a birthday or one of the couple's own days, yearly or once."""

    __tablename__ = "special_days"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    #: "anniversary", "birthday" or "own"
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    #: Whose birthday; None for the couple's days.
    partner_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("partners.id"), default=None)
    on_date: Mapped[date] = mapped_column(Date)
    yearly: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    deleted_at: Mapped[datetime | None] = mapped_column(default=None)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Reaction(Base):
    """One partner's sign on an entry (a heart...): at most one each, changed in place."""

    __tablename__ = "reactions"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    entry_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("entries.id"))
    partner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("partners.id"))
    sign: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    #: When the entry's author was shown it on an arrival.
    seen_at: Mapped[datetime | None] = mapped_column(default=None)
    deleted_at: Mapped[datetime | None] = mapped_column(default=None)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    __table_args__ = (Index("ix_reactions_entry_partner", "entry_id", "partner_id", unique=True),)


class Reply(Base):
    """A short answer to an entry, shown on its card with who and when."""

    __tablename__ = "replies"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    entry_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("entries.id"))
    author_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("partners.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    #: When the entry's author was shown it on an arrival.
    seen_at: Mapped[datetime | None] = mapped_column(default=None)
    deleted_at: Mapped[datetime | None] = mapped_column(default=None)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    __table_args__ = (Index("ix_replies_entry", "entry_id", "created_at"),)


class PromptAnswer(Base):
    """One partner's answer to a conversation prompt. The prompt's timeline entry (kind
    "prompt", its title the question) is written with the first answer; that answer stays
    hidden from the other partner until they have answered too."""

    __tablename__ = "prompt_answers"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    entry_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("entries.id"))
    prompt_key: Mapped[str] = mapped_column(String(PROMPT_KEY_MAX))
    partner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("partners.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    deleted_at: Mapped[datetime | None] = mapped_column(default=None)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    __table_args__ = (
        Index("ix_prompt_answers_entry_partner", "entry_id", "partner_id", unique=True),
    )


__all__ = [
    "Base",
    "DatePlanRow",
    "Entry",
    "EntryKind",
    "IdeaDone",
    "OwnIdea",
    "Partner",
    "Photo",
    "PromptAnswer",
    "Reaction",
    "Reply",
    "RitualLogEntry",
    "Setting",
    "SpecialDay",
]
