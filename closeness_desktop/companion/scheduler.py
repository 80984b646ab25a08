"""One coarse timer for every ritual; what is due is always decided from the wall clock.

``QTimer`` runs on the monotonic clock, which stops while a laptop sleeps, so a long wait
could wake far too late. The timer therefore never waits more than :data:`MAX_WAIT`; each
time it fires, and at once on wake, unlock, a clock change or a settings change, the
scheduler asks the pure rules what is due *now* and when to look again. An idle app
wakes about once a minute and does a few small queries.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from closeness_desktop.clock import Clock
from closeness_desktop.rituals import rules

log = logging.getLogger(__name__)

MAX_WAIT = timedelta(seconds=60)
#: How far the wall clock may drift from the monotonic one before we call it a clock change.
CLOCK_JUMP = timedelta(seconds=5)

StateFor = Callable[[datetime], rules.RitualState]
Record = Callable[[rules.Fired], None]


class RitualScheduler(QObject):
    """Emits :attr:`fire` with each :class:`rules.Due` item, once, when its time comes."""

    fire = Signal(object)

    def __init__(
        self, clock: Clock, state_for: StateFor, record: Record, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._state_for = state_for
        self._record = record
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.CoarseTimer)
        self._timer.timeout.connect(self.recheck)
        self._offset: float | None = None
        self.next_due: datetime | None = None

    @property
    def next_check_in_ms(self) -> int | None:
        """The pending wait as the last check set it, in milliseconds: just past the next
        due time, or :data:`MAX_WAIT` at most; None when nothing is pending (stopped).

        Read-only; it says what the scheduler decided, for tests and diagnostics.
        """
        return self._timer.interval() if self._timer.isActive() else None

    def start(self) -> None:
        self.recheck()

    def stop(self) -> None:
        self._timer.stop()

    def recheck(self) -> None:
        """Fire what is due now, then wait until the next thing (at most a minute)."""
        try:
            self._check()
        except Exception:
            # A database busy with the other account's instance, say: the timer must stay
            # armed, or no ritual would fire again until the next unlock.
            log.exception("could not check the rituals; trying again in a minute")
            self.next_due = None
            self._timer.start(_ms(MAX_WAIT))

    def _check(self) -> None:
        now = self._clock.now()
        self._notice_clock_jump(now)
        state = self._state_for(now)
        fired = []
        for item in rules.due(state, now):
            # Logged before it is shown: a crash in between loses one nudge, never repeats it.
            fired.append(item.to_fired(now))
            self._record(fired[-1])
            log.info("ritual due: %s (%s)", item.key, item.occurrence.isoformat())
            self.fire.emit(item)
        if fired:  # the same state, with what just fired in its log (no second read)
            state = dataclasses.replace(state, fired=[*state.fired, *fired])
        self.next_due = rules.next_check(state, now)
        capped = self.next_due is None or self.next_due - now >= MAX_WAIT
        wait = MAX_WAIT if capped or self.next_due is None else self.next_due - now
        # Coarse while only looking in on the wall clock; precise when a due time ends the
        # wait (a coarse timer may be a second late). A millisecond past it, never before.
        self._timer.setTimerType(Qt.TimerType.CoarseTimer if capped else Qt.TimerType.PreciseTimer)
        self._timer.start(min(max(_ms(wait), 0) + 1, _ms(MAX_WAIT)))

    def _notice_clock_jump(self, now: datetime) -> None:
        offset = now.timestamp() - self._clock.monotonic()
        if self._offset is not None and abs(offset - self._offset) > CLOCK_JUMP.total_seconds():
            # A clock set by hand or by NTP, or a wake from sleep: the rules decide from the
            # wall clock anyway; this is only worth a line in the log.
            log.info(
                "the wall clock moved by %.0f s against the monotonic clock", offset - self._offset
            )
        self._offset = offset


def _ms(span: timedelta) -> int:
    return int(span.total_seconds() * 1000)
