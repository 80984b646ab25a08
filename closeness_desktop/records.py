"""The plain types the screens, the command line and the household share.

Nothing here imports SQLAlchemy or Qt, so the window can be built and painted before the
database layer loads (it costs more than Qt itself to import).
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, tzinfo
from typing import Any

#: The partners' colours unless they choose their own: a warm rose and a deep teal.
DEFAULT_COLOURS = ("#C8566B", "#3F7F8C")


class EntryKind(enum.StrEnum):
    NOTE = "note"
    MEMORY = "memory"
    PLAN = "plan"
    CHECKIN = "checkin"
    GOODBYE = "goodbye"
    #: A conversation prompt: its title the question; the answers live apart from it.
    PROMPT = "prompt"


class Area(enum.StrEnum):
    """A kind of data a change can touch; each view listens to the areas it shows."""

    PARTNERS = "partners"
    ENTRIES = "entries"
    PLANS = "plans"
    IDEAS = "ideas"
    RITUALS = "rituals"
    SETTINGS = "settings"
    #: Arrivals and departures: the companion's memory, shown by no screen.
    VISITS = "visits"
    #: Anniversaries, birthdays and the couple's own days.
    SPECIAL_DAYS = "special_days"
    #: Replies and reactions on entries (and when their authors saw them).
    RESPONSES = "responses"
    #: Answers to conversation prompts (and where the deck stands).
    PROMPTS = "prompts"
    #: A partner's lock set, changed, unlocked or locked (what the timeline may show).
    PRIVACY = "privacy"


@dataclass(frozen=True)
class Change:
    """What one operation changed, and who started it.

    ``origin`` is whatever the caller passed to the operation (a page, a dialog), so a
    view can skip the echo of its own change; ``entry_ids`` names the timeline entries
    written, when the operation knows them.
    """

    areas: frozenset[Area]
    origin: object = None
    entry_ids: frozenset[uuid.UUID] = frozenset()

    def touches(self, *areas: Area) -> bool:
        return not self.areas.isdisjoint(areas)


class ValidationError(ValueError):
    """Input a person can correct; the message says how."""


class NotFoundError(LookupError):
    """Something asked for is not there (any more)."""


class ConflictError(RuntimeError):
    """Something was changed elsewhere since it was read; nothing was written.

    ``current`` is the newer version as it is now (an :class:`EntryRecord`, a plan record,
    settings...), or None when it is gone, so a screen can show what changed.
    """

    def __init__(self, message: str, current: object = None) -> None:
        super().__init__(message)
        self.current = current


class SaveError(RuntimeError):
    """A write the database refused (busy past the wait, disk full, read-only); nothing was
    written, so what the person typed must stay where it is.

    ``str(error)`` is the reason in words, lower case, to follow "This note was not saved: ".
    """


@dataclass(frozen=True, slots=True)
class PartnerInfo:
    id: uuid.UUID
    name: str
    colour: str
    os_account: str | None
    position: int
    #: The row's version when it was read: a rename names it (see ``partners.update``).
    version: int = 1


#: The kinds of entry that can be kept private ("Just for me").
PRIVATE_KINDS = frozenset({EntryKind.NOTE, EntryKind.MEMORY, EntryKind.CHECKIN})


@dataclass(frozen=True)
class Draft:
    """What a composer hands in: one entry's fields, before validation."""

    kind: EntryKind
    author_id: uuid.UUID
    addressee_id: uuid.UUID | None = None
    title: str = ""
    body: str = ""
    place: str = ""
    occurred_at: datetime | None = None
    ends_at: datetime | None = None
    all_day: bool = False
    mood: int | None = None
    feelings: str = ""
    #: Kept "just for me": sealed under the author's key (they must be unlocked).
    private: bool = False
    #: A sealed note for the other: it opens then (see :attr:`EntryRecord.opens_at`).
    opens_at: datetime | None = None
    opens_with_arrival: bool = False

    @classmethod
    def note(cls, author: uuid.UUID, text: str, to: uuid.UUID | None = None) -> Draft:
        return cls(EntryKind.NOTE, author, addressee_id=to, body=text)

    @classmethod
    def memory(
        cls,
        author: uuid.UUID,
        title: str,
        happened_on: date,
        zone: tzinfo,
        *,
        text: str = "",
        place: str = "",
    ) -> Draft:
        when = datetime.combine(happened_on, time(12), zone)
        return cls(
            EntryKind.MEMORY,
            author,
            title=title,
            body=text,
            place=place,
            occurred_at=when,
            all_day=True,
        )

    @classmethod
    def plan(
        cls, author: uuid.UUID, title: str, when: datetime, where: str = "", notes: str = ""
    ) -> Draft:
        return cls(EntryKind.PLAN, author, title=title, occurred_at=when, place=where, body=notes)

    @classmethod
    def checkin(
        cls, author: uuid.UUID, mood: int, feelings: Iterable[str] = (), text: str = ""
    ) -> Draft:
        words = ", ".join(word.strip() for word in feelings if word.strip())
        return cls(EntryKind.CHECKIN, author, mood=mood, feelings=words, body=text)

    @classmethod
    def goodbye(cls, author: uuid.UUID, text: str = "") -> Draft:
        return cls(EntryKind.GOODBYE, author, body=text)


