"""plyer, the cross-platform path, with its known defects kept away from the user.

Helper programs (``notify-send``, ``gdbus``) run as a :class:`QProcess` that is never
waited for: its exit code is read in ``finished``, and one that takes too long is killed
by a single-shot timer and counts as a failure.
"""

from __future__ import annotations

import importlib
import logging
import shutil
import threading
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Final

from PySide6.QtCore import QObject, QProcess, Qt, QTimer, Signal, Slot

from closeness_desktop import APP_ID, APP_NAME
from closeness_desktop.companion.notifications.message import (
    HELPER_TIMEOUT_MS,
    Notification,
    NotifierEvents,
    NotifyError,
    Urgency,
    escape_markup,
)

log = logging.getLogger("closeness.notify")

#: plyer paths whose ``notify`` waits for an answer (dbus-python's blocking call): a thread.
_BLOCKING_FACADES: Final = frozenset({"NotifyDbus"})


def _load_plyer_backend() -> object:
    """plyer's implementation for this platform, chosen by plyer itself.

    plyer's own proxy prints a traceback and falls back to a stub when the platform module
    fails to import, and its Linux ``instance()`` warns when dbus-python is missing, which
    is the normal case for us; here both become log lines or :class:`NotifyError`.
    """
    try:
        from plyer.utils import platform

        module = importlib.import_module(f"plyer.platforms.{platform}.notification")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            backend: object = module.instance()
    except Exception as error:  # ImportError, or whatever a platform module raises on import
        raise NotifyError(f"plyer has no notification backend here: {error!r}") from error
    for warning in caught:
        log.debug("plyer: %s", warning.message)
    return backend


