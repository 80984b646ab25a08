"""Desktop notifications: one small protocol, four backends, and a chain that falls through.

A reminder only helps if it reaches someone, so :class:`NotifierChain` tries its backends
in order and the first one that is available and succeeds wins; every failure is logged
to the ``closeness.notify`` logger and the next backend gets its turn.  The in-app banner
is always last, so a notification is never lost silently.

The backends:

* :class:`FreedesktopNotifier` calls ``org.freedesktop.Notifications.Notify`` over QtDBus:
  action buttons, the right app name and icon, a real timeout, and clicks come back as
  ``ActionInvoked`` signals.
* :class:`PlyerNotifier` wraps plyer, the cross-platform path, so that its known defects
  (wrong keyword names, swallowed exit codes, a GVariant built by concatenation) never
  reach a user.
* :class:`TrayNotifier` shows a balloon from the app's own tray icon.
* :class:`BannerNotifier` hands the notification to the main window.

Action clicks and closes from every backend arrive on one pair of Qt signals,
:attr:`NotifierChain.action_invoked` and :attr:`NotifierChain.closed`, keyed by
:attr:`Notification.tag`.

This module imports only QtCore and QtDBus; plyer is imported on first use (start-up
cost) and QtWidgets only inside :class:`TrayNotifier`.
"""

from __future__ import annotations

import ctypes
import enum
import importlib
import logging
import os
import shutil
import subprocess
import uuid
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, Final, Protocol

import shiboken6
from PySide6.QtCore import SLOT, QMetaType, QObject, Signal, Slot
from PySide6.QtDBus import QDBus, QDBusArgument, QDBusConnection, QDBusMessage

from closeness_desktop import APP_ID, APP_NAME

if TYPE_CHECKING:
    from PySide6.QtWidgets import QSystemTrayIcon

log = logging.getLogger("closeness.notify")

#: The action id the freedesktop spec reserves for "the notification itself was clicked".
DEFAULT_ACTION: Final = "default"

#: Seconds to wait for a helper program or a D-Bus reply before giving up on a backend.
_HELPER_TIMEOUT_S: Final = 5.0

Runner = Callable[..., "subprocess.CompletedProcess[str]"]


class NotifyError(Exception):
    """A backend could not deliver a notification; the chain moves on to the next one."""


class Urgency(enum.IntEnum):
    """The freedesktop urgency levels (the ``urgency`` hint is a byte with these values)."""

    LOW = 0
    NORMAL = 1
    CRITICAL = 2


class CloseReason(enum.IntEnum):
    """Why a notification went away (the ``NotificationClosed`` reason codes)."""

    EXPIRED = 1
    DISMISSED = 2
    CLOSED_BY_APP = 3
    UNDEFINED = 4


@dataclass(frozen=True)
class Notification:
    """One message for the people at the computer.

    ``actions`` are ``(action_id, label)`` pairs shown as buttons where the backend can;
    the id :data:`DEFAULT_ACTION` means "clicked the notification itself".  ``tag``
    identifies the notification in :attr:`NotifierChain.action_invoked`; sending a new
    notification with the tag of one still on screen replaces it where supported.
    """

    title: str
    body: str = ""
    actions: tuple[tuple[str, str], ...] = ()
    urgency: Urgency = Urgency.NORMAL
    category: str = ""
    timeout_ms: int = 10_000
    tag: str = field(default_factory=lambda: uuid.uuid4().hex)

    def __post_init__(self) -> None:
        if self.timeout_ms <= 0:
            # 0 means "never expire" to a notification daemon; a reminder must go away.
            raise ValueError(f"timeout_ms must be positive, not {self.timeout_ms}")
        ids = [action_id for action_id, _label in self.actions]
        if any(not action_id for action_id in ids) or len(set(ids)) != len(ids):
            raise ValueError(f"action ids must be unique and non-empty: {ids}")


class Notifier(Protocol):
    """A way to show a :class:`Notification`."""

    #: A short name for logs.
    name: str
    #: Whether the backend can show :attr:`Notification.actions` as buttons.
    supports_actions: bool

    def available(self) -> bool:
        """Whether the backend can be tried right now; must be cheap and never raise."""
        ...

    def send(self, notification: Notification) -> None:
        """Show ``notification`` or raise :class:`NotifyError`."""
        ...


