"""Arrivals and departures at this computer, from the platform's own signals.

Platform signals become :attr:`Presence.arrived` / :attr:`Presence.departed` with a
:class:`Reason`; which partner that is gets decided by the caller (the OS account may be
linked to one, or the greeting asks). Sources:

- everywhere: app start (an arrival) and quit (a departure);
- Linux, through QtDBus: logind's ``PrepareForSleep`` (system bus), its session ``Lock`` /
  ``Unlock``, and as fallbacks the ``ActiveChanged`` signals of
  ``org.freedesktop.ScreenSaver`` and ``org.gnome.ScreenSaver`` (session bus); logind's
  ``PrepareForShutdown`` marks a shutdown, when no goodbye should be attempted;
- Windows: ``WTSRegisterSessionNotification`` and power broadcasts, through a native event
  filter (implemented, not run here: no Windows machine);
- macOS: NSWorkspace notifications when PyObjC is installed (not run here either).

Duplicate signals (logind and the screensaver both report a lock) are folded: a lock
while already locked is ignored.
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys
from typing import Any

from PySide6.QtCore import (
    SLOT,
    QAbstractNativeEventFilter,
    QByteArray,
    QCoreApplication,
    QObject,
    Signal,
    Slot,
)

from closeness_desktop.rituals.greeting import Reason

log = logging.getLogger(__name__)

LOGIND_PATH = "/org/freedesktop/login1"
LOGIND_MANAGER = "org.freedesktop.login1.Manager"
LOGIND_SESSION = "org.freedesktop.login1.Session"
SCREENSAVERS = (
    ("/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("/ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("/org/gnome/ScreenSaver", "org.gnome.ScreenSaver"),
)
#: Match signals by path and interface from any sender: screensavers often emit them from a
#: connection that does not own the well-known name, and the duplicates fold in Presence.
ANY_SENDER = ""


def _slot(signature: str) -> bytes:
    """A slot reference for QtDBus's ``connect``: a str at run time, whatever the stubs say."""
    return SLOT(signature)  # type: ignore[return-value]


class Presence(QObject):
    """Emits arrivals and departures; ``present`` is False while locked or asleep."""

    arrived = Signal(str)
    departed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.present = False
        self.shutting_down = False
        self._sources: list[object] = []

    def start(self) -> None:
        """Listen to the platform and report the app's start as an arrival."""
        if sys.platform.startswith("linux"):
            self._sources.append(_LinuxSignals(self))
        elif sys.platform == "win32":
            self._sources.append(_WindowsSessionFilter(self))
        elif sys.platform == "darwin":
            self._sources.append(_MacWorkspace(self))
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(lambda: self.leave(Reason.QUIT))
        self.arrive(Reason.START)

    def arrive(self, reason: Reason) -> None:
        if self.present and reason is not Reason.START:
            return
        self.present = True
        self.shutting_down = False
        log.info("arrival: %s", reason)
        self.arrived.emit(reason.value)

    def leave(self, reason: Reason) -> None:
        if not self.present:
            return
        self.present = False
        log.info("departure: %s", reason)
        self.departed.emit(reason.value)

    # Slots for the platform sources -------------------------------------------------

    @Slot(bool)
    def screen_locked(self, locked: bool) -> None:
        if locked:
            self.leave(Reason.LOCK)
        else:
            self.arrive(Reason.UNLOCK)

    @Slot(bool)
    def preparing_for_sleep(self, going: bool) -> None:
        if going:
            self.leave(Reason.SLEEP)
        else:
            self.arrive(Reason.WAKE)

    @Slot(bool)
    def preparing_for_shutdown(self, going: bool) -> None:
        self.shutting_down = going

    @Slot()
    def session_locked(self) -> None:
        self.screen_locked(True)

    @Slot()
    def session_unlocked(self) -> None:
        self.screen_locked(False)


class _LinuxSignals:
    """logind on the system bus, screensavers on the session bus, all through QtDBus."""

    def __init__(self, presence: Presence) -> None:
        from PySide6.QtDBus import QDBusConnection

        system = QDBusConnection.systemBus()
        session = QDBusConnection.sessionBus()
        wired: list[str] = []
        if system.isConnected():
            if system.connect(ANY_SENDER, LOGIND_PATH, LOGIND_MANAGER, "PrepareForSleep",
                              presence, _slot("preparing_for_sleep(bool)")):  # fmt: skip
                wired.append("logind sleep")
            system.connect(ANY_SENDER, LOGIND_PATH, LOGIND_MANAGER, "PrepareForShutdown",
                           presence, _slot("preparing_for_shutdown(bool)"))  # fmt: skip
            # Our own session's Lock/Unlock (not another account's, on a shared machine).
            session_path = _logind_session_path(system)
            if session_path and system.connect(
                ANY_SENDER,
                session_path,
                LOGIND_SESSION,
                "Lock",
                presence,
                _slot("session_locked()"),
            ):
                system.connect(
                    ANY_SENDER, session_path, LOGIND_SESSION, "Unlock", presence,
                    _slot("session_unlocked()"),
                )  # fmt: skip
                wired.append("logind lock")
        if session.isConnected():
            for path, interface in SCREENSAVERS:
                if session.connect(ANY_SENDER, path, interface, "ActiveChanged",
                                   presence, _slot("screen_locked(bool)")):  # fmt: skip
                    wired.append(interface)
        log.info("presence signals: %s", ", ".join(wired) or "none (start and quit only)")


