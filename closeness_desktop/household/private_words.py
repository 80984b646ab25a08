"""Private entries and sealed notes as the entries room writes and reads them.

Writing seals the words of a private entry (under its author's key, who must be unlocked)
or of a sealed note (under the household's seal key) into ``sealed_words``; the shared
row keeps none of them, so neither the full-text index nor a copied file holds them.
Reading opens the words of the unlocked partners' private entries; a sealed note reads
blank until it opens (``household.privacy.open_due``). A search finds private entries in
the words held in memory since the unlock, merged into the page newest first.
"""

from __future__ import annotations

import base64
import logging
import os
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from closeness_desktop.privacy import sealed_text
from closeness_desktop.privacy.keyring import Keyring, Searchable
from closeness_desktop.records import (
    PRIVATE_KINDS,
    Cursor,
    Draft,
    EntryKind,
    EntryRecord,
    Page,
    TimelineFilter,
    ValidationError,
)
from closeness_desktop.store import privacy as store
from closeness_desktop.store import search
from closeness_desktop.store import settings as setting_store
from closeness_desktop.store.database import Session

log = logging.getLogger(__name__)

SEAL_KEY = "privacy.seal_key"
UNLOCK_FIRST = "Unlock your private corner first: a private entry is sealed under your key."
JUST_FOR_ME = "A private entry is just for you, so it goes to no one: leave “To” empty."
NOT_PRIVATE = "Only notes, memories and check-ins can be kept private."
SEALED_NOTES_ONLY = "Only a note can be sealed."
SEALED_FOR_OTHER = "A sealed note is for your partner: choose them in “To”."
NOT_BOTH = "A note is either private or sealed for your partner, not both."
OPENS_LATER = "A sealed note opens later than now: choose a date ahead."


def sealed_problem(draft: Draft, partner_ids: Sequence[uuid.UUID], now: datetime) -> str | None:
    """Why ``draft`` cannot be private or sealed as it is, in words; None when it can."""
    if draft.private and draft.opens_at is not None:
        return NOT_BOTH
    if draft.private:
        if draft.kind not in PRIVATE_KINDS:
            return NOT_PRIVATE
        if draft.addressee_id is not None:
            return JUST_FOR_ME
    if draft.opens_at is not None:
        if draft.kind is not EntryKind.NOTE:
            return SEALED_NOTES_ONLY
        others = [each for each in partner_ids if each != draft.author_id]
        if draft.addressee_id not in others:
            return SEALED_FOR_OTHER
        if draft.opens_at <= now:
            return OPENS_LATER
    return None


@dataclass(frozen=True)
class Hidden:
    """An entry's row fields, and what to seal into ``sealed_words`` (None: nothing):
    which key, the key, the owner and the words."""

    fields: dict[str, Any]
    sealing: tuple[str, bytes, uuid.UUID, dict[str, Any]] | None


