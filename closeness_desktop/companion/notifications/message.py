"""What a notification is, and what every backend promises the chain.

A backend's :meth:`Notifier.send` returns at once.  It reports the outcome of every send
once, on the event loop or before ``send`` returns: :attr:`NotifierEvents.shown`, or
:attr:`NotifierEvents.failed` (raising :class:`NotifyError` from ``send`` counts as
failed); a send replaced by a newer one with the same tag before its outcome was known
may be reported together with it.  Reasons and logs name the tag and the backend, never
a title or a body: those are a person's words.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field
from typing import Final, Protocol

from PySide6.QtCore import QObject, Signal, SignalInstance

#: The action id the freedesktop spec reserves for "the notification itself was clicked".
DEFAULT_ACTION: Final = "default"

#: How long a D-Bus reply or a helper program may take before its backend counts as failed.
HELPER_TIMEOUT_MS: Final = 5_000


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
    identifies the notification in every signal; sending a new notification with the tag
    of one still on screen replaces it where supported.
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
    """A way to show a :class:`Notification`; see the module docstring for the promise."""

    #: A short name for logs.
    name: str
    #: Whether the backend can show :attr:`Notification.actions` as buttons.
    supports_actions: bool

    @property
    def shown(self) -> SignalInstance:
        """``(tag)``: the notification is on screen."""
        ...

    @property
    def failed(self) -> SignalInstance:
        """``(tag, reason)``: it is not, and will not be; ``reason`` quotes no person's text."""
        ...

    @property
    def action_invoked(self) -> SignalInstance:
        """``(tag, action_id)``: a button, or for :data:`DEFAULT_ACTION` the body, was clicked."""
        ...

    @property
    def closed(self) -> SignalInstance:
        """``(tag, reason)``: the notification went away; ``reason`` is a :class:`CloseReason`."""
        ...

    def available(self) -> bool:
        """Whether the backend is worth trying; cheap, never waits on anything, never raises."""
        ...

    def send(self, notification: Notification) -> None:
        """Start showing ``notification`` and return at once (or raise :class:`NotifyError`)."""
        ...


class NotifierEvents(QObject):
    """The signals of :class:`Notifier`, for backends to inherit."""

    shown = Signal(str)
    failed = Signal(str, str)
    action_invoked = Signal(str, str)
    closed = Signal(str, int)


def escape_markup(text: str) -> str:
    """Escape ``&``, ``<`` and ``>`` for a notification body, which may hold simple markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
