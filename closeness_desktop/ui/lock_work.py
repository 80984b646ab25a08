"""The slow parts of a lock, kept off the window's thread, and the wait after wrong tries.

Argon2id takes a noticeable fraction of a second, so every call that derives a key runs
on a worker (:class:`OffThread`) and its answer comes back on the window's thread. The
wait after a wrong try is the household's (kept in the database); :class:`Countdown` only
counts it down, by the household's clock. Shared by the lock's dialogs and the Privacy page.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

from closeness_desktop.clock import Clock
from closeness_desktop.household.privacy import LockRefused, wait_in_words
from closeness_desktop.privacy.keys import secret_problem
from closeness_desktop.records import SaveError, ValidationError

log = logging.getLogger(__name__)

WIDTH = 440
NOT_THE_SAME = "The two passphrases are not the same: type the new one again, twice."
WENT_WRONG = "Something went wrong, so nothing was changed. Try again."


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], owner: OffThread) -> None:
        super().__init__()
        self._work = work
        self._owner = owner

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as problem:  # handed back to the window's thread, which says it
            self._owner.failed.emit(problem)
            return
        self._owner.finished.emit(result)


class OffThread(QObject):
    """Runs one slow call at a time on a worker; ``done`` or ``failed`` get its answer on
    this object's thread (the signals cross threads queued)."""

    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._done: Callable[[Any], None] | None = None
        self._refused: Callable[[Exception], None] | None = None
        self.finished.connect(self._finish)
        self.failed.connect(self._fail)

    @property
    def busy(self) -> bool:
        return self._done is not None

    def run(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        refused: Callable[[Exception], None],
    ) -> None:
        self._done, self._refused = done, refused
        self._pool.start(_Job(work, self))

    def wait(self) -> None:
        """Wait for a call under way (before the household closes)."""
        self._pool.waitForDone()

    @Slot(object)
    def _finish(self, result: object) -> None:
        done, self._done, self._refused = self._done, None, None
        if done is not None:
            done(result)

    @Slot(object)
    def _fail(self, problem: Exception) -> None:
        refused, self._done, self._refused = self._refused, None, None
        if refused is not None:
            refused(problem)


def words_for(problem: Exception) -> str:
    """What a person reads when setting, opening or changing a lock failed."""
    if isinstance(problem, LockRefused) and problem.until is not None:
        return problem.reason  # the wait is counted down beside it
    if isinstance(problem, (ValidationError, SaveError)):
        text = str(problem)
        if isinstance(problem, SaveError):
            return f"Nothing was changed: {text}. Try again."
        return text
    log.error("the lock's call failed: %s", type(problem).__name__)
    return WENT_WRONG


def countdown_words(until: datetime, now: datetime) -> str:
    """ "Try again in 4 seconds." ("" once the wait is over)."""
    seconds = math.ceil((until - now).total_seconds())
    if seconds <= 0:
        return ""
    return f"Try again in {wait_in_words(timedelta(seconds=seconds))}."


class Countdown(QObject):
    """Keeps ``button`` off, and says how long in ``label``, until the next try is heard."""

    def __init__(self, clock: Clock, label: QLabel, button: QPushButton, parent: QObject) -> None:
        super().__init__(parent)
        self._clock = clock
        self._label = label
        self._button = button
        self._said = ""
        self.until: datetime | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)

    @property
    def waiting(self) -> bool:
        return self.until is not None and self.until > self._clock.now()

    def say(self, text: str, until: datetime | None = None) -> None:
        """Show ``text`` (and, until ``until``, how long the wait still is)."""
        self._said = text
        self.until = until
        self.tick()
        if self.waiting:
            self.timer.start()

    def refused(self, problem: Exception) -> None:
        """Say why a call was refused (and, after a wrong passphrase, count its wait down)."""
        until = problem.until if isinstance(problem, LockRefused) else None
        self.say(words_for(problem), until)

    def tick(self) -> None:
        wait = countdown_words(self.until, self._clock.now()) if self.until else ""
        text = " ".join(part for part in (self._said, wait) if part)
        self._label.setText(text)
        self._label.setVisible(bool(text))
        self._button.setEnabled(not wait)
        if not wait:
            self.timer.stop()


def password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    return field


def label(text: str, role: str = "") -> QLabel:
    label = QLabel(text)
    # A title stays on one line (the dialog widens for a long name): wrapped, it would be
    # measured at the dialog's first, narrower width and leave a gap around it.
    label.setWordWrap(role != "title")
    if role:
        label.setProperty("role", role)
    return label


def new_secret_problem(new: str, again: str) -> str | None:
    """Why a new passphrase typed twice will not do, in words; None when it will."""
    problem = secret_problem(new)
    if problem is None and new != again:
        return NOT_THE_SAME
    return problem
