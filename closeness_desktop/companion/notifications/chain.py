"""The notifier chain: one backend chosen and kept, replaced only when it fails.

Like qutebrowser's notification bridge, the chain picks a backend on first use (the first
available one, and for a notification with actions the first that shows buttons) and
keeps it.  When a backend reports an error it is retired for the rest of the run, the
next available backend takes over, and the notification that failed is sent again
through it, so nothing is lost.  The in-app banner is last and practically never fails.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from closeness_desktop import APP_ID
from closeness_desktop.companion.notifications.freedesktop import FreedesktopNotifier
from closeness_desktop.companion.notifications.message import Notification, Notifier, NotifyError
from closeness_desktop.companion.notifications.plyer_backend import PlyerNotifier
from closeness_desktop.companion.notifications.tray import BannerNotifier, TrayNotifier

if TYPE_CHECKING:
    from PySide6.QtWidgets import QSystemTrayIcon

log = logging.getLogger("closeness.notify")


@dataclass(frozen=True)
class _Delivery:
    notification: Notification
    backend: Notifier


class NotifierChain(QObject):
    """Shows notifications through the backend that works; see the module docstring."""

    #: ``(tag, backend_name)``: the notification is on screen.
    shown = Signal(str, str)
    #: ``(tag)``: every backend failed; nothing shows the notification.
    failed = Signal(str)
    #: ``(tag, action_id)`` from whichever backend showed the notification.
    action_invoked = Signal(str, str)
    #: ``(tag, reason)``; ``reason`` is a :class:`CloseReason`.
    closed = Signal(str, int)

    def __init__(self, backends: Iterable[Notifier], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._backends = tuple(backends)
        if not self._backends:
            raise ValueError("a notifier chain needs at least one backend")
        #: The kept backend for notifications without (False) and with (True) actions.
        self._chosen: dict[bool, Notifier] = {}
        self._retired: list[Notifier] = []
        #: The newest send of each tag whose outcome is not known yet.
        self._pending: dict[str, _Delivery] = {}
        for backend in self._backends:
            backend.shown.connect(partial(self._on_shown, backend))
            backend.failed.connect(partial(self._on_failed, backend))
            backend.action_invoked.connect(self.action_invoked)
            backend.closed.connect(self.closed)

    @property
    def backends(self) -> tuple[Notifier, ...]:
        """The backends in the order they are tried for a notification without actions."""
        return self._backends

    def current(self, notification: Notification) -> Notifier | None:
        """The backend kept for notifications like ``notification``, if one was chosen."""
        return self._chosen.get(bool(notification.actions))

    def order_for(self, notification: Notification) -> list[Notifier]:
        """The order to choose in: backends with buttons first when there are actions.

        A "who's here?" question without its buttons is no use, so a backend that shows
        them beats an earlier one that cannot; otherwise the configured order holds.
        """
        if not notification.actions:
            return list(self._backends)
        return sorted(self._backends, key=lambda backend: not backend.supports_actions)

    def send(self, notification: Notification) -> None:
        """Hand ``notification`` to the kept backend and return at once.

        :attr:`shown` or :attr:`failed` follows, on the event loop, or before this returns
        for backends that show at once (the tray and the banner).
        """
        backend = self._choose(notification)
        if backend is None:
            self._give_up(notification.tag)
        else:
            self._deliver(notification, backend)

    def _choose(
        self, notification: Notification, *, instead_of: Notifier | None = None
    ) -> Notifier | None:
        wants_buttons = bool(notification.actions)
        kept = self._chosen.get(wants_buttons)
        if kept is not None and kept is not instead_of:
            return kept
        for backend in self.order_for(notification):
            if backend is instead_of or any(backend is gone for gone in self._retired):
                continue
            if self._available(backend):
                kind = "with" if wants_buttons else "without"
                log.info("notifications %s actions go through %s", kind, backend.name)
                self._chosen[wants_buttons] = backend
                return backend
        return None

    @staticmethod
    def _available(backend: Notifier) -> bool:
        try:
            return backend.available()
        except Exception:  # a bug in one backend must not swallow the reminder
            log.exception("notifier %s crashed when asked if it is available", backend.name)
            return False

    def _deliver(self, notification: Notification, backend: Notifier) -> None:
        tag = notification.tag
        self._pending[tag] = _Delivery(notification, backend)
        try:
            backend.send(notification)
        except NotifyError as error:
            self._on_failed(backend, tag, str(error))
        except Exception:  # a bug in one backend must not swallow the reminder
            log.exception("notifier %s crashed on %s", backend.name, tag)
            self._on_failed(backend, tag, "it crashed")

    def _on_shown(self, backend: Notifier, tag: str) -> None:
        delivery = self._pending.get(tag)
        if delivery is None or delivery.backend is not backend:
            return  # an older send of the tag, already replaced
        del self._pending[tag]
        log.debug("%s shown through %s", tag, backend.name)
        self.shown.emit(tag, backend.name)

    def _on_failed(self, backend: Notifier, tag: str, reason: str) -> None:
        delivery = self._pending.get(tag)
        if delivery is None or delivery.backend is not backend:
            return  # an older send of the tag, already replaced
        replacement = self._choose(delivery.notification, instead_of=backend)
        if replacement is None:
            # Nothing to fall back to: keep the backend, the next notification may fare better.
            log.warning("notifier %s failed on %s: %s", backend.name, tag, reason)
            self._give_up(tag)
            return
        log.warning(
            "notifier %s failed on %s, %s takes over: %s",
            backend.name,
            tag,
            replacement.name,
            reason,
        )
        self._retire(backend)
        self._deliver(delivery.notification, replacement)

    def _retire(self, backend: Notifier) -> None:
        if not any(backend is gone for gone in self._retired):
            self._retired.append(backend)
        for wants_buttons, kept in list(self._chosen.items()):
            if kept is backend:
                del self._chosen[wants_buttons]

    def _give_up(self, tag: str) -> None:
        self._pending.pop(tag, None)
        log.error("no notifier could show %s", tag)
        self.failed.emit(tag)


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