@dataclass(frozen=True, slots=True)
class EntryRecord:
    """One timeline entry, detached from the database."""

    id: uuid.UUID
    seq: int
    kind: EntryKind
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
    #: Marked for "Our year" (notes go into the keepsake only when kept).
    kept: bool = False
    #: When the addressee first opened or expanded it (None: not read yet, or no addressee).
    read_at: datetime | None = None
    #: "Just for me": this partner's private entry (its words here only while unlocked).
    private_to: uuid.UUID | None = None
    #: A sealed note: it opens then (or at its addressee's first arrival from then, with
    #: ``opens_with_arrival``); until it opens its words are blank here.
    opens_at: datetime | None = None
    opens_with_arrival: bool = False

    @property
    def sealed(self) -> bool:
        return self.opens_at is not None

    @classmethod
    def from_mapping(cls, row: Any) -> EntryRecord:
        values = dict(row)
        values["kind"] = EntryKind(values["kind"])
        return cls(**values)


@dataclass(frozen=True, slots=True)
class Cursor:
    """Where the next page starts: just after this (occurred_at, seq)."""

    occurred_at: datetime
    seq: int


@dataclass(frozen=True)
class TimelineFilter:
    """What the timeline shows: a search, some kinds, one partner's entries, or the trash."""

    text: str = ""
    kinds: frozenset[EntryKind] = field(default_factory=frozenset)
    author_id: uuid.UUID | None = None
    trash: bool = False
    #: Whose private entries may be found: set by the household to the partners unlocked
    #: now, whatever a caller put here.
    private_for: frozenset[uuid.UUID] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Page:
    rows: Sequence[EntryRecord]
    next_cursor: Cursor | None


def draft_of(record: EntryRecord) -> Draft:
    """The draft an editor starts from when it opens ``record``."""
    return Draft(
        kind=record.kind,
        author_id=record.author_id,
        addressee_id=record.addressee_id,
        title=record.title,
        body=record.body,
        place=record.place,
        occurred_at=record.occurred_at,
        ends_at=record.ends_at,
        all_day=record.all_day,
        mood=record.mood,
        feelings=record.feelings,
        private=record.private_to is not None,
        opens_at=record.opens_at,
        opens_with_arrival=record.opens_with_arrival,
    )


class Sign(enum.StrEnum):
    """A partner's reaction on an entry; the value is what the database keeps."""

    HEART = "heart"
    HUG = "hug"
    SMILE = "smile"
    THANKS = "thanks"
    STAR = "star"

    @property
    def glyph(self) -> str:
        return SIGN_GLYPHS[self][0]

    @property
    def word(self) -> str:
        """The sign in words, for screen readers and greetings: "a heart"."""
        return SIGN_GLYPHS[self][1]


#: How each sign is drawn, and said (the order of the React menu).
SIGN_GLYPHS: dict[Sign, tuple[str, str]] = {
    Sign.HEART: ("\N{BLACK HEART SUIT}", "a heart"),
    Sign.HUG: ("\N{HUGGING FACE}", "a hug"),
    Sign.SMILE: ("\N{WHITE SMILING FACE}", "a smile"),
    Sign.THANKS: ("\N{PERSON WITH FOLDED HANDS}", "a thank-you"),
    Sign.STAR: ("\N{BLACK STAR}", "a star"),
}


@dataclass(frozen=True, slots=True)
class ReactionRecord:
    """One partner's sign on one entry."""

    id: uuid.UUID
    entry_id: uuid.UUID
    partner_id: uuid.UUID
    sign: Sign
    created_at: datetime
    updated_at: datetime
    seen_at: datetime | None
    deleted_at: datetime | None
    version: int


@dataclass(frozen=True, slots=True)
class ReplyRecord:
    """A short answer on an entry, by either partner."""

    id: uuid.UUID
    entry_id: uuid.UUID
    author_id: uuid.UUID
    body: str
    created_at: datetime
    updated_at: datetime
    seen_at: datetime | None
    deleted_at: datetime | None
    version: int


@dataclass(frozen=True)
class Responses:
    """What an entry's card shows under its text: signs (by partner order) and replies
    (oldest first)."""

    reactions: tuple[ReactionRecord, ...] = ()
    replies: tuple[ReplyRecord, ...] = ()

    def key(self) -> tuple[tuple[uuid.UUID, int], ...]:
        """Changes whenever what the card shows changes (its height depends on it)."""
        signs = tuple((row.id, row.version) for row in self.reactions)
        return signs + tuple((row.id, row.version) for row in self.replies)

    def sign_of(self, partner_id: uuid.UUID) -> Sign | None:
        return next((r.sign for r in self.reactions if r.partner_id == partner_id), None)


@dataclass(frozen=True)
class NewResponse:
    """A reply or a sign the entry's author has not been shown yet (``sign`` None: a reply)."""

    entry: EntryRecord
    by: uuid.UUID
    sign: Sign | None
    row_id: uuid.UUID


@dataclass(frozen=True, slots=True)
class PhotoInfo:
    """One photo of a memory, as the photos table has it (its file: ``household.photos``)."""

    id: uuid.UUID
    entry_id: uuid.UUID
    #: Its place among the memory's photos, from 0.
    position: int
    #: The stored copy's SHA-256 (its file name) and suffix ("jpg", "png", "webp", "gif").
    sha256: str
    suffix: str
    #: The file's name as the couple knew it, cleaned for a caption.
    name: str
    width: int
    height: int
    #: Bytes of the stored copy.
    size: int
    taken_at: datetime | None
    created_at: datetime
    deleted_at: datetime | None
    version: int
    #: The file is sealed under its memory's owner's key (a private memory's photo):
    #: ``household.photos`` opens it for an unlocked owner; its name and suffix say nothing.
    sealed: bool = False
