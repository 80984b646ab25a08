"""What every area of operations shares: the database, the clock, the history, and the one
way to announce a change."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import datetime

from closeness_desktop.clock import Clock
from closeness_desktop.events import Event
from closeness_desktop.household.history import History
from closeness_desktop.privacy.keyring import Keyring
from closeness_desktop.records import Area, Change
from closeness_desktop.store.database import Database


class Context:
    def __init__(self, database: Database, clock: Clock) -> None:
        self.db = database
        self.clock = clock
        self.changed: Event[Change] = Event()
        self.history = History(self.announce, database.writing)
        #: The keys of the partners unlocked now (``household.privacy``), in memory only.
        self.keys = Keyring()

    def now(self) -> datetime:
        return self.clock.now()

    def announce(
        self,
        areas: Collection[Area],
        origin: object = None,
        entry_ids: Collection[uuid.UUID] = (),
    ) -> None:
        """Tell every view what one operation changed, after its transaction committed."""
        self.changed.emit(Change(frozenset(areas), origin, frozenset(entry_ids)))
