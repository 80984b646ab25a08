"""Wires the rituals companion to the tray, the window and their dialogs."""

from __future__ import annotations

import getpass
import logging
import sys
import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, QSettings
from PySide6.QtWidgets import QApplication

from closeness_desktop import APP_NAME, autostart
from closeness_desktop.companion.companion import Companion
from closeness_desktop.companion.notifications.chain import default_chain
from closeness_desktop.companion.notifications.message import Notification
from closeness_desktop.companion.notifications.tray import BannerNotifier
from closeness_desktop.companion.presence import Presence
from closeness_desktop.household import (
    Area,
    Change,
    ConflictError,
    Household,
    NotFoundError,
    ValidationError,
)
from closeness_desktop.household.photos import KEEP_LOCATION
from closeness_desktop.humanize import when
from closeness_desktop.paths import Paths
from closeness_desktop.records import EntryKind, PartnerInfo, SaveError
from closeness_desktop.rituals.config import RitualSettings
from closeness_desktop.ui import theme
from closeness_desktop.ui.goodbye import GoodbyeDialog
from closeness_desktop.ui.handed_notes import HandedNotes
from closeness_desktop.ui.icons import icon_path
from closeness_desktop.ui.main_window import MainWindow
from closeness_desktop.ui.privacy_guard import PrivacyGuard
from closeness_desktop.ui.settings_dialog import SettingsDialog
from closeness_desktop.ui.tray import Tray

log = logging.getLogger(__name__)

TOLD_TRAY_KEY = "tray/told-still-running"
TOLD_NO_TRAY_KEY = "tray/told-missing"
NO_TRAY_TEXT = (
    "There is no system tray on this desktop, so Closeness lives in this window: closing it"
    " quits. On GNOME, the AppIndicator extension adds a tray; Closeness shows its icon there"
    " as soon as one appears."
)