def gvariant_string(text: str) -> str:
    """``text`` as a GVariant text-format string literal (quotes and backslashes escaped)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


class HelperProcess(QObject):
    """One run of a helper program; ``done(ok, reason)`` comes later, on the event loop."""

    done = Signal(bool, str)

    def __init__(
        self,
        command: Sequence[str],
        *,
        timeout_ms: int = HELPER_TIMEOUT_MS,
        private: Sequence[str] = (),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._command = list(command)
        #: A person's words in the command: an error line that quotes them is not repeated.
        self._private = [text for text in private if text]
        self._reported = False
        self._process = QProcess(self)
        self._process.setStandardInputFile(QProcess.nullDevice())
        self._process.finished.connect(self._on_finished)
        self._process.errorOccurred.connect(self._on_error)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(timeout_ms)
        self._timer.timeout.connect(self._on_timeout)

    @property
    def program(self) -> str:
        return self._command[0]

    def start(self) -> None:
        """Start the program and return at once."""
        self._timer.start()
        self._process.start(self._command[0], self._command[1:])

    @Slot(int, QProcess.ExitStatus)
    def _on_finished(self, code: int, status: QProcess.ExitStatus) -> None:
        if status == QProcess.ExitStatus.CrashExit:
            self._report(False, f"{self.program} crashed or was killed")
        elif code != 0:
            self._report(False, f"{self.program} exited with {code}{self._error_line()}")
        else:
            self._report(True, "")

    @Slot(QProcess.ProcessError)
    def _on_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            # No "finished" follows a program that never started.
            self._report(False, f"{self.program} could not run: {self._process.errorString()}")
        # A crash (also our own kill) is reported by "finished", which follows.

    @Slot()
    def _on_timeout(self) -> None:
        self._report(False, f"{self.program} did not finish within {self._timer.interval()} ms")
        self._process.kill()  # "finished" follows

    def _report(self, ok: bool, reason: str) -> None:
        if self._reported:
            return
        self._reported = True
        self._timer.stop()
        self.done.emit(ok, reason)

    def _error_line(self) -> str:
        output = bytes(self._process.readAllStandardError().data()).decode(errors="replace")
        line = next((line.strip() for line in output.splitlines() if line.strip()), "")
        if not line:
            return ""
        if any(text in line for text in self._private):
            return ": (its error message quotes the notification)"
        return f": {line}"


class PlyerNotifier(NotifierEvents):
    """plyer, with its known defects kept away from the user.

    plyer 2.1.0 picks the mechanism (Flatpak portal, dbus-python, ``notify-send``, a
    Windows balloon, macOS ``NSUserNotification``) and this class keeps that choice, but:

    * its ``notify-send`` path reads ``icon`` and ``expire_time`` while its facade passes
      ``app_icon`` and ``timeout``, so the icon is dropped and the timeout becomes 0
      ("never expire"); it also ignores the exit code.  We run ``notify-send`` ourselves
      with plyer's arguments, correct values, and a checked exit code;
    * its Flatpak portal path builds a GVariant by concatenation, so a quote in a title
      breaks it, and ignores the exit code; we quote properly and check;
    * other paths go through plyer's facade with the keyword names it reads and values
      of the right type (seconds for ``timeout``, an ``.ico`` file only on Windows);
      dbus-python's, which waits for the daemon, on a thread of its own.
    """

    name = "plyer"
    supports_actions = False

    #: ``(tag, error)`` from a facade thread, "" for success; queued to the event loop.
    _facade_done = Signal(str, str)

    def __init__(
        self,
        *,
        app_name: str = APP_NAME,
        app_icon: str = APP_ID,
        desktop_entry: str = APP_ID,
        load_backend: Callable[[], object] = _load_plyer_backend,
        timeout_ms: int = HELPER_TIMEOUT_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._app_name = app_name
        self._app_icon = app_icon
        self._desktop_entry = desktop_entry
        self._load_backend = load_backend
        self._timeout_ms = timeout_ms
        self._backend_or_none: object | None = None
        self._facade_timers: dict[str, QTimer] = {}
        #: Helper runs still going. Held here, parentless, and dropped on the next turn of
        #: the loop after they report: a parented helper with a pending deleteLater crashed
        #: PySide6 when its notifier went away first.
        self._helpers: set[HelperProcess] = set()
        self._facade_done.connect(self._on_facade_done, Qt.ConnectionType.QueuedConnection)

    def available(self) -> bool:
        """Whether plyer has a real implementation here (and its helper program exists)."""
        try:
            kind = self._kind()
        except NotifyError as error:
            log.debug("plyer unavailable: %s", error)
            return False
        if kind == "NotifySendNotification":
            return shutil.which("notify-send") is not None
        if kind == "NotifyDesktopPortals":
            return shutil.which("gdbus") is not None
        return kind != "Notification"  # plyer's stub facade: no implementation at all

    def send(self, notification: Notification) -> None:
        """Start delivering through the path plyer chose; ``shown`` or ``failed`` follows."""
        kind = self._kind()
        if kind == "NotifySendNotification":
            self._run(self._notify_send_command(notification), notification)
        elif kind == "NotifyDesktopPortals":
            self._run(self._portal_command(notification), notification)
        else:
            self._send_with_facade(kind, notification)

    def _backend(self) -> object:
        if self._backend_or_none is None:
            self._backend_or_none = self._load_backend()
        return self._backend_or_none

    def _kind(self) -> str:
        return type(self._backend()).__name__

    def _notify_send_command(self, notification: Notification) -> list[str]:
        command = [
            "notify-send",
            f"--app-name={self._app_name}",
            f"--icon={self._app_icon}",
            f"--urgency={notification.urgency.name.lower()}",
            f"--expire-time={notification.timeout_ms}",
            f"--hint=string:desktop-entry:{self._desktop_entry}",
        ]
        if notification.category:
            command.append(f"--category={notification.category}")
        # "--": a title that starts with "-" is a title, not an option.
        return [*command, "--", notification.title, escape_markup(notification.body)]

    def _portal_command(self, notification: Notification) -> list[str]:
        priority = {Urgency.LOW: "low", Urgency.NORMAL: "normal", Urgency.CRITICAL: "urgent"}
        fields = {
            "title": gvariant_string(notification.title),
            "body": gvariant_string(notification.body),
            "priority": gvariant_string(priority[notification.urgency]),
        }
        variant = "{" + ", ".join(f"'{key}': <{value}>" for key, value in fields.items()) + "}"
        return [
            "gdbus",
            "call",
            "--session",
            "--dest=org.freedesktop.portal.Desktop",
            "--object-path=/org/freedesktop/portal/desktop",
            "--method=org.freedesktop.portal.Notification.AddNotification",
            notification.tag,
            variant,
        ]

    def _run(self, command: Sequence[str], notification: Notification) -> None:
        tag = notification.tag
        words = [notification.title, notification.body]
        private = [*words, *(gvariant_string(text)[1:-1] for text in words)]
        helper = HelperProcess(command, timeout_ms=self._timeout_ms, private=private)
        self._helpers.add(helper)

        def done(ok: bool, reason: str) -> None:
            QTimer.singleShot(0, lambda: self._helpers.discard(helper))
            self._report(tag, "" if ok else reason)

        helper.done.connect(done)
        helper.start()

    def _report(self, tag: str, error: str) -> None:
        if error:
            self.failed.emit(tag, error)
        else:
            self.shown.emit(tag)

    def _send_with_facade(self, kind: str, notification: Notification) -> None:
        if kind == "Notification":
            raise NotifyError("plyer has no notification implementation on this platform")
        icon = self._app_icon
        if kind == "WindowsNotification" and not icon.lower().endswith(".ico"):
            icon = ""  # the balloon loads only .ico files and raises on anything else
        markup = kind == "NotifyDbus"  # the body goes to a freedesktop daemon
        kwargs: Mapping[str, object] = {
            "title": notification.title,
            "message": escape_markup(notification.body) if markup else notification.body,
            "app_name": self._app_name,
            "app_icon": icon,
            "timeout": max(1, round(notification.timeout_ms / 1000)),  # seconds
            "hints": {"desktop-entry": self._desktop_entry},
        }
        tag = notification.tag
        if kind not in _BLOCKING_FACADES:
            # Windows balloons start their own thread; macOS hands over to the system.
            self._report(tag, self._call_facade(kind, kwargs))
            return
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.timeout.connect(
            lambda: self._on_facade_done(tag, f"plyer ({kind}) gave no answer in time")
        )
        self._drop_timer(tag)
        self._facade_timers[tag] = timer
        timer.start(self._timeout_ms)
        worker = threading.Thread(
            target=lambda: self._facade_done.emit(tag, self._call_facade(kind, kwargs)),
            name="plyer-notify",
            daemon=True,
        )
        worker.start()

    def _call_facade(self, kind: str, kwargs: Mapping[str, object]) -> str:
        """Run plyer's ``notify`` and return "" or what went wrong."""
        try:
            self._backend().notify(**kwargs)  # type: ignore[attr-defined]
        except Exception as error:  # plyer raises whatever its platform layer raises
            return f"plyer ({kind}) failed: {error!r}"
        return ""

    @Slot(str, str)
    def _on_facade_done(self, tag: str, error: str) -> None:
        if not self._drop_timer(tag):
            return  # already reported (a late answer after the timeout)
        self._report(tag, error)

    def _drop_timer(self, tag: str) -> bool:
        timer = self._facade_timers.pop(tag, None)
        if timer is None:
            return False
        timer.stop()
        timer.deleteLater()
        return True
