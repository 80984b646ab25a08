"""Sealed notes opening on their day while the app runs: one timer at the next opening.

Like the ritual scheduler, the timer never waits longer than :data:`MAX_WAIT` (``QTimer``
stops while a laptop sleeps) and decides from the wall clock what has come due. Notes that
open with their addressee's arrival are opened by the greeting instead (``arrival``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from closeness_desktop.household import EntryRecord, Household
from closeness_desktop.records import Area, Change

log = logging.getLogger(__name__)

MAX_WAIT = timedelta(seconds=60)

#: Opens what is due (arrived: None); what was opened.
OpenDue = Callable[[], list[EntryRecord]]


class SealedOpenings(QObject):
    """Emits :attr:`opened` with the notes opened on the timer (a list of records)."""

    opened = Signal(object)
    #: the household's entries changed: looked at again on this object's thread
    _entries_changed = Signal()

    def __init__(self, household: Household, open_due: OpenDue, parent: QObject | None = None):
        super().__init__(parent)
        self._household = household
        self._open_due = open_due
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.due)
        self._following = False
        self._opening = False
        # Through a signal: queued, should a change ever be announced from another thread.
        self._entries_changed.connect(self.recheck, Qt.ConnectionType.AutoConnection)

    @property
    def next_check_in_ms(self) -> int | None:
        """The pending wait, in milliseconds; None when no sealed note waits."""
        return self._timer.interval() if self._timer.isActive() else None

    def start(self) -> None:
        if not self._following:
            self._following = True
            self._household.changed.connect(self._changed)
        self.due()

    def stop(self) -> None:
        self._timer.stop()
        if self._following:
            self._following = False
            self._household.changed.disconnect(self._changed)

    def due(self) -> None:
        """Open what has come due, then wait for the next opening."""
        self._opening = True
        try:
            opened = self._open_due() if self._is_due() else []
        except Exception:  # a busy database: look again at the next tick
            log.exception("could not open the sealed notes due")
            opened = []
        finally:
            self._opening = False
        if opened:
            log.info("%d sealed note(s) opened on their day", len(opened))
            self.opened.emit(opened)
        self.recheck()

    def recheck(self) -> None:
        """Arm the timer for the next opening (at most :data:`MAX_WAIT` away)."""
        if not self._following:
            return
        try:
            soonest = self._household.privacy.next_opening()
        except Exception:  # a busy database: the timer must stay armed
            log.exception("could not read the next sealed note's opening")
            self._timer.start(_ms(MAX_WAIT))
            return
        if soonest is None:
            self._timer.stop()
            return
        wait = soonest - self._household.clock.now()
        if wait <= timedelta(0):
            # Still due after opening: it waits for its addressee's arrival (or does not
            # open); look in on the others within the usual wait.
            wait = MAX_WAIT
        self._timer.start(min(_ms(wait) + 1, _ms(MAX_WAIT)))

    def _is_due(self) -> bool:
        soonest = self._household.privacy.next_opening()
        return soonest is not None and soonest <= self._household.clock.now()

    def _changed(self, change: Change) -> None:
        if Area.ENTRIES in change.areas and not self._opening:
            self._entries_changed.emit()


def _ms(span: timedelta) -> int:
    return max(0, int(span.total_seconds() * 1000))
