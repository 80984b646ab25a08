"""The parts of ``closeness.json`` that schema version 4 added, read strictly: what makes an
entry private or sealed, the sealed words, the partners' wrapped keys and the seal key.

A private entry's or a sealed note's row is blank in the archive, as it is in the
database: the words travel only sealed. What a schema cannot say is checked here: every
private or sealed entry has its sealed words, and nothing else has any; a private entry's
partner's lock is in the archive, whole; a sealed note opens under the archive's seal key,
to words an entry can hold. A private entry cannot be opened here (only its partner's
passphrase opens it), so only its shape is checked.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from typing import Any

from closeness_desktop.household.archive_fields import ArchiveError, Fields
from closeness_desktop.household.validation import EARLIEST_YEAR, LATEST_YEAR
from closeness_desktop.privacy import sealed_text
from closeness_desktop.privacy.aead import NONCE_BYTES
from closeness_desktop.privacy.keys import KEY_BYTES, SALT_BYTES
from closeness_desktop.records import PRIVATE_KINDS, EntryKind
from closeness_desktop.store.export_rows import EntryRow, SealedRow, WrappedKeyRow
from closeness_desktop.store.models import FEELINGS_MAX, PLACE_MAX, TEXT_MAX, TITLE_MAX

#: The fields version 4 added at the top of ``closeness.json``, and on each entry.
PRIVATE_KEYS = ("sealed_words", "wrapped_keys", "seal_key")
ENTRY_KEYS = ("private_to", "opens_at", "opens_with_arrival")
#: What opens sealed words: the private entry's partner's key, or the household's seal key.
SEALS = ("partner", "seal")
PURPOSES = ("passphrase", "pin", "recovery")
SEAL_KEY_BYTES = 32
TAG_BYTES = 16  # AES-GCM's
WRAPPED_BYTES = NONCE_BYTES + KEY_BYTES + TAG_BYTES
#: Sealed words: the nonce and tag around at least "{}"; at most 192 KiB, room for the
#: longest words an entry holds even were every character escaped (a multiple of 3, so
#: the schema's length in base64 says the same).
SEALED_MIN = NONCE_BYTES + TAG_BYTES
SEALED_MAX = 192 * 1024
#: Argon2id's costs, bounded so a hostile archive cannot make an unlock take the
#: computer's memory (the app uses 3 passes, 64 MiB and 4 lanes).
MAX_ITERATIONS = 64
MAX_MEMORY_KIB = 1024 * 1024
MAX_LANES = 64
#: Two partners, each with one passphrase (or PIN) key and one recovery key.
MAX_KEYS = 4
MAX_SEALED = 2_000_000
_WORDS = {"title": TITLE_MAX, "body": TEXT_MAX, "place": PLACE_MAX, "feelings": FEELINGS_MAX}


@dataclass(frozen=True)
class Private:
    """What version 4 added, read; empty for an archive of an earlier version."""

    sealed: tuple[SealedRow, ...] = ()
    keys: tuple[WrappedKeyRow, ...] = ()
    seal_key: bytes | None = None


class PrivateReader:
    """Reads version 4's fields: each entry's as the entries are read, then the lists."""

    def __init__(self, version: int, partner_ids: Collection[uuid.UUID]) -> None:
        self.reads = version >= 4
        self._partners = partner_ids
        #: The private and sealed entries, by id, with their number in the archive.
        self._hidden: dict[uuid.UUID, tuple[int, EntryRow]] = {}
        self._entries: set[uuid.UUID] = set()
        #: The entries whose sealed words have been read.
        self._seen: set[uuid.UUID] = set()

    def entry(self, fields: Fields, row: EntryRow, number: int) -> EntryRow:
        """``row`` with its privacy read (nothing before version 4), checked."""
        self._entries.add(row.id)
        if not self.reads:
            return row
        row = replace(
            row,
            private_to=fields.optional_uuid("private_to"),
            opens_at=fields.optional_moment("opens_at"),
            opens_with_arrival=fields.boolean("opens_with_arrival"),
        )
        if row.private_to is not None:
            _check_private(fields, row)
        if row.opens_at is not None:
            _check_sealed(fields, row)
        elif row.opens_with_arrival:
            fields.fail("opens at an arrival, but it is not a sealed note")
        if row.private_to is not None or row.opens_at is not None:
            words = (row.title, row.body, row.place, row.feelings)
            if any(words) or row.mood is not None:
                fields.fail("is private or sealed, but carries words in the open")
            self._hidden[row.id] = (number, row)
        return row

    def read(self, top: Fields) -> Private:
        if not self.reads:
            return Private()

        def each(name: str, limit: int, read: Callable[[Any, int], Any]) -> tuple[Any, ...]:
            return tuple(read(item, n) for n, item in enumerate(top.items(name, limit), 1))

        seal_key = top.optional_binary("seal_key", SEAL_KEY_BYTES, SEAL_KEY_BYTES)
        keys: tuple[WrappedKeyRow, ...] = each("wrapped_keys", MAX_KEYS, self.key)
        locked = _whole_locks(keys)
        sealed: tuple[SealedRow, ...] = each(
            "sealed_words", MAX_SEALED, lambda item, n: self.sealed(item, n, seal_key)
        )
        for entry_id, (number, row) in self._hidden.items():
            if row.private_to is not None and row.private_to not in locked:
                raise ArchiveError(
                    f"In this archive, entry {number:,} is private, but the archive does not"
                    " carry the lock of the partner it belongs to."
                )
            if entry_id not in self._seen:
                raise ArchiveError(
                    f"In this archive, entry {number:,} is private or sealed, but its sealed"
                    " words are missing."
                )
        return Private(sealed, keys, seal_key)

    def key(self, item: Any, number: int) -> WrappedKeyRow:
        fields = Fields(item, f"wrapped key {number:,}", (
            "partner_id", "purpose", "salt", "iterations", "memory_kib", "lanes", "blob",
        ))  # fmt: skip
        row = WrappedKeyRow(
            partner_id=fields.uuid("partner_id"),
            purpose=fields.choice("purpose", PURPOSES),
            salt=fields.binary("salt", SALT_BYTES, SALT_BYTES),
            iterations=fields.integer("iterations", 1, MAX_ITERATIONS),
            memory_kib=fields.integer("memory_kib", 8, MAX_MEMORY_KIB),
            lanes=fields.integer("lanes", 1, MAX_LANES),
            blob=fields.binary("blob", WRAPPED_BYTES, WRAPPED_BYTES),
        )
        if row.partner_id not in self._partners:
            fields.fail(f"names a partner the archive does not have ({row.partner_id})")
        if row.memory_kib < 8 * row.lanes:  # Argon2 needs 8 KiB for each lane
            fields.fail("has a “memory_kib” below 8 for each of its lanes")
        return row

    def sealed(self, item: Any, number: int, seal_key: bytes | None) -> SealedRow:
        fields = Fields(item, f"sealed text {number:,}", ("entry_id", "key", "blob"))
        row = SealedRow(
            entry_id=fields.uuid("entry_id"),
            key=fields.choice("key", SEALS),
            blob=fields.binary("blob", SEALED_MIN, SEALED_MAX),
        )
        found = self._hidden.get(row.entry_id)
        if found is None:
            if row.entry_id in self._entries:
                fields.fail("is for an entry that is neither private nor sealed")
            fields.fail(f"is for an entry the archive does not have ({row.entry_id})")
        if row.entry_id in self._seen:
            fields.fail(f"is the second sealed text of one entry ({row.entry_id})")
        self._seen.add(row.entry_id)
        entry_number, entry = found
        wanted = "partner" if entry.private_to is not None else "seal"
        if row.key != wanted:
            fields.fail(f"names the key “{row.key}”, but its entry opens with “{wanted}”")
        if wanted == "seal":
            if seal_key is None:
                fields.fail("is a sealed note's, but the archive carries no seal key")
            _check_opens(fields, row, entry, entry_number, seal_key)
        return row


def _check_private(fields: Fields, row: EntryRow) -> None:
    if row.private_to != row.author_id:
        fields.fail("is private to a partner who did not write it")
    if row.kind not in {kind.value for kind in PRIVATE_KINDS}:
        fields.fail("is private, but only notes, memories and check-ins can be")
    if row.addressee_id is not None:
        fields.fail("is private, but it is addressed to someone")
    if row.opens_at is not None:
        fields.fail("is both private and a sealed note")


def _check_sealed(fields: Fields, row: EntryRow) -> None:
    assert row.opens_at is not None
    if row.kind != EntryKind.NOTE.value:
        fields.fail("is sealed, but only a note can be")
    if row.addressee_id is None:
        fields.fail("is a sealed note for no one")
    if not EARLIEST_YEAR <= row.opens_at.year <= LATEST_YEAR:
        fields.fail(f"has an “opens_at” outside the years {EARLIEST_YEAR} to {LATEST_YEAR}")


def _whole_locks(keys: tuple[WrappedKeyRow, ...]) -> set[uuid.UUID]:
    """The partners whose lock the archive carries; :class:`ArchiveError` for a key twice or
    a lock that is not whole (one passphrase or PIN key and one recovery key)."""
    purposes: dict[uuid.UUID, list[str]] = {}
    for row in keys:
        purposes.setdefault(row.partner_id, []).append(row.purpose)
    for found in purposes.values():
        own = [each for each in found if each != "recovery"]
        if len(own) != 1 or found.count("recovery") != 1:
            raise ArchiveError(
                "In this archive, a partner's lock is not whole: it takes one passphrase or PIN"
                " key and one recovery key."
            )
    return set(purposes)


def _check_opens(
    fields: Fields, row: SealedRow, entry: EntryRow, number: int, seal_key: bytes
) -> None:
    """A sealed note's words open under the archive's seal key, and an entry can hold them
    (they go into its row when it opens). Nothing of them is said in a refusal."""
    try:
        words = sealed_text.unseal(seal_key, row.entry_id, entry.author_id, row.blob)
    except (sealed_text.Unreadable, RecursionError):  # JSON nested too deeply inside
        fields.fail("does not open with the archive's seal key (damaged, or from another note)")
    opened = Fields(words, f"entry {number:,}'s sealed text", sealed_text.SEALED_FIELDS)
    for name, limit in _WORDS.items():
        opened.text(name, limit)
    if words["mood"] is not None:
        opened.fail("has a mood, but only a check-in has one")