class NotifierEvents(QObject):
    """Base for backends that report what the user did with a notification."""

    #: ``(tag, action_id)``: a button (or, for :data:`DEFAULT_ACTION`, the body) was clicked.
    action_invoked = Signal(str, str)
    #: ``(tag, reason)``: the notification went away; ``reason`` is a :class:`CloseReason`.
    closed = Signal(str, int)


def escape_markup(text: str) -> str:
    """Escape ``&``, ``<`` and ``>`` for a notification body, which may hold simple markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --------------------------------------------------------------------------- freedesktop


@cache
def _qtdbus_library() -> ctypes.CDLL:
    """The QtDBus library PySide6 already loaded (``RTLD_NOLOAD``: never a second copy)."""
    return ctypes.CDLL("libQt6DBus.so.6", mode=os.RTLD_NOLOAD)


# QDBusArgument::operator<<(uint) and operator<<(uchar), Itanium C++ ABI names.
_MARSHALLERS: Final = {
    "u": ("_ZN13QDBusArgumentlsEj", ctypes.c_uint32),
    "y": ("_ZN13QDBusArgumentlsEh", ctypes.c_uint8),
}


def dbus_scalar(code: str, value: int) -> QDBusArgument:
    """A D-Bus argument holding ``value`` as a uint32 (``code="u"``) or a byte (``"y"``).

    PySide6 turns every Python int into a C++ ``int`` (or ``ushort`` in a QDBusArgument)
    and has no typed QVariant, so QtDBus cannot send a ``u`` or a ``y`` from Python.
    GDBus-based daemons (dunst, GNOME Shell) reject a ``Notify`` call whose
    ``replaces_id`` is not ``u`` and ignore an ``urgency`` hint that is not ``y``.  So this
    calls QDBusArgument's own typed ``operator<<`` in the QtDBus library that is already
    loaded, then checks the result.  Raises :class:`NotifyError` where that is impossible
    (for example a QtDBus build with other symbol names).
    """
    symbol, c_type = _MARSHALLERS[code]
    argument = QDBusArgument()
    try:
        marshal = getattr(_qtdbus_library(), symbol)
    except (OSError, AttributeError) as error:
        raise NotifyError(f"cannot marshal a D-Bus {code!r} with this QtDBus: {error}") from error
    marshal.argtypes = [ctypes.c_void_p, c_type]
    marshal.restype = ctypes.c_void_p
    marshal(shiboken6.getCppPointer(argument)[0], value)
    if argument.currentSignature() != code:
        raise NotifyError(f"marshalled {argument.currentSignature()!r} instead of {code!r}")
    return argument


def dbus_string_list(items: Sequence[str]) -> list[str] | QDBusArgument:
    """``items`` as a D-Bus ``as``: PySide6 sends an empty Python list as ``av``."""
    if items:
        return list(items)
    argument = QDBusArgument()
    argument.beginArray(QMetaType(QMetaType.Type.QString))
    argument.endArray()
    return argument


@cache
def _typed_dbus_supported() -> bool:
    try:
        dbus_scalar("u", 0)
    except NotifyError as error:
        log.info("freedesktop notifications unavailable: %s", error)
        return False
    return True


class FreedesktopNotifier(NotifierEvents):
    """``org.freedesktop.Notifications`` over QtDBus, with buttons and click reports."""

    name = "freedesktop"
    supports_actions = True

    SERVICE: Final = "org.freedesktop.Notifications"
    PATH: Final = "/org/freedesktop/Notifications"
    INTERFACE: Final = "org.freedesktop.Notifications"

    def __init__(
        self,
        *,
        app_name: str = APP_NAME,
        app_icon: str = APP_ID,
        desktop_entry: str = APP_ID,
        bus: QDBusConnection | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._app_name = app_name
        self._app_icon = app_icon
        self._desktop_entry = desktop_entry
        self._bus_or_none = bus
        self._listening = False
        self._tags: dict[int, str] = {}

    def available(self) -> bool:
        """Whether a notification daemon is running, or can be started, on the session bus."""
        if not (_typed_dbus_supported() and self._bus().isConnected()):
            return False
        if self._ask_bus("NameHasOwner", self.SERVICE) is True:
            return True
        activatable = self._ask_bus("ListActivatableNames")
        return isinstance(activatable, list) and self.SERVICE in activatable

    def send(self, notification: Notification) -> None:
        """Call ``Notify`` and remember which notification id belongs to which tag."""
        self._listen()
        message = QDBusMessage.createMethodCall(self.SERVICE, self.PATH, self.INTERFACE, "Notify")
        message.setArguments(self._notify_arguments(notification))
        reply = self._call(message)
        arguments = reply.arguments()
        if len(arguments) != 1 or not isinstance(arguments[0], int):
            raise NotifyError(f"unexpected reply to Notify: {arguments!r}")
        self._forget_tag(notification.tag)
        self._tags[arguments[0]] = notification.tag

    def close(self, tag: str) -> None:
        """Take the notification with ``tag`` off the screen, if it is still there."""
        notification_id = self._id_for(tag)
        if notification_id is None:
            return
        message = QDBusMessage.createMethodCall(
            self.SERVICE, self.PATH, self.INTERFACE, "CloseNotification"
        )
        message.setArguments([dbus_scalar("u", notification_id)])
        self._call(message)

    def _notify_arguments(self, notification: Notification) -> list[Any]:
        """The eight ``Notify`` arguments, typed as the spec says (``susssasa{sv}i``)."""
        hints: dict[str, Any] = {
            "desktop-entry": self._desktop_entry,
            "urgency": dbus_scalar("y", int(notification.urgency)),
        }
        if notification.category:
            hints["category"] = notification.category
        actions = dbus_string_list([part for action in notification.actions for part in action])
        return [
            self._app_name,
            dbus_scalar("u", self._id_for(notification.tag) or 0),
            self._app_icon,
            notification.title,
            escape_markup(notification.body),
            actions,
            hints,
            notification.timeout_ms,
        ]

    def _bus(self) -> QDBusConnection:
        # Resolved late: touching the session bus before QCoreApplication exists makes Qt warn.
        if self._bus_or_none is None:
            self._bus_or_none = QDBusConnection.sessionBus()
        return self._bus_or_none

    def _call(self, message: QDBusMessage) -> QDBusMessage:
        reply = self._bus().call(message, QDBus.CallMode.Block, int(_HELPER_TIMEOUT_S * 1000))
        if reply.type() != QDBusMessage.MessageType.ReplyMessage:
            raise NotifyError(
                f"{message.member()} failed: {reply.errorName()}: {reply.errorMessage()}"
            )
        return reply

    def _ask_bus(self, method: str, *arguments: Any) -> Any:
        """One answer from the bus daemon itself, or ``None`` if it did not answer."""
        message = QDBusMessage.createMethodCall(
            "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", method
        )
        message.setArguments(list(arguments))
        try:
            reply = self._call(message)
        except NotifyError as error:
            log.debug("bus did not answer %s: %s", method, error)
            return None
        answer = reply.arguments()
        return answer[0] if answer else None

    def _listen(self) -> None:
        """Subscribe once to the daemon's signals; a button nobody hears is worse than none."""
        if self._listening:
            return
        for member, slot in (
            ("ActionInvoked", "_on_action_invoked(QDBusMessage)"),
            ("NotificationClosed", "_on_notification_closed(QDBusMessage)"),
        ):
            # The stubs say bytes, but PySide6 6.11 accepts only str for the slot signature.
            connected = self._bus().connect(  # type: ignore[call-overload]
                self.SERVICE, self.PATH, self.INTERFACE, member, self, SLOT(slot)
            )
            if not connected:
                raise NotifyError(f"cannot listen to {member}: {self._bus().lastError().message()}")
        self._listening = True

    def _id_for(self, tag: str) -> int | None:
        return next((nid for nid, known in self._tags.items() if known == tag), None)

    def _forget_tag(self, tag: str) -> None:
        notification_id = self._id_for(tag)
        if notification_id is not None:
            del self._tags[notification_id]

    @Slot(QDBusMessage)
    def _on_action_invoked(self, message: QDBusMessage) -> None:
        arguments = message.arguments()
        if len(arguments) != 2:
            return
        notification_id, action_id = arguments
        tag = self._tags.get(notification_id)
        if tag is not None:
            self.action_invoked.emit(tag, str(action_id))

    @Slot(QDBusMessage)
    def _on_notification_closed(self, message: QDBusMessage) -> None:
        arguments = message.arguments()
        if len(arguments) != 2:
            return
        notification_id, reason = arguments
        tag = self._tags.pop(notification_id, None)
        if tag is not None:
            self.closed.emit(tag, int(reason))


