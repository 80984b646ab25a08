"""Locking by itself: the private corner closes when its partner leaves or stops using
the app, and opens only to its own passphrase when "Who's here?" chooses them.

- A departure ("I'm heading out", the session locked, sleep, quit) locks everyone.
- No key or mouse input to any of the app's windows for the partner's minutes (a
  household setting, :func:`idle_key`) locks the partner who is here.
- "Who's here?" choosing the other partner locks the one leaving first; choosing a
  partner who has a lock asks for it (:class:`LockDialog`), and Cancel keeps whoever
  was here.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from closeness_desktop.companion.companion import Companion
from closeness_desktop.household import Household, PartnerInfo
from closeness_desktop.records import Area, Change
from closeness_desktop.ui.lock_dialog import ask_unlock

log = logging.getLogger(__name__)

IDLE_DEFAULT = 10
IDLE_RANGE = (1, 120)
#: What counts as someone using the app.
INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)


def idle_key(partner_id: uuid.UUID) -> str:
    """The household setting of how many minutes without use lock ``partner_id``'s corner."""
    return f"privacy.idle_minutes.{partner_id}"


def idle_minutes(household: Household, partner_id: uuid.UUID) -> int:
    value = household.settings.read(idle_key(partner_id), IDLE_DEFAULT).value
    low, high = IDLE_RANGE
    return min(max(value, low), high) if isinstance(value, int) else IDLE_DEFAULT


class PrivacyGuard(QObject):
    #: the household changed, heard through a signal so that it is always taken on this
    #: object's thread (a Python event is delivered on whichever thread emits it)
    _household_changed = Signal(object)

    def __init__(
        self,
        household: Household,
        companion: Companion,
        window: QWidget | None = None,
        say: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(window)
        self.household = household
        self.companion = companion
        self._window = window
        self._say = say
        self._here: PartnerInfo | None = companion.current
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.timeout.connect(self.idle_timeout)
        self._minutes = IDLE_DEFAULT
        self._read_minutes()
        companion.admit = self.admit
        companion.left.connect(self.departed)
        companion.who_changed.connect(self._who_changed)
        self._household_changed.connect(self._changed)
        household.changed.connect(self._heard)
        self._app = QCoreApplication.instance()
        if self._app is not None:
            self._app.installEventFilter(self)
        self._follow_unlocks()

    def stop(self) -> None:
        self.idle.stop()
        self.household.changed.disconnect(self._heard)
        if self._app is not None:
            self._app.removeEventFilter(self)
            self._app = None
        if self.companion.admit == self.admit:
            self.companion.admit = None

    # -- locking by itself ------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT and self.idle.isActive():
            self.idle.start()  # again from now
        return False

    def idle_timeout(self) -> None:
        """Nobody has touched the app for the minutes chosen: lock whoever is here."""
        here = self.companion.current
        if self.household.privacy.lock(here.id if here else None, origin=self):
            log.info("locked after %d minutes without use", self._minutes)
            if self._say is not None:
                self._say(f"Your private corner locked after {self._minutes} minutes without use.")

    def departed(self, reason: str = "") -> None:
        """Whoever was here has gone (heading out, the session locked, sleep, quit)."""
        if self.household.privacy.lock(origin=self):
            log.info("locked at a departure (%s)", reason)

    # -- who is here --------------------------------------------------------------------

    def admit(self, partner_id: uuid.UUID) -> bool:
        """Before "who's here?" chooses ``partner_id``: lock the one leaving, and ask for
        the chosen one's lock if they have one; whether they may come in now."""
        here = self.companion.current
        if here is not None and here.id != partner_id:
            self.household.privacy.lock(here.id, origin=self)
        partner = self.household.partners.get(partner_id)
        return ask_unlock(self.household, partner, self._window)

    def _who_changed(self, partner: object) -> None:
        before = self._here
        self._here = partner if isinstance(partner, PartnerInfo) else None
        if before is not None and (self._here is None or self._here.id != before.id):
            self.household.privacy.lock(before.id, origin=self)  # whoever left, any path
        self._read_minutes()

    # -- following the household ----------------------------------------------------------

    def _heard(self, change: Change) -> None:
        self._household_changed.emit(change)

    def _changed(self, change: Change) -> None:
        if Area.SETTINGS in change.areas:
            self._read_minutes()
        if Area.PRIVACY in change.areas:
            self._follow_unlocks()

    def _follow_unlocks(self) -> None:
        """Count the idle time only while someone's corner is open."""
        if self.household.privacy.unlocked():
            self.idle.start()
        else:
            self.idle.stop()

    def _read_minutes(self) -> None:
        here = self.companion.current
        self._minutes = idle_minutes(self.household, here.id) if here else IDLE_DEFAULT
        self.idle.setInterval(self._minutes * 60_000)
