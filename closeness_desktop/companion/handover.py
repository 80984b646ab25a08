"""The notes an arrival greeting hands over, until the person opens them.

A note reaches its addressee when they open it: the greeting's "Open", or the window
showing it on screen. A greeting that was only sent (or shown and missed) delivers
nothing: the notes stay waiting in the household and the next arrival hands them over
again. No Qt here beyond what the companion passes in.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection

from closeness_desktop.household import Household
from closeness_desktop.records import SaveError

#: Says that a write was refused (the companion's notification for it).
Refused = Callable[[SaveError], None]


class Handover:
    def __init__(self, household: Household, refused: Refused) -> None:
        self._household = household
        self._refused = refused
        self._notes: list[uuid.UUID] = []

    def offer(self, notes: Collection[uuid.UUID]) -> None:
        """A greeting carries ``notes`` (it replaces what an earlier one carried)."""
        self._notes = list(notes)

    def withdraw(self) -> None:
        """The person left: unopened notes wait for the next arrival."""
        self._notes = []

    def waiting(self) -> list[uuid.UUID]:
        """Handed over, not opened yet, oldest first."""
        return list(self._notes)

    def open_all(self) -> list[uuid.UUID]:
        """The greeting's Open: every note it carried is read now. What was delivered."""
        notes, self._notes = self._notes, []
        self._deliver(notes)
        return notes

    def seen(self, entry_ids: Collection[uuid.UUID]) -> None:
        """The window showed these entries to the person here."""
        seen = [note for note in self._notes if note in entry_ids]
        self._notes = [note for note in self._notes if note not in entry_ids]
        self._deliver(seen)

    def _deliver(self, notes: list[uuid.UUID]) -> None:
        if not notes:
            return
        try:
            self._household.entries.mark_delivered(notes)
        except SaveError as problem:  # still waiting in the database: handed over again
            self._refused(problem)
