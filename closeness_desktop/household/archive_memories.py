"""The parts of ``closeness.json`` that schema version 3 added, read strictly: photos (and
the files they name), special days, reactions, replies and prompt answers.

What a schema cannot say is checked here too: a photo's file is in the archive, at the
size the photo says; a reaction, a reply or an answer names a partner of the archive and
an entry that is in the archive (or, for :mod:`.archive_merge` to check, in the
household it goes into); a partner gives one sign and one answer per entry at most.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from closeness_desktop.household.archive_fields import ArchiveError, Fields, shown
from closeness_desktop.household.archive_zip import MAX_FILE_BYTES
from closeness_desktop.household.responses import REPLY_MAX
from closeness_desktop.household.sealed_photos import SUFFIX as SEALED_SUFFIX
from closeness_desktop.household.validation import EARLIEST_YEAR, LATEST_YEAR
from closeness_desktop.records import EntryKind, Sign
from closeness_desktop.special_days import DayKind
from closeness_desktop.store.export_rows import (
    AnswerRow,
    PhotoRow,
    ReactionRow,
    ReplyRow,
    SpecialDayRow,
)
from closeness_desktop.store.models import FILE_NAME_MAX, PROMPT_KEY_MAX, TEXT_MAX, TITLE_MAX

#: The lists version 3 added at the top of ``closeness.json``, in the order written.
MEMORY_KEYS = ("photos", "special_days", "reactions", "replies", "prompt_answers")
MAX_ROWS = 2_000_000
_SUFFIX = re.compile(r"^[a-z0-9]{1,8}$")
_TIMES = ("created_at", "updated_at")


@dataclass(frozen=True)
class Memories:
    """What version 3 added, read; empty for an archive of an earlier version."""

    photos: tuple[PhotoRow, ...] = ()
    special_days: tuple[SpecialDayRow, ...] = ()
    reactions: tuple[ReactionRow, ...] = ()
    replies: tuple[ReplyRow, ...] = ()
    answers: tuple[AnswerRow, ...] = ()

    def on_entries(self) -> Iterable[PhotoRow | ReactionRow | ReplyRow | AnswerRow]:
        """The rows that hang on an entry."""
        yield from self.photos
        yield from self.reactions
        yield from self.replies
        yield from self.answers


class MemoryReader:
    """Reads version 3's lists, once the partners, the entries and the files are read.

    ``unique_id`` is the archive reader's (no UUID twice in any list); ``entry_kinds``
    the kind of each entry the archive has; ``files`` its files by SHA-256; ``private``
    its private entries (whose photos, and only theirs, are sealed).
    """

    def __init__(
        self,
        unique_id: Callable[[Fields], uuid.UUID],
        partner_ids: set[uuid.UUID],
        entry_kinds: Mapping[uuid.UUID, str],
        file_sizes: Mapping[str, int],
        private: Collection[uuid.UUID] = frozenset(),
    ) -> None:
        self._unique_id = unique_id
        self._partners = partner_ids
        self._entries = entry_kinds
        self._files = file_sizes
        self._private = private
        self._pairs: dict[str, set[tuple[uuid.UUID, uuid.UUID]]] = {"sign": set(), "answer": set()}

    def read(self, top: Fields) -> Memories:
        def each(name: str, read: Callable[[Any, int], Any]) -> tuple[Any, ...]:
            return tuple(read(item, n) for n, item in enumerate(top.items(name, MAX_ROWS), 1))

        found = Memories(
            photos=each("photos", self.photo),
            special_days=each("special_days", self.special_day),
            reactions=each("reactions", self.reaction),
            replies=each("replies", self.reply),
            answers=each("prompt_answers", self.answer),
        )
        unused = sorted(set(self._files) - {photo.sha256 for photo in found.photos})
        if unused:
            raise ArchiveError(f"This archive carries a file no photo uses ({unused[0][:12]}…).")
        return found

    def _partner(self, fields: Fields, name: str) -> uuid.UUID:
        who = fields.uuid(name)
        if who not in self._partners:
            fields.fail(f"names a partner the archive does not have ({who})")
        return who

    def _maybe_partner(self, fields: Fields, name: str) -> uuid.UUID | None:
        return None if fields.raw(name) is None else self._partner(fields, name)

    def _entry(self, fields: Fields) -> uuid.UUID:
        """An entry id; one the archive does not have is checked by the merge."""
        return fields.uuid("entry_id")

    def _one_each(self, fields: Fields, what: str, entry: uuid.UUID, who: uuid.UUID) -> None:
        if (entry, who) in self._pairs[what]:
            fields.fail(f"is a second {what} of one partner on one entry ({entry})")
        self._pairs[what].add((entry, who))

    def photo(self, item: Any, number: int) -> PhotoRow:
        fields = Fields(item, f"photo {number:,}", (
            "id", "entry_id", "position", "sha256", "name", "suffix", "width", "height",
            "size", "taken_at", *_TIMES, "deleted_at", "version", "sealed",
        ))  # fmt: skip
        sealed = fields.has("sealed") and fields.boolean("sealed")  # absent: in the open
        row = PhotoRow(
            id=self._unique_id(fields),
            entry_id=self._entry(fields),
            position=fields.integer("position"),
            sha256=fields.text("sha256", 64),
            name=fields.text("name", FILE_NAME_MAX, empty=sealed),
            suffix=fields.text("suffix", 8),
            width=fields.integer("width", 1),
            height=fields.integer("height", 1),
            size=fields.integer("size", 0, MAX_FILE_BYTES),
            taken_at=fields.optional_moment("taken_at"),
            created_at=fields.moment("created_at"),
            updated_at=fields.moment("updated_at"),
            deleted_at=fields.optional_moment("deleted_at"),
            version=fields.integer("version", 1),
            sealed=sealed,
        )
        if sealed != (row.entry_id in self._private):
            fields.fail(
                "is sealed, but its entry is not private"
                if sealed
                else "is in the open, but its entry is private (its photos are sealed)"
            )
        if sealed and (row.suffix != SEALED_SUFFIX or row.name or row.taken_at is not None):
            fields.fail("is sealed, but says its name, kind or time in the open")
        if not _SUFFIX.match(row.suffix):
            fields.fail("has a “suffix” that is not 1 to 8 lower-case letters or digits")
        size = self._files.get(row.sha256)
        if size is None:
            fields.fail(f"names a file the archive does not carry ({shown(row.sha256, 12)}…)")
        if size != row.size:
            fields.fail(f"says its file is {row.size:,} bytes, but the archive lists {size:,}")
        return row

    def special_day(self, item: Any, number: int) -> SpecialDayRow:
        fields = Fields(item, f"special day {number:,}", (
            "id", "kind", "title", "partner_id", "on_date", "yearly", *_TIMES, "deleted_at",
            "version",
        ))  # fmt: skip
        row = SpecialDayRow(
            id=self._unique_id(fields),
            kind=fields.choice("kind", {each.value for each in DayKind}),
            title=fields.text("title", TITLE_MAX, empty=False),
            partner_id=self._maybe_partner(fields, "partner_id"),
            on_date=fields.day("on_date"),
            yearly=fields.boolean("yearly"),
            created_at=fields.moment("created_at"),
            updated_at=fields.moment("updated_at"),
            deleted_at=fields.optional_moment("deleted_at"),
            version=fields.integer("version", 1),
        )
        if (row.kind == DayKind.BIRTHDAY.value) != (row.partner_id is not None):
            fields.fail("names whose day it is, but only a birthday names one of you")
        if not EARLIEST_YEAR <= row.on_date.year <= LATEST_YEAR:
            fields.fail(f"has an “on_date” outside the years {EARLIEST_YEAR} to {LATEST_YEAR}")
        return row

    def reaction(self, item: Any, number: int) -> ReactionRow:
        fields = Fields(item, f"reaction {number:,}", (
            "id", "entry_id", "partner_id", "sign", *_TIMES, "seen_at", "deleted_at", "version",
        ))  # fmt: skip
        row = ReactionRow(
            id=self._unique_id(fields),
            entry_id=self._entry(fields),
            partner_id=self._partner(fields, "partner_id"),
            sign=fields.choice("sign", {each.value for each in Sign}),
            created_at=fields.moment("created_at"),
            updated_at=fields.moment("updated_at"),
            seen_at=fields.optional_moment("seen_at"),
            deleted_at=fields.optional_moment("deleted_at"),
            version=fields.integer("version", 1),
        )
        self._one_each(fields, "sign", row.entry_id, row.partner_id)
        return row

    def reply(self, item: Any, number: int) -> ReplyRow:
        fields = Fields(item, f"reply {number:,}", (
            "id", "entry_id", "author_id", "body", *_TIMES, "seen_at", "deleted_at", "version",
        ))  # fmt: skip
        return ReplyRow(
            id=self._unique_id(fields),
            entry_id=self._entry(fields),
            author_id=self._partner(fields, "author_id"),
            body=fields.text("body", REPLY_MAX, empty=False),
            created_at=fields.moment("created_at"),
            updated_at=fields.moment("updated_at"),
            seen_at=fields.optional_moment("seen_at"),
            deleted_at=fields.optional_moment("deleted_at"),
            version=fields.integer("version", 1),
        )

    def answer(self, item: Any, number: int) -> AnswerRow:
        fields = Fields(item, f"prompt answer {number:,}", (
            "id", "entry_id", "prompt_key", "partner_id", "body", *_TIMES, "deleted_at",
            "version",
        ))  # fmt: skip
        row = AnswerRow(
            id=self._unique_id(fields),
            entry_id=self._entry(fields),
            prompt_key=fields.text("prompt_key", PROMPT_KEY_MAX, empty=False),
            partner_id=self._partner(fields, "partner_id"),
            body=fields.text("body", TEXT_MAX),
            created_at=fields.moment("created_at"),
            updated_at=fields.moment("updated_at"),
            deleted_at=fields.optional_moment("deleted_at"),
            version=fields.integer("version", 1),
        )
        kind = self._entries.get(row.entry_id)
        if kind is not None and kind != EntryKind.PROMPT.value:
            fields.fail("answers a prompt on an entry that is not a prompt")
        self._one_each(fields, "answer", row.entry_id, row.partner_id)
        return row