class TrayCompanion(QObject):
    def __init__(
        self,
        qapp: QApplication,
        window: MainWindow,
        household: Household,
        settings: QSettings,
        paths: Paths,
    ) -> None:
        super().__init__(window)
        self.qapp = qapp
        self.window = window
        self.household = household
        self.settings = settings
        self.paths = paths
        self.tray = Tray(self)
        # A file path, not an icon name: the icon theme has no "closeness" until it is installed.
        self.notifier = default_chain(
            sys.platform, self.tray.icon, window.show_banner, app_icon=icon_path("closeness")
        )
        self.presence = Presence(self)
        self.companion = Companion(household, self.notifier, self.presence, getpass.getuser(), self)
        self.handed_notes = HandedNotes(window, self.companion, household)  # "Open", and read
        # Locks at departures and idle time; asks for the lock before "who's here?" chooses.
        self.guard = PrivacyGuard(household, self.companion, window, window.say)
        self._stopped = False
        self._wire()

    def _wire(self) -> None:
        tray, window, companion = self.tray, self.window, self.companion
        companion.who_changed.connect(self._who_changed)
        companion.open_window.connect(window.bring_forward)
        companion.compose.connect(self._compose)
        companion.remember_date.connect(self.remember_date)
        tray.open_window.connect(window.bring_forward)
        tray.write_note.connect(lambda: self._compose(EntryKind.NOTE.value))
        tray.check_in.connect(lambda: self._compose(EntryKind.CHECKIN.value))
        tray.heading_out.connect(self.heading_out)
        tray.chose.connect(self._chose)
        tray.pause_hour.connect(lambda: self._pause(60))
        tray.pause_tomorrow.connect(lambda: self._pause(0))
        tray.resume.connect(lambda: self._pause(-1))
        tray.open_settings.connect(self.open_settings)
        tray.quit.connect(window.quit_requested)
        tray.availability_changed.connect(self._tray_availability)
        window.heading_out_requested.connect(self.heading_out)
        window.settings_requested.connect(self.open_settings)
        window.partner_chosen.connect(self._chose)
        window.pause_requested.connect(self._pause)
        window.hidden_to_tray.connect(self._hidden_to_tray)
        banner = next(b for b in self.notifier.backends if isinstance(b, BannerNotifier))
        window.banner_action.connect(banner.invoke)
        window.banner_dismissed.connect(banner.dismiss)
        self.household.changed.connect(self._household_changed)

    def start(self) -> None:
        self._tray_availability(self.tray.start())
        self._who_changed(None)
        self._show_paused()
        self.companion.start()

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        self.household.changed.disconnect(self._household_changed)
        self.guard.stop()
        self.companion.stop()
        self.tray.hide()

    def recheck(self) -> None:
        self.companion.recheck()

    # -- reactions --------------------------------------------------------------------

    def _household_changed(self, change: Change) -> None:
        if change.touches(Area.PARTNERS):
            self._who_changed(self.companion.current)
        if change.touches(Area.RITUALS, Area.PLANS):
            self.companion.recheck()
            self._show_paused()

    def _who_changed(self, _partner: object) -> None:
        current = self.companion.current
        self.window.set_current_partner(current)
        self.tray.set_partners(self.household.partners.all(), current)

    def _chose(self, partner_id: uuid.UUID) -> None:
        # A partner with a lock is asked for it first; Cancel keeps whoever was here.
        self.companion.choose(partner_id)

    def _compose(self, kind: str) -> None:
        self.window.bring_forward()
        self.window.compose(EntryKind(kind))

    def _pause(self, minutes: int) -> None:

        if minutes < 0:
            self.companion.pause(None)
        elif minutes == 0:
            self.companion.pause_until_tomorrow()
        else:
            self.companion.pause_for(timedelta(minutes=minutes))
        self._show_paused()

    def _show_paused(self) -> None:
        until = self.companion.paused_until()
        clock = self.household.clock
        text = when(until, clock.now(), clock.local_zone()) if until else None
        self.tray.set_paused(text)
        self.window.set_paused(text)

    def heading_out(self) -> None:
        current = self.companion.current
        other = self.household.partners.other(current.id).name if current else None
        dialog = GoodbyeDialog(current.name if current else None, other, self.window)
        if self.companion.unsaved_goodbye:  # refused last time: the line is still in the box
            dialog.line.setText(self.companion.unsaved_goodbye)
        if dialog.exec():
            self.companion.heading_out(dialog.text())
            if self.companion.unsaved_goodbye is None:  # else the companion has said why
                self.window.say("Goodbye for now. Take care out there.")

    def remember_date(self, uid: str, original_start: datetime) -> None:
        """Ask for a line each about a date night and keep it as a memory."""
        from closeness_desktop.ui.after_date import AfterDateDialog

        try:
            title = self.household.plans.get(uid).plan.title
        except NotFoundError as problem:
            self.window.say(str(problem))
            return
        self.window.bring_forward()

        def keep(lines: Mapping[uuid.UUID, str]) -> str:
            # A SaveError passes to the dialog, which stays open with both lines in it.
            try:
                self.household.plans.remember(uid, original_start, lines)
            except (NotFoundError, ValidationError) as problem:
                return f"Could not keep it: {problem}"
            return "Kept as a memory on your timeline."

        partners = self.household.partners.all()
        dialog = AfterDateDialog(title, partners, self.window, keep=keep)
        if dialog.exec():
            self.window.say(dialog.told)

    def open_settings(self) -> None:
        from closeness_desktop.ui.settings_days import SpecialDaysPage
        from closeness_desktop.ui.settings_privacy import PrivacyPage

        self.window.bring_forward()
        command = autostart.launch_command(self.paths.data_dir)

        def keep(settings: RitualSettings) -> str:
            # A SaveError passes to the dialog, which stays open with every choice in it.
            try:
                self.household.rituals.save_settings(settings, origin=self)
            except ConflictError as problem:
                return str(problem)
            return "Settings saved."

        def rename(partner: PartnerInfo, name: str, colour: str) -> PartnerInfo:
            # Errors pass to the dialog, which says them in words and keeps what was typed.
            return self.household.partners.update(
                partner.id, name, colour, partner.version, origin=self
            )

        dialog = SettingsDialog(
            self.household.rituals.settings(),
            autostart.for_platform(command),
            self.window,
            data_dir=self.paths.data_dir,
            keep=keep,
            partners=self.household.partners.all(),
            rename=rename,
            appearance=theme.installed(),
            days=lambda: SpecialDaysPage(self.household),
            photo_location=_PhotoLocation(self.household, self),
            privacy=lambda: PrivacyPage(self.household, self.companion.current),
        )
        if dialog.exec():
            self.window.say(dialog.told)

    def _tray_availability(self, available: bool) -> None:
        self.window.keep_running_in_tray = available
        if available or self.settings.value(TOLD_NO_TRAY_KEY, False, type=bool):
            return
        log.info("no system tray available")
        self.settings.setValue(TOLD_NO_TRAY_KEY, True)
        self.window.show_banner(Notification("No system tray here", NO_TRAY_TEXT, tag="no-tray"))

    def _hidden_to_tray(self) -> None:
        if self.settings.value(TOLD_TRAY_KEY, False, type=bool):
            return
        self.settings.setValue(TOLD_TRAY_KEY, True)
        self.companion.notify(
            Notification(
                f"{APP_NAME} is still here",
                "It keeps running in the tray, so your notes and reminders still arrive."
                " Quit from the tray menu.",
                tag="still-running",
            )
        )


class _PhotoLocation:
    """The household's choice to keep where photos were taken, read once and written at the
    version read (a change from the other account in between is said, not overwritten)."""

    def __init__(self, household: Household, origin: object) -> None:
        self._household = household
        self._origin = origin
        self._stored = household.settings.read(KEEP_LOCATION, False)
        self.on = self._stored.value is True

    def choose(self, on: bool) -> None:
        try:
            self._stored = self._household.settings.write(
                KEEP_LOCATION, on, self._stored.version, origin=self._origin
            )
        except ConflictError as problem:
            raise SaveError(str(problem)) from None
        self.on = on