# --------------------------------------------------------------------------------- plyer


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


class PlyerNotifier:
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
      of the right type (seconds for ``timeout``, an ``.ico`` file only on Windows).
    """

    name = "plyer"
    supports_actions = False

    def __init__(
        self,
        *,
        app_name: str = APP_NAME,
        app_icon: str = APP_ID,
        desktop_entry: str = APP_ID,
        load_backend: Callable[[], object] = _load_plyer_backend,
        run: Runner = subprocess.run,
    ) -> None:
        self._app_name = app_name
        self._app_icon = app_icon
        self._desktop_entry = desktop_entry
        self._load_backend = load_backend
        self._run = run
        self._backend_or_none: object | None = None

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
        """Deliver through the path plyer chose, or raise :class:`NotifyError`."""
        kind = self._kind()
        if kind == "NotifySendNotification":
            self._run_checked(self._notify_send_command(notification))
        elif kind == "NotifyDesktopPortals":
            self._run_checked(self._portal_command(notification))
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

    def _run_checked(self, command: Sequence[str]) -> None:
        try:
            result = self._run(
                list(command),
                capture_output=True,
                text=True,
                timeout=_HELPER_TIMEOUT_S,
                check=False,
            )
        except (OSError, subprocess.SubprocessError) as error:
            raise NotifyError(f"{command[0]} could not run: {error}") from error
        if result.returncode != 0:
            detail = (result.stderr or result.stdout or "").strip()
            raise NotifyError(f"{command[0]} exited with {result.returncode}: {detail}")

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
        try:
            self._backend().notify(**kwargs)  # type: ignore[attr-defined]
        except Exception as error:  # plyer raises whatever its platform layer raises
            raise NotifyError(f"plyer ({kind}) failed: {error!r}") from error


# ---------------------------------------------------------------------- tray and banner


class TrayNotifier(NotifierEvents):
    """A balloon from the app's tray icon; a click on it reports :data:`DEFAULT_ACTION`.

    Qt sends it to the freedesktop daemon when it chose the StatusNotifierItem tray and
    draws its own balloon with an XEmbed tray; either way the app gets the credit.
    """

    name = "tray"
    supports_actions = False

    def __init__(self, tray: QSystemTrayIcon, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tray = tray
        self._last_tag: str | None = None
        tray.messageClicked.connect(self._on_message_clicked)

    def available(self) -> bool:
        """Whether a tray is there, shows messages, and our icon is visible in it."""
        from PySide6.QtWidgets import QSystemTrayIcon

        return bool(
            QSystemTrayIcon.isSystemTrayAvailable()
            and QSystemTrayIcon.supportsMessages()
            and self._tray.isVisible()
        )

    def send(self, notification: Notification) -> None:
        """Show the balloon (Qt reports no failure, so only availability is checked)."""
        if not self.available():
            raise NotifyError("no visible tray icon to show a message from")
        self._tray.showMessage(
            notification.title, notification.body, self._tray.icon(), notification.timeout_ms
        )
        self._last_tag = notification.tag

    @Slot()
    def _on_message_clicked(self) -> None:
        if self._last_tag is not None:
            self.action_invoked.emit(self._last_tag, DEFAULT_ACTION)


class BannerNotifier(NotifierEvents):
    """The last resort: the main window shows the notification as an in-app banner.

    The window reports clicks with :meth:`invoke` and dismissals with :meth:`dismiss`.
    """

    name = "banner"
    supports_actions = True

    def __init__(
        self, show_banner: Callable[[Notification], None], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._show_banner = show_banner

    def available(self) -> bool:
        """Always: the app's own window is there."""
        return True

    def send(self, notification: Notification) -> None:
        """Hand the notification to the window."""
        try:
            self._show_banner(notification)
        except Exception as error:  # whatever the window raised, the chain must hear of it
            raise NotifyError(f"banner failed: {error!r}") from error

    def invoke(self, tag: str, action_id: str) -> None:
        """The user clicked ``action_id`` on the banner of ``tag``."""
        self.action_invoked.emit(tag, action_id)

    def dismiss(self, tag: str) -> None:
        """The user closed the banner of ``tag``."""
        self.closed.emit(tag, int(CloseReason.DISMISSED))


