"""The keys of the partners who are unlocked now, and their private entries to search.

Held in memory only, for as long as the partner is here: dropping a partner's key drops
their words with it. Read from the timeline's worker thread as well as the window's, so
every access holds one lock.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from closeness_desktop.records import EntryRecord


@dataclass(frozen=True)
class Searchable:
    """A private entry, its words opened, and its texts folded once for search."""

    record: EntryRecord
    folded: tuple[str, ...]


class Keyring:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._keys: dict[uuid.UUID, bytes] = {}
        self._private: dict[uuid.UUID, tuple[Searchable, ...]] = {}
        #: What the database said of each partner's private entries when they were read
        #: (compared at each search: it moves with a write from here or from elsewhere).
        self._marks: dict[uuid.UUID, object] = {}

    def key_of(self, partner_id: uuid.UUID) -> bytes | None:
        with self._lock:
            return self._keys.get(partner_id)

    def unlocked(self) -> frozenset[uuid.UUID]:
        with self._lock:
            return frozenset(self._keys)

    def hold(
        self,
        partner_id: uuid.UUID,
        key: bytes,
        private: Iterable[Searchable],
        mark: object = None,
    ) -> None:
        """Keep ``partner_id``'s key, and their private entries (words opened) for search."""
        with self._lock:
            self._keys[partner_id] = key
            self._private[partner_id] = tuple(private)
            self._marks[partner_id] = mark

    def refresh(
        self, partner_id: uuid.UUID, private: Iterable[Searchable], mark: object = None
    ) -> None:
        with self._lock:
            if partner_id in self._keys:
                self._private[partner_id] = tuple(private)
                self._marks[partner_id] = mark

    def mark_of(self, partner_id: uuid.UUID) -> object:
        with self._lock:
            return self._marks.get(partner_id)

    def drop(self, partner_id: uuid.UUID | None = None) -> frozenset[uuid.UUID]:
        """Forget one partner's key (or everyone's); who was unlocked and is not now."""
        with self._lock:
            gone = frozenset(self._keys) if partner_id is None else frozenset({partner_id})
            gone &= frozenset(self._keys)
            for each in gone:
                del self._keys[each]
                self._private.pop(each, None)
                self._marks.pop(each, None)
            return gone

    def private_entries(self) -> Sequence[Searchable]:
        """Every unlocked partner's private entries, words opened."""
        with self._lock:
            return [record for records in self._private.values() for record in records]
