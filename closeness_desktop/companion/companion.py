"""The tray's heart: greets whoever arrives, hands over waiting notes, helps a goodbye, and
turns due rituals into gentle notifications.

It listens to :class:`Presence` (who arrives, who leaves), :class:`RitualScheduler` (what
is due) and :class:`SealedOpenings` (sealed notes opening on their day) and speaks through
a :class:`NotifierChain`; the greeting itself is assembled in :mod:`.arrival`. It changes
data only through the household. No widgets: the window and tray listen to its signals.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, Signal

from closeness_desktop.companion import evening_question, special_days
from closeness_desktop.companion.arrival import GREETING_TAG, OPEN_NOTE, Greeter
from closeness_desktop.companion.gentle import Gentle, greeted_this_part_of_day
from closeness_desktop.companion.handover import Handover
from closeness_desktop.companion.notifications.chain import NotifierChain
from closeness_desktop.companion.notifications.message import DEFAULT_ACTION, Notification
from closeness_desktop.companion.presence import Presence
from closeness_desktop.companion.ritual_tags import parse_ritual_tag, ritual_tag
from closeness_desktop.companion.scheduler import RitualScheduler
from closeness_desktop.companion.sealed_notes import SealedOpenings
from closeness_desktop.household import Draft, EntryKind, EntryRecord, Household, PartnerInfo
from closeness_desktop.records import SaveError
from closeness_desktop.rituals import date_nights, rules
from closeness_desktop.rituals.greeting import Reason, Visit, greeting, is_new_arrival

log = logging.getLogger(__name__)

#: How far back the ritual log is read: further than any clock is set back in practice.
LOG_DEPTH = timedelta(days=3)
WHO_TAG = "who"
SNOOZES = {"snooze-10": 10, "snooze-60": 60}
RITUAL_ACTIONS = {
    rules.RitualKind.CHECKIN: ("checkin", "Check in now"),
    rules.RitualKind.PLAN_DATE: ("plan", "Plan a date"),
    rules.RitualKind.AFTER_DATE: ("remember", "Tell us"),
}
#: The button of a notification that says a write was refused: it runs the same write again.
TRY_AGAIN = ("try-again", "Try again")
#: Asked before "who's here?" chooses someone: whether they may come in now (the lock).
Admit = Callable[[uuid.UUID], bool]


class Companion(QObject):
    #: show the main window
    open_window = Signal()
    #: open the composer for an entry kind (an :class:`EntryKind` value)
    compose = Signal(str)
    #: who is at the computer changed (a :class:`PartnerInfo`, or None)
    who_changed = Signal(object)
    #: after a date night: (plan uid, the evening's original start) to remember it by
    remember_date = Signal(str, object)
    #: show the window at this entry (an id): the greeting's "Open"
    open_entry = Signal(object)
    #: whoever was here has left (a :class:`Reason` value): heading out, lock, sleep, quit
    left = Signal(str)

    def __init__(
        self,
        household: Household,
        notifier: NotifierChain,
        presence: Presence,
        os_account: str,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.household = household
        self.clock = household.clock
        self.notifier = notifier
        self.presence = presence
        self.os_account = os_account
        self.current: PartnerInfo | None = None
        #: Who left last (on a shared account), to know them again if they are back at once.
        self._just_left: PartnerInfo | None = None
        self._pending: dict[str, rules.Due] = {}
        #: The notes the greeting handed over, delivered once the person opens them.
        self.handover = Handover(household, self._not_delivered)
        #: When "who's here?" was last asked: it greets too (no second "Good morning").
        self._asked_who_at: datetime | None = None
        #: A goodbye the database refused, kept for the goodbye box to offer again.
        self.unsaved_goodbye: str | None = None
        #: What Try again does, by the tag of the notification that said it was not saved.
        self._retries: dict[str, Callable[[], None]] = {}
        self.scheduler = RitualScheduler(
            self.clock, self._state_for, household.rituals.record_fired, self
        )
        self.scheduler.fire.connect(self._ritual_due)
        self.gentle = Gentle(household, frozenset(RITUAL_ACTIONS))
        self.greeter = Greeter(household, self.gentle, self.handover, self.notify)
        self.openings = SealedOpenings(household, lambda: self.greeter.open_sealed(None), self)
        self.openings.opened.connect(self._sealed_opened)
        #: The lock's say before a choice (None: everyone may come in).
        self.admit: Admit | None = None
        presence.arrived.connect(self._arrived)
        presence.departed.connect(self._departed)
        notifier.action_invoked.connect(self._action)
        notifier.shown.connect(self._shown)

    def start(self) -> None:
        self.presence.start()
        self.scheduler.start()
        self.openings.start()

    def stop(self) -> None:
        self.scheduler.stop()
        self.openings.stop()

    def recheck(self) -> None:
        """Something changed (settings, plans, the clock): look at what is due again."""
        self.scheduler.recheck()

    # -- who is here ------------------------------------------------------------------

    def _set_current(self, partner: PartnerInfo | None) -> None:
        self.current = partner
        self.who_changed.emit(partner)

    def _arrived(self, reason_text: str) -> None:
        reason = Reason(reason_text)
        linked = self.household.partners.for_account(self.os_account)
        if reason is Reason.START or linked is not None:
            self._set_current(linked)
        elif self.current is None and self._just_left is not None:
            # Back within a minute (a quick lock and unlock): the same person, the same visit.
            visit = self.household.rituals.visit(self._just_left.id)
            if not is_new_arrival(visit, self.clock.now()):
                self._set_current(self._just_left)
        self._just_left = None
        if self.current is None:
            self._ask_who()
        else:
            self.greet(self.current, reason)
        self.scheduler.recheck()

    def _departed(self, reason_text: str) -> None:
        if self.current is not None:
            visit = self.household.rituals.visit(self.current.id)
            now = self.clock.now()
            self._remember_visit(self.current.id, Visit(visit.arrived_at, now, visit.greeted_at))
        self.handover.withdraw()  # unopened: they wait for the next arrival
        if self.household.partners.for_account(self.os_account) is None:
            # A shared account: whoever comes next says who they are.
            self._just_left = self.current
            self._set_current(None)
        self.left.emit(reason_text)

    def _remember_visit(self, partner_id: uuid.UUID, visit: Visit) -> None:
        self.greeter.remember_visit(partner_id, visit)

    def choose(self, partner_id: uuid.UUID) -> bool:
        """Someone answered "who's here?"; whether they are here now (:attr:`admit` may
        say not yet: a lock not opened keeps whoever was here)."""
        partner = self.household.partners.get(partner_id)
        if self.admit is not None and not self.admit(partner_id):
            return False
        self._set_current(partner)
        self.greet(partner, Reason.CHOSEN, force=True)
        return True

    def _ask_who(self) -> None:
        partners = self.household.partners.all()
        if len(partners) != 2:
            return
        now = self.clock.now()
        hello = greeting(None, now, self.clock.local_zone(), Visit())
        actions = tuple((f"who:{p.id}", f"I'm {p.name}") for p in partners)
        self._asked_who_at = now
        self.notify(Notification(hello.title, hello.body, actions=actions, tag=WHO_TAG))

    def greet(self, partner: PartnerInfo, reason: Reason, *, force: bool = False) -> bool:
        """Greet ``partner`` if the rules say so, and hand over the notes waiting for them.

        Returns whether a greeting went out; its notes count as delivered once the person
        opens them (:meth:`open_notes`, or the window: :attr:`handover`).
        """
        return self.greeter.greet(partner, reason, force=force)

    def _sealed_opened(self, notes: list[EntryRecord]) -> None:
        """Sealed notes opened on their day: handed over at once if their addressee is
        here, else at that person's next arrival."""
        here = self.current
        if here is not None and any(note.addressee_id == here.id for note in notes):
            self.greet(here, Reason.CHOSEN, force=True)

    # -- goodbyes ---------------------------------------------------------------------

    def heading_out(self, line: str = "") -> EntryRecord | None:
        """Record a goodbye (with an optional line for the other) and mark the departure.

        If the database refuses the goodbye, nobody has left: the line is kept in
        :attr:`unsaved_goodbye` and a notification says so, with Try again.
        """
        record = None
        self.unsaved_goodbye = None
        if self.current is not None:
            try:
                record = self.household.entries.add(
                    Draft.goodbye(self.current.id, line), origin=self
                )
            except SaveError as problem:
                self.unsaved_goodbye = line
                self._not_saved(
                    "goodbye",
                    "Your goodbye was not saved",
                    problem,
                    "It is still in the box; try again.",
                    lambda: self._goodbye_again(line),
                )
                return None
        self._departed(Reason.HEADING_OUT.value)
        # The computer stays on: whoever sits down next says who they are.
        self._just_left = None
        self._set_current(None)
        return record

    def _goodbye_again(self, line: str) -> None:
        if self.current is not None:  # else they have gone without it; it waits in the box
            self.heading_out(line)

    # -- rituals ----------------------------------------------------------------------

    def _state_for(self, now: datetime) -> rules.RitualState:
        zone = self.clock.local_zone()
        settings = self.household.rituals.settings()
        window = date_nights.plans_window(now)
        plans = [record.plan for record in self.household.plans.all(**window)]
        fired = self.household.rituals.fired_since(now - LOG_DEPTH)
        items = date_nights.items_for(plans, now, zone)
        # "Not now" on the timeline's card is an answer too: that evening isn't asked again.
        not_now = self.household.plans.not_now_said()
        asked = [item for item in items if date_nights.parse_after_key(item.key) not in not_now]
        return settings.state(zone, fired, asked + special_days.reminders(self.household, now))

    def _ritual_due(self, item: rules.Due) -> None:
        if self.presence.shutting_down:
            log.info("not showing %s during a shutdown", item.key)
            return
        if item.kind is rules.RitualKind.MORNING_GREETING and self._greeted_this_morning():
            return
        held = self.gentle.hold(item, self.clock.now(), self.clock.local_zone())
        if held is not None:  # too soon after the last one, or enough for today
            log.info("holding %s until %s", item.key, held.until or "tomorrow")
            if held.until is not None:
                self.household.rituals.snooze(item.key, item.occurrence, held.until, origin=self)
            return
        title, text = item.title, evening_question.ritual_text(self.household, item)
        if item.kind is rules.RitualKind.MORNING_GREETING and self.current is not None:
            title = f"Good morning, {self.current.name}."
        actions: list[tuple[str, str]] = []
        if item.kind in RITUAL_ACTIONS:
            actions.append(RITUAL_ACTIONS[item.kind])
        if item.kind not in (rules.RitualKind.DATE_REMINDER, rules.RitualKind.AFTER_DATE):
            actions += [("snooze-10", "In 10 minutes"), ("snooze-60", "In an hour")]
        tag = ritual_tag(item.key, item.occurrence)
        self._pending[tag] = item
        self.notify(Notification(title, text, actions=tuple(actions), tag=tag))

    def _greeted_this_morning(self) -> bool:
        # Nobody known: "who's here?" said "Good morning" already, if it was asked just now.
        current = self.current
        greeted = self._asked_who_at if current is None else self._visit(current).greeted_at
        return greeted_this_part_of_day(greeted, self.clock.now(), self.clock.local_zone())

    def _visit(self, partner: PartnerInfo) -> Visit:
        return self.household.rituals.visit(partner.id)

    def _asks_after(self, tag: str) -> bool:
        return self._pending[tag].kind is rules.RitualKind.AFTER_DATE

    def _remember(self, tag: str) -> None:
        item = self._pending.get(tag)
        found = date_nights.parse_after_key(item.key) if item is not None else None
        if found is not None:
            self.remember_date.emit(*found)

    def snooze(self, tag: str, minutes: int) -> None:
        """Snooze the ritual a notification was about (also one shown before a restart)."""
        found = parse_ritual_tag(tag)
        if found is None:
            log.warning("cannot snooze %r: not a ritual's notification", tag)
            return
        until = rules.snooze_until(self.clock.now(), minutes)
        try:
            self.household.rituals.snooze(*found, until, origin=self)
        except SaveError as problem:
            self._not_saved(
                f"snooze|{tag}",
                "The reminder was not snoozed",
                problem,
                "It won't come back by itself; try again.",
                lambda: self.snooze(tag, minutes),
            )
            return
        self.scheduler.recheck()

    def pause(self, until: datetime | None) -> None:
        """Hold ritual reminders until ``until`` (None: resume now)."""
        try:
            self.household.rituals.pause(until, origin=self)
        except SaveError as problem:
            headline, still = (
                ("Reminders were not paused", "They will keep coming; try again.")
                if until is not None
                else ("Reminders were not resumed", "They stay paused; try again.")
            )
            self._not_saved("pause", headline, problem, still, lambda: self.pause(until))
            return
        self.scheduler.recheck()

    def pause_for(self, span: timedelta) -> None:
        self.pause(self.clock.now() + span)

    def pause_until_tomorrow(self) -> None:
        settings = self.household.rituals.settings()
        self.pause(
            rules.pause_until_tomorrow(self.clock.now(), self.clock.local_zone(), settings.quiet)
        )

    def paused_until(self) -> datetime | None:
        until = self.household.rituals.settings().paused_until
        return until if until is not None and until > self.clock.now() else None

    # -- notifications ----------------------------------------------------------------

    def notify(self, notification: Notification) -> str:
        """Hand ``notification`` to the chain, which reports ``shown`` or ``failed``; its tag."""
        self.gentle.sent(self.clock.now())
        self.notifier.send(notification)
        return notification.tag

    def _shown(self, tag: str, backend_name: str) -> None:
        log.info("%s shown through %s", tag, backend_name)

    def open_notes(self) -> None:
        """The greeting's Open: the notes are read now; show the window at the first."""
        notes = self.handover.open_all()
        if notes:
            self.open_entry.emit(notes[0])
        else:  # opened again, or a greeting without notes: the window, as it was
            self.open_window.emit()

    def _not_delivered(self, problem: SaveError) -> None:
        still = "They will be handed over again next time, so nothing is lost."
        self._not_saved("delivered", "Your notes were not marked as read", problem, still)

    def _not_saved(
        self,
        what: str,
        headline: str,
        problem: SaveError,
        still: str,
        again: Callable[[], None] | None = None,
    ) -> None:
        """Say that a write was refused (``again``: what Try again does); log no words."""
        log.warning("%s: not saved (%s)", what.partition("|")[0], problem)
        reason = str(problem)
        tag = f"not-saved|{what}"
        if again is not None:
            self._retries[tag] = again
        actions = (TRY_AGAIN,) if again is not None else ()
        body = f"{reason[:1].upper()}{reason[1:]}. {still}"
        self.notify(Notification(headline, body, actions=actions, tag=tag))

    def _action(self, tag: str, action_id: str) -> None:
        if action_id.startswith("who:"):
            self.choose(uuid.UUID(action_id.removeprefix("who:")))
        elif action_id == TRY_AGAIN[0]:
            again = self._retries.pop(tag, None)
            if again is not None:
                again()
        elif action_id in SNOOZES:
            self.snooze(tag, SNOOZES[action_id])
        elif tag == GREETING_TAG and action_id in (OPEN_NOTE[0], DEFAULT_ACTION):
            self.open_notes()
        elif action_id == "checkin":
            self.compose.emit(EntryKind.CHECKIN.value)
        elif action_id == "plan":
            self.compose.emit(EntryKind.PLAN.value)
        elif action_id == "remember" or (
            action_id == DEFAULT_ACTION and tag in self._pending and self._asks_after(tag)
        ):
            self._remember(tag)
        elif action_id == DEFAULT_ACTION and (memory := self._memory_of(tag)) is not None:
            self.open_entry.emit(memory)  # "On this day": the window at the newest of them
        elif action_id == DEFAULT_ACTION:
            self.open_window.emit()

    def _memory_of(self, tag: str) -> uuid.UUID | None:
        found = parse_ritual_tag(tag)
        return special_days.memory_to_open(self.household, found[0]) if found else None
