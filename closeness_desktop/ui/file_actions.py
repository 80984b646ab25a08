"""The File menu's work on the whole household: date nights to and from a calendar, the
archive of everything, Our year, and backups.

The window owns one and hands it the household when it has one. Each tool is built the
first time it is used, around that household: none of them (icalendar, Qt's printing,
the backup schedule's timers) loads on the way to the first painted page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from closeness_desktop.ui.shell import Shell

if TYPE_CHECKING:
    from closeness_desktop.household import Household
    from closeness_desktop.ui.backup_menu import BackupMenu
    from closeness_desktop.ui.calendar_dialogs import CalendarTransfer
    from closeness_desktop.ui.data_check import DataCheck
    from closeness_desktop.ui.transfer_dialogs import ArchiveTransfer


class FileActions(QObject):
    """The actions, in their menu groups, and the tools behind them."""

    def __init__(self, shell: Shell, window: QWidget) -> None:
        super().__init__(window)
        self._shell = shell
        self._window = window
        self._household: Household | None = None
        self._calendar: CalendarTransfer | None = None
        self._archive: ArchiveTransfer | None = None
        self._backups: BackupMenu | None = None
        self.data_check: DataCheck | None = None
        # Each slot looks its tool up when triggered: the tool is built with its first use.
        self.export_calendar = self._action("E&xport date nights…", self._export_calendar)
        self.import_calendar = self._action("&Import calendar…", self._import_calendar)
        self.export_all = self._action("Export &everything…", self._export_all)
        self.import_all = self._action("Import a Closeness &archive…", self._import_all)
        self.our_year = self._action("Our &year as a PDF…", self._start_our_year)
        self.back_up = self._action("&Back up now", self._back_up)
        self.restore = self._action("&Restore from a backup…", self._choose_restore)
        self.check = self._action("&Check our data", self._check_data)

    def _action(self, text: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self._window)
        action.triggered.connect(slot)
        self._window.addAction(action)  # enabled and disabled with the window's own
        return action

    @property
    def calendars(self) -> tuple[QAction, QAction]:
        return self.export_calendar, self.import_calendar

    @property
    def archives(self) -> tuple[QAction, QAction, QAction]:
        return self.export_all, self.import_all, self.our_year

    @property
    def keeping(self) -> tuple[QAction, QAction, QAction]:
        return self.back_up, self.restore, self.check

    def attach(self, household: Household) -> None:
        self._household = household

    @property
    def household(self) -> Household:
        assert self._household is not None, "the File menu's actions wait for the household"
        return self._household

    @property
    def calendar(self) -> CalendarTransfer:
        """Calendar export and import (icalendar is not small: loaded with the first use)."""
        if self._calendar is None:
            from closeness_desktop.ui.calendar_dialogs import CalendarTransfer

            self._calendar = CalendarTransfer(self._shell, self.household, self._window)
        return self._calendar

    @property
    def archive(self) -> ArchiveTransfer:
        if self._archive is None:
            from closeness_desktop.ui.transfer_dialogs import ArchiveTransfer

            self._archive = ArchiveTransfer(self._shell, self.household, self._window)
        return self._archive

    @property
    def backups(self) -> BackupMenu:
        """Back up now, Restore, and the automatic backups behind them (the application
        starts their schedule once the first page is on screen)."""
        if self._backups is None:
            from closeness_desktop.ui.backup_menu import BackupMenu

            self._backups = BackupMenu(self._shell, self.household, self._window)
        return self._backups

    def _export_calendar(self) -> None:
        self.calendar.export_file()

    def _import_calendar(self) -> None:
        self.calendar.import_file()

    def _export_all(self) -> None:
        self.archive.export_all()

    def _import_all(self) -> None:
        self.archive.import_archive()

    def _back_up(self) -> None:
        self.backups.back_up_now()

    def _choose_restore(self) -> None:
        self.backups.choose_restore()

    def _start_our_year(self) -> None:
        from closeness_desktop.ui.keepsake import OurYear

        OurYear(self._shell, self.household, self._window).start()

    def _check_data(self) -> None:
        if self.data_check is None:
            from closeness_desktop.ui.data_check import DataCheck

            self.data_check = DataCheck(self._shell, self.household, self._window)
        self.data_check.start()
