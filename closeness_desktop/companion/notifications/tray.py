"""The app's own ways to show a notification: a tray balloon, and a banner in the window.

Both show at once and so report ``shown`` before ``send`` returns.  QtWidgets is imported
only when a tray balloon is really asked about.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot

from closeness_desktop.companion.notifications.message import (
    DEFAULT_ACTION,
    CloseReason,
    Notification,
    NotifierEvents,
    NotifyError,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QSystemTrayIcon


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
        self.shown.emit(notification.tag)

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
            raise NotifyError(f"banner failed: {type(error).__name__}") from error
        self.shown.emit(notification.tag)

    def invoke(self, tag: str, action_id: str) -> None:
        """The user clicked ``action_id`` on the banner of ``tag``."""
        self.action_invoked.emit(tag, action_id)

    def dismiss(self, tag: str) -> None:
        """The user closed the banner of ``tag``."""
        self.closed.emit(tag, int(CloseReason.DISMISSED))