class PrivateWords:
    def __init__(self, keyring: Keyring) -> None:
        self._keys = keyring

    # -- writing ----------------------------------------------------------------------

    def hide(self, session: Session, draft: Draft, fields: dict[str, Any], now: datetime) -> Hidden:
        """The row's fields for ``draft``: its words sealed away when it is private or
        sealed, or the words themselves; :meth:`keep` writes the sealed words once the row
        is there."""
        placed = {**fields, "private_to": None, "opens_at": None, "opens_with_arrival": False}
        if not draft.private and draft.opens_at is None:
            return Hidden(placed, None)
        words = {name: fields[name] for name in sealed_text.SEALED_FIELDS}
        if draft.private:
            key = self._keys.key_of(draft.author_id)
            if key is None:
                raise ValidationError(UNLOCK_FIRST)
            which = "partner"
            placed["private_to"] = draft.author_id
        else:
            key = self.seal_key(session, now)
            which = "seal"
            placed["opens_at"] = draft.opens_at
            placed["opens_with_arrival"] = draft.opens_with_arrival
        return Hidden({**placed, **sealed_text.blank()}, (which, key, draft.author_id, words))

    @staticmethod
    def keep(session: Session, entry_id: uuid.UUID, hidden: Hidden) -> None:
        """Write (or, for words in the open, remove) the entry's sealed words."""
        if hidden.sealing is None:
            store.drop_sealed(session, entry_id)
            return
        which, key, owner, words = hidden.sealing
        store.keep_sealed(session, entry_id, which, sealed_text.seal(key, entry_id, owner, words))

    def seal_key(self, session: Session, now: datetime) -> bytes:
        """The household's key for sealed notes, made on first use. Kept in the database:
        a seal keeps a surprise, not a secret from someone with the files (docs/privacy.md)."""
        value, version = setting_store.read(session, SEAL_KEY)
        if isinstance(value, str):
            return base64.b64decode(value)
        key = os.urandom(32)
        written = setting_store.write(
            session, SEAL_KEY, base64.b64encode(key).decode("ascii"), version, now
        )
        if written is None:  # made by the other window in the meantime
            value, _version = setting_store.read(session, SEAL_KEY)
            return base64.b64decode(value)
        return key

    # -- reading ----------------------------------------------------------------------

    def visible(self, flt: TimelineFilter) -> TimelineFilter:
        """``flt`` narrowed to what may be shown now: no one's private entries but those of
        the partners unlocked (whatever the caller asked for)."""
        return replace(flt, private_for=self._keys.unlocked())

    def reveal(self, session: Session, records: Sequence[EntryRecord]) -> list[EntryRecord]:
        """``records`` with the words of unlocked partners' private entries opened."""
        unlocked = self._keys.unlocked()
        wanted = [each.id for each in records if each.private_to in unlocked]
        if not wanted:
            return list(records)
        found = store.sealed(session, wanted)
        return [self._opened(record, found.get(record.id)) for record in records]

    def _opened(
        self, record: EntryRecord, sealed: tuple[str, bytes] | None, key: bytes | None = None
    ) -> EntryRecord:
        owner = record.private_to
        if key is None and owner is not None:
            key = self._keys.key_of(owner)
        if sealed is None or key is None or owner is None:
            return record
        try:
            words = sealed_text.unseal(key, record.id, owner, sealed[1])
        except sealed_text.Unreadable as problem:
            # Said without the words (there are none to say): the card stays blank.
            log.error("private entry %s does not open: %s", record.id, problem)
            return record
        return replace(record, **words)

    def read_private(self, session: Session, owner_id: uuid.UUID) -> None:
        """Read ``owner_id``'s private entries, words opened, into memory for search."""
        key = self._keys.key_of(owner_id)
        if key is not None:
            private, mark = self.searchable(session, owner_id, key)
            self._keys.refresh(owner_id, private, mark)

    def searchable(
        self, session: Session, owner_id: uuid.UUID, key: bytes
    ) -> tuple[list[Searchable], object]:
        """``owner_id``'s private entries opened under ``key``, folded for search, and the
        mark that says when they change (a worker can read them before the key is held)."""
        opened = [
            self._opened(record, ("partner", blob), key)
            for record, blob in store.private_of(session, owner_id)
        ]
        found = [
            Searchable(
                each, search.folded_texts((each.title, each.body, each.place, each.feelings))
            )
            for each in opened
        ]
        return found, store.private_mark(session, owner_id)

    def read_if_changed(self, session: Session) -> None:
        """Read again the private entries changed since they were read, here or elsewhere
        (another window, the command line): their mark says so, one indexed query."""
        for owner_id in self._keys.unlocked():
            if store.private_mark(session, owner_id) != self._keys.mark_of(owner_id):
                self.read_private(session, owner_id)

    def private_counts(self, flt: TimelineFilter) -> dict[EntryKind, int]:
        """How many of the unlocked partners' private entries a search finds, by kind (the
        shared index counts the rest)."""
        counts: dict[EntryKind, int] = {}
        if flt.text.strip():
            for each in self._keys.private_entries():
                if _found_by(each, flt):
                    counts[each.record.kind] = counts.get(each.record.kind, 0) + 1
        return counts

    def with_private_matches(
        self, page: Page, flt: TimelineFilter, after: Cursor | None, limit: int
    ) -> Page:
        """``page`` (a search's page from the shared index) with the unlocked partners'
        private entries that match, newest first, cut again to ``limit``."""
        if not flt.text.strip():
            return page
        found = [
            each.record
            for each in self._keys.private_entries()
            if (after is None or _key(each.record) < _cursor_key(after)) and _found_by(each, flt)
        ]
        if not found:
            return page
        rows = sorted([*page.rows, *found], key=_key, reverse=True)
        if len(rows) <= limit:
            return Page(rows, page.next_cursor)
        rows = rows[:limit]
        # The next page starts after the last row kept, from the index and from memory.
        return Page(rows, Cursor(rows[-1].occurred_at, rows[-1].seq))


def _key(record: EntryRecord) -> tuple[Any, int]:
    return (record.occurred_at, record.seq)


def _cursor_key(cursor: Cursor) -> tuple[Any, int]:
    return (cursor.occurred_at, cursor.seq)


def _found_by(entry: Searchable, flt: TimelineFilter) -> bool:
    record = entry.record
    if (record.deleted_at is not None) != flt.trash:
        return False
    if flt.kinds and record.kind not in flt.kinds:
        return False
    if flt.author_id is not None and record.author_id != flt.author_id:
        return False
    texts = (record.title, record.body, record.place, record.feelings)
    return search.text_matches(flt.text, texts, entry.folded)