def _logind_session_path(system: Any) -> str | None:
    """The D-Bus object path of the logind session this process runs in, if logind knows it."""
    from PySide6.QtDBus import QDBusInterface

    manager = QDBusInterface("org.freedesktop.login1", LOGIND_PATH, LOGIND_MANAGER, system)
    if not manager.isValid():
        return None
    manager.setTimeout(2000)
    reply = manager.call("GetSessionByPID", os.getpid())
    arguments = reply.arguments()
    if not arguments:
        log.info("logind does not know our session: %s", reply.errorMessage())
        return None
    path = arguments[0]
    return str(path.path() if hasattr(path, "path") else path)


WM_WTSSESSION_CHANGE = 0x02B1
WM_POWERBROADCAST = 0x0218
WTS_SESSION_LOCK = 0x7
WTS_SESSION_UNLOCK = 0x8
PBT_APMSUSPEND = 0x4
PBT_APMRESUMEAUTOMATIC = 0x12
NOTIFY_FOR_THIS_SESSION = 0


class _WindowsSessionFilter(QAbstractNativeEventFilter):
    """Session lock/unlock and sleep/wake from Windows messages (untested here)."""

    def __init__(self, presence: Presence) -> None:
        super().__init__()
        from PySide6.QtWidgets import QWidget

        self._presence = presence
        self._window = QWidget()  # a native window to receive the session messages
        hwnd = int(self._window.winId())
        try:
            wtsapi = ctypes.WinDLL("wtsapi32")  # type: ignore[attr-defined]
            wtsapi.WTSRegisterSessionNotification(hwnd, NOTIFY_FOR_THIS_SESSION)
        except OSError:
            log.exception("cannot register for session notifications")
        app = QCoreApplication.instance()
        if app is not None:
            app.installNativeEventFilter(self)

    def nativeEventFilter(
        self, event_type: QByteArray | bytes | bytearray | memoryview, message: int
    ) -> Any:
        if bytes(event_type.data() if isinstance(event_type, QByteArray) else event_type) != (
            b"windows_generic_MSG"
        ):
            return False, 0
        from ctypes import wintypes

        msg = wintypes.MSG.from_address(int(message))
        if msg.message == WM_WTSSESSION_CHANGE:
            if msg.wParam == WTS_SESSION_LOCK:
                self._presence.screen_locked(True)
            elif msg.wParam == WTS_SESSION_UNLOCK:
                self._presence.screen_locked(False)
        elif msg.message == WM_POWERBROADCAST:
            if msg.wParam == PBT_APMSUSPEND:
                self._presence.preparing_for_sleep(True)
            elif msg.wParam == PBT_APMRESUMEAUTOMATIC:
                self._presence.preparing_for_sleep(False)
        return False, 0


class _MacWorkspace:
    """NSWorkspace sleep/wake and screen lock notifications, with PyObjC (untested here)."""

    def __init__(self, presence: Presence) -> None:
        try:
            from AppKit import NSWorkspace  # type: ignore[import-not-found]
            from Foundation import NSDistributedNotificationCenter  # type: ignore[import-not-found]
        except ImportError:
            log.info("PyObjC is not installed: presence knows start and quit only")
            return
        centre = NSWorkspace.sharedWorkspace().notificationCenter()
        centre.addObserverForName_object_queue_usingBlock_(
            "NSWorkspaceWillSleepNotification", None, None,
            lambda _n: presence.preparing_for_sleep(True))  # fmt: skip
        centre.addObserverForName_object_queue_usingBlock_(
            "NSWorkspaceDidWakeNotification", None, None,
            lambda _n: presence.preparing_for_sleep(False))  # fmt: skip
        distributed = NSDistributedNotificationCenter.defaultCenter()
        distributed.addObserverForName_object_queue_usingBlock_(
            "com.apple.screenIsLocked", None, None, lambda _n: presence.screen_locked(True)
        )
        distributed.addObserverForName_object_queue_usingBlock_(
            "com.apple.screenIsUnlocked", None, None, lambda _n: presence.screen_locked(False)
        )
