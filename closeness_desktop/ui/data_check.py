"""File ▸ Check our data: the photos folder compared with what the household names,
read on a thread of its own (a folder of thousands of photos is walked and every file's
size looked at), then said in words in a message box.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from closeness_desktop.ui.shell import Shell

if TYPE_CHECKING:
    from closeness_desktop.household import Household

log = logging.getLogger(__name__)

TITLE = "Check our data"
FAILED = "The check could not finish: {reason}. Nothing was changed."


class DataCheck(QObject):
    """One check at a time; :attr:`message` is the box with what it found."""

    _found = Signal(str, bool)

    def __init__(self, shell: Shell, household: Household, window: QWidget) -> None:
        super().__init__(window)
        self._shell, self._household, self._window = shell, household, window
        self._thread: threading.Thread | None = None
        self.message: QMessageBox | None = None
        self._found.connect(self._say, Qt.ConnectionType.QueuedConnection)

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return  # the one under way will answer
        self._shell.say("Checking your data…")
        self._thread = threading.Thread(target=self._run, name="check our data", daemon=True)
        self._thread.start()

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        try:
            found = self._household.photos.check()
        except Exception as problem:  # told in the box, never lost: the check changes nothing
            log.exception("the data check failed")
            self._found.emit(FAILED.format(reason=type(problem).__name__), False)
        else:
            self._found.emit(found.words(), found.sound)

    def _say(self, words: str, sound: bool) -> None:
        icon = QMessageBox.Icon.Information if sound else QMessageBox.Icon.Warning
        box = QMessageBox(icon, TITLE, words, QMessageBox.StandardButton.Ok, self._window)
        self.message = box
        box.open()
