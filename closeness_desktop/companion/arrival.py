"""The arrival greeting: opens the sealed notes that were waiting for this arrival, then
gathers the notes, replies and rituals waiting for the person and says them in one
notification, and hands the notes over.

The companion decides who has arrived and whether it is a new visit; this module only
assembles what the greeting says and remembers that it was said.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from closeness_desktop.companion import answers, special_days
from closeness_desktop.companion.gentle import Gentle
from closeness_desktop.companion.handover import Handover
from closeness_desktop.companion.notifications.message import Notification
from closeness_desktop.household import EntryKind, EntryRecord, Household, PartnerInfo
from closeness_desktop.records import SaveError
from closeness_desktop.rituals.greeting import (
    Reason,
    Visit,
    WaitingNote,
    greeting,
    is_new_arrival,
    should_greet,
)

log = logging.getLogger(__name__)

GREETING_TAG = "greeting"
#: A greeting's button when it carries notes.
OPEN_NOTE = ("open", "Open")


class Greeter:
    def __init__(
        self,
        household: Household,
        gentle: Gentle,
        handover: Handover,
        notify: Callable[[Notification], str],
    ) -> None:
        self._household = household
        self._gentle = gentle
        self._handover = handover
        self._notify = notify

    def greet(self, partner: PartnerInfo, reason: Reason, *, force: bool = False) -> bool:
        """Greet ``partner`` if the rules say so, and hand over the notes waiting for them
        (sealed notes whose time has come first opened, so this greeting carries them).
        Whether a greeting went out."""
        household = self._household
        clock = household.clock
        self.open_sealed(partner.id)
        now, zone = clock.now(), clock.local_zone()
        visit = household.rituals.visit(partner.id)
        waiting = household.entries.waiting_notes(partner.id)
        heard = answers.Heard(household, partner.id)  # replies and signs on theirs
        arriving = force or reason is Reason.START or is_new_arrival(visit, now)
        greet = force or should_greet(visit, now, zone, len(waiting) + len(heard.news))
        if arriving:
            visit = Visit(now, visit.departed_at, visit.greeted_at)
        if not greet:
            self.remember_visit(partner.id, visit)
            return False
        names = {p.id: p.name for p in household.partners.all()}
        notes = [WaitingNote(names.get(note.author_id, ""), _note_text(note)) for note in waiting]
        words = greeting(partner.name, now, zone, visit, notes, answers=heard.words)
        words = special_days.greeting_on_the_day(words, household, partner)
        words = self._gentle.fold(words, now, zone)  # the rituals of the next hour or so
        self._handover.offer([note.id for note in waiting])
        actions = (OPEN_NOTE,) if waiting else ()
        self._notify(
            Notification(
                words.title, words.body, actions=actions, tag=GREETING_TAG, timeout_ms=20_000
            )
        )
        heard.told()
        self.remember_visit(partner.id, Visit(now, visit.departed_at, now))
        return True

    def open_sealed(self, arrived: uuid.UUID | None) -> list[EntryRecord]:
        """Open the sealed notes whose time has come (with ``arrived``: also those waiting
        for that arrival). A refused write opens nothing now: they open at the next try."""
        try:
            return self._household.privacy.open_due(arrived=arrived, origin=self)
        except SaveError as problem:
            log.warning("could not open the sealed notes: %s", problem)
            return []

    def remember_visit(self, partner_id: uuid.UUID, visit: Visit) -> None:
        """Keep ``visit``; a refused write (busy, disk full) costs only this memory of it,
        never the greeting or the quit that asked for it."""
        try:
            self._household.rituals.save_visit(partner_id, visit)
        except SaveError as problem:
            log.warning("could not remember a visit: %s", problem)


def _note_text(note: EntryRecord) -> str:
    if note.kind is EntryKind.GOODBYE:
        return note.body or "Said goodbye before heading out."
    return note.body
