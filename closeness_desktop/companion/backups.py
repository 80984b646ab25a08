"""Automatic backups while the app runs: one at start (at most once a day), then one every
30 minutes, but only while there were changes since the last.

No timer runs while nothing changes: the first change arms one coarse single-shot timer,
and when it fires the household is backed up and the timer waits for the next change. The
copy is made on a worker thread of its own (about 0.1-0.4 s per 100 MB, plus its check),
never on the window's.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from PySide6.QtCore import QObject, Qt, QThreadPool, QTimer, Signal

from closeness_desktop.household import Change, Household
from closeness_desktop.household.backups import BackupInfo, StoreError

log = logging.getLogger(__name__)

EVERY_MS = 30 * 60 * 1000
AT_START_EVERY = timedelta(days=1)


class BackupSchedule(QObject):
    #: a backup was made (a BackupInfo)
    made = Signal(object)
    #: a backup could not be made: why, in words
    failed = Signal(str)

    def __init__(
        self, household: Household, parent: QObject | None = None, every_ms: int = EVERY_MS
    ) -> None:
        super().__init__(parent)
        self.household = household
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.VeryCoarseTimer)
        self._timer.setInterval(every_ms)
        self._timer.timeout.connect(self._due)
        self._changed_since = False
        # One worker: two backups never run at once, and stop() can wait for the last.
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._following = False

    def armed(self) -> bool:
        """True while a backup waits for its time (there were changes)."""
        return self._timer.isActive()

    def start(self) -> None:
        """Back up now unless a backup is younger than a day; then follow the changes."""
        if self._following or not self.household.backups.possible:
            return
        self._following = True
        self.household.changed.connect(self._household_changed)
        self._run(at_start=True)

    def stop(self) -> None:
        """Stop following the changes and wait for a backup under way: the household is
        about to close."""
        self._timer.stop()
        if self._following:
            self._following = False
            self.household.changed.disconnect(self._household_changed)
        self._pool.waitForDone()

    def back_up_now(self) -> None:
        """A backup now, on the worker (File > Back up now); :attr:`made` says when."""
        self._run(at_start=False)

    def _household_changed(self, _change: Change) -> None:
        self._changed_since = True
        if not self._timer.isActive():
            self._timer.start()

    def _due(self) -> None:
        if self._changed_since:
            self._run(at_start=False)

    def _run(self, *, at_start: bool) -> None:
        self._changed_since = False
        backups = self.household.backups

        def work() -> None:
            try:
                if at_start:
                    made = backups.back_up_if_older_than(AT_START_EVERY)
                else:
                    made = backups.back_up()
            except StoreError as problem:
                log.warning("automatic backup failed: %s", problem)
                self.failed.emit(str(problem))
                return
            if made is not None:
                self.made.emit(made)

        self._pool.start(work)


__all__ = ["BackupInfo", "BackupSchedule"]
