"""``org.freedesktop.Notifications`` over QtDBus, without ever waiting for the daemon.

``Notify`` goes out with ``asyncCall``; the daemon's answer (the notification id, or an
error) arrives later on the event loop through a :class:`QDBusPendingCallWatcher`.  No
question is asked before a send: whether a daemon is there is learned from the reply
(the bus answers ``ServiceUnknown`` at once when nobody owns the name).
"""

from __future__ import annotations

import ctypes
import logging
import os
from collections.abc import Callable, Sequence
from functools import cache, partial
from typing import Any, Final

import shiboken6
from PySide6.QtCore import SLOT, QMetaType, QObject, Slot
from PySide6.QtDBus import (
    QDBusArgument,
    QDBusConnection,
    QDBusMessage,
    QDBusPendingCallWatcher,
)

from closeness_desktop import APP_ID, APP_NAME
from closeness_desktop.companion.notifications.message import (
    HELPER_TIMEOUT_MS,
    Notification,
    NotifierEvents,
    NotifyError,
    escape_markup,
)

log = logging.getLogger("closeness.notify")


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
        service: str = SERVICE,
        timeout_ms: int = HELPER_TIMEOUT_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._app_name = app_name
        self._app_icon = app_icon
        self._desktop_entry = desktop_entry
        self._bus_or_none = bus
        self._service = service
        self._timeout_ms = timeout_ms
        self._listening = False
        self._tags: dict[int, str] = {}
        #: Tags whose ``Notify`` awaits its reply, and the newer send of each that waits for it.
        self._in_flight: dict[str, Notification | None] = {}
        #: Watchers of calls not answered yet (or not yet deleted): they must outlive the call.
        self._watchers: set[QDBusPendingCallWatcher] = set()

    def available(self) -> bool:
        """Whether QtDBus can speak the spec's types and the session bus is there."""
        return _typed_dbus_supported() and self._bus().isConnected()

    def send(self, notification: Notification) -> None:
        """Call ``Notify``; ``shown`` or ``failed`` follows when the daemon answers."""
        self._listen()
        tag = notification.tag
        if tag in self._in_flight:
            # The id the newer one must replace is still on its way: send it after the reply.
            self._in_flight[tag] = notification
            return
        arguments = self._notify_arguments(notification)
        message = self._method_call("Notify", arguments)
        self._in_flight[tag] = None
        self._call(message, partial(self._on_notify_reply, tag))

    def close(self, tag: str) -> None:
        """Take the notification with ``tag`` off the screen, if it is still there."""
        notification_id = self._id_for(tag)
        if notification_id is None:
            return
        message = self._method_call("CloseNotification", [dbus_scalar("u", notification_id)])
        self._call(message, partial(self._on_close_reply, tag))

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

    def _method_call(self, member: str, arguments: list[Any]) -> QDBusMessage:
        message = QDBusMessage.createMethodCall(self._service, self.PATH, self.INTERFACE, member)
        message.setArguments(arguments)
        return message

    def _call(self, message: QDBusMessage, on_reply: Callable[[QDBusMessage], None]) -> None:
        """Send ``message``; ``on_reply`` gets the reply or error later, on the event loop."""
        pending = self._bus().asyncCall(message, self._timeout_ms)
        # No parent: PySide6 crashes when a parent dies while a child's deleteLater is queued.
        watcher = QDBusPendingCallWatcher(pending)
        self._watchers.add(watcher)
        watcher.finished.connect(lambda: self._on_finished(watcher, on_reply))
        watcher.destroyed.connect(lambda: self._watchers.discard(watcher))

    @staticmethod
    def _on_finished(
        watcher: QDBusPendingCallWatcher, on_reply: Callable[[QDBusMessage], None]
    ) -> None:
        reply = watcher.reply()
        watcher.deleteLater()
        on_reply(reply)

    def _on_notify_reply(self, tag: str, reply: QDBusMessage) -> None:
        waiting = self._in_flight.pop(tag, None)
        arguments = reply.arguments()
        if reply.type() != QDBusMessage.MessageType.ReplyMessage:
            # The chain re-sends its newest notification of this tag elsewhere: drop ours.
            self.failed.emit(tag, f"Notify failed: {reply.errorName()}: {reply.errorMessage()}")
            return
        if len(arguments) != 1 or not isinstance(arguments[0], int):
            self.failed.emit(tag, f"unexpected reply to Notify: {reply.signature()!r}")
            return
        self._forget_tag(tag)
        self._tags[arguments[0]] = tag
        if waiting is None:
            self.shown.emit(tag)
            return
        try:
            self.send(waiting)  # it replaces this one, and its reply reports for both
        except NotifyError as error:
            self.failed.emit(tag, str(error))

    @staticmethod
    def _on_close_reply(tag: str, reply: QDBusMessage) -> None:
        if reply.type() != QDBusMessage.MessageType.ReplyMessage:
            log.info("could not close %s: %s", tag, reply.errorName())

    def _listen(self) -> None:
        """Subscribe once to the daemon's signals; a button nobody hears is worse than none."""
        if self._listening:
            return
        for member, slot in (
            ("ActionInvoked", "_on_action_invoked(QDBusMessage)"),
            ("NotificationClosed", "_on_notification_closed(QDBusMessage)"),
        ):
            # No service name: for a named one QtDBus asks the bus for its owner and waits.
            # Only ids the daemon gave us map to tags, so others' notifications stay out.
            # The stubs say bytes, but PySide6 6.11 accepts only str for the slot signature.
            connected = self._bus().connect(  # type: ignore[call-overload]
                "", self.PATH, self.INTERFACE, member, self, SLOT(slot)
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
