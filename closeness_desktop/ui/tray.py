"""The tray icon and its menu: the app's front door when the window is closed.

Where no tray host exists (GNOME without the AppIndicator extension, say) the app says
so once and keeps working from its window; if a tray host appears later, the icon does
too.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from PySide6.QtCore import QObject, QTimer, Signal, SignalInstance
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from closeness_desktop import APP_NAME
from closeness_desktop.records import PartnerInfo
from closeness_desktop.ui.icons import app_icon

#: How often to look for a tray host that was missing at start.
TRAY_POLL_MS = 30_000


class Tray(QObject):
    """Owns the QSystemTrayIcon; every menu entry is a signal the composition root wires."""

    open_window = Signal()
    write_note = Signal()
    check_in = Signal()
    heading_out = Signal()
    chose = Signal(object)  # a partner id
    pause_hour = Signal()
    pause_tomorrow = Signal()
    resume = Signal()
    open_settings = Signal()
    quit = Signal()
    #: the tray host came (True) or went (False)
    availability_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.icon = QSystemTrayIcon(app_icon(), self)
        self.icon.setToolTip(APP_NAME)
        self.menu = QMenu()
        self._who_menu = QMenu("Who's here?", self.menu)
        self._who_group = QActionGroup(self)
        self._who_group.setExclusive(True)
        self._build_menu()
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        self._available = False
        self._poll = QTimer(self)
        self._poll.setInterval(TRAY_POLL_MS)
        self._poll.timeout.connect(self._check_host)

    def _add(self, menu: QMenu, text: str, signal: SignalInstance) -> QAction:
        action = menu.addAction(text)
        action.triggered.connect(lambda _checked=False: signal.emit())
        return action

    def _build_menu(self) -> None:
        menu = self.menu
        self._add(menu, "Open the timeline", self.open_window)
        menu.addSeparator()
        self._add(menu, "Write a note…", self.write_note)
        self._add(menu, "Check in…", self.check_in)
        self.heading_out_action = self._add(menu, "I'm heading out…", self.heading_out)
        menu.addMenu(self._who_menu)
        menu.addSeparator()
        self.pause_menu = QMenu("Pause reminders", menu)
        self._add(self.pause_menu, "For an hour", self.pause_hour)
        self._add(self.pause_menu, "Until tomorrow", self.pause_tomorrow)
        self.resume_action = self._add(self.pause_menu, "Resume reminders", self.resume)
        menu.addMenu(self.pause_menu)
        self._add(menu, "Settings…", self.open_settings)
        menu.addSeparator()
        self._add(menu, "Quit", self.quit)

    def set_partners(self, partners: Sequence[PartnerInfo], current: PartnerInfo | None) -> None:
        self._who_menu.clear()
        for action in self._who_group.actions():
            self._who_group.removeAction(action)
        for partner in partners:
            action = self._who_menu.addAction(f"I'm {partner.name}")
            action.setCheckable(True)
            action.setChecked(current is not None and current.id == partner.id)
            action.triggered.connect(lambda _checked=False, pid=partner.id: self._chosen(pid))
            self._who_group.addAction(action)
        here = f"{current.name} is here" if current else "Who's here?"
        self.icon.setToolTip(f"{APP_NAME} · {here}")

    def _chosen(self, partner_id: uuid.UUID) -> None:
        self.chose.emit(partner_id)

    def set_paused(self, until_text: str | None) -> None:
        self.resume_action.setEnabled(until_text is not None)
        self.pause_menu.setTitle(
            f"Reminders paused until {until_text}" if until_text else "Pause reminders"
        )

    def start(self) -> bool:
        """Show the icon if a tray host is there; True if it is."""
        self._poll.start()
        return self._check_host()

    @property
    def available(self) -> bool:
        return self._available

    def _check_host(self) -> bool:
        available = QSystemTrayIcon.isSystemTrayAvailable()
        if available and not self.icon.isVisible():
            self.icon.show()
        if available != self._available:
            self._available = available
            self.availability_changed.emit(available)
        if available:
            self._poll.stop()  # Qt follows the tray host from here on
        return available

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.open_window.emit()

    def hide(self) -> None:
        self._poll.stop()
        self.icon.hide()