# ----------------------------------------------------------------------------- the chain


class NotifierChain(QObject):
    """Tries backends in order; the first that is available and succeeds wins."""

    #: ``(tag, action_id)`` from whichever backend showed the notification.
    action_invoked = Signal(str, str)
    #: ``(tag, reason)``; ``reason`` is a :class:`CloseReason`.
    closed = Signal(str, int)

    def __init__(self, backends: Iterable[Notifier], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._backends = tuple(backends)
        if not self._backends:
            raise ValueError("a notifier chain needs at least one backend")
        for backend in self._backends:
            if isinstance(backend, NotifierEvents):
                backend.action_invoked.connect(self.action_invoked)
                backend.closed.connect(self.closed)

    @property
    def backends(self) -> tuple[Notifier, ...]:
        """The backends in the order they are tried for a notification without actions."""
        return self._backends

    def order_for(self, notification: Notification) -> list[Notifier]:
        """The order to try: backends with buttons first when the notification has actions.

        A "who's here?" question without its buttons is no use, so a backend that shows
        them beats an earlier one that cannot; otherwise the configured order holds.
        """
        if not notification.actions:
            return list(self._backends)
        return sorted(self._backends, key=lambda backend: not backend.supports_actions)

    def send(self, notification: Notification) -> Notifier:
        """Deliver ``notification`` and return the backend that did it.

        Raises :class:`NotifyError` only when every backend failed or was unavailable.
        """
        for backend in self.order_for(notification):
            if self._try(backend, notification):
                return backend
        raise NotifyError(f"no notifier could show {notification.title!r}")

    @staticmethod
    def _try(backend: Notifier, notification: Notification) -> bool:
        try:
            if not backend.available():
                log.debug("notifier %s is not available", backend.name)
                return False
            backend.send(notification)
        except NotifyError as error:
            log.warning("notifier %s failed, trying the next one: %s", backend.name, error)
            return False
        except Exception:  # a bug in one backend must not swallow the reminder
            log.exception("notifier %s crashed, trying the next one", backend.name)
            return False
        log.debug("notifier %s showed %r", backend.name, notification.tag)
        return True


def default_chain(
    platform: str,
    tray: QSystemTrayIcon | None,
    banner: Callable[[Notification], None],
    *,
    app_icon: str = APP_ID,
) -> NotifierChain:
    """The backends in the best order for ``platform`` (a ``sys.platform`` value)."""
    tray_backend = [TrayNotifier(tray)] if tray is not None else []
    plyer_backend = PlyerNotifier(app_icon=app_icon)
    backends: list[Notifier]
    if platform in ("win32", "cygwin"):
        # plyer's balloon is credited to "Python"; the tray's showMessage to the app.
        backends = [*tray_backend, plyer_backend]
    elif platform == "darwin":
        # plyer uses the deprecated NSUserNotification, which fails in a frozen app.
        backends = [*tray_backend, plyer_backend]
    else:
        # Linux and the BSDs: D-Bus gives buttons, our name and icon and a real timeout;
        # plyer (notify-send) still gives name, icon and timeout; a balloon is the fallback.
        backends = [FreedesktopNotifier(app_icon=app_icon), plyer_backend, *tray_backend]
    # Always last: the window itself, which is there whenever the app runs.
    return NotifierChain([*backends, BannerNotifier(banner)])
