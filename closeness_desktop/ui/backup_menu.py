"""File > Back up now and File > Restore from a backup…, and the automatic backups behind
them, for one open household.

Restoring replaces the household's file, so this only chooses and confirms: it emits
:attr:`BackupMenu.restore_chosen`, and the application closes the household, restores and
opens it again.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from closeness_desktop.ui.backups_dialog import BackupsDialog, confirm_restore

if TYPE_CHECKING:
    # Built with the first use, after the household's layer loaded: types only here.
    from closeness_desktop.household import Household
    from closeness_desktop.household.backups import BackupInfo
    from closeness_desktop.ui.shell import Shell


class BackupMenu(QObject):
    #: the backup file to go back to, confirmed by the person
    restore_chosen = Signal(object)

    def __init__(self, shell: Shell, household: Household, window: QWidget) -> None:
        from closeness_desktop.companion.backups import BackupSchedule

        super().__init__(window)
        self.shell = shell
        self.window = window
        self.household = household
        self.schedule = BackupSchedule(household, self)
        self.schedule.made.connect(self._made)
        self.schedule.failed.connect(self._failed)
        self._asked = False

    def back_up_now(self) -> None:
        if not self.household.backups.possible:
            from closeness_desktop.household.backups import NOT_A_FILE

            self.shell.say(NOT_A_FILE)
            return
        self._asked = True
        self.shell.say("Backing up…")
        self.schedule.back_up_now()

    def _made(self, backup: BackupInfo) -> None:
        # Automatic backups happen quietly; the one asked for says it is done.
        if self._asked:
            self._asked = False
            self.shell.say(f"Backed up: {backup.entries_text()}, kept in {backup.path.parent}.")

    def _failed(self, why: str) -> None:
        self._asked = False
        self.shell.say(f"Could not back up: {why}")

    def choose_restore(self) -> None:
        zone = self.household.clock.local_zone()
        dialog = BackupsDialog(self.household.backups.all(), zone, self.window)
        if not dialog.exec():
            return
        chosen = dialog.chosen()
        if chosen is not None and confirm_restore(chosen, zone, self.window):
            self.restore_chosen.emit(Path(chosen.path))

    def stop(self) -> None:
        self.schedule.stop()
